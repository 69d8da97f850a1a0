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

# Four ordered categories (no agreement < ceasefire < armistice < treaty), p = (.1, .4, .3, .2).
P = [0.1, 0.4, 0.3, 0.2]


def test_brier_by_hand():
    # armistice happened, o = (0, 0, 1, 0): .1² + .4² + .7² + .2² = .01 + .16 + .49 + .04
    assert brier(P, 2) == pytest.approx(0.70, abs=1e-12)
    # treaty happened: .1² + .4² + .3² + .8² = .01 + .16 + .09 + .64
    assert brier(P, 3) == pytest.approx(0.90, abs=1e-12)
    assert brier([0, 0, 1, 0], 2) == 0.0
    assert brier([1, 0, 0, 0], 2) == pytest.approx(2.0)  # certain and wrong: the worst, 2


def test_rps_by_hand():
    # cumulative P = (.1, .5, .8), armistice: O = (0, 0, 1): (.01 + .25 + .04)/3
    assert rps(P, 2) == pytest.approx(0.30 / 3, abs=1e-12)
    # treaty: O = (0, 0, 0): (.01 + .25 + .64)/3
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
    a = rows[("talks-outcome-2026-06", "analyst-a")]
    assert (a["brier"], a["rps"]) == pytest.approx((0.70, 0.10))
    b = rows[("talks-outcome-2026-06", "analyst-b")]
    # p = (.7, .2, .1, 0), armistice: Brier .49 + .04 + .81 + 0 = 1.34;
    # cumulative (.7, .9, 1.0) vs (0, 0, 1): (.49 + .81 + 0)/3
    assert b["brier"] == pytest.approx(1.34) and b["rps"] == pytest.approx(1.30 / 3)
    yes_a = rows[("round-two-held", "analyst-a")]
    # binary, unordered: Brier .2² + .2² = .08, no RPS; log ln .8
    assert yes_a["brier"] == pytest.approx(0.08) and yes_a["rps"] is None
    assert yes_a["log"] == pytest.approx(math.log(0.8))
    means = {f["forecaster"]: f for f in data["forecasters"]}
    assert means["analyst-a"]["forecasts"] == 2
    assert means["analyst-a"]["brier"] == pytest.approx((0.70 + 0.08) / 2)
    assert means["analyst-a"]["rps"] == pytest.approx(0.10)          # only the ordered question
    assert means["analyst-b"]["brier"] == pytest.approx((1.34 + 0.5) / 2)
    assert [f["forecaster"] for f in data["forecasters"]] == ["analyst-a", "analyst-b"]
    assert data["open_questions"] == ["donbas-status-2026-12"]


def test_ledger_errors_name_file_line_and_field(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(LEDGER.read_text().replace("[0.7, 0.2, 0.1, 0.0]", "[0.7, 0.2, 0.2, 0.0]"))
    with pytest.raises(AccordError) as exc:
        load_ledger(bad)
    msg = str(exc.value)
    assert msg.startswith(f"{bad}:5: questions[0]") and "forecasts[1]" in msg
    assert "sum to 1.1" in msg
    bad.write_text(LEDGER.read_text().replace("resolution: armistice", "resolution: peace"))
    with pytest.raises(AccordError, match="resolution 'peace' is not a category"):
        load_ledger(bad)


def test_score_cli_json(capsys):
    code, out, _ = cli(["score", str(LEDGER), "--format", "json"], capsys)
    assert code == 0
    assert json.loads(out)["forecasters"][0]["forecaster"] == "analyst-a"
    code, out, _ = cli(["score", str(LEDGER)], capsys)
    assert code == 0 and "analyst-b" in out
