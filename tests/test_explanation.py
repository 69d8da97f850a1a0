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


# --- status-quo models: the win-set decides, not the weighted median ------------------------

def _two_veto_players(sq: float) -> Scenario:
    """A at 20 and B at 60 (weights 1, 1), unanimity (the default rule), status quo ``sq``."""
    from accord.scenario.rules import StatusQuo

    return Scenario(
        id="two", title="two", issues=[Issue(id="x", name="X", status_quo=StatusQuo(value=sq))],
        actors=[Actor(id=a, name=a.upper()) for a in ("a", "b")],
        stances=[Stance(actor="a", issue="x", position=20, salience=1),
                 Stance(actor="b", issue="x", position=60, salience=1)],
        capabilities=[Capability(actor="a", value=1), Capability(actor="b", value=1)])


def test_veto_players_rest_on_the_win_set_by_hand():
    from accord.context.explain import explain_context

    # SQ = 0: A prefers (0, 40) to it (the interval up to its mirror image 2·20 − 0), B (0, 120),
    # so W(SQ) = (0, 40), closure [0, 40]; the weighted mean of the two veto players is 40, a
    # point of it: forecast 40. The weighted median (A and B tie at half the weight) has
    # nothing to do with it.
    (item,) = why(_two_veto_players(0.0), "veto_players", top=1)["issues"]
    b = item["basis"]
    assert item["forecast"] == pytest.approx(40.0) and item["pivot"] is None
    assert (b["kind"], b["status_quo"], b["rule"]) == ("win_set", 0.0, "unanimity")
    assert b["win_set"] == [[0.0, 40.0]] and b["target"] == pytest.approx(40.0)
    assert b["required"] == ["a", "b"]
    # SQ = 45 between them: A prefers (−5, 45) to it, B (45, 75); no common point, SQ holds
    s = _two_veto_players(45.0)
    w = why(s, "veto_players", top=1)
    (item,) = w["issues"]
    b = item["basis"]
    assert item["forecast"] == 45.0 and b["kind"] == "status_quo_holds" and b["win_set"] == []
    assert {(x["actor"], x["kind"], x["value"], x["side"]) for x in b["limits"]} == \
        {("a", "status quo", 45.0, "at_most"), ("b", "status quo", 45.0, "at_least")}
    # in words: no "weighted median" claim, the win-set and who closes it instead
    (r,) = explain_context(s, {"model": "veto_players", "why": w, "issues": [],
                               "pairs": []})["reasons"]
    assert r["pivot_text"] is None
    assert r["basis_text"] == (
        "The status quo holds: the win-set of the status quo (45) under unanimity is empty — "
        "no change is preferred to it by every actor the rule needs (A prefers the status quo "
        "to anything ≥ 45, B prefers the status quo to anything ≤ 45).")


def test_compromise_with_the_status_quo_rests_on_the_consensus_by_hand():
    # SQ = 0: the outcomes both prefer to it are (0, 40) ∩ (0, 120) = (0, 40); the Nash
    # solution there is 60 − √1200 ≈ 25.36 (docs/models/compromise_sq.md), the weighted mean
    # (20 + 60)/2 = 40
    (item,) = why(_two_veto_players(0.0), "compromise_sq", top=1)["issues"]
    b = item["basis"]
    assert item["pivot"] is None and item["forecast"] == pytest.approx(60 - 1200 ** 0.5)
    assert b["kind"] == "nash_over_consensus"
    assert b["consensus"] == [0.0, 40.0] and b["mean"] == pytest.approx(40.0)
    (item,) = why(_two_veto_players(45.0), "compromise_sq", top=1)["issues"]
    assert item["basis"]["kind"] == "status_quo_holds" and item["basis"]["consensus"] is None


@pytest.mark.parametrize("sq, win_set, forecast, kind", [
    # Voters at 20, 50, 80 under simple majority (pivot 50), a non-voting setter S at 70
    # (Romer & Rosenthal 1978; docs/models/agenda_setter.md: q < m → min(s, 2m − q)). W(q) is
    # where two of the three voters prefer x to q: between q and its mirror 2·50 − q for the
    # pivot, the third voter's side beyond it.
    (10.0, [[10.0, 90.0]], 70.0, "setter_ideal"),     # W(10) holds 70
    (40.0, [[40.0, 60.0]], 60.0, "setter_edge"),      # 2·50 − 40 = 60 < 70: W's edge
    (60.0, [[40.0, 60.0]], 60.0, "setter_keeps_sq"),  # m ≤ q ≤ s: nothing beats 60 for S
])
def test_agenda_setter_rests_on_its_proposal_by_hand(sq, win_set, forecast, kind):
    from accord.context.explain import basis_sentence
    from accord.scenario.rules import DecisionRule, StatusQuo

    voters = ("v1", "v2", "v3")
    s = Scenario(
        id="rr", title="rr",
        issues=[Issue(id="x", name="X", status_quo=StatusQuo(value=sq),
                      decision_rule=DecisionRule(kind="simple_majority", members=list(voters),
                                                 agenda_setter="s"))],
        actors=[Actor(id=a, name=a.upper()) for a in voters + ("s",)],
        stances=[Stance(actor=a, issue="x", position=x, salience=1)
                 for a, x in zip(voters + ("s",), (20, 50, 80, 70))],
        capabilities=[Capability(actor=a, value=1) for a in voters + ("s",)])
    (item,) = why(s, "agenda_setter", top=1)["issues"]
    b = item["basis"]
    assert item["forecast"] == pytest.approx(forecast) and item["pivot"] is None
    assert (b["kind"], b["setter"], b["setter_position"], b["setter_named"]) == \
        (kind, "s", 70.0, True)
    assert b["win_set"] == win_set
    text = basis_sentence(s, b)
    assert text.startswith("S sets the agenda at 70; the win-set of the status quo") and \
        "simple majority" in text and "median" not in text


def test_position_models_keep_the_pivot():
    (item,) = why(_two_veto_players(0.0), "compromise", top=1)["issues"]
    assert item["basis"] is None and item["pivot"]["actor"] in ("a", "b")
