"""Bargaining solutions: the textbook sets S and T, the NegMAS reservation trap, and the NegMAS
0.16 reference output for the ANAC dinner and ItexvsCypress domains (../shared/oracles/negmas)."""

from __future__ import annotations

import json
from fractions import Fraction

import numpy as np
import pytest

from accord.deals.frontier import pareto_indices
from accord.deals.solutions import (analyse, egalitarian, kalai_smorodinsky, ks_point_convex,
                                    nash, nash_point_convex, nash_points, utilitarian)
from accord.deals.space import OutcomeSpace
from shared_data import needs_shared, shared_path

ORACLES = shared_path("oracles", "negmas")
GENIUS = shared_path("data", "genius")
needs_oracles = needs_shared("oracles/negmas", "data/genius")

S = [(0, 0), (1, 0), (0.75, 0.75), (0, 1)]
T = [(0, 0), (1, 0), (1, 0.7), (0, 1)]


def test_nash_and_ks_on_S_coincide():
    assert nash_point_convex(S).tolist() == pytest.approx([0.75, 0.75])
    assert ks_point_convex(S).tolist() == pytest.approx([0.75, 0.75])


def test_nash_and_ks_on_T_differ():
    # frontier segment (0, 1)–(1, 0.7): y = 1 − 0.3x; Nash maximises x(1 − 0.3x), increasing on
    # [0, 1] (stationary point 5/3), so Nash = (1, 0.7); KS meets x = y: x = 1/1.3 = 10/13
    assert nash_point_convex(T).tolist() == pytest.approx([1.0, 0.7])
    ks = ks_point_convex(T)
    assert ks.tolist() == pytest.approx([10 / 13, 10 / 13])
    assert Fraction(float(ks[0])).limit_denominator(100) == Fraction(10, 13)


def test_nash_interior_stationary_point_on_a_segment():
    # frontier x + y = 1 with d = (0.2, 0): maximise (x − 0.2)(1 − x) → x = 0.6
    assert nash_point_convex([(1, 0), (0, 1)], (0.2, 0.0)).tolist() == pytest.approx([0.6, 0.4])


def test_negmas_trap_three_parties():
    """models.md §5: reservation 0.5 for all, frontier {(0.1, 0.1, 1.0), (0.55, 0.55, 0.55)}.
    Multiplying gains of any sign gives (−0.4)(−0.4)(0.5) = 0.08 > 0.05³; only the second point
    is acceptable to everyone."""
    U = np.array([[0.1, 0.55], [0.1, 0.55], [1.0, 0.55]])
    r = [0.5, 0.5, 0.5]
    for solve in (nash, kalai_smorodinsky, egalitarian, utilitarian):
        sol = solve(U, r)
        assert sol.outcome == 1, solve.__name__
        assert sol.disagreement.tolist() == r
        assert sol.margins.tolist() == pytest.approx([0.05, 0.05, 0.05])


def test_empty_zone_gives_no_solution():
    U = np.array([[0.1, 0.2], [0.9, 0.3]])
    sol = nash(U, [0.5, 0.5])
    assert sol.outcome is None and "empty" in sol.note


def test_bargaining_power_moves_the_nash_point():
    # gains (x, 1 − x) on a grid: symmetric Nash at 0.5; with powers (3, 1) at x = 0.75
    x = np.linspace(0, 1, 101)
    U = np.vstack([x, 1 - x])
    assert U[0, nash(U, [0, 0]).outcome] == pytest.approx(0.5)
    assert U[0, nash(U, [0, 0], powers=[3, 1]).outcome] == pytest.approx(0.75)


def test_egalitarian_and_utilitarian_by_hand():
    U = np.array([[0.9, 0.6, 0.5], [0.1, 0.5, 0.6]])
    assert egalitarian(U, [0, 0]).outcome in (1, 2)   # min gain 0.5 both; tie by sum: 1.1 each
    assert set(egalitarian(U, [0, 0]).outcomes.tolist()) == {1, 2}
    assert utilitarian(U, [0, 0]).outcome in (1, 2)
    assert egalitarian(U, [0.2, 0]).outcome == 1       # gains over d: (0.4, 0.5) vs (0.3, 0.6)


def _oracle(name):
    return json.loads((ORACLES / name).read_text())


CASES = [("dinner_oracle.json", GENIUS / "anac2015/group2-dinner"),
         ("itex_oracle.json", GENIUS / "anac2010/ItexvsCypress")]


