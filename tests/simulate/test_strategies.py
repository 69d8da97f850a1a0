"""Concession curves against their formula, and strategy names."""

from __future__ import annotations

import numpy as np
import pytest

from accord.errors import AccordError
from accord.simulate.strategies import NAMED, concession_target, parse_strategy


@pytest.mark.parametrize("name, k", [("boulware", 4.0), ("linear", 1.0), ("conceder", 0.25)])
def test_named_curves_are_negmas_poly_aspiration(name, k):
    """NegMAS 0.16 PolyAspiration: aspiration(t) = 1 − t^k with k = 4 (boulware), 1 (linear),
    0.25 (conceder), mapped onto [u_res, u_max]; ours is u_max − (u_max − u_res) t^(1/e)."""
    e = NAMED[name].exponent
    t = np.linspace(0, 1, 11)
    u_max, u_res = 0.9, 0.3
    expected = u_res + (u_max - u_res) * (1 - t ** k)
    assert concession_target(u_max, u_res, t, e) == pytest.approx(expected)


def test_boulware_holds_out_and_conceder_gives_in():
    """At t = 1/2 on [0, 1]: Boulware 1 − 0.5⁴ = 0.9375, linear 0.5, conceder 1 − 0.5^¼ = 0.159."""
    t = 0.5
    got = [float(concession_target(1.0, 0.0, t, NAMED[n].exponent))
           for n in ("boulware", "linear", "conceder")]
    assert got == pytest.approx([0.9375, 0.5, 1 - 0.5 ** 0.25])


def test_hardheaded_stays_at_its_best_until_the_end():
    assert concession_target(0.8, 0.2, np.array([0.0, 0.5, 0.999]), 0.0).tolist() == [0.8] * 3


def test_parse():
    assert parse_strategy("Tit-for-Tat").kind == "tit_for_tat"
    assert parse_strategy("time:2").exponent == 2.0
    for bad in ("time:-1", "time:x", "pareto:", "slow"):
        with pytest.raises(AccordError, match="unknown strategy"):
            parse_strategy(bad)
