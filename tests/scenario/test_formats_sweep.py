"""The formats users already have, as a user brings them (the December 2026 formats sweep).

Every real example file of the shared data loads with the numbers its file says (each checked
below was read off the file by hand: the line is quoted beside it), and ``accord forecast``
runs on each format that carries stances. Then malformed variants of those files that were
accepted without a word, or refused with "cannot tell which scenario format this file is",
each with the located message it gets now.
"""

from __future__ import annotations

import json
import shutil

import pytest

import accord
from accord.errors import AccordError
from accord.scenario.io.geniusweb import read_geniusweb
from cli_helpers import cli
from shared_data import needs_shared, shared_path

DATA = shared_path("data")
pytestmark = needs_shared("data/ktab", "data/decide", "data/eum", "data/genius", "data/deu3")


# --- the real files, with numbers read off them ---------------------------------------------------

def test_ktab_xml_actor_as_the_file_writes_it():
    # dummyData_3Dim.xml lines 13-25: SActor-00, capability 102.543, dCoord 75.79 6.37 70.45,
    # dSal 49.53 5.91 28.15 (KTAB's saliences are percentages: Accord's 0.4953 …)
    s = accord.load(DATA / "ktab" / "dummyData_3Dim.xml")
    assert len(s.actors) == 7 and len(s.issues) == 3
    a = s.actors[0]
    assert a.name == "SActor-00" and s.capability(a.id) == pytest.approx(102.543)
    stances = [s.stance(a.id, i.id) for i in s.issues]
    assert [st.position for st in stances] == pytest.approx([75.79, 6.37, 70.45])
    assert [st.salience for st in stances] == pytest.approx([0.4953, 0.0591, 0.2815])


def test_ktab_csv_of_eighty_actors():
    # dummyData-a080.csv line 3: "Act-1001,  Desc-1001,  1.73,  63.03,  43.31"
    s = accord.load(DATA / "ktab" / "dummyData-a080.csv")
    assert len(s.actors) == 80 and len(s.issues) == 1
    st = s.stance("Act-1001", s.issues[0].id)
    assert s.capability("Act-1001") == 1.73
    assert (st.position, st.salience) == (63.03, pytest.approx(0.4331))


def test_decide_cop21_stance():
    # cop21.csv line 55: '#D' 'African_grp' 'differentiation' 70.0 0.75 0.25
    s = accord.load(DATA / "decide" / "cop21.csv")
    assert (len(s.actors), len(s.issues)) == (15, 13)
    st = s.stance("African_grp", "differentiation")
    assert (st.position, st.salience) == (70.0, 0.75)
    assert s.capability("African_grp") == 0.25


def test_simple_csv_ec_1994():
    # EC_emissions_BDM1994.csv line 2: Netherlands,0.08,4,0.8; positions run 4 to 10
    s = accord.load(DATA / "eum" / "EC_emissions_BDM1994.csv")
    st = s.stance("Netherlands", "issue")
    assert (st.position, st.salience, s.capability("Netherlands")) == (4.0, 0.8, 0.08)
    assert (s.issues[0].low, s.issues[0].high) == (4.0, 10.0)


def test_geniusweb_profile_weights_and_reservation():
    # party2.json: issueWeights Food 0.095 … Cleanup 0.246; Food's four values 0.24 … 0.97
    name, issues, profiles = read_geniusweb(DATA / "genius" / "geniusweb" / "Party")
    assert name == "party" and [i[0] for i in issues][:2] == ["Food", "Drinks"]
    party2 = next(p for p in profiles if p[0] == "party2")
    assert list(party2[2]) == [0.095, 0.228, 0.109, 0.214, 0.108, 0.246]
    assert party2[4]["Food"] == "Finger-Food"


def test_deu_proposal_with_its_status_quo():
    # deu3_train.tsv line 3 (d00032i1): pcom 100, pep 100, pat 40, pbe 40; rp 0
    s = accord.load(str(DATA / "deu3" / "deu3_train.tsv") + "#d00032")
    st = {x.actor: x.position for x in s.stances if x.issue == "d00032i1"}
    assert (st["com"], st["ep"], st["at"], st["be"]) == (100.0, 100.0, 40.0, 40.0)
    assert s.issue("d00032i1").status_quo.value == 0.0


