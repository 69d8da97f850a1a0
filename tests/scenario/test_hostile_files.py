"""Bad, odd and hostile scenario files: each one is read, or refused with one located message
(file, line or field, what was wrong, what is expected) and exit code 2 — never a traceback,
never a value silently changed.

Every case here was a traceback, a hang or a silent change before (issue 19); the expected
numbers are the ones written into each file by the test.
"""

from __future__ import annotations

import builtins
import codecs
import json
from pathlib import Path

import pytest
from cli_helpers import cli
from hostile_inputs import BILLION_LAUGHS
from shared_data import needs_shared, shared_path

import accord
from accord.errors import AccordError, ScenarioError

KTAB = shared_path("data", "ktab")
GENIUS = shared_path("data", "genius")
pytestmark = needs_shared("data/ktab/dummyData_3Dim.xml", "data/genius/geniusweb/Party")
SIMPLE = "Actor,Capability,Position,Salience\nA,1,20,0.5\nB,2,80,1\n"


def refused(args, capsys) -> str:
    """Run the CLI; it must exit 2 with one line on stderr and no traceback. That line."""
    code, out, err = cli(args, capsys)
    assert code == 2, (code, out, err)
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    return err.strip()


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    (path.write_bytes if isinstance(data, bytes) else path.write_text)(data)
    return path


# --- what the disk hands over ------------------------------------------------------------------


def test_a_directory_or_an_unreadable_file_is_a_located_message(tmp_path, capsys, monkeypatch):
    empty = tmp_path / "nothing"
    empty.mkdir()
    assert "nothing: cannot tell which scenario format this folder is" in \
        refused(["validate", str(empty)], capsys)
    folder = tmp_path / "talks.yaml"  # named like a scenario, but a folder
    folder.mkdir()
    assert refused(["validate", str(folder)], capsys).endswith(
        "talks.yaml: is a directory; expected a scenario file (a folder only for GENIUS or "
        "GeniusWeb: a domain and one profile per party)")
    locked = write(tmp_path / "locked.yaml", "id: x\n")
    real_open = builtins.open

    def no_permission(file, *args, **kwargs):  # the test runs as root: chmod 000 would not stop it
        if str(file) == str(locked):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", no_permission)
    assert refused(["validate", str(locked)], capsys).endswith(
        "locked.yaml: cannot be read (Permission denied); expected a readable scenario file")


# --- encodings ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name,text", [
    ("simple.csv", "Actor,Capability,Position,Salience\nMünchen,1,20,0.5\nB,2,80,1\n"),
    ("decide.csv", "#A\tmuc\tMünchen\n#A\tb\tB\n#P\tx\tX\n#D\tmuc\tx\t20\t0.5\t1\n"
                   "#D\tb\tx\t80\t1\t2\n"),
])
def test_latin_1_is_refused_with_the_line_and_the_byte(tmp_path, capsys, name, text):
    path = write(tmp_path / name, text.encode("latin-1"))
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "ü" in t)
    assert refused(["validate", str(path)], capsys).endswith(
        f"{name}:{line}: byte 0xfc at column {text.splitlines()[line - 1].index('ü') + 1} is not "
        "UTF-8; "
        "expected UTF-8 text (save the file as UTF-8; latin-1 and Windows-1252 are not guessed)")


def test_latin_1_in_a_geniusweb_profile_is_refused(tmp_path, capsys):
    prof = json.loads((GENIUS / "geniusweb" / "Party" / "party1.json").read_text())
    prof["LinearAdditiveUtilitySpace"]["name"] = "Partei für alle"
    path = write(tmp_path / "p.json", json.dumps(prof, ensure_ascii=False).encode("latin-1"))
    assert "p.json:1: byte 0xfc" in refused(["validate", str(path)], capsys)


def test_utf16_without_a_byte_order_mark_is_refused(tmp_path, capsys):
    path = write(tmp_path / "s.csv", SIMPLE.encode("utf-16-le"))
    assert "s.csv:1: holds NUL bytes: UTF-16 without a byte-order mark, or not text at all" in \
        refused(["validate", str(path)], capsys)


