"""The status-quo models against formulas worked out by hand.

Romer & Rosenthal (1978): with a pivotal (median) voter at m, a setter at s and the status quo
at q, the win-set of q is the interval between q and its mirror image 2m − q, and the setter
proposes the point of it (or q itself) nearest to s:
s > m: q < m → min(s, 2m − q); m ≤ q ≤ s → q; q > s → s.
s < m: q > m → max(s, 2m − q); s ≤ q ≤ m → q; q < s → s.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from accord.models import get_model
from accord.models.status_quo import _voters
from accord.scenario.arrays import ScenarioArrays


def run(name, arrays, **params):
    spec = get_model(name)
    return spec.run(arrays, spec.make_params(**params), np.random.default_rng(0))


@pytest.mark.parametrize("setter,sq,expected", [
    (70.0, 40.0, 60.0),     # q left of the pivot 50: min(70, 2·50 − 40)
    (70.0, 10.0, 70.0),     # min(70, 90): the setter's ideal
    (70.0, 65.0, 65.0),     # between pivot and setter: nothing the setter likes more passes
    (70.0, 90.0, 70.0),     # right of the setter: its ideal beats q for the median
    (30.0, 80.0, 30.0),     # setter left of the pivot, q right: max(30, 20)
    (30.0, 60.0, 40.0),     # max(30, 2·50 − 60)
    (30.0, 40.0, 40.0),     # s ≤ q ≤ m: q stays
])
def test_romer_rosenthal_on_both_sides_of_the_pivot(setter, sq, expected):
    arr = _voters([20.0, 50.0, 80.0], sq, setter_position=setter)
    assert float(run("agenda_setter", arr).forecast[0]) == pytest.approx(expected)


def two_actors(sq=0.0, positions=(20.0, 60.0)):
    x = np.array(positions)[:, None]
    return ScenarioArrays(("a", "b"), ("x",), x, np.ones((2, 1)), np.ones((2, 1)),
                          np.ones((2, 1), bool), np.array([0.0]), np.array([100.0]),
                          status_quo=np.array([sq]))


def test_veto_players_by_hand():
    # a at 20, b at 60, q = 0: a accepts (0, 40), b (0, 120) → W(q) = (0, 40). The weighted mean
    # of the two veto players, 40, is at the edge of W; the midpoint of W is 20.
    assert float(run("veto_players", two_actors()).forecast[0]) == pytest.approx(40.0)
    assert float(run("veto_players", two_actors(), point="midpoint").forecast[0]) == \
        pytest.approx(20.0)
    # q = 45 lies between them: W(q) is empty and the status quo holds.
    res = run("veto_players", two_actors(sq=45.0))
    assert float(res.forecast[0]) == 45.0 and res.details["stable"] == ["x"]


def test_compromise_with_the_reference_point_by_hand():
    # Gains over q = 0 with quadratic loss: a: 20² − (x − 20)² = x(40 − x), b: x(120 − x).
    # Maximise log x² + log(40 − x) + log(120 − x): 2/x = 1/(40 − x) + 1/(120 − x)
    # ⇔ x² − 120x + 2400 = 0 ⇔ x = 60 − √1200 ≈ 25.359 (the weighted mean would be 40).
    got = float(run("compromise_sq", two_actors()).forecast[0])
    assert got == pytest.approx(60 - math.sqrt(1200), abs=1e-9)
    # q between them: nobody's gain can be had without the other's loss → q.
    assert float(run("compromise_sq", two_actors(sq=45.0)).forecast[0]) == 45.0


def test_no_status_quo_no_forecast():
    arr = two_actors()
    from dataclasses import replace
    bare = replace(arr, status_quo=None)
    for name in ("veto_players", "agenda_setter", "compromise_sq"):
        assert np.isnan(run(name, bare).forecast[0])
