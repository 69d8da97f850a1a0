"""Forecast scores against hand calculations, and the ledger file."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from cli_helpers import cli

from accord.ensemble.scoring import (baseline_score, brier, load_ledger, log_score, rps,
                                     score_ledger)
from accord.errors import AccordError

LEDGER = Path(__file__).with_name("ledger.yaml")

# Four ordered categories (say, four bands of an outcome, lowest first), p = (.1, .4, .3, .2).
P = [0.1, 0.4, 0.3, 0.2]


def test_brier_by_hand():
    # the third happened, o = (0, 0, 1, 0): .1² + .4² + .7² + .2² = .01 + .16 + .49 + .04
    assert brier(P, 2) == pytest.approx(0.70, abs=1e-12)
    # the fourth happened: .1² + .4² + .3² + .8² = .01 + .16 + .09 + .64
    assert brier(P, 3) == pytest.approx(0.90, abs=1e-12)
    assert brier([0, 0, 1, 0], 2) == 0.0
    assert brier([1, 0, 0, 0], 2) == pytest.approx(2.0)  # certain and wrong: the worst, 2


def test_rps_by_hand():
    # cumulative P = (.1, .5, .8), the third: O = (0, 0, 1): (.01 + .25 + .04)/3
    assert rps(P, 2) == pytest.approx(0.30 / 3, abs=1e-12)
    # the fourth: O = (0, 0, 0): (.01 + .25 + .64)/3
    assert rps(P, 3) == pytest.approx(0.90 / 3, abs=1e-12)
    # a miss by one category costs less than a miss by three (the Brier score can't tell)
    near, far = [0, 1, 0, 0], [1, 0, 0, 0]
    assert brier(near, 2) == brier(far, 2) == 2.0
    assert rps(near, 2) == pytest.approx(1 / 3) and rps(far, 2) == pytest.approx(2 / 3)


def test_log_and_baseline_scores_by_hand():
    assert log_score(P, 2) == pytest.approx(math.log(0.3), abs=1e-12)      # −1.2039728
    assert log_score(P, 2) == pytest.approx(-1.2039728, abs=1e-7)
    # 100·log2(p/q), q = 1/4: 100·log2(1.2) = 26.303441
    assert baseline_score(P, 2) == pytest.approx(26.303441, abs=1e-6)
    assert baseline_score([0.25] * 4, 1) == 0.0                           # chance scores 0
    assert baseline_score([0.5, 0.5], 0) == 0.0
    # zero for what happened is floored at 0.001: 100·log2(0.002) = −896.578…
    assert baseline_score([1.0, 0.0], 1) == pytest.approx(100 * math.log2(0.002))


def test_ledger_scores_and_means():
    data = score_ledger(load_ledger(LEDGER))
    rows = {(r["question"], r["forecaster"]): r for r in data["scored"]}
    # EC deadline, ordered (early, middle, late), resolved "late" (8.833 years):
    # a: p = (.2, .5, .3): Brier .2² + .5² + .7² = .78; cumulative (.2, .7) vs (0, 0): (.04 + .49)/2
    a = rows[("ec-emissions-deadline", "analyst-a")]
    assert (a["brier"], a["rps"]) == pytest.approx((0.78, 0.265))
    # b: p = (.1, .3, .6): Brier .01 + .09 + .16 = .26; cumulative (.1, .4): (.01 + .16)/2
    b = rows[("ec-emissions-deadline", "analyst-b")]
    assert b["brier"] == pytest.approx(0.26) and b["rps"] == pytest.approx(0.085)
    # DEU d00032i1 moved (rp 0, outcome 100), binary and unordered: a .4² + .4², log ln .6
    moved_a = rows[("deu-d00032i1-moved", "analyst-a")]
    assert moved_a["brier"] == pytest.approx(0.32) and moved_a["rps"] is None
    assert moved_a["log"] == pytest.approx(math.log(0.6))
    assert rows[("deu-d00032i1-moved", "analyst-b")]["brier"] == pytest.approx(0.98)
    # DEU d00032i3 did not move (rp 100, outcome 100): a .5² + .5², b .2² + .2²
    assert rows[("deu-d00032i3-moved", "analyst-a")]["brier"] == pytest.approx(0.5)
    assert rows[("deu-d00032i3-moved", "analyst-b")]["brier"] == pytest.approx(0.08)
    means = {f["forecaster"]: f for f in data["forecasters"]}
    assert means["analyst-a"]["forecasts"] == 3
    assert means["analyst-a"]["brier"] == pytest.approx((0.78 + 0.32 + 0.5) / 3)
    assert means["analyst-a"]["rps"] == pytest.approx(0.265)         # only the ordered question
    assert means["analyst-b"]["brier"] == pytest.approx((0.26 + 0.98 + 0.08) / 3)
    # best mean Brier first: b (0.44) before a (0.533)
    assert [f["forecaster"] for f in data["forecasters"]] == ["analyst-b", "analyst-a"]
    assert data["open_questions"] == ["deu-d05127i1-moved"]


def test_ledger_errors_name_file_line_and_field(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(LEDGER.read_text().replace("[0.1, 0.3, 0.6]", "[0.1, 0.3, 0.7]"))
    with pytest.raises(AccordError) as exc:
        load_ledger(bad)
    msg = str(exc.value)
    assert msg.startswith(f"{bad}:8: questions[0]") and "forecasts[1]" in msg
    assert "sum to 1.1" in msg
    bad.write_text(LEDGER.read_text().replace("resolution: late", "resolution: peace"))
    with pytest.raises(AccordError, match="resolution 'peace' is not a category"):
        load_ledger(bad)


def test_score_cli_json(capsys):
    code, out, _ = cli(["score", str(LEDGER), "--format", "json"], capsys)
    assert code == 0
    assert json.loads(out)["forecasters"][0]["forecaster"] == "analyst-b"
    code, out, _ = cli(["score", str(LEDGER)], capsys)
    assert code == 0 and "analyst-a" in out
