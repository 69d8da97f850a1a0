"""Outcome-class probabilities of ensembles, scored against the known EC outcome (8.833 years)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from accord.validity.cases import builtin_dataset
from accord.validity.outcome_classes import OTHER, happened_class, score_outcome_classes


def test_the_class_that_happened():
    case = builtin_dataset().cases[0]
    classes = case.scenario.outcome_classes
    # late = [8.50001, 10] holds 8.833 (Scholz et al. 2011: the decided standard)
    assert happened_class(case, classes) == "late"
    case.outcome = np.array([6.9995])          # in the gap between early and middle
    assert happened_class(case, classes) == OTHER
    case.outcome = np.array([np.nan])
    assert happened_class(case, classes) is None


def test_scores_by_hand():
    r = score_outcome_classes(models=["median", "eum"], n=300, seed=3)
    (case,) = r["cases"]
    assert case["happened"] == "late" and case["ordered"]
    for m in case["models"].values():
        p = [m["probabilities"][c] for c in ("early", "middle", "late")]
        other = m["probabilities"].get(OTHER, 0.0)     # forecasts in the gaps between classes
        assert sum(p) + other == pytest.approx(1.0)
        # Brier Σ (p − o)², RPS over the two cumulative splits / (K − 1), log ln p_late
        assert m["brier"] == pytest.approx(p[0] ** 2 + p[1] ** 2 + (1 - p[2]) ** 2 + other ** 2)
        if OTHER in m["probabilities"]:
            assert m["rps"] is None                    # "none of these" has no place in the order
        else:
            assert m["rps"] == pytest.approx((p[0] ** 2 + (p[0] + p[1]) ** 2) / 2)
        assert m["log"] == pytest.approx(math.log(max(p[2], 0.001)))
        assert m["p_happened"] == p[2]
    assert r["convention"] == {"n": 300, "seed": 3, "position": 0.1, "salience": 0.1,
                               "capability": 0.1}


def test_probabilities_are_the_ensembles(tmp_path):
    from accord.ensemble import run_ensemble, with_ranges

    case = builtin_dataset().cases[0]
    widened = with_ranges(case.scenario, position=0.1, salience=0.1, capability=0.1)
    direct = run_ensemble(widened, "median", 300, seed=3, executor="inline", out=tmp_path)
    scored = score_outcome_classes(models=["median"], n=300, seed=3)
    probs = {c["id"]: c["probability"] for c in direct.summary["outcome_classes"]}
    got = scored["cases"][0]["models"]["median"]["probabilities"]
    assert {k: v for k, v in got.items() if k != OTHER} == probs
    assert got.get(OTHER, 0.0) == pytest.approx(1.0 - sum(probs.values()))
