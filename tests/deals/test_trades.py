"""Package trades: concessions on different issues that leave both sides better off."""

from __future__ import annotations

import pytest

from accord.deals.space import OutcomeSpace
from accord.deals.trades import package_trades


def space():
    # A cares 3:1 about guarantees; B 3:1 about territory — the classic logroll
    return OutcomeSpace.from_tables(
        {"territory": ["keep", "half", "withdraw"], "guarantees": ["none", "weak", "strong"],
         "aid": ["no", "yes"]},
        {"A": {"territory": [1, 0.5, 0], "guarantees": [0, 0.5, 1], "aid": [0, 1]},
         "B": {"territory": [0, 0.5, 1], "guarantees": [1, 0.5, 0], "aid": [1, 0]},
         "C": {"territory": [0, 0, 0], "guarantees": [0, 0, 0], "aid": [0, 1]}},
        weights={"A": {"territory": 1, "guarantees": 3},
                 "B": {"territory": 3, "guarantees": 1},
                 "C": {"aid": 1}},
        reservation={"A": 0.0, "B": 0.0, "C": 0.0})


def test_withdrawal_for_guarantees_ranks_first():
    sp = space()
    ref = {"territory": "keep", "guarantees": "none", "aid": "no"}
    trades = package_trades(sp, ref)
    best = trades[0]
    # A concedes territory (keep → withdraw): A −0.25, B +0.75; B concedes guarantees
    # (none → strong): A +0.75, B −0.25 → each +0.5
    assert (sp.issue_ids[best.issue_x], sp.option_labels[best.issue_x][best.option_x]) == \
        ("territory", "withdraw")
    assert (sp.issue_ids[best.issue_y], sp.option_labels[best.issue_y][best.option_y]) == \
        ("guarantees", "strong")
    assert best.gains.tolist() == pytest.approx([0.5, 0.5, 0.0])
    # every listed package raises both conceding parties' utility
    assert all(t.gains[t.a] > 0 and t.gains[t.b] > 0 for t in trades)
    # the half-way package (+0.25 each) comes after the full one
    mins = [min(t.gains[t.a], t.gains[t.b]) for t in trades]
    assert mins == sorted(mins, reverse=True)
    assert "A concedes on territory (keep → withdraw)" in best.describe(sp)


def test_no_trade_from_a_pareto_optimal_outcome_between_two_parties():
    sp = space()
    assert package_trades(sp, {"territory": "withdraw", "guarantees": "strong", "aid": "no"},
                          parties=["A", "B"]) == []