@pytest.mark.parametrize("bom,encoding", [(codecs.BOM_UTF8, "utf-8"),
                                          (codecs.BOM_UTF16_LE, "utf-16-le"),
                                          (codecs.BOM_UTF16_BE, "utf-16-be"),
                                          (codecs.BOM_UTF32_LE, "utf-32-le")])
def test_a_byte_order_mark_is_honoured_in_simple_csv_and_decide(tmp_path, bom, encoding):
    # A BOM is what spreadsheet programs write ("CSV UTF-8", "Unicode text").
    decide = "#A\ta\tA\n#A\tb\tB\n#P\tx\tX\n#D\ta\tx\t20\t0.5\t1\n#D\tb\tx\t80\t1\t2\n"
    for name, text in (("s.csv", SIMPLE), ("d.csv", decide)):
        s = accord.load(write(tmp_path / name, bom + text.encode(encoding)))
        assert [(st.actor, st.position, st.salience) for st in s.stances] == \
            [("A" if name == "s.csv" else "a", 20.0, 0.5), ("B" if name == "s.csv" else "b", 80.0, 1.0)]
        assert [s.capability(a.id) for a in s.actors] == [1.0, 2.0]


def test_utf16_ktab_xml_reads_as_its_utf8_original(tmp_path):
    original = KTAB / "dummyData_3Dim.xml"
    text = original.read_text(encoding="utf-8-sig")
    text = text.replace('encoding="UTF-8"', 'encoding="UTF-16"').replace(
        "encoding='UTF-8'", "encoding='UTF-16'")
    path = write(tmp_path / "utf16.xml", text.encode("utf-16"))
    assert accord.load(path).model_dump(exclude={"id"}) == \
        accord.load(original).model_dump(exclude={"id"})


# --- the simple CSV ---------------------------------------------------------------------------


@pytest.mark.parametrize("scale,message", [
    ("#scale: low high", "s.csv:1: #scale: 'low' is not a number; expected #scale: LOW HIGH "
                         "with two real numbers"),
    ("#scale: nan 100", "s.csv:1: #scale: 'nan' is not finite or beyond ±1e15; expected "
                        "#scale: LOW HIGH with two real numbers"),
    ("#scale: 0 inf", "s.csv:1: #scale: 'inf' is not finite or beyond ±1e15; expected #scale: "
                      "LOW HIGH with two real numbers"),
    ("#scale: 100 0", "s.csv:1: #scale: 100 0: HIGH is not above LOW; expected #scale: LOW "
                      "HIGH with LOW < HIGH"),
    ("#scale: 0 50", "s.csv:4: position: 80 is outside the #scale on line 1; expected a "
                     "position in [0, 50]"),
])
def test_simple_csv_scales_are_checked_where_they_are_written(tmp_path, capsys, scale, message):
    path = write(tmp_path / "s.csv", f"{scale}\n{SIMPLE}")
    assert refused(["validate", str(path)], capsys).endswith(message)


def test_simple_csv_header_without_rows(tmp_path, capsys):
    path = write(tmp_path / "s.csv", "Actor,Capability,Position,Salience\n")
    assert refused(["validate", str(path)], capsys).endswith(
        "s.csv:1: a header and no actor rows; expected one row per actor "
        "(Actor,Capability,Position,Salience)")


@pytest.mark.parametrize("name,text,line", [
    ("s.csv", 'Actor,Capability,Position,Salience\n"{big}",1,2,0.5\n', 2),
    ("d.csv", "#A\ta\tA\n#A\tb\t'{big}'\n#P\tx\tX\n", 2),
    ("k.csv", 'Toy,A toy,2,1,\nActor,Desc,Power,X,X Sal,\nA,"{big}",10,20,50,\nB,Beta,20,80,40,\n',
     3),
])
def test_a_field_over_the_csv_module_limit_is_a_located_message(tmp_path, capsys, name, text,
                                                                line):
    path = write(tmp_path / name, text.replace("{big}", "x" * 200_000))
    msg = refused(["validate", str(path)], capsys)
    assert f"{name}:{line}: " in msg and "field larger than field limit" in msg


