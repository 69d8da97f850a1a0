"""decide's input format (#A, #P, #M, #D): reading, writing, sniffing and located errors."""

from __future__ import annotations


import numpy as np
import pytest

import accord
from accord.errors import ScenarioErrors
from accord.scenario.io import detect_format
from accord.scenario.io.decide import load_decide, save_decide
from shared_data import needs_shared, shared_path

DATA = shared_path("data", "decide")
needs_decide_data = needs_shared("data/decide")


@needs_decide_data
def test_cop21_reads_as_a_scenario():
    s = accord.load(DATA / "cop21.csv")
    assert detect_format(DATA / "cop21.csv").name == "decide"
    assert (len(s.actors), len(s.issues)) == (15, 13)
    # 15 × 13 = 195 pairs; the file leaves 14 out (e.g. some actors have no ambition stance).
    assert len(s.stances) == 181
    assert [a.id for a in s.actors][:3] == ["African_grp", "AILAC2", "AOSISs"]
    assert all((i.low, i.high) == (0.0, 100.0) for i in s.issues)
    usa = s.stance("USA", "eaa")
    assert (usa.position, usa.salience, s.capability("USA", "eaa")) == (100.0, 0.4, 1.0)


@needs_decide_data
def test_sample_data_scales_from_m_lines():
    s = accord.load(DATA / "sample_data.txt")
    toll = s.issue("tol-hoogte")
    assert (toll.low, toll.high) == (0.5, 7.0)       # '#M' 'tol-hoogte' 0.5 / 7
    assert s.stance("GL", "tol-hoogte").position == 5.0
    assert s.capability("GL", "tol-hoogte") == 0.6   # power as given
    assert s.stance("Willems", "tolheffing-binnenstad").salience == 0.95
    assert s.actor("Willems").note == "Test"          # the #A comment is kept
    assert s.issue("wanneer-tol").description == "Wat is dit voor onzin?"


@needs_decide_data
def test_copenhagen_errors_name_each_bad_line():
    path = DATA / "copenhagen_with_errors.csv"
    assert detect_format(path).name == "decide"       # unquoted keys are sniffed too
    with pytest.raises(ScenarioErrors) as exc:
        accord.load(path)
    errors = exc.value.errors
    assert [(e.line, e.field) for e in errors] == [(86, "position"), (87, "power")]
    assert errors[0].file == str(path)
    # line 86: '#D Russia Control 160 0.1 0.013' — no #M lines, so decide's default 0–100 scale
    assert "160 is outside the scale of issue 'Control'" in errors[0].message
    assert "expected a value in [0, 100]" in errors[0].message
    # line 87: '#D China India Control 75 0.75 -0.247'
    assert "-0.247 is negative" in errors[1].message
    assert str(exc.value).startswith(f"{path}:86: position: ")


@needs_decide_data
def test_copenhagen_ids_from_names_with_spaces(tmp_path):
    text = (DATA / "copenhagen_with_errors.csv").read_text()
    fixed = text.replace("Control\t160\t", "Control\t60\t").replace("\t-0.247", "\t0.247")
    path = tmp_path / "copenhagen.csv"
    path.write_text(fixed)
    s = accord.load(path)
    assert s.title == "Copenhagen negotiations"        # from the #O line
    eu = s.actor("EU_incl_Norway")
    assert eu.name == "EU (incl Norway)"
    assert s.issue("Newtreaty").name == "Copenhagen new treaty vs extension of Kyoto"
    # Different powers on different issues would become issue-specific capabilities; here each
    # actor has one power throughout.
    assert s.capability("USA") == 0.26


@pytest.mark.parametrize("line, field, words", [
    ("#D\tA\tp\tfifty\t0.5\t1", "position", "'fifty' is not a number"),
    ("#D\tA\tp\t50\t1.5\t1", None, None),                     # a 0–100 salience file: fine
    ("#D\tB\tp\t50\t0.5\t1", "actor", "unknown actor 'B'"),
    ("#D\tA\tr\t50\t0.5\t1", "issue", "unknown issue 'r'"),
    ("#D\tA\tp\t50\t0.5", None, "4 field(s) after #D"),
    ("#X\tA", None, "unknown record type '#X'"),
    ("#M\tp\thigh", "value", "'high' is not a number"),
    ("#A\tA\tAgain", "actor",
     "duplicate actor 'A' (first on line 1); expected every #A key to be unique"),
    ("#P\tp\tAgain", "issue",
     "duplicate issue 'p' (first on line 2); expected every #P key to be unique"),
])
def test_bad_lines_are_located(tmp_path, line, field, words):
    path = tmp_path / "case.txt"
    path.write_text("#A\tA\tActor A\n#P\tp\tIssue p\n#M\tp\t0\n#M\tp\t100\n" + line + "\n")
    if words is None:
        s = load_decide(path)
        assert s.stances[0].salience == pytest.approx(0.015)   # 1.5 on a 0–100 scale
        return
    with pytest.raises(ScenarioErrors) as exc:
        load_decide(path)
    (err,) = exc.value.errors
    assert err.line == 5 and err.field == field and words in err.message


@needs_decide_data
def test_round_trip_keeps_what_the_model_needs(tmp_path):
    s = accord.load(DATA / "sample_data.txt")
    out = tmp_path / "again.csv"
    save_decide(s, out)
    assert out.read_text().splitlines()[1].startswith("'#A'\t'Willems'")
    back = accord.load(out)
    a, b = s.to_arrays(), back.to_arrays()
    assert a.actor_ids == b.actor_ids and a.issue_ids == b.issue_ids
    for name in ("position", "salience", "capability", "low", "high", "has_stance"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))
