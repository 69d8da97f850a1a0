"""KTAB's CSV and XML scenario files: reading, writing, and errors that name the line.

Expected values are read off the KTAB files themselves (../shared/data/ktab/) and KTAB's
reference log for SOE-Pol-Comp, whose header echoes what KTAB read.
"""

from __future__ import annotations


import pytest

import accord
from accord.errors import ScenarioError
from accord.scenario.io import detect_format, load_scenario_file, save_scenario_file
from accord.scenario.io.ktab import ktab_settings, load_ktab_csv, load_ktab_xml
from shared_data import needs_shared, shared_path

DATA = shared_path("data", "ktab")
pytestmark = needs_shared("data/ktab")


def content(s):
    """The scenario without the KTAB-only settings kept in notes."""
    d = s.model_dump(mode="json")
    d.pop("notes")
    return d


def test_soe_values_as_ktab_reads_them():
    s = accord.load(DATA / "SOE-Pol-Comp.csv")
    assert s.title == "China Policy/Competitive; scen 2"
    assert s.description == "Scenario-0002;Combined Policy and Competitive"
    assert [i.name for i in s.issues] == ["Policy Position", "Competitive Position"]
    assert [(i.low, i.high) for i in s.issues] == [(0.0, 100.0), (0.0, 100.0)]
    assert len(s.actors) == 13
    xj = s.actor("XJ")
    assert xj.name == "XJ" and xj.note == "Xi Jinping"
    assert s.capability("XJ") == 100.0 and s.capability("LK") == 60.2
    # KTAB salience 24.0 (%) is Accord salience 0.24; positions stay on 0–100.
    st = s.stance("XJ", "Policy_Position")
    assert (st.position, st.salience) == (30.0, 24.0 / 100)
    st = s.stance("ZG", "Competitive_Position")
    assert (st.position, st.salience) == (15.0, 65.1 / 100)


def test_trailing_commas_or_not_and_xml_give_the_same_scenario(tmp_path):
    with_commas = DATA / "dummyData_3Dim.csv"
    text = with_commas.read_text(encoding="utf-8")
    without = tmp_path / "dummyData_3Dim-no-final-comma.csv"
    without.write_text("\n".join(l.rstrip().rstrip(",") for l in text.splitlines()) + "\n",
                       encoding="utf-8")
    a, b = load_ktab_csv(with_commas), load_ktab_csv(without)
    c = load_ktab_xml(DATA / "dummyData_3Dim.xml")
    assert content(a) == content(b) == content(c)
    assert a.stance("SActor-00", "Pstn1").salience == 49.53 / 100
    assert a.capability("SActor-02") == 129.643
    # The XML carries its seed, which the CSV cannot.
    assert ktab_settings(c).seed == 3707583219545544125
    assert ktab_settings(a).seed is None


@pytest.mark.parametrize("name", ["SOE-Pol-Comp.csv", "dummyData_3Dim.csv", "dummyData-a080.csv",
                                  "SOE-Competitive.csv"])
def test_csv_round_trip_is_lossless(tmp_path, name):
    s = accord.load(DATA / name)
    out = tmp_path / "out.csv"
    save_scenario_file(s, out, format="ktab-csv")
    assert detect_format(out).name == "ktab-csv"
    assert load_scenario_file(out) == s


def test_xml_round_trip_keeps_seed_and_parameters(tmp_path):
    s = load_ktab_xml(DATA / "dummyData_3Dim.xml")
    out = tmp_path / "out.xml"
    save_scenario_file(s, out)
    back = load_scenario_file(out)
    assert back == s
    # A CSV scenario written as XML reads back the same, plus KTAB's default seed.
    csv_s = load_ktab_csv(DATA / "SOE-Pol-Comp.csv")
    save_scenario_file(csv_s, out, format="ktab-xml")
    again = load_scenario_file(out)
    assert content(again) == content(csv_s)
    assert ktab_settings(again).seed == 15455440707583219804


def test_model_parameters_and_ideal_adjustment_are_kept(tmp_path):
    # smpExample.xml has an empty <dCoord> (line 32); with it filled in the file is valid.
    text = (DATA / "smpExample.xml").read_text(encoding="utf-8-sig")
    fixed = tmp_path / "smpExample.xml"
    fixed.write_text(text.replace("<dCoord></dCoord>", "<dCoord>25.0</dCoord>", 1),
                     encoding="utf-8")
    s = load_scenario_file(fixed)
    settings = ktab_settings(s)
    assert settings.seed == 3507583219545544127
    assert settings.parameters["PCEModel"] == "MarkovIncentive"
    assert settings.parameters["StateTransitions"] == "Stochastic"
    assert settings.parameters["VotingRule"] == "PropCbc"
    assert ("Bob", "Alice", 0.07) in settings.ideal_adjustment
    out = tmp_path / "again.xml"
    save_scenario_file(s, out)
    assert load_scenario_file(out) == s