# --- KTAB --------------------------------------------------------------------------------------


def test_ktab_csv_with_a_fifth_first_line_field_and_trailing_empty_fields(tmp_path):
    # The shape of KTAB's own examples/smp/doc/dummyData_6Dim.csv: a fifth field "0" and empty
    # fields on the first line, a header without a trailing comma, CRLF line ends.
    text = ("Combined,All six dimensions,2,6,0,,,,,,,,,,\r\n"
            "Actor,Description,Influence," + ",".join(
                f"Dim{k} Position,Dim{k} Salience" for k in range(6)) + "\r\n"
            "AA00,Actor 00,99.98,50,8,62.5,10,62.5,8,100,27.99,75,27.99,80,18\r\n"
            "AA01,Actor 01,79.79,60,16.53,72.5,11.15,72.5,18.59,67.5,16.53,80,16.53,90,20.66\r\n")
    s = accord.load(write(tmp_path / "six.csv", text))
    assert [i.name for i in s.issues] == [f"Dim{k} Position" for k in range(6)]
    assert [s.capability(a) for a in ("AA00", "AA01")] == [99.98, 79.79]
    assert s.stance("AA01", s.issues[3].id).position == 67.5
    assert s.stance("AA00", s.issues[3].id).salience == 27.99 / 100
    assert "KTAB CSV first-line fields KTAB ignores: 0" in s.notes


def test_ktab_xml_entity_bomb_and_external_entities_are_refused(tmp_path, capsys):
    lol = "".join(f'<!ENTITY l{k} "{("&l" + str(k - 1) + ";") * 10 if k else "lol"}">'
                  for k in range(10))
    bomb = write(tmp_path / "bomb.xml", f'<?xml version="1.0"?>\n<!DOCTYPE Scenario [{lol}]>\n'
                 "<Scenario><name>&l9;</name><prngSeed>1</prngSeed></Scenario>\n")
    assert refused(["validate", str(bomb)], capsys).endswith(
        "bomb.xml:2: declares the entity 'l0'; expected a KTAB <Scenario> document without "
        "entity declarations (they can expand without bound)")
    external = write(tmp_path / "ext.xml", '<?xml version="1.0"?>\n<!DOCTYPE Scenario SYSTEM '
                     '"smp.dtd">\n<Scenario><name>&secret;</name><prngSeed>1</prngSeed>'
                     '</Scenario>\n')
    assert refused(["validate", str(external)], capsys).endswith(
        "ext.xml:3: uses the entity 'secret', which is not defined in the file; expected a KTAB "
        "<Scenario> document without entities")


def test_ktab_xml_long_text_reads(tmp_path):
    # 1.6 MB of description in 200,000 pieces (each "&amp;" splits the parser's callbacks): it
    # took two minutes when every piece was appended to a string.
    base = (KTAB / "dummyData_3Dim.xml").read_text(encoding="utf-8-sig")
    desc = "a&amp;b " * 200_000
    path = write(tmp_path / "long.xml", base.replace("<desc>", "<desc>" + desc, 1))
    assert accord.load(path).description.startswith("a&b a&b")
    assert len(accord.load(path).description) >= len("a&b ") * 200_000 - 1


def test_ktab_settings_in_notes_are_checked(capsys):
    s = accord.load(KTAB / "dummyData_3Dim.xml").model_copy(
        update={"notes": "KTAB prngSeed: twelve"})
    from accord.scenario.io.ktab import ktab_settings

    with pytest.raises(ScenarioError, match="notes: 'KTAB prngSeed: twelve': the KTAB seed is "
                                            "not an unsigned 64-bit integer"):
        ktab_settings(s)


# --- GENIUS ------------------------------------------------------------------------------------

DOMAIN = ('<negotiation_template><utility_space><objective index="0" name="r">'
          '<issue index="1" name="colour" type="discrete"><item index="1" value="red"/>'
          '<item index="2" value="blue"/></issue>{extra}</objective></utility_space>'
          '</negotiation_template>')
