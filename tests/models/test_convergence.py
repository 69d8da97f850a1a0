"""Cycles and runs stopped while still moving, in every iterative model's rounds.

The constructed case: four actors on one issue (the 2026 talks' security guarantees alone):
positions 15, 95, 60, 85, saliences 0.7, 0.95, 0.5, 0.85, capabilities 1, 0.55, 0.85, 0.45.
Under the expected-utility model the third actor moves 60 → 85 → 68.02 → 27.98 → 15 → 85 → …
and the weighted median follows it: a cycle of period 4 between 15 and 85.
"""

from __future__ import annotations

import numpy as np
import pytest

from accord.models.convergence import assess, assess_positions
from accord.models.eum import EUMParams, eum
from accord.models.smp import SMPParams, smp
from accord.scenario.arrays import ScenarioArrays


def four_actors() -> ScenarioArrays:
    return ScenarioArrays(("a", "b", "c", "d"), ("g",), np.array([[15.], [95.], [60.], [85.]]),
                          np.array([[.7], [.95], [.5], [.85]]), np.array([[1.], [.55], [.85], [.45]]),
                          np.ones((4, 1), bool), np.array([0.]), np.array([100.]))


def test_eum_cycle_on_a_small_constructed_case():
    literal = eum(four_actors(), EUMParams(cycles="last"))
    x = literal.rounds.positions[:, 2, 0]
    # the rounds themselves: rounds 5–8 repeat rounds 1–4 exactly, and nothing shorter repeats
    np.testing.assert_array_equal(x[5:9], x[1:5])
    assert x[8] != x[7] and not np.array_equal(x[7:9], x[5:7])
    c = assess(literal, four_actors())
    assert c.period.tolist() == [4] and c.converged.tolist() == [False]
    series = literal.rounds.median[:, 0]
    assert (c.low[0], c.high[0]) == (series[5:9].min(), series[5:9].max()) == (15.0, 85.0)
    assert c.describe(0) == "unstable: cycles between 15 and 85 (period 4)"
    # the paper's rule forecasts the last round's phase (15); by default the cycle's centre
    assert float(literal.forecast[0]) == 15.0
    default = eum(four_actors())
    assert float(default.forecast[0]) == pytest.approx(series[5:9].mean())
    assert float(default.forecast[0]) == pytest.approx((85 + 68.016 + 27.975 + 15) / 4, abs=1e-3)


def test_a_fixed_point_has_converged_and_a_closed_form_always_has():
    pos = np.array([10., 20., 30., 30.])[:, None, None]      # (R, A=1, I=1): 30 twice at the end
    c = assess_positions(pos, pos[:, 0, :], np.array([0.]), np.array([100.]))
    assert c.period.tolist() == [1] and c.converged.tolist() == [True]
    from accord.models.compromise import compromise
    c = assess(compromise(four_actors()), four_actors())
    assert c.converged.tolist() == [True] and c.cycle(0) is None


def test_ec_emissions_eum_is_still_moving_after_eight_rounds():
    # Scholz et al. (2011), Table 2: the median goes 8.8 → 9.6 between rounds 7 and 8.
    import accord

    arr = accord.load("ec-emissions-1994").to_arrays()
    res = eum(arr)
    c = assess(res, arr)
    assert c.status(0) == "still moving" and not c.converged[0]
    assert c.describe(0).startswith("did not converge: still moving at the last round")


def test_smp_stopped_at_its_turn_limit_reports_it():
    arr = four_actors()
    res = smp(arr, SMPParams(max_turns=2, min_turns=1, min_delta_ratio=1e-9))
    assert res.details["converged"] is False
    assert assess(res, arr).status(0) in ("still moving", "cycle")


def test_steady_forecast_with_swapping_positions_counts_as_converged():
    # two actors swap places every round: the positions cycle (period 2), their mean does not
    pos = np.array([[[0.], [100.]], [[100.], [0.]], [[0.], [100.]], [[100.], [0.]]])
    mean = pos.mean(axis=1)
    c = assess_positions(pos, mean, np.array([0.]), np.array([100.]))
    assert c.converged.tolist() == [True] and c.cycle(0) is None