@pytest.mark.parametrize("ref", [
    "ktab/SOE-Competitive.csv", "ktab/dummyData_3Dim.xml", "decide/sample_data.txt",
    "eum/EC_emissions_BDM1994.csv", "deu3/deu3_train.tsv#d00032",
])
def test_forecast_runs_on_every_stance_format(ref, capsys):
    code, out, err = cli(["forecast", str(DATA / ref), "-m", "compromise", "-f", "json"], capsys)
    assert code == 0, err
    scenario = accord.load(str(DATA / ref))
    values = {f["issue"]: f["value"] for f in json.loads(out)["forecasts"]}
    issues = [i for i in scenario.issues if any(st.issue == i.id for st in scenario.stances)]
    assert sorted(values) == sorted(i.id for i in issues)
    for i in issues:  # a weighted mean lies within the positions taken
        taken = [st.position for st in scenario.stances if st.issue == i.id]
        assert min(taken) - 1e-9 <= values[i.id] <= max(taken) + 1e-9
    if ref.startswith("eum/"):
        # Σ c·s·x / Σ c·s over the file's ten rows: 5.003 / 0.677
        assert values["issue"] == pytest.approx(5.003 / 0.677, rel=1e-12)


@pytest.mark.parametrize("folder", ["genius/anac2010/ItexvsCypress", "genius/geniusweb/Party"])
def test_deal_spaces_refuse_forecast_and_run_deals(folder, capsys):
    code, _, err = cli(["forecast", str(DATA / folder)], capsys)
    assert code == 2 and "no forecast: the scenario has no stances" in err
    assert "`accord deals` analyses a deal space" in err
    code, out, _ = cli(["deals", str(DATA / folder)], capsys)
    assert code == 0 and "Zone of agreement" in out


# --- malformed variants ---------------------------------------------------------------------------

def error_of(path, capsys) -> str:
    code, out, err = cli(["show", str(path)], capsys)
    assert code == 2, out
    assert "Traceback" not in err and err.count("\n") == 1
    return err.strip()


def test_ktab_csv_dimension_count_not_matching_the_header(tmp_path, capsys):
    # "…, 13, 2," said 3 dimensions: was "cannot tell which scenario format this file is"
    text = (DATA / "ktab" / "SOE-Pol-Comp.csv").read_text().replace(" 13, 2,", " 13, 3,", 1)
    (tmp_path / "k.csv").write_text(text)
    assert error_of(tmp_path / "k.csv", capsys) == (
        f"error: {tmp_path / 'k.csv'}:2: 7 header fields; expected 9 (Actor, Description, "
        "Capability, then position and salience for each of 3 dimensions)")


def test_ktab_csv_actor_count_says_what_is_expected(tmp_path, capsys):
    text = (DATA / "ktab" / "SOE-Pol-Comp.csv").read_text().replace(" 13, 2,", " 14, 2,", 1)
    (tmp_path / "k.csv").write_text(text)
    assert error_of(tmp_path / "k.csv", capsys).endswith(
        ":15: 13 actor rows; the first line says 14: expected 14 actor rows (or the first "
        "line's count corrected to 13)")


@pytest.mark.parametrize("header, shown", [
    ("Actor,Capability,Position", "Actor,Capability,Position"),               # a column missing
    ("Actor,Position,Salience,Capability", "Actor,Position,Salience,Capability"),  # reordered
])
def test_simple_csv_header_wrong_is_named_not_undetected(tmp_path, capsys, header, shown):
    text = (DATA / "eum" / "EC_emissions_BDM1994.csv").read_text()
    (tmp_path / "s.csv").write_text(text.replace("Actor,Capability,Position,Salience", header))
    assert error_of(tmp_path / "s.csv", capsys) == (
        f"error: {tmp_path / 's.csv'}:1: header is {shown!r}; expected "
        "Actor,Capability,Position,Salience")


@pytest.mark.parametrize("row, message", [
    # the empty name became an actor "actor"; the fifth value was dropped
    (",0.08,4,0.8", "2: actor: the actor's name is empty; expected a name in the first column"),
    ("Netherlands,0.08,4,0.8,9", "2: 5 columns; expected 4, as the header on line 1 has"),
])
def test_simple_csv_rows_that_were_read_silently(tmp_path, capsys, row, message):
    text = (DATA / "eum" / "EC_emissions_BDM1994.csv").read_text()
    (tmp_path / "s.csv").write_text(text.replace("Netherlands,0.08,4,0.8", row))
    assert error_of(tmp_path / "s.csv", capsys) == f"error: {tmp_path / 's.csv'}:{message}"