PROFILE = ('<utility_space><objective index="0" name="r">'
           '<issue index="1" name="colour" type="discrete">'
           '<item index="1" value="red" evaluation="{red}"/>'
           '<item index="2" value="blue" evaluation="8"/></issue>{extra}'
           '<weight index="1" value="{weight}"/>{weight2}</objective>{reservation}</utility_space>')


def genius(tmp_path, *, red="2", weight="1", weight2="", reservation="", extra="",
           profile_extra="") -> Path:
    folder = tmp_path / "g"
    write(folder / "domain.xml", DOMAIN.format(extra=extra))
    write(folder / "party.xml", PROFILE.format(red=red, weight=weight, weight2=weight2,
                                                reservation=reservation, extra=profile_extra))
    return folder


@pytest.mark.parametrize("kw,message", [
    ({"weight": "heavy"}, "party.xml:1: weight[index=1].value: 'heavy' is not a number; "
                          "expected a weight ≥ 0"),
    ({"weight": "-1"}, "party.xml:1: weight[index=1].value: -1 is negative; expected a weight ≥ 0"),
    ({"weight": "0"}, "party.xml:1: weight: every issue weight is 0; expected weights with a "
                      "positive sum"),
    ({"red": "NaN"}, "party.xml:1: issue 'colour'.item 'red'.evaluation: 'NaN' is not finite "
                     "or beyond ±1e15; expected a number ≥ 0 (GENIUS evaluation)"),
    ({"red": "much"}, "party.xml:1: issue 'colour'.item 'red'.evaluation: 'much' is not a "
                      "number; expected a number ≥ 0 (GENIUS evaluation)"),
    ({"reservation": '<reservation value="half"/>'},
     "party.xml:1: reservation.value: 'half' is not a number; expected a utility in [0, 1]"),
    ({"reservation": "<reservation/>"},
     "party.xml:1: reservation.value: missing; expected a utility in [0, 1]"),
    ({"reservation": '<reservation value="1.5"/>'},
     "party.xml:1: reservation.value: 1.5 is outside [0, 1]; expected a utility between 0 and 1"),
])
def test_genius_numbers_are_checked_not_replaced(tmp_path, capsys, kw, message):
    # Before: a NaN evaluation zeroed the issue, a negative weight made the weights uniform,
    # "heavy" and "half" were tracebacks.
    assert refused(["validate", str(genius(tmp_path, **kw))], capsys).endswith(message)


def test_genius_missing_weight_is_a_located_message(tmp_path, capsys):
    extra = ('<issue index="2" name="size" type="discrete"><item index="1" value="s"/>'
             '<item index="2" value="l"/></issue>')
    pextra = ('<issue index="2" name="size" type="discrete"><item index="1" value="s" '
              'evaluation="1"/><item index="2" value="l" evaluation="0"/></issue>')
    assert refused(["validate", str(genius(tmp_path, extra=extra, profile_extra=pextra))],
                   capsys).endswith('party.xml:1: issue \'size\': no <weight index="2">; '
                                    "expected one weight per issue")


def test_genius_integer_issue_of_a_hundred_million_values_is_refused(tmp_path, capsys):
    extra = '<issue index="2" name="n" type="integer" lowerbound="0" upperbound="100000000"/>'
    assert refused(["validate", str(genius(tmp_path, extra=extra))], capsys).endswith(
        "domain.xml:1: issue[1] 'n': the integer range 0–100,000,000 has 100,000,001 values; "
        "expected at most 10,000 (Accord lists every value of every issue)")


def test_genius_real_issue_reads_at_genius_analysis_points(tmp_path):
    # GENIUS IssueReal: 21 discretisation steps; EvaluatorReal triangular(lower 0, upper 1,
    # top 0.5) and linear (parameter1 · x + parameter0, clipped to [0, 1]).
    extra = '<issue index="2" name="q" type="real"><range lowerbound="0" upperbound="1"/></issue>'
    pextra = ('<issue index="2" name="q" type="real"><range lowerbound="0" upperbound="1"/>'
              '<evaluator ftype="triangular" parameter0="0" parameter1="1" parameter2="0.5"/>'
              '</issue>')
    folder = genius(tmp_path, extra=extra, profile_extra=pextra, weight2='<weight index="2" '
                    'value="1"/>')
    s = accord.load(folder)
    q = s.deal_space.issues[1]
    assert [o.position for o in q.options] == [k / 20 for k in range(21)]
    # x = 0.25 → 0.5; x = 0.5 → 1; x = 0.75 → 0.5; x = 1 → 0
    assert [q.options[k].values["party"] for k in (5, 10, 15, 20)] == [0.5, 1.0, 0.5, 0.0]
    assert s.issue("q").kind == "continuous" and (s.issue("q").low, s.issue("q").high) == (0, 1)


