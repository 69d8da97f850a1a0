"""A single simulation on a scenario: reservations from the war fallback, JSON, plot data."""

from __future__ import annotations

import json

import pytest

from accord.scenario.builtin import load_builtin
from accord.simulate import simulate
from accord.simulate.plot import utility_figure


@pytest.fixture(scope="module")
def talks():
    return load_builtin("ukraine-talks-2026-01")


def test_reservations_come_from_the_outside_options(talks):
    """The built-in scenario states (derived) reservations 0.493 / 0.199 / 0.300 / 0.255; a
    party whose stated value is removed and which states Fearon's numbers falls back on its war
    value p − c (accord.deals.war): here 0.65 − 0.2 = 0.45."""
    sim = simulate(talks, rounds=5)
    assert sim.to_dict()["reservation"] == {"russia": 0.493, "ukraine": 0.199,
                                            "united_states": 0.3, "european_coalition": 0.255}
    edited = talks.model_copy(deep=True)
    russia = next(o for o in edited.outside_options if o.actor == "russia")
    russia.reservation = None
    russia.win_probability, russia.cost = 0.65, 0.2
    sim = simulate(edited, rounds=5)
    assert sim.to_dict()["reservation"]["russia"] == pytest.approx(0.45)


def test_agreement_json_and_figure(talks):
    """Russia linear, the others Boulware, 100 rounds, with Russia's Donbas red line dropped
    (with it no agreement respects every red line): the deal comes before the deadline, above
    every reservation, and within Ukraine's red line on the Donbas (at most 25)."""
    open_talks = talks.model_copy(deep=True)
    open_talks.stance("russia", "donbas").red_line = None
    sim = simulate(open_talks, {"russia": "linear"}, default_strategy="boulware", rounds=100)
    d = json.loads(json.dumps(sim.to_dict(), allow_nan=False))
    assert set(d) >= {"agreement", "utilities", "distance_to_pareto", "distance_to_nash",
                      "history", "nash"}
    assert d["rounds_played"] <= 100 and set(d["agreement"]) == set(sim.space.issue_ids)
    assert d["red_lines"] is None
    assert d["agreement"]["donbas"] in ("Freeze at the contact line, no withdrawal, no recognition",
                                        "Mutual pullback with monitors; changes only by referendum")
    closed = simulate(talks, rounds=5).to_dict()
    assert closed["red_lines"] == ("no zone on Donbas territory: Russia's red line ≥ 50, "
                                   "Ukraine's red line ≤ 25: no agreement respects every red line")
    assert all(d["utilities"][p] >= d["reservation"][p] for p in d["parties"])
    assert d["distance_to_nash"] is not None and d["distance_to_pareto"] >= 0
    fig = utility_figure(sim)
    names = [tr["name"] for tr in fig["data"]]
    assert "Russia: on the table" in names and "Ukraine: own offer" in names
    json.dumps(fig, allow_nan=False)
