"""Interventions change the path only from their round on."""

from __future__ import annotations

import numpy as np
import pytest

from accord.deals.space import OutcomeSpace
from accord.errors import AccordError
from accord.simulate import parse_intervention, simulate


def pie(n: int = 10) -> OutcomeSpace:
    return OutcomeSpace.from_tables(
        {"share": [str(k) for k in range(n + 1)]},
        {"A": {"share": [k / n for k in range(n + 1)]},
         "B": {"share": [1 - k / n for k in range(n + 1)]}})


def two_issue() -> OutcomeSpace:
    return OutcomeSpace.from_tables(
        {"price": ["low", "mid", "high"], "delivery": ["fast", "normal", "slow"]},
        {"buyer": {"price": [1.0, 0.5, 0.0], "delivery": [1.0, 0.6, 0.0]},
         "seller": {"price": [0.0, 0.5, 1.0], "delivery": [0.0, 0.3, 1.0]}},
        {"buyer": {"price": 3, "delivery": 1}, "seller": {"price": 1, "delivery": 1}})


def same_until(a, b, k: int) -> None:
    """Histories of two single runs identical in rounds 1..k−1 (0-based < k−1)."""
    ta, tb = a.batch.trace, b.batch.trace
    n = k - 1
    assert np.array_equal(ta.offers[0, :n], tb.offers[0, :n])
    assert np.array_equal(ta.actions[0, :n], tb.actions[0, :n])
    assert np.array_equal(ta.targets[0, :n], tb.targets[0, :n], equal_nan=True)
    assert np.array_equal(ta.table[0, :n], tb.table[0, :n])


@pytest.mark.parametrize("protocol", ["alternating", "mediator"])
@pytest.mark.parametrize("intervention", ["8:B.reservation=0.45", "6:A.strategy=boulware",
                                          "9:B.strategy=conceder"])
def test_history_identical_before_the_intervention_round(protocol, intervention):
    base = simulate(pie(20), ["linear", "linear"], rounds=30, protocol=protocol, seed=4)
    changed = simulate(pie(20), ["linear", "linear"], rounds=30, protocol=protocol, seed=4,
                       interventions=[intervention])
    k = parse_intervention(intervention).round
    same_until(base, changed, k)
    # and it does change something from round k on
    ta, tb = base.batch.trace, changed.batch.trace
    assert not np.array_equal(ta.targets[0, k - 1:], tb.targets[0, k - 1:], equal_nan=True)


def test_better_fallback_changes_the_deal():
    """Linear vs linear on the pie agrees at 5 in round 11 of 20 (test_offers). From round 4 B's
    fallback is worth 0.45 instead of 0, so its curve ends at 0.45: in 0-based round s ≥ 3,
    B's target is 1 − 0.55 t_s (A's stays 1 − t_s), t_s = (s + 1)/21.

    - B offers k_B(s) = ⌊5.5 t_s + 0.001⌋ and accepts A's offer k iff k ≤ 5.5 t_s + 0.001;
    - A offers k_A(s) = ⌈10(1 − t_s) − 0.001⌉ and accepts B's standing k iff
      k/10 ≥ 1 − t_s − 1e-4.

    B accepts never: k_A(s) ≥ 4 for s ≤ 13 while 5.5 t_s ≤ 3.67. A: in s = 12 (round 13) B's
    standing offer is k_B(11) = ⌊5.5·12/21⌋ = 3, worth 0.3 < 1 − 13/21 = 0.381; in s = 13,
    k_B(12) = ⌊3.405⌋ = 3 < 0.333·10; in s = 14 (round 15), k_B(13) = ⌊3.667⌋ = 3 and
    0.3 ≥ 1 − 15/21 = 0.286: A accepts. Agreement 3 in round 15: A 0.3, B 0.7 — the better
    fallback moved the deal two options B's way and took four rounds longer.
    """
    sim = simulate(pie(10), ["linear", "linear"], rounds=20, interventions=["4:B.reservation=0.45"])
    assert sim.agreement == 3 and sim.rounds_played == 15
    assert sim.to_dict()["reservation_at_end"] == {"A": 0.0, "B": 0.45}


def test_weights_intervention_rebuilds_utilities():
    base = simulate(two_issue(), ["linear", "linear"], rounds=40)
    changed = simulate(two_issue(), ["linear", "linear"], rounds=40,
                       interventions=["5:buyer.weights=delivery:3"])
    same_until(base, changed, 5)
    sched = changed.batch.schedule
    assert sorted(sched.tables) == [0, 4]
    # round 5 is 0-based index 4: rounds 1-4 use the first tables, rounds 5 on the new ones
    assert [sched.phase(s) for s in (0, 3, 4, 39)] == [0, 0, 4, 4]
    assert changed.batch.trace.end_phase[0] == 4
    w = sched.spaces[4].weights[0]
    # buyer's row was (0.75, 0.25); delivery set to 3, then normalised: (0.75, 3)/3.75
    assert w.tolist() == pytest.approx([0.2, 0.8])
    if changed.agreement is not None:
        U = sched.tables[4].utilities
        assert changed.utilities.tolist() == U[:, changed.agreement].tolist()


def test_reservation_above_everything_makes_the_party_walk_away():
    sim = simulate(pie(10), ["linear", "linear"], rounds=20, interventions=["3:B.reservation=1.2"])
    assert sim.agreement is None and sim.rounds_played == 3
    d = sim.to_dict()
    assert d["history"][2]["moves"][-1]["action"] == "walk away"
    assert d["payoff"] == {"A": 0.0, "B": 1.2}


@pytest.mark.parametrize("text, message", [
    ("ukraine.reservation=0.3", "ROUND:PARTY"),
    ("x:ukraine.reservation=0.3", "whole number"),
    ("0:ukraine.reservation=0.3", "numbered from 1"),
    ("3:ukraine.mood=0.3", "unknown field"),
    ("3:ukraine.strategy=stubborn", "unknown strategy"),
    ("3:russia.weights=donbas", "ISSUE:WEIGHT"),
])
def test_bad_interventions_are_explained(text, message):
    with pytest.raises(AccordError, match=message):
        parse_intervention(text)


def test_unknown_party_or_late_round_is_an_error():
    with pytest.raises(AccordError, match="unknown party"):
        simulate(pie(), ["linear", "linear"], rounds=10, interventions=["3:C.reservation=0.1"])
    with pytest.raises(AccordError, match="after the last round"):
        simulate(pie(), ["linear", "linear"], rounds=10, interventions=["11:A.reservation=0.1"])
