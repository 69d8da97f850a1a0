"""The DEU reader: both layouts, the copy's defects, located errors, scenarios and capabilities.

Expected values are read off the constructed rows below or the training file itself (line and
cell quoted in each test), and capabilities are the treaties' weights divided by hand.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

import accord
from accord.errors import AccordError, ScenarioError
from accord.scenario.io import detect_format
from accord.scenario.io.deu import ACTOR_CODES, DeuConvention, read_deu
from deu_helpers import ORIGINAL_COLUMNS, deu_row, write_deu

ROW1 = deu_row(prnr="d05001", prname="toy act", isnr="d05001i1", type="Dir", council="Env",
               proc="COD", counvte="QMV", intro="12-07-05", finact="20-12-06",
               pcom="100", scom="80", pep="80", sep="70", pde="0", sde="60", pfr="50", sfr="50",
               ppl="20,5", spl="40", pmt="30", rp="0", out="60")
ROW2 = deu_row(prnr="d05001", prname="toy act", isnr="d05001i2", proc="COD", counvte="Unan",
               intro="12-07-05", pcom="0", scom="50", pde="100", sde="90", pit="100", sit="10",
               out="999")
ROW3 = deu_row(prnr="d99002", prname="other act", isnr="d99002i1", proc="CNS", counvte="Unan",
               intro="14-12-1999", pcom="10", scom="50", pep="90", sep="50", puk="0", suk="100",
               pse="100", sse="20", rp="10", out="10")


@pytest.fixture
def original(tmp_path):
    return write_deu(tmp_path / "Dataset_DEU_III.csv", [ROW1, ROW2, ROW3])


def test_original_layout_values(original):
    data = read_deu(original)
    assert data.layout == "original"
    assert [r.issue for r in data.rows] == ["d05001i1", "d05001i2", "d99002i1"]
    r1, r2, r3 = data.rows
    k = ACTOR_CODES.index
    assert r1.position[k("pl")] == 20.5                 # decimal comma in a semicolon file
    assert np.isnan(r1.salience[k("mt")]) and not r1.has_stance[k("mt")]  # position, no salience
    assert int(r1.has_stance.sum()) == 5 and r1.scoreable
    assert (r1.introduced, r1.final_act) == (dt.date(2005, 7, 12), dt.date(2006, 12, 20))
    assert r1.reference_point == 0.0 and r1.outcome == 60.0
    assert r2.outcome is None and not r2.scoreable       # 999 is missing
    assert r2.reference_point is None and r2.voting_rule == "unanimity"
    assert r3.introduced == dt.date(1999, 12, 14) and r3.procedure == "CNS"
    assert any("out 1" in n for n in data.notes)


def test_format_is_detected_and_files_select_a_part(original):
    assert detect_format(original).name == "deu"
    with pytest.raises(AccordError, match="2 proposals in this DEU file; pick one"):
        accord.load(original)
    s = accord.load(f"{original}#d05001")
    assert [i.id for i in s.issues] == ["d05001i1", "d05001i2"]
    one = accord.load(f"{original}#d05001i2")
    assert [i.id for i in one.issues] == ["d05001i2"]
    with pytest.raises(AccordError, match="no proposal or issue 'nope'"):
        accord.load(f"{original}#nope")


def test_scenario_capabilities_follow_the_treaty_at_introduction(original):
    data = read_deu(original)
    nice = data.scenario("d05001")          # introduced 12 July 2005: Nice, EU-25, 321 votes
    assert nice.date == dt.date(2005, 7, 12)
    assert nice.capability("de") == pytest.approx(29 / 321)
    assert nice.capability("pl") == pytest.approx(27 / 321)
    assert "mt" not in {a.id for a in nice.actors}           # a position but no salience
    assert nice.capability("com") == pytest.approx(29 / 321)  # 1 × the largest member's share
    assert nice.capability("ep") == pytest.approx(29 / 321)   # co-decision: 1 × largest
    assert nice.stance("pl", "d05001i1").salience == pytest.approx(0.40)
    assert nice.stance("mt", "d05001i1") is None
    i1, i2 = nice.issue("d05001i1"), nice.issue("d05001i2")
    assert i1.status_quo.value == 0.0 and i2.status_quo is None      # rp 0; rp blank
    rule = i1.decision_rule
    # Nice EU-25: 232 of 321 votes and 13 of 25 members. Present with a position: DE 29,
    # FR 29, PL 27 (85 votes); the 22 absent members (236 votes) are taken to accept, so the
    # present must bring 232 − 236 < 0 of their 85: any support does (the schema's floor).
    assert (rule.kind, rule.members, rule.veto_players, rule.agenda_setter) == (
        "qualified_majority", ["fr", "de", "pl"], ["ep"], "com")
    assert rule.weights == {"fr": 29.0, "de": 29.0, "pl": 27.0}
    assert rule.threshold == pytest.approx(1e-9) and rule.min_members is None
    assert "must approve (co-decision)" in rule.description
    assert i2.decision_rule.kind == "unanimity"
    assert i2.decision_rule.veto_players == ["de", "it"]        # members with a position; no EP
    pre = data.scenario("d99002")           # 14 December 1999: pre-Nice, EU-15, 87 votes
    assert pre.capability("uk") == pytest.approx(10 / 87)
    assert pre.capability("se") == pytest.approx(4 / 87)
    assert pre.capability("ep") == 0.0                       # consultation: no veto, no weight
    assert pre.issue("d99002i1").decision_rule.veto_players == ["se", "uk"]   # no EP under CNS
    assert [a.id for a in pre.actors] == ["com", "ep", "se", "uk"]   # those with a position
    quote = pre.evidence[0].quote          # the row as known at introduction: no out, no finact
    assert quote.startswith("prnr=d99002; prname=other act; isnr=d99002i1; proc=CNS;")
    assert "rp=10" in quote and "out=" not in quote and "finact" not in quote
    weighted = data.scenario("d99002", DeuConvention(commission=2.0, parliament_consultation=0.5))
    assert weighted.capability("com") == pytest.approx(20 / 87)
    assert weighted.capability("ep") == pytest.approx(5 / 87)


def test_copy_layout_skips_the_gdp_row_and_decodes_spreadsheet_dates(tmp_path):
    gdp = "\t".join([""] * 13 + ["4.1"] * 30 + [""] * 32)
    row = deu_row(prnr="d04167", prname="x", isnr="d04167i1", proc="COD", counvte="QMV",
                  intro="2014-07-04", finact="1931-07-06", pcom="0", scom="10", pde="100",
                  sde="10", pcz="50", scz="10", out="50")
    path = write_deu(tmp_path / "deu3.csv", [row], delimiter="\t", extra_lines=[gdp])
    data = read_deu(path)
    assert data.layout == "copy" and len(data.rows) == 1
    assert data.rows[0].introduced == dt.date(2004, 7, 14)     # 14-07-04 read as 2014-07-04
    assert data.rows[0].final_act == dt.date(2006, 7, 31)      # 31-07-06 read as 1931-07-06
    assert any("line 2 skipped" in n for n in data.notes)
    s = data.scenario("d04167")             # 14 July 2004: the accession's pre-Nice EU-25 scale
    assert s.capability("cz") == pytest.approx(5 / 124)
    # In the original layout an ISO date is an ISO date.
    iso = write_deu(tmp_path / "iso.csv", [row], delimiter=";")
    assert read_deu(iso).rows[0].introduced == dt.date(2014, 7, 4)


@pytest.mark.parametrize("change, line, field, message", [
    ({"pde": "abc"}, 2, "pde", "'abc' is not a number"),
    ({"intro": "31-02-05"}, 2, "intro", "'31-02-05' is not a date"),
    ({"intro": ""}, 2, "intro", "missing"),
    ({"proc": "XYZ"}, 2, "proc", r"expected COD \(co-decision\) or CNS"),
    ({"counvte": "maybe"}, 2, "counvte", "expected QMV or Unan"),
    ({"isnr": ""}, 2, "isnr", "empty"),
])
def test_malformed_cells_name_line_and_column(tmp_path, change, line, field, message):
    bad = list(ROW1)
    for name, value in change.items():
        bad[ORIGINAL_COLUMNS.index(name)] = value
    path = write_deu(tmp_path / "bad.csv", [bad, ROW3])
    with pytest.raises(ScenarioError, match=message) as err:
        read_deu(path)
    assert (err.value.line, err.value.field, err.value.file) == (line, field, str(path))


def test_structural_errors_are_located(tmp_path):
    path = write_deu(tmp_path / "dup.csv", [ROW1, ROW3, ROW1])
    with pytest.raises(ScenarioError, match="duplicate issue 'd05001i1' .first on line 2.") as err:
        read_deu(path)
    assert err.value.line == 4
    short = tmp_path / "short.csv"
    short.write_text(";".join(ORIGINAL_COLUMNS) + "\n" + ";".join(ROW1[:10]) + "\n")
    with pytest.raises(ScenarioError, match="10 columns; expected 75") as err:
        read_deu(short)
    assert err.value.line == 2
    nocol = tmp_path / "nocol.csv"
    nocol.write_text(";".join(c for c in ORIGINAL_COLUMNS if c != "out") + "\n")
    with pytest.raises(ScenarioError, match="no column out") as err:
        read_deu(nocol)
    assert (err.value.line, err.value.field) == (1, "header")


def test_a_file_over_the_size_limit_gets_the_shared_message(tmp_path):
    """The DEU reader reads through the shared, size-limited reader (scenario/io/files.py), as
    every other format does: a file one byte over MAX_INPUT_BYTES (64 MiB) is refused with the
    same message, a folder as "is a directory"."""
    from accord.scenario.io.files import MAX_INPUT_BYTES

    huge = write_deu(tmp_path / "huge.csv", [ROW1])
    with open(huge, "r+b") as fh:       # sparse: one byte over the limit without writing 64 MiB
        fh.truncate(64 * 1024 * 1024 + 1)
    assert MAX_INPUT_BYTES == 64 * 1024 * 1024
    with pytest.raises(ScenarioError) as err:
        read_deu(huge)
    assert str(err.value) == (f"{huge}: is larger than 64 MiB; expected a scenario file under "
                              "that size")
    folder = tmp_path / "deu.csv"
    folder.mkdir()
    with pytest.raises(ScenarioError, match="is a directory; expected a scenario file"):
        read_deu(folder)


def test_the_training_file(deu_train):
    data = read_deu(deu_train)
    assert data.layout == "copy"
    assert len(data.rows) == 240 and len(data.proposals()) == 89      # as its README says
    assert sum(r.scoreable for r in data.rows) == 229
    first = data.rows[0]   # line 3: 1 1 "d00032" … "26-01-00" 1930-05-01 100 100 40 …
    assert (first.line, first.issue, first.introduced, first.final_act) == (
        3, "d00032i1", dt.date(2000, 1, 26), dt.date(2001, 5, 30))
    assert first.position[:3].tolist() == [100.0, 100.0, 40.0]
    assert first.reference_point == 0.0 and first.outcome == 100.0
    d04167 = data.row("d04167i1")   # intro "2014-07-04", finact "1931-07-06" in the file
    assert (d04167.introduced, d04167.final_act) == (dt.date(2004, 7, 14), dt.date(2006, 7, 31))
    s = accord.load(f"{deu_train}#d00032")
    assert [i.id for i in s.issues] == ["d00032i1", "d00032i2", "d00032i3", "d00032i4"]
    assert s.capability("de") == pytest.approx(10 / 87)
    # d00032i1: 15 members with a position (line 3), pre-Nice 62 of 87 votes: nobody absent
    rule = s.issue("d00032i1").decision_rule
    assert len(rule.members) == 15 and rule.threshold == pytest.approx(62 / 87)
    assert s.issue("d00032i1").status_quo.value == 0.0
    lisbon = accord.load(f"{deu_train}#d160070")     # 8 March 2016: Lisbon double majority
    rule = lisbon.issue(lisbon.issues[0].id).decision_rule
    assert rule.weights["de"] == 15.93 and rule.min_members == 16
