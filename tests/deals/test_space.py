"""Outcome spaces: mixed-radix indexing, utilities by broadcasting, and building from scenarios."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import accord.deals.space as space_mod
from accord.deals.space import OutcomeSpace, option_value
from accord.errors import AccordError
from accord.scenario.model import (Actor, Capability, DealIssue, DealOption, DealSpace, Issue,
                                   Option, OutsideOption, Scenario, Stance)


def random_space(n=(3, 4, 2, 5), P=3, seed=0):
    rng = np.random.default_rng(seed)
    return OutcomeSpace(tuple(f"p{k}" for k in range(P)), tuple(f"i{k}" for k in range(len(n))),
                        tuple(tuple(f"o{j}" for j in range(k)) for k in n), np.array(n),
                        rng.dirichlet(np.ones(len(n)), P), tuple(rng.random((P, k)) for k in n),
                        np.zeros(P))


def test_mixed_radix_matches_itertools_product_order():
    sp = random_space()
    combos = np.array(list(itertools.product(*[range(k) for k in sp.n_options])))
    assert np.array_equal(sp.outcome_index(combos), np.arange(len(combos)))
    assert np.array_equal(sp.option_indices(np.arange(len(combos))), combos)
    assert sp.n_outcomes == 3 * 4 * 2 * 5


def test_utilities_equal_a_per_outcome_loop_bit_for_bit():
    sp = random_space()
    U = sp.utilities()
    for o, opts in enumerate(itertools.product(*[range(k) for k in sp.n_options])):
        for p in range(3):
            expected = sum(sp.weights[p, i] * sp.values[i][p, k] for i, k in enumerate(opts))
            assert U[p, o] == expected
    some = np.array([0, 7, 119, 55])
    assert np.array_equal(sp.utilities(some), U[:, some])


def test_chunked_build_equals_one_broadcast(monkeypatch):
    sp = random_space(n=(7, 6, 5, 4, 3), P=2, seed=3)
    whole = sp.utilities()
    for chunk in (1, 5, 13, 64):
        monkeypatch.setattr(space_mod, "CHUNK", chunk)
        assert np.array_equal(sp.utilities(), whole)
        assert np.array_equal(sp.utilities(np.arange(sp.n_outcomes)[::-1]), whole[:, ::-1])


def test_from_tables_normalises_weights_and_validates():
    sp = OutcomeSpace.from_tables({"x": ["a", "b"]}, {"P": {"x": [0.0, 1.0]}},
                                  weights={"P": {"x": 5.0}}, reservation={"P": 0.25})
    assert sp.weights.tolist() == [[1.0]]
    assert sp.reservation.tolist() == [0.25]
    with pytest.raises(AccordError, match="values"):
        OutcomeSpace.from_tables({"x": ["a", "b"]}, {"P": {"x": [0.0, 1.5]}})
    with pytest.raises(AccordError, match="2 options"):
        OutcomeSpace.from_tables({"x": ["a", "b"]}, {"P": {"x": [0.0]}})


def test_with_reservation_changes_only_the_reservation_and_copies_the_input():
    sp = OutcomeSpace.from_tables({"x": ["a", "b"]},
                                  {"P": {"x": [0.0, 1.0]}, "Q": {"x": [1.0, 0.0]}},
                                  reservation={"P": 0.25, "Q": 0.5})
    given = np.array([0.1, 0.2])
    twin = sp.with_reservation(given)
    given[0] = 0.9                       # the caller's array is not the space's
    assert twin.reservation.tolist() == [0.1, 0.2]
    assert sp.reservation.tolist() == [0.25, 0.5]
    assert twin.with_reservation({"Q": 0.3}).reservation.tolist() == [0.1, 0.3]
    # utilities by hand: P values a=0, b=1; Q the reverse — unchanged by the reservation
    assert twin.utilities().tolist() == [[0.0, 1.0], [1.0, 0.0]]
    with pytest.raises(AccordError, match=r"shape \(2,\)"):
        sp.with_reservation([0.1, 0.2, 0.3])
    with pytest.raises(AccordError, match="'Q'.*not a finite"):
        sp.with_reservation([0.1, float("nan")])


def test_option_value_rule_by_hand():
    # position 25 on 0..100: the far end is 100, 75 away; 50 is 25 away → 1 − 25/75 = 2/3
    assert option_value(50, 25, 0, 100) == pytest.approx(2 / 3)
    assert option_value(100, 25, 0, 100) == 0.0
    assert option_value(25, 25, 0, 100) == 1.0


def two_actor_scenario(**kw):
    return Scenario(
        id="toy", title="Toy",
        actors=[Actor(id="a", name="A"), Actor(id="b", name="B")],
        issues=[Issue(id="x", name="X", anchors=[]),
                Issue(id="y", name="Y", kind="discrete",
                      options=[Option(id="lo", label="low", value=0),
                               Option(id="hi", label="high", value=100)])],
        stances=[Stance(actor="a", issue="x", position=0, salience=0.6),
                 Stance(actor="b", issue="x", position=100, salience=0.2),
                 Stance(actor="a", issue="y", position=0, salience=0.2),
                 Stance(actor="b", issue="y", position=100, salience=0.6)],
        capabilities=[Capability(actor="a", value=1), Capability(actor="b", value=1)], **kw)


def test_from_scenario_derives_values_from_stances_and_weights_from_salience():
    s = two_actor_scenario(outside_options=[OutsideOption(actor="a", reservation=0.3),
                                            OutsideOption(actor="b", win_probability=0.6,
                                                          cost=0.2)])
    sp = OutcomeSpace.from_scenario(s, levels=3)
    assert sp.party_ids == ("a", "b")
    assert sp.option_labels[0] == ("0", "50", "100")          # 3 levels on a continuous issue
    assert sp.option_labels[1] == ("low", "high")
    # A at 0: values 1, 0.5, 0; B at 100: 0, 0.5, 1
    assert sp.values[0].tolist() == [[1.0, 0.5, 0.0], [0.0, 0.5, 1.0]]
    # weights: salience normalised per actor: A 0.6/0.8, 0.2/0.8
    assert sp.weights[0].tolist() == pytest.approx([0.75, 0.25])
    assert sp.weights[1].tolist() == pytest.approx([0.25, 0.75])
    # reservation: stated 0.3; B from Fearon: 0.6 − 0.2
    assert sp.reservation.tolist() == pytest.approx([0.3, 0.4])
    # outcome (x=50, y=high): A = 0.75·0.5 + 0.25·0 = 0.375
    o = sp.outcome_index([1, 1])
    assert sp.utilities([o])[:, 0].tolist() == pytest.approx([0.375, 0.875])


def test_from_scenario_uses_the_explicit_deal_space_and_fills_gaps_from_positions():
    ds = DealSpace(issues=[DealIssue(issue="x", weights={"a": 1.0, "b": 1.0}, options=[
        DealOption(id="left", label="left", position=0, values={"a": 0.9}),
        DealOption(id="mid", label="middle", position=40),
        DealOption(id="right", label="right", position=100, values={"a": 0.0, "b": 1.0})])])
    s = two_actor_scenario(deal_space=ds)
    sp = OutcomeSpace.from_scenario(s)
    assert sp.issue_ids == ("x",)
    assert sp.weights.tolist() == [[1.0], [1.0]]
    # stated values win; the gaps come from the stance (A at 0: 1 − 40/100; B at 100: 0 and 0.4)
    assert sp.values[0][0].tolist() == pytest.approx([0.9, 0.6, 0.0])
    assert sp.values[0][1].tolist() == pytest.approx([0.0, 0.4, 1.0])