def test_genius_files_read_as_genius_reads_them(tmp_path):
    # GENIUS's own parser reads past three slips its public domains have: a declaration after a
    # comment (ANAC 2014), a bare "&" (ANAC 2015 symposium), attributes without a space between
    # them (ANAC 2011 Car). Each has one reading.
    folder = tmp_path / "g"
    write(folder / "domain.xml", '\n<!-- domain -->\n<?xml version="1.0"?>\n' + DOMAIN.format(
        extra='<issue index="2" name="drinks" type="discrete"vtype="discrete">'
              '<item index="1" value="Coffee & Thee"/><item index="2" value="none"/></issue>'))
    write(folder / "party.xml", PROFILE.format(
        red="2", weight="1", weight2='<weight index="2" value="1"/>', reservation="",
        extra='<issue index="2" name="drinks" type="discrete"><item index="1" '
              'value="Coffee & Thee" evaluation="3"/><item index="2" value="none" '
              'evaluation="1"/></issue>'))
    s = accord.load(folder)
    drinks = s.deal_space.issues[1]
    assert [(o.label, o.values["party"]) for o in drinks.options] == \
        [("Coffee & Thee", 1.0), ("none", 1 / 3)]


def test_genius_profiles_named_by_the_domain_are_the_parties(tmp_path):
    folder = genius(tmp_path)
    domain = (folder / "domain.xml").read_text()
    write(folder / "domain.xml", domain.replace(
        "<negotiation_template>", '<negotiation_template><agent name="P" '
        'utility_space="party.xml"/>'))
    write(folder / "blank.xml", PROFILE.format(red="null", weight="1", weight2="",
                                               reservation="", extra="").replace(
        'evaluation="8"', 'evaluation="null"'))
    assert [a.name for a in accord.load(folder).actors] == ["party"]
    (folder / "party.xml").unlink()  # named, not there, no other profile: say so
    (folder / "blank.xml").unlink()
    with pytest.raises(ScenarioError, match=r"domain.xml: names its parties' profiles \(party.xml"
                                            r"\), which are not beside it"):
        accord.load(folder / "domain.xml")


def test_genius_blank_template_and_non_additive_profiles_are_named(tmp_path, capsys):
    folder = genius(tmp_path)
    write(folder / "blank.xml", PROFILE.format(red="null", weight="1", weight2="",
                                               reservation="", extra="").replace(
        'evaluation="8"', 'evaluation="null"'))
    assert "blank.xml:1: issue 'colour': no item has an evaluation (a blank template?)" in \
        refused(["validate", str(folder)], capsys)
    (folder / "blank.xml").write_text('<utility_space type="nonlinear"/>')
    assert "blank.xml:1: a GENIUS profile of type 'nonlinear'" in \
        refused(["validate", str(folder)], capsys)


# --- GeniusWeb ---------------------------------------------------------------------------------


def geniusweb(tmp_path, edit=None, text=None) -> Path:
    prof = json.loads((GENIUS / "geniusweb" / "Party" / "party1.json").read_text())
    if edit:
        edit(prof["LinearAdditiveUtilitySpace"])
    return write(tmp_path / "p.json", text if text is not None else json.dumps(prof))