def test_empty_coordinate_in_smp_example_names_its_line():
    with pytest.raises(ScenarioError) as exc:
        accord.load(DATA / "smpExample.xml")
    assert exc.value.line == 32
    assert "dCoord" in str(exc.value) and "Alice" in str(exc.value)


BAD_ROWS = [
    ("SActor-01, Random Spatial Actor,  53.393, 82.72, 30.33, 73.50, 21.22, 64.00,", 4,
     "8 fields; expected 9"),
    ("SActor-01, Random Spatial Actor,  lots, 82.72, 30.33, 73.50, 21.22, 64.00, 24.79,", 4,
     "capability: 'lots' is not a number"),
    ("SActor-01, Random Spatial Actor,  53.393, 182.72, 30.33, 73.50, 21.22, 64.00, 24.79,", 4,
     "position 1: 182.72 is outside [0, 100]"),
    ("SActor-01, Random Spatial Actor,  53.393, 82.72, 60.33, 73.50, 21.22, 64.00, 24.79,", 4,
     "saliences sum to 106.34"),
    ("SActor-00, Random Spatial Actor,  53.393, 82.72, 30.33, 73.50, 21.22, 64.00, 24.79,", 4,
     "duplicate actor 'SActor-00' (first on line 3)"),
]


@pytest.mark.parametrize("row, line, message", BAD_ROWS)
def test_malformed_rows_are_located(tmp_path, row, line, message):
    lines = (DATA / "dummyData_3Dim.csv").read_text(encoding="utf-8").splitlines()
    lines[line - 1] = row
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as exc:
        accord.load(bad)
    assert exc.value.line == line
    assert message in str(exc.value)
    assert str(exc.value).startswith(f"{bad}:{line}: ")


def test_wrong_actor_count_is_located(tmp_path):
    lines = (DATA / "dummyData_3Dim.csv").read_text(encoding="utf-8").splitlines()
    bad = tmp_path / "short.csv"
    bad.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="6 actor rows; the first line says 7"):
        load_ktab_csv(bad)


def test_salience_scale_converts_losslessly(tmp_path):
    s = accord.load(DATA / "dummyData_3Dim.csv")
    out = tmp_path / "out.csv"
    save_scenario_file(s, out, format="ktab-csv")
    row = out.read_text(encoding="utf-8").splitlines()[2].split(",")
    # Written back on KTAB's 0–100 scale, exactly as in the source file.
    assert row[:9] == ["SActor-00", "Random Spatial Actor", "102.543", "75.79", "49.53", "6.37",
                       "5.91", "70.45", "28.15"]


def test_writing_a_non_ktab_scenario_rescales_to_0_100(tmp_path):
    s = accord.load("ec-emissions-1994")  # years 4–10, one issue
    out = tmp_path / "ec.csv"
    save_scenario_file(s, out, format="ktab-csv")
    back = load_ktab_csv(out)
    # Belgium: 7 years on a 4–10 scale is 100·(7 − 4)/6 = 50 on KTAB's scale; salience 0.4 = 40%.
    st = back.stance("Belgium", back.issues[0].id)
    assert (st.position, st.salience) == (50.0, 0.4)
    assert back.capability("Netherlands") == 0.08


def test_issue_specific_capability_cannot_be_written(tmp_path):
    from accord.scenario.model import Capability

    s = accord.load(DATA / "SOE-Pol-Comp.csv")
    s = s.model_copy(update={"capabilities": [*s.capabilities, Capability(
        actor="XJ", value=5.0, issue="Policy_Position")]})
    with pytest.raises(ScenarioError, match="one capability per actor"):
        save_scenario_file(s, tmp_path / "x.csv", format="ktab-csv")


@pytest.mark.parametrize("text", ["plain", "R&D", "<b>&amp;</b>", "a > b < c", "&&<<>>",
                                  "\"quotes\" and 'apostrophes'", "ünïcødé ✓ &#x41;", ""])
def test_local_escape_matches_the_standard_library(text):
    """ktab.escape replaced xml.sax.saxutils.escape (issue 18: its import pulled in urllib);
    the standard library's function is the reference."""
    from xml.sax.saxutils import escape as reference

    from accord.scenario.io.ktab import escape

    assert escape(text) == reference(text)


def test_names_with_markup_survive_an_xml_round_trip(tmp_path):
    s = accord.load("ec-emissions-1994")
    actor = s.actors[0].model_copy(update={"name": "R&D <labs> > all"})
    s = s.model_copy(update={"actors": [actor, *s.actors[1:]]})
    path = tmp_path / "markup.xml"
    save_scenario_file(s, path, format="ktab-xml")
    assert load_scenario_file(path).actors[0].name == "R&D <labs> > all"