def test_simple_csv_trailing_empty_cells_still_read(tmp_path):
    text = (DATA / "eum" / "EC_emissions_BDM1994.csv").read_text()
    (tmp_path / "s.csv").write_text(text.replace("Netherlands,0.08,4,0.8", "Netherlands,0.08,4,0.8,,"))
    assert accord.load(tmp_path / "s.csv").stance("Netherlands", "issue").salience == 0.8


def test_decide_one_salience_on_the_other_scale_is_refused(tmp_path, capsys):
    # sample_data.txt line 30: 'tol-hoogte' 3.0 0.7 — typed 1.7, it read the whole file as
    # 0–100 and divided every salience by 100 (Willems's 0.95 on line 29 became 0.0095)
    text = (DATA / "decide" / "sample_data.txt").read_text()
    bad = text.replace("'tol-hoogte'\t3.0\t0.7\t1.0", "'tol-hoogte'\t3.0\t1.7\t1.0", 1)
    (tmp_path / "d.txt").write_text(bad)
    assert error_of(tmp_path / "d.txt", capsys) == (
        f"error: {tmp_path / 'd.txt'}:30: salience: 1.7 is above 1 while line 29 has 0.95: the "
        "file mixes the 0–1 and 0–100 scales; expected every salience in [0, 1], or every one "
        "on 0–100 (one salience above 1 reads the whole file as 0–100)")
    # A file on 0–100 throughout still reads, divided by 100 (0.95 → 95 → 0.95).
    lines = []
    for line in text.splitlines():
        cells = line.split("\t")
        if cells[0] == "'#D'":
            cells[4] = f"{float(cells[4]) * 100:g}"
        lines.append("\t".join(cells))
    (tmp_path / "p.txt").write_text("\n".join(lines) + "\n")
    s = accord.load(tmp_path / "p.txt")
    assert s.stance("Willems", "tolheffing-binnenstad").salience == pytest.approx(0.95)


def test_decide_empty_key_is_named_on_its_line(tmp_path):
    text = (DATA / "decide" / "sample_data.txt").read_text()
    (tmp_path / "d.txt").write_text(text.replace("'#A'\t'Willems'\t", "'#A'\t''\t", 1))
    with pytest.raises(AccordError) as exc:
        accord.load(tmp_path / "d.txt")
    assert str(exc.value).startswith(f"{tmp_path / 'd.txt'}:1: actor: the actor's key is empty;"
                                     " expected #A key name [comment]")


def test_deu_missing_column_is_named_not_undetected(tmp_path, capsys):
    lines = (DATA / "deu3" / "deu3_train.tsv").read_text().splitlines()[:3]
    cells = [line.split("\t") for line in lines]
    k = cells[0].index('"out"')
    (tmp_path / "deu.tsv").write_text("\n".join("\t".join(c[:k] + c[k + 1:]) for c in cells))
    assert error_of(tmp_path / "deu.tsv", capsys) == (
        f"error: {tmp_path / 'deu.tsv'}:1: header: no column out; expected the DEU columns prnr,"
        " isnr, proc, counvte, intro, p<actor>, s<actor>, rp, out")


@pytest.mark.parametrize("folder, name, message", [
    ("genius/anac2010/ItexvsCypress", "ItexvsCypress_Itex.xml",
     "1: holds no XML element (an empty file); expected a GENIUS profile (<utility_space>) or "
     "domain (<negotiation_template>) — or no such file in the folder"),
    ("genius/geniusweb/Party", "party1.json",
     "1: is empty; expected a GeniusWeb profile (LinearAdditiveUtilitySpace) or domain — or no "
     "such file in the folder"),
])
def test_an_empty_profile_no_longer_drops_its_party(tmp_path, capsys, folder, name, message):
    # the folder read as a negotiation of the other party alone
    copy = tmp_path / "f"
    shutil.copytree(DATA / folder, copy)
    (copy / name).write_text("")
    code, _, err = cli(["deals", str(copy)], capsys)
    assert code == 2 and err.strip() == f"error: {copy / name}:{message}"


# --- GeniusWeb's later key for discrete utilities ----------------------------------------------