@pytest.mark.parametrize("edit,message", [
    (lambda p: p.__setitem__("issueWeights", "heavy"),
     "p.json: issueWeights: str 'heavy'; expected an object: issue → weight"),
    (lambda p: p["issueWeights"].__setitem__("Food", "0.1"),
     "p.json: issueWeights.Food: str '0.1'; expected a number"),
    (lambda p: p["issueWeights"].__setitem__("Food", True),
     "p.json: issueWeights.Food: bool True; expected a number"),
    (lambda p: p["issueUtilities"].__setitem__("Food", [0.1, 0.2]),
     "p.json: issueUtilities.Food: list [0.1, 0.2]; expected an object with discreteutils"),
    (lambda p: p["issueUtilities"]["Food"]["discreteutils"]["valueUtilities"].__setitem__(
        "Catering", 1.5), "p.json: issueUtilities.Food.discreteutils.valueUtilities.Catering: "
                          "1.5 is outside [0, 1]; expected a number [0, 1]"),
    (lambda p: p.__setitem__("domain", None), "p.json: domain: missing; expected an object "
                                              "with name and issuesValues"),
    (lambda p: p["domain"]["issuesValues"]["Food"].__setitem__("values", [1, 2]),
     "p.json: domain.issuesValues.Food.values[0]: int 1; expected a string (number issues are "
     "not supported)"),
    (lambda p: p.__setitem__("reservationBid", ["Catering"]),
     "p.json: reservationBid: list ['Catering']; expected a bid"),
    # party1.json's reservation bid without its Music, with a Venue the domain lacks, and with
    # a value Food does not have: 'None is not a value of the issue' / ignored / no expected
    (lambda p: p["reservationBid"]["issuevalues"].pop("Music"),
     "p.json: reservationBid.issuevalues.Music: missing; expected one of 'MP3', 'DJ', 'Band' "
     "(a value for every issue)"),
    (lambda p: p["reservationBid"]["issuevalues"].__setitem__("Venue", "Barn"),
     "p.json: reservationBid.issuevalues.Venue: not an issue of the domain; expected one of "
     "'Food', 'Drinks', 'Location', 'Invitations', 'Music', 'Cleanup'"),
    (lambda p: p["reservationBid"]["issuevalues"].__setitem__("Food", "Pizza"),
     "p.json: reservationBid.issuevalues.Food: 'Pizza' is not a value of the issue; expected "
     "one of 'Chips and Nuts', 'Finger-Food', 'Handmade Food', 'Catering' (a value for every "
     "issue)"),
])
def test_geniusweb_objects_of_the_wrong_type(tmp_path, capsys, edit, message):
    assert message in refused(["validate", str(geniusweb(tmp_path, edit))], capsys)


def test_geniusweb_newer_key_with_an_issue_missing(tmp_path, capsys):
    """party1.json rewritten in the key later GeniusWeb releases write
    (DiscreteValueSetUtilities), with Music's utilities left out: named as missing, as with
    the early key, not a KeyError or a silent 0."""
    def edit(p):
        utils = p["issueUtilities"]
        for issue in list(utils):
            utils[issue] = {"DiscreteValueSetUtilities": utils[issue]["discreteutils"]}
        del utils["Music"]

    assert ("p.json: issueUtilities.Music: missing; expected the issue's value utilities"
            in refused(["validate", str(geniusweb(tmp_path, edit))], capsys))


@pytest.mark.parametrize("text,message", [
    ('{"LinearAdditiveUtilitySpace": {"issueWeights": {"a": NaN}}}',
     "p.json: not valid JSON (NaN is not a JSON number); expected a GeniusWeb profile with "
     "finite numbers"),
    ('{"LinearAdditiveUtilitySpace": ' + "[" * 100_000 + "]" * 100_000 + "}",
     "p.json: nested too deeply to read; expected a GeniusWeb profile"),
    ('{"LinearAdditiveUtilitySpace": {"x": ' + "[" * 100 + "]" * 100 + "}}",
     "p.json: nested more than 64 levels deep"),
])
def test_geniusweb_json_nan_and_depth(tmp_path, capsys, text, message):
    assert message in refused(["validate", str(geniusweb(tmp_path, text=text))], capsys)


# --- YAML --------------------------------------------------------------------------------------



def test_yaml_alias_bomb_is_refused(tmp_path, capsys):
    path = write(tmp_path / "bomb.yaml", BILLION_LAUGHS)
    assert len(BILLION_LAUGHS.encode()) < 800  # 9¹⁰ ≈ 3.5 × 10⁹ values once expanded
    message = refused(["validate", str(path)], capsys)
    assert "bomb.yaml" in message and "1,000,000" in message and "alias" in message


