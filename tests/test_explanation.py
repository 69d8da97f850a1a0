"""Why a model lands where it does: the pivotal actor and the inputs that move it, by hand."""

from __future__ import annotations

import numpy as np
import pytest

from accord.explanation import pivot, why
from accord.scenario.model import Actor, Capability, Issue, Scenario, Stance


def test_pivot_is_the_weighted_median_actor():
    x = np.array([10.0, 50.0, 90.0])
    # Equal weights: half the weight (1.5) is reached at the middle actor.
    p = pivot(x, np.array([1.0, 1.0, 1.0]), ["a", "b", "c"])
    assert p["actor"] == "b" and p["below"] == pytest.approx(1 / 3)
    assert p["above"] == pytest.approx(1 / 3) and p["at_median"] == ["b"]
    # a weighs 3 of 5: it holds the median alone, nobody below it, 2/5 above.
    p = pivot(x, np.array([3.0, 1.0, 1.0]), ["a", "b", "c"])
    assert (p["actor"], p["below"], p["above"]) == ("a", 0.0, pytest.approx(0.4))
    # Actors without weight (no stance) never pivot.
    assert pivot(x, np.array([0.0, 0.0, 2.0]), ["a", "b", "c"])["actor"] == "c"


def _three_actors() -> Scenario:
    """Capabilities 1, 2, 1; saliences 1, 0.5, 1: weights w = 1, 1, 1 (capability × salience);
    positions 20, 50, 80, A's with the plausible range 10–40."""
    return Scenario(
        id="three", title="three", issues=[Issue(id="x", name="X")],
        actors=[Actor(id=a, name=a.upper()) for a in ("a", "b", "c")],
        stances=[Stance(actor="a", issue="x", position=20, salience=1, position_range=(10, 40)),
                 Stance(actor="b", issue="x", position=50, salience=0.5),
                 Stance(actor="c", issue="x", position=80, salience=1)],
        capabilities=[Capability(actor="a", value=1), Capability(actor="b", value=2),
                      Capability(actor="c", value=1)])


def test_drivers_of_the_weighted_mean_by_formula():
    w = why(_three_actors(), "compromise")
    (item,) = w["issues"]
    # The weighted mean (20 + 50 + 80) / 3 = 50; moving A's position from 10 to 40 moves it by
    # w_A (40 − 10) / Σw = 30 / 3 = 10: from (10 + 130) / 3 to (40 + 130) / 3.
    assert item["forecast"] == pytest.approx(50.0)
    (d,) = item["drivers"]
    assert d["input"] == "position[a,x]"
    assert d["at_low"] == pytest.approx(140 / 3) and d["at_high"] == pytest.approx(170 / 3)
    assert d["swing"] == pytest.approx(10.0)
    assert item["pivot"]["actor"] == "b"
    assert w["method"].endswith("over the plausible ranges the scenario states")


def test_without_ranges_the_swing_is_ten_percent_of_the_scale():
    s = _three_actors()
    for st in s.stances:
        st.position_range = None
    (item,) = why(s, "compromise")["issues"]
    # Each position ±10 on the 0–100 scale moves the mean by 20 / 3; each salience ±0.1 moves
    # its weight: A's salience 0.9–1.1 clipped to 0.9–1.0 gives means (18 + 130)/2.9 and 50.
    swings = {d["input"]: d["swing"] for d in item["drivers"]}
    assert swings["position[a,x]"] == pytest.approx(20 / 3)
    assert swings["salience[a,x]"] == pytest.approx(148 / 2.9 - 50)


def test_why_runs_a_drawing_model_on_the_stream_a_forecast_gives_it():
    # A forecast runs each model on stream(seed, name) (docs/randomness.md, rule 2); `why`
    # explains that result, so under Random Rate it must forecast what the forecast does with
    # the same seed — and not what another seed gives.
    import accord

    params = {"variant": "random-rate"}
    w = why("ukraine-talks-2026-01", "exchange", params=params, seed=3, top=1)
    fc = {s: accord.forecast("ukraine-talks-2026-01", models=["exchange"],
                             params={"exchange": params}, seed=s, whether=False) for s in (3, 4)}
    got = [i["forecast"] for i in w["issues"]]
    assert got == [fc[3].value("exchange", i["issue"]) for i in w["issues"]]
    assert got != [fc[4].value("exchange", i["issue"]) for i in w["issues"]]
