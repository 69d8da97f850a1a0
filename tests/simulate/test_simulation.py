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
    """The built-in scenario states reservations 0.6 / 0.5 / 0.4 / 0.45; without Russia's stated
    value its Fearon war value p − c = 0.65 − 0.2 = 0.45 is used (accord.deals.war)."""
    sim = simulate(talks, rounds=5)
    assert sim.to_dict()["reservation"] == {"russia": 0.6, "ukraine": 0.5, "united_states": 0.4,
                                            "european_coalition": 0.45}
    edited = talks.model_copy(deep=True)
    russia = next(o for o in edited.outside_options if o.actor == "russia")
    russia.reservation = None
    sim = simulate(edited, rounds=5)
    assert sim.to_dict()["reservation"]["russia"] == pytest.approx(0.45)


def test_agreement_json_and_figure(talks):
    """Russia linear, the others Boulware, 100 rounds: the zone of agreement is small, and the
    deal comes in the last round, above every reservation."""
    sim = simulate(talks, {"russia": "linear"}, default_strategy="boulware", rounds=100)
    d = json.loads(json.dumps(sim.to_dict(), allow_nan=False))
    assert set(d) >= {"agreement", "utilities", "distance_to_pareto", "distance_to_nash",
                      "history", "nash"}
    assert d["rounds_played"] == 100 and set(d["agreement"]) == set(sim.space.issue_ids)
    assert all(d["utilities"][p] >= d["reservation"][p] for p in d["parties"])
    assert d["distance_to_nash"] is not None and d["distance_to_pareto"] >= 0
    fig = utility_figure(sim)
    names = [tr["name"] for tr in fig["data"]]
    assert "Russia: on the table" in names and "Ukraine: own offer" in names
    json.dumps(fig, allow_nan=False)