@pytest.mark.parametrize("loader", ["ruamel", "libyaml", "pyyaml"])
def test_the_alias_guard_holds_for_every_yaml_loader(loader):
    # Whichever parser reads the text, aliases come back as shared references; the guard
    # counts what they stand for before anything walks the tree.
    from accord.scenario.io.trees import check_document
    from accord.scenario.io.yaml import read_tree

    if loader == "ruamel":
        with pytest.raises(ScenarioError, match="stands for more than 1,000,000 values"):
            read_tree(BILLION_LAUGHS, "bomb.yaml")
        return
    yaml = pytest.importorskip("yaml")
    cls = yaml.CSafeLoader if loader == "libyaml" else yaml.SafeLoader
    document = yaml.load(BILLION_LAUGHS, Loader=cls)  # fast: nothing expanded yet
    with pytest.raises(ScenarioError, match="stands for more than 1,000,000 values"):
        check_document(document, "bomb.yaml")


def test_yaml_escapes_cannot_smuggle_a_control_character(tmp_path, capsys):
    text = 'id: x\ntitle: "a\\e]8;;https://evil.example\\e\\\\click"\n'
    path = write(tmp_path / "esc.yaml", text)
    assert refused(["validate", str(path)], capsys).endswith(
        "esc.yaml:2: title: holds the control character U+001B; expected plain text (tabs and "
        "line breaks only)")


def test_yaml_nesting_is_bounded(tmp_path, capsys):
    deep = write(tmp_path / "deep.yaml", "id: x\nnotes: " + "[" * 5_000 + "]" * 5_000 + "\n")
    assert "deep.yaml: nested too deeply to read" in refused(["validate", str(deep)], capsys)
    deep = write(tmp_path / "deep.yaml", "id: x\nnotes: " + "[" * 100 + "]" * 100 + "\n")
    assert "deep.yaml: nested more than 64 levels deep" in refused(["validate", str(deep)], capsys)


def test_yaml_aliases_that_do_not_multiply_still_load(tmp_path):
    # Aliases are legitimate YAML: the same evidence list cited twice is fine.
    s = accord.load("ec-emissions-1994")
    from accord.scenario.io.yaml import scenario_to_yaml_text

    text = scenario_to_yaml_text(s).replace("authors:", "authors: &who", 1)
    assert accord.load(write(tmp_path / "ok.yaml", text)) == s


# --- every file reader names its file ----------------------------------------------------------


def test_a_problem_found_after_reading_names_the_file(tmp_path, monkeypatch):
    # A reader that builds a Scenario may meet a problem only pydantic or the cross-reference
    # check finds, without knowing its file: load_scenario_file adds it.
    from accord.scenario import io as scenario_io
    from accord.scenario.model import Actor, Issue, Scenario

    def unlocated(path):
        Scenario(id="x", title="x", actors=[Actor(id="a", name="A")] * 2,
                 issues=[Issue(id="i", name="I")])

    def invalid(path):
        Issue(id="i", name="I", low=1, high=0)

    path = write(tmp_path / "odd.txt", "anything")
    for loader, message in ((unlocated, "odd.txt: actors[1].id: duplicate actor id 'a'"),
                            (invalid, "odd.txt: high (0.0) must be greater than "
                                      "low (1.0)")):
        fmt = scenario_io.Format("odd", (".txt",), lambda p, h: False, loader)
        monkeypatch.setitem(scenario_io._FORMATS, "odd", fmt)
        with pytest.raises(ScenarioError) as exc:
            scenario_io.load_scenario_file(path, format="odd")
        assert message in str(exc.value) and exc.value.file == str(path)


def test_the_library_raises_accord_errors_not_python_ones(tmp_path):
    for text in ("", "\x00", "#scale: 1\n", "Actor,Capability,Position,Salience\nA,x,1,1\n"):
        path = write(tmp_path / "x.csv", text)
        with pytest.raises(AccordError):
            accord.load(path)