#: A profile written as GeniusWeb's later releases and its Python port (``geniusweb``, ANL
#: 2022's domains) write them: ``DiscreteValueSetUtilities`` where the shared files have
#: ``discreteutils``, and ``"reservationBid": null``. (Its numbers are made up here; a real
#: one, the "jobs" profile of the Python port's tests, read the same way but is not copied.)
TERMS = {"LinearAdditiveUtilitySpace": {
    "issueUtilities": {
        "term": {"DiscreteValueSetUtilities": {"valueUtilities": {"short": 0, "long": 1}}},
        "price": {"DiscreteValueSetUtilities": {"valueUtilities": {"low": 1, "mid": 0.4,
                                                                   "high": 0}}},
        "delivery": {"DiscreteValueSetUtilities": {"valueUtilities": {"fast": 0.75,
                                                                      "slow": 0.25}}}},
    "issueWeights": {"term": 0.5, "price": 0.3, "delivery": 0.2},
    "domain": {"name": "terms", "issuesValues": {
        "term": {"values": ["short", "long"]}, "price": {"values": ["low", "mid", "high"]},
        "delivery": {"values": ["fast", "slow"]}}},
    "name": "buyer", "reservationBid": None}}


def test_geniusweb_discrete_value_set_utilities_read(tmp_path, capsys):
    """Was "DiscreteValueSetUtilities is not supported; expected discreteutils". By hand, the
    bid (long, mid, fast) is worth 0.5·1 + 0.3·0.4 + 0.2·0.75 = 0.77 (U = Σ w_i u_i, the
    weights summing to 1 as written)."""
    from accord.deals.space import OutcomeSpace

    (tmp_path / "buyer.json").write_text(json.dumps(TERMS))
    space = OutcomeSpace.from_scenario(accord.load(tmp_path))
    bid = {"term": "long", "price": "mid", "delivery": "fast"}
    k = space.outcome_index([labels.index(bid[name]) for name, labels
                             in zip(space.issue_names, space.option_labels)])
    assert float(space.utilities([k])[0, 0]) == pytest.approx(0.77, abs=1e-12)
    code, out, _ = cli(["deals", str(tmp_path)], capsys)
    assert code == 0 and "12 possible deals over 3 issues" in out


def test_geniusweb_number_issue_is_named_as_such(tmp_path, capsys):
    doc = json.loads(json.dumps(TERMS))
    doc["LinearAdditiveUtilitySpace"]["issueUtilities"]["price"] = {"NumberValueSetUtilities": {
        "lowValue": 2000, "lowUtility": 0, "highValue": 4000, "highUtility": 1}}
    (tmp_path / "buyer.json").write_text(json.dumps(doc))
    code, _, err = cli(["deals", str(tmp_path)], capsys)
    assert code == 2 and err.strip() == (
        f"error: {tmp_path / 'buyer.json'}: issueUtilities.price: NumberValueSetUtilities is not "
        "supported (number issues are not supported); expected discreteutils or "
        "DiscreteValueSetUtilities")


def test_genius_profile_value_unknown_to_the_domain_is_named(tmp_path, capsys):
    # ItexvsCypress_Itex.xml line 5: <item index="1" value="$4.37" … evaluation="30">, typed
    # "$9.99": the message named only the missing '$4.37', at the <issue> on line 4
    copy = tmp_path / "itex"
    shutil.copytree(DATA / "genius" / "anac2010" / "ItexvsCypress", copy)
    profile = copy / "ItexvsCypress_Itex.xml"
    profile.write_text(profile.read_text().replace('value="$4.37"', 'value="$9.99"', 1))
    code, _, err = cli(["deals", str(copy)], capsys)
    assert code == 2 and err.strip() == (
        f"error: {profile}:4: issue 'Price': no evaluation for '$4.37'; the profile's item "
        "'$9.99' on line 5 is no value of the domain's issue; expected an <item value "
        "evaluation> for every value of the domain's issue")


