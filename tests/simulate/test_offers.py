"""Stacked alternating offers: hand-computed two-party cases and protocol properties.

The pie used below: one issue with options k = 0, …, n; party A values option k at k/n and
party B at 1 − k/n; reservations 0 unless stated. With R rounds, party moves in 0-based round s
happen at relative time t_s = (s + 1)/(R + 1) (NegMAS's clock), u_max = 1, u_res = 0, and the
acceptance tolerance is 1e-4. A moves first in every round.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from accord.deals.frontier import pareto_indices
from accord.deals.space import OutcomeSpace
from accord.simulate import simulate, simulate_batch, strategy_profiles
from accord.simulate.trace import ACCEPT, OFFER


def pie(n: int, reservation=None) -> OutcomeSpace:
    return OutcomeSpace.from_tables(
        {"share": [str(k) for k in range(n + 1)]},
        {"A": {"share": [k / n for k in range(n + 1)]},
         "B": {"share": [1 - k / n for k in range(n + 1)]}},
        reservation=reservation)


def random_space(rng, P=3, options=(3, 4, 5), reservation=None):
    values = {f"p{p}": {f"i{i}": rng.random(k).tolist() for i, k in enumerate(options)}
              for p in range(P)}
    weights = {f"p{p}": {f"i{i}": float(w) for i, w in enumerate(rng.random(len(options)) + 0.1)}
               for p in range(P)}
    # option values must span [0, 1] per issue as in GENIUS; rescale each row
    for p in values.values():
        for i, row in p.items():
            lo, hi = min(row), max(row)
            p[i] = [(x - lo) / (hi - lo) for x in row]
    issues = {f"i{i}": [f"o{j}" for j in range(k)] for i, k in enumerate(options)}
    res = None if reservation is None else {f"p{p}": r for p, r in enumerate(reservation)}
    return OutcomeSpace.from_tables(issues, values, weights, res)


def test_linear_meets_linear_on_the_pie_where_the_formula_says():
    """n = 10, R = 20, both linear (e = 1): target_s = 1 − t_s for both.

    A offers the smallest k with k/10 ≥ 1 − t_s − 1e-4, i.e. k_A(s) = ⌈10(1 − t_s) − 0.001⌉;
    B the largest k with 1 − k/10 ≥ 1 − t_s − 1e-4, i.e. k_B(s) = ⌊10 t_s + 0.001⌋.
    s = 0..9: t_s = (s+1)/21, k_A = 10,10,9,9,8,8,7,7,6,6 and k_B = 0,0,1,1,2,2,3,3,4,4; A never
    accepts (B's k_B(s−1)/10 ≤ 0.4 < 1 − t_s) and B never accepts (1 − k_A/10 < 1 − t_s).
    s = 10: t = 11/21, A's target 10/21 = 0.476 > 0.4 (B's standing 4): A offers
    ⌈4.762 − 0.001⌉ = 5; B's target is 0.476 and 1 − 5/10 = 0.5 ≥ it: B accepts.
    Agreement: option 5 (0.5 each), round 11.
    """
    sim = simulate(pie(10), ["linear", "linear"], rounds=20)
    assert sim.agreement == 5 and sim.rounds_played == 11
    tr = sim.batch.trace
    assert tr.offers[0, :11, 0].tolist() == [10, 10, 9, 9, 8, 8, 7, 7, 6, 6, 5]
    assert tr.offers[0, :10, 1].tolist() == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]
    assert tr.actions[0, 10, 1] == ACCEPT
    assert sim.utilities.tolist() == [0.5, 0.5]
    assert sim.batch.pareto_distance[0] == 0.0


@pytest.mark.parametrize("n, R", [(10, 20), (20, 30), (7, 50), (100, 100)])
def test_linear_against_linear_general_formula(n, R):
    """The same reasoning for any n, R: in round s A first looks at B's last offer
    k_B(s−1) = ⌊n t_{s−1} + n·1e-4⌋ and accepts if k_B(s−1)/n ≥ 1 − t_s − 1e-4, else offers
    k_A(s) = ⌈n(1 − t_s) − n·1e-4⌉, which B accepts if k_A(s) ≤ n(t_s + 1e-4). The first round
    where either happens is the agreement; computed here in plain Python, one line per rule."""
    tol = 1e-4
    expected = None
    for s in range(R):
        t = (s + 1) / (R + 1)
        if s > 0:
            kb_prev = math.floor(n * ((s) / (R + 1) + tol))
            if kb_prev / n >= 1 - t - tol:
                expected = (kb_prev, s + 1)
                break
        ka = math.ceil(n * (1 - t - tol))
        if 1 - ka / n >= 1 - t - tol:
            expected = (ka, s + 1)
            break
    sim = simulate(pie(n), ["linear", "linear"], rounds=R)
    assert (sim.agreement, sim.rounds_played) == expected


def test_boulware_against_conceder_on_the_pie():
    """n = 10, R = 20; A Boulware (e = 1/4: target 1 − t⁴), B conceder (e = 4: 1 − t^¼).

    A offers k = 10 while 1 − t⁴ > 0.9 + 1e-4, i.e. until t ≥ 0.1^¼ = 0.562: s + 1 ≥ 11.8,
    so through s = 10. B offers k_B(s) = ⌊10 t_s^¼ + 0.001⌋ and accepts A's offers only when
    1 − k_A/10 ≥ its target.
    s = 11: t = 12/21 = 0.5714; A's target 1 − 0.1066 = 0.8934 > 0.8 (B's k_B(10) =
      ⌊10·0.8507⌋ = 8): A offers 9. B's target 1 − 0.8694 = 0.1306 > 0.1: B offers ⌊8.694⌋ = 8.
    s = 12: t = 0.6190; A's target 0.8532 > 0.8: A offers 9; B's 0.1130 > 0.1: B offers 8.
    s = 13: t = 0.6667; A's target 1 − 0.1975 = 0.8025 > 0.8 (just): A offers 9; B's target
      1 − 0.9036 = 0.0964 ≤ 0.1: B accepts.
    Agreement: option 9 (A 0.9, B 0.1), round 14 — the Boulware side takes nearly everything.
    """
    sim = simulate(pie(10), ["boulware", "conceder"], rounds=20)
    assert sim.agreement == 9 and sim.rounds_played == 14
    tr = sim.batch.trace
    assert tr.offers[0, :14, 0].tolist() == [10] * 11 + [9, 9, 9]
    assert tr.offers[0, 11:13, 1].tolist() == [8, 8]
    assert tr.targets[0, 13, 0] == pytest.approx(1 - (14 / 21) ** 4)
    assert tr.targets[0, 13, 1] == pytest.approx(1 - (14 / 21) ** 0.25)


def test_tit_for_tat_against_linear():
    """A tit-for-tat, B linear; n = 10, R = 20.

    B's offers are k_B(s) = ⌊10 t_s + 0.001⌋ = 0,0,1,1,2,2,3,3,4,4,5,… (s = 0, 1, …). A first
    receives B's offer 0 (worth 0 to A) and from then on concedes what B's offers have gained for
    it: target = 1 − (best received − 0) = 1 − k_B(s−1)/10. So A offers 10 − k_B(s−1) and accepts
    once k_B(s−1)/10 ≥ 1 − k_B(s−1)/10 − 1e-4, i.e. k_B(s−1) ≥ 5. B accepts A's offer if
    10 − k_B(s−1) ≤ 10 t_s + 0.001 — never before: s = 10 gives 10 − 4 = 6 > 5.24.
    s = 11: B's standing offer is k_B(10) = ⌊5.238⌋ = 5: A accepts. Agreement 5 in round 12.
    """
    sim = simulate(pie(10), ["tit_for_tat", "linear"], rounds=20)
    assert sim.agreement == 5 and sim.rounds_played == 12
    tr = sim.batch.trace
    assert tr.offers[0, 1:11, 0].tolist() == [10, 10, 9, 9, 8, 8, 7, 7, 6, 6]
    assert tr.actions[0, 11, 0] == ACCEPT


def test_two_tit_for_tats_never_move():
    sim = simulate(pie(10), ["tit_for_tat", "tit_for_tat"], rounds=30)
    assert sim.agreement is None
    tr = sim.batch.trace
    assert set(tr.offers[0, :, 0].tolist()) == {10} and set(tr.offers[0, :, 1].tolist()) == {0}


def test_hardheaded_never_concedes_before_the_deadline():
    sim = simulate(pie(10), ["hardheaded", "conceder"], rounds=20)
    assert set(sim.batch.trace.offers[0, :sim.rounds_played, 0].tolist()) <= {10, -1}


def test_tie_break_favours_the_others():
    """Two outcomes worth 0.5 to A: B prefers the second (0.9 vs 0.2), so A offers it."""
    sp = OutcomeSpace.from_tables({"x": ["a", "b", "c", "d"]},
                                  {"A": {"x": [1.0, 0.5, 0.5, 0.0]},
                                   "B": {"x": [0.0, 0.2, 0.9, 1.0]}})
    r = simulate_batch(sp, [["time:1", "hardheaded"]], rounds=3)
    # rounds 1-3 at t = 1/4, 2/4, 3/4: A's target 0.75, 0.5, 0.25 → offers a, c, c
    assert r.trace.offers[0, :, 0].tolist() == [0, 2, 2]


def test_agreements_stay_inside_the_zone_of_agreement():
    """For random 3-party spaces and reservations, every strategy profile: an agreement is
    never worth less than a party's reservation; when some reservation exceeds every outcome,
    there is no agreement at all."""
    rng = np.random.default_rng(7)
    names = ["boulware", "linear", "conceder", "tit_for_tat", "pareto"]
    profiles = strategy_profiles(names, 3)
    for _ in range(4):
        res = rng.uniform(0.2, 0.7, size=3)
        sp = random_space(rng, reservation=res)
        r = simulate_batch(sp, profiles, rounds=int(rng.integers(5, 60)))
        ok = r.agreed
        U = sp.utilities()
        assert np.all(U[:, r.agreement[ok]].T >= r.trace.end_reservation[ok] - 1e-12)
        assert np.all(r.payoff >= r.trace.end_reservation - 1e-12)
        zone = np.all(U >= res[:, None], axis=0)
        if not zone.any():
            assert not ok.any()
    sp = random_space(rng, reservation=[0.3, 0.3, 1.01])
    r = simulate_batch(sp, profiles, rounds=40)
    assert not r.agreed.any()


def test_pareto_follower_offers_only_frontier_outcomes():
    rng = np.random.default_rng(3)
    sp = random_space(rng, options=(4, 4, 3, 5))
    front = set(pareto_indices(sp.utilities()).tolist())
    r = simulate_batch(sp, [["pareto", "boulware", "linear"], ["pareto:0.25", "pareto", "pareto"]],
                       rounds=50)
    for b, row in enumerate(r.strategies):
        for p, st in enumerate(row):
            if st.kind != "pareto":
                continue
            mine = r.trace.offers[b, :, p]
            assert set(mine[r.trace.actions[b, :, p] == OFFER].tolist()) <= front
    assert r.agreed.all()


def test_agreement_needs_every_other_party():
    """Three parties: the deal is struck on the last acceptance, when the acceptances since the
    standing offer was made number P − 1."""
    rng = np.random.default_rng(11)
    sp = random_space(rng)
    r = simulate_batch(sp, strategy_profiles(["linear", "conceder"], 3), rounds=40)
    tr = r.trace
    for b in np.flatnonzero(r.agreed):
        s = int(tr.end_round[b])
        moves = [(int(q), int(tr.actions[b, q // 3, q % 3])) for q in range(3 * (s + 1))]
        last_offer = max(q for q, a in moves if a == OFFER)
        after = [a for q, a in moves if q > last_offer and a != 0]
        assert after == [ACCEPT, ACCEPT]
        assert r.agreement[b] == tr.offers[b, last_offer // 3, last_offer % 3]


def test_discounting_shrinks_the_payoff():
    """Linear vs linear on the pie: agreement 0.5/0.5 at round 11 of 20, t = 11/21;
    with δ = (0.9, 1) A's discounted utility is 0.5 · 0.9^(11/21)."""
    sim = simulate(pie(10), ["linear", "linear"], rounds=20, discount={"A": 0.9})
    d = sim.to_dict()["discounted_payoff"]
    assert d["A"] == pytest.approx(0.5 * 0.9 ** (11 / 21), abs=1e-6) and d["B"] == 0.5


def test_distance_to_nash_and_frontier():
    """Boulware vs conceder ends at 9 (0.9, 0.1); the Nash point of the pie with reservations 0
    is option 5 (0.5, 0.5): distance √(0.4² + 0.4²)."""
    sim = simulate(pie(10), ["boulware", "conceder"], rounds=20)
    d = sim.to_dict()
    assert d["nash"] == {"share": "5"}
    assert d["distance_to_nash"] == pytest.approx(math.sqrt(0.32), abs=1e-6)
    assert d["distance_to_pareto"] == 0.0
    assert d["agreement"] == {"share": "9"}