@needs_oracles
@pytest.mark.parametrize("oracle,folder", CASES)
@pytest.mark.parametrize("variant,normalise", [("genius", True), ("negmas_default", False)])
def test_frontier_and_solutions_match_negmas(oracle, folder, variant, normalise):
    o = _oracle(oracle)["variants"][variant]
    sp = OutcomeSpace.from_genius(folder, normalise=normalise)
    U = sp.utilities()
    front = pareto_indices(U)
    assert len(front) == o["pareto_n"]
    labels = {tuple(sp.describe(k).values()) for k in front}
    assert labels == {tuple(p["outcome"]) for p in o["pareto"]}
    r = sp.reservation

    def picks(sol):
        return [list(sp.describe(k).values()) for k in sol.outcomes]

    # NegMAS's disagreement point is max(reservation, minimum utility): "floor"
    assert picks(nash(U, r, disagreement="floor", candidates=front)) == \
        [p["outcome"] for p in o["nash"]]
    assert picks(kalai_smorodinsky(U, r, disagreement="floor", candidates=front,
                                   rule="equal_ratios")) == [p["outcome"] for p in o["ks"]]
    assert picks(egalitarian(U, r, candidates=front)) == \
        [p["outcome"] for p in o["kalai_egalitarian"]]
    assert picks(utilitarian(U, r, candidates=front)) == [p["outcome"] for p in o["max_welfare"]]
    # the textbook Nash point (d = reservation) from the oracle's own enumeration
    assert picks(nash(U, r)) == [p["outcome"] for p in o["nash_enum_textbook"]["points"]]


@needs_oracles
def test_reservation_sweep_on_dinner_never_picks_an_unacceptable_outcome():
    """dinner_nash_reservation_bug.json: NegMAS's nash_points on the unfiltered frontier returns
    (1.0, 0.41, 0.40) from rv = 0.6 on, which is below the reservation of two parties."""
    bug = _oracle("dinner_nash_reservation_bug.json")
    sp = OutcomeSpace.from_genius(GENIUS / "anac2015/group2-dinner")
    for row in bug["sweep"]:
        rv = row["rv_all_parties"]
        a = analyse(sp.with_reservation([rv] * 3))
        assert a.zone.size == row["n_ir_outcomes"]
        assert a.acceptable_frontier.size == row["calc_scenario_stats_pareto_n_rational_only"]
        expected = [e["utils"] for e in row["enum_ir_nash_textbook"]]
        sol = a.solutions["nash"]
        if not expected:
            assert sol.outcome is None and a.zone.is_empty
            continue
        assert sol.utilities.tolist() == pytest.approx(expected[0], abs=1e-12)
        assert np.all(sol.utilities >= rv)
        unfiltered = row["nash_points_on_unfiltered_frontier"]
        if not all(unfiltered["individually_rational"]):
            assert sol.utilities.tolist() != pytest.approx(unfiltered["utils"][0])


def test_convex_nash_and_ks_against_dense_sampling_of_the_hull():
    """Independent check: sample every segment between points (a superset of the hull's
    frontier) densely; the Nash product there never beats ours, and our KS point has equal
    shares of the ideal gains and is not dominated by any sample."""
    rng = np.random.default_rng(11)
    for _ in range(20):
        pts = rng.random((8, 2))
        d = np.array([0.1, 0.05])
        t = np.linspace(0, 1, 401)[:, None]
        samples = np.concatenate([a + t * (b - a) for a in pts for b in pts])
        samples = samples[(samples >= d).all(axis=1)]
        if not len(samples):
            continue
        n = nash_point_convex(pts, d)
        assert np.prod(n - d) >= np.max(np.prod(samples - d, axis=1)) - 1e-12
        k = ks_point_convex(pts, d)
        ideal = samples.max(axis=0)   # exact up to the sampling step
        shares = (k - d) / (ideal - d)
        assert shares[0] == pytest.approx(shares[1], abs=5e-3)
        assert not np.any(np.all(samples > k + 1e-9, axis=1))


def test_vectorised_nash_points_equal_the_deals_solver():
    """nash_points for many reservation vectors at once (the simulations' Nash distances) == nash
    one by one (utilities rounded so that ties occur)."""
    rng = np.random.default_rng(0)
    for _ in range(20):
        P, N = int(rng.integers(2, 5)), int(rng.integers(5, 200))
        U = np.round(rng.random((P, N)), int(rng.integers(1, 4)))
        front = pareto_indices(U)
        rows = np.round(rng.uniform(0, 0.8, (30, P)), 1)
        got = nash_points(U, front, rows)
        for k, r in enumerate(rows):
            sol = nash(U, r, candidates=front[np.all(U[:, front] >= r[:, None], axis=0)])
            assert got[k] == (-1 if sol.outcome is None else sol.outcome)