@pytest.mark.parametrize("name, text, message", [
    # pydantic's words, without a line or what is expected:
    # "actors: List should have at least 1 item after validation, not 0"
    ("x.xml", "<Scenario><name>T</name><desc>D</desc><prngSeed>1</prngSeed><Dimensions><dName>A"
     "</dName></Dimensions>\n<Actors>\n</Actors></Scenario>\n",
     "2: Actors: no <Actor>; expected one <Actor> per actor"),
    ("d.txt", "#A\ta\tA\n#A\tb\tB\n",
     "1: no #P lines; expected a decide input file with #A, #P, #M and #D lines"),
    ("y.yaml", "id: x\ntitle: T\nactors: []\nissues: []\n",
     "3: actors: 0 entries; expected at least 1 entry"),
    # no #A line: was "cannot tell which scenario format this file is"
    ("n.txt", "#P\tp\tP\n#D\ta\tp\t1\t0.5\t1\n",
     "2: actor: unknown actor 'a'; expected an actor defined by #A"),
])
def test_empty_lists_are_located_with_what_is_expected(tmp_path, capsys, name, text, message):
    (tmp_path / name).write_text(text)
    assert error_of(tmp_path / name, capsys) == f"error: {tmp_path / name}:{message}"


def test_deu_duplicate_column_is_refused(tmp_path, capsys):
    # deu3_train.tsv line 3 has pde = 0 (Germany, d00032i1); a second "pde" column with 77
    # silently won: the median forecast moved to 77
    lines = (DATA / "deu3" / "deu3_train.tsv").read_text().splitlines()[:3]
    header, sub, row = (line.split("\t") for line in lines)
    pde = header.index('"pde"')
    assert row[pde] == "0"
    text = "\n".join(["\t".join(header + ['"pde"']), "\t".join(sub + [""]),
                      "\t".join(row + ["77"])])
    (tmp_path / "deu.tsv").write_text(text + "\n")
    code, _, err = cli(["forecast", f"{tmp_path / 'deu.tsv'}#d00032"], capsys)
    assert code == 2 and err.strip() == (
        f"error: {tmp_path / 'deu.tsv'}:1: header: column pde appears twice (columns "
        f"{pde + 1} and {len(header) + 1}); expected each "
        "DEU column once")


@pytest.mark.parametrize("edit, message", [
    # GeniusWeb's LinearAdditiveUtilitySpace refuses all three (the issues of the utilities and
    # of the weights must be the domain's; "The sum of the weights … must be 1"); Accord read
    # them, ignoring the stray entry or taking weights that sum to 1.7
    (lambda u: u["issueUtilities"].__setitem__("Fod", {"discreteutils": {"valueUtilities": {
        "x": 1}}}), "issueUtilities.Fod: not an issue of the domain; expected one of 'Food', "
                    "'Drinks', 'Location', 'Invitations', 'Music', 'Cleanup'"),
    (lambda u: u["issueWeights"].__setitem__("Fod", 0.5),
     "issueWeights.Fod: not an issue of the domain; expected one of 'Food', "),
    # party1.json: Food 0.19 + Drinks 0.28 + Location 0.19 + Invitations 0.05 + Music 0.19 +
    # Cleanup 0.10 = 1; with Food 0.89 they sum to 1.7
    (lambda u: u["issueWeights"].__setitem__("Food", 0.89),
     "issueWeights: the weights sum to 1.7; expected weights that sum to 1, as GeniusWeb "
     "requires"),
])
def test_geniusweb_profile_geniusweb_itself_refuses(tmp_path, capsys, edit, message):
    copy = tmp_path / "party"
    shutil.copytree(DATA / "genius" / "geniusweb" / "Party", copy)
    doc = json.loads((copy / "party1.json").read_text())
    edit(doc["LinearAdditiveUtilitySpace"])
    (copy / "party1.json").write_text(json.dumps(doc))
    code, _, err = cli(["deals", str(copy)], capsys)
    assert code == 2 and err.strip().startswith(f"error: {copy / 'party1.json'}: {message}")


@pytest.mark.parametrize("old, new, message", [
    # ItexvsCypress_domain.xml line 7: <item index="2" value="$4.12" …>, typed "$4.37" again:
    # read as two options of one name
    ('value="$4.12"', 'value="$4.37"', "7: issue[0] 'Price'.item: the value '$4.37' appears "
                                       "twice; expected distinct values"),
    # line 16: <issue … name="Delivery" …> named "Price" too: the profiles' Price evaluations
    # were matched to it, and the message blamed the profile
    ('name="Delivery"', 'name="Price"', "16: issue[1] 'Price': the issue name 'Price' appears "
                                        "twice (first on line 4); expected distinct issue "
                                        "names"),
])
def test_genius_domain_names_twice(tmp_path, capsys, old, new, message):
    copy = tmp_path / "itex"
    shutil.copytree(DATA / "genius" / "anac2010" / "ItexvsCypress", copy)
    domain = copy / "ItexvsCypress_domain.xml"
    domain.write_text(domain.read_text().replace(old, new, 1))
    code, _, err = cli(["deals", str(copy)], capsys)
    assert code == 2 and err.strip() == f"error: {domain}:{message}"


def test_simple_csv_from_a_semicolon_locale(tmp_path, capsys):
    # What a spreadsheet in a German locale saves as CSV: ";" between fields, decimal commas.
    # Was "cannot tell which scenario format this file is".
    (tmp_path / "s.csv").write_text("Actor;Capability;Position;Salience\nA;1;20;0,5\n"
                                    "B;2;80;0,7\n")
    s = accord.load(tmp_path / "s.csv")
    assert (s.stance("A", "issue").salience, s.stance("B", "issue").salience) == (0.5, 0.7)
    code, out, _ = cli(["forecast", str(tmp_path / "s.csv"), "-m", "compromise", "-f", "json"],
                       capsys)
    # (1·0.5·20 + 2·0.7·80) / (1·0.5 + 2·0.7) = 122 / 1.9
    assert code == 0 and json.loads(out)["forecasts"][0]["value"] == pytest.approx(122 / 1.9)


def test_a_semicolon_csv_reads_its_scale_and_names_with_commas(tmp_path, capsys):
    # "#scale: 0,5 100" in a ";" file was "'0,5' is not a number" while the rows' 0,5 was read;
    # a quoted name holding a comma stays one name. Compromise with the stated scale:
    # (1·0.5·20 + 2·1·80) / (1·0.5 + 2·1) = 170 / 2.5 = 68.
    (tmp_path / "s.csv").write_text('#scale: 0,5 100\nActor;Capability;Position;Salience\n'
                                    '"Bosnia, Herzegovina";1;20;0,5\nSerbia;2;80;1\n')
    s = accord.load(tmp_path / "s.csv")
    assert (s.issues[0].low, s.issues[0].high) == (0.5, 100.0)
    assert [a.name for a in s.actors] == ["Bosnia, Herzegovina", "Serbia"]
    code, out, _ = cli(["forecast", str(tmp_path / "s.csv"), "-m", "compromise", "-f", "json"],
                       capsys)
    assert code == 0 and json.loads(out)["forecasts"][0]["value"] == pytest.approx(68.0)
    # a decimal comma in a "," file's #scale is still refused at its line
    (tmp_path / "c.csv").write_text("#scale: 0,5 100\nActor,Capability,Position,Salience\n"
                                    "A,1,20,0.5\nB,2,80,1\n")
    assert error_of(tmp_path / "c.csv", capsys) == (
        f"error: {tmp_path / 'c.csv'}:1: #scale: '0,5' is not a number; expected #scale: LOW "
        "HIGH with two real numbers")


@pytest.mark.parametrize("name, text, message", [
    ("s.csv", 'Actor,Capability,Position,Salience\nA,1,"20,5",0.5\nB,2,80,0.7\n',
     "2: position: '20,5' is not a number; expected a real number with a decimal point "
     "(20.5, not 20,5)"),
    ("d.csv", "#A;a;A\n#P;x;X\n#D;a;x;20;0,5;1\n",
     "3: salience: '0,5' is not a number; expected a real number with a decimal point "
     "(0.5, not 0,5)"),
])
def test_a_decimal_comma_where_a_point_is_expected_is_named(tmp_path, capsys, name, text,
                                                            message):
    (tmp_path / name).write_text(text)
    assert error_of(tmp_path / name, capsys) == f"error: {tmp_path / name}:{message}"


def test_decide_issue_without_a_stance_is_named_at_its_p_line(tmp_path, capsys):
    # sample_data.txt line 14: '#P' 'tol-hoogte' …; without its #D lines the model said
    # "issues[1]: nobody has a stance on issue 'tol-hoogte'", without a line
    text = "\n".join(line for line in (DATA / "decide" / "sample_data.txt").read_text()
                     .splitlines() if not line.startswith("'#D'\t") or "'tol-hoogte'" not in line)
    (tmp_path / "d.txt").write_text(text + "\n")
    assert error_of(tmp_path / "d.txt", capsys) == (
        f"error: {tmp_path / 'd.txt'}:14: issue: nobody has a stance on issue 'tol-hoogte'; "
        "expected at least one #D line for it (or no #P line)")
