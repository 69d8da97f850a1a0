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
    # a weighted mean has no pivotal actor: it rests on the weight shares, 1/3 each
    assert item["pivot"] is None and item["basis"]["kind"] == "weighted_mean"
    assert [x["share"] for x in item["basis"]["shares"]] == pytest.approx([1 / 3] * 3)
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


def test_median_models_keep_the_pivot_beside_a_status_quo():
    # A status quo on the issue does not make the weighted median a status-quo model: A and B
    # weigh 1 each, the cumulative weight reaches half (1) at A, the lower weighted median.
    (item,) = why(_two_veto_players(0.0), "median", top=1)["issues"]
    assert item["basis"] is None and item["pivot"]["actor"] == "a"
    assert item["forecast"] == 20.0


# --- weighted-mean models: the weight shares decide, not the weighted median ----------------

def _mean_three() -> Scenario:
    """A at 20, B at 60, C at 90 with capabilities 3, 1, 2 and saliences 0.8, 0.6, 0.5: weights
    c·s = 2.4, 0.6, 1.0, total 4."""
    return Scenario(
        id="mean3", title="mean3", issues=[Issue(id="x", name="X")],
        actors=[Actor(id=a, name=a.upper()) for a in ("a", "b", "c")],
        stances=[Stance(actor="a", issue="x", position=20, salience=0.8),
                 Stance(actor="b", issue="x", position=60, salience=0.6),
                 Stance(actor="c", issue="x", position=90, salience=0.5)],
        capabilities=[Capability(actor="a", value=3), Capability(actor="b", value=1),
                      Capability(actor="c", value=2)])


@pytest.mark.parametrize("model", ["compromise", "exchange"])
def test_a_weighted_mean_rests_on_the_weight_shares_by_hand(model):
    from accord.context.explain import explain_context

    # Mean (2.4·20 + 0.6·60 + 1.0·90) / 4 = (48 + 36 + 90) / 4 = 43.5; shares 2.4/4 = 0.6,
    # 0.6/4 = 0.15, 1/4 = 0.25, largest first. One issue: the exchange model finds no trade
    # (it needs two issues), so its votes are the positions and it forecasts the same mean.
    # The weighted median is A at 20 (A alone holds 0.6 of the weight) — far from 43.5.
    s = _mean_three()
    w = why(s, model, top=1)
    (item,) = w["issues"]
    b = item["basis"]
    assert item["forecast"] == pytest.approx(43.5) and item["pivot"] is None
    assert (b["model"], b["kind"]) == (model, "weighted_mean")
    assert b["mean"] == pytest.approx(43.5)
    assert [(x["actor"], x["position"]) for x in b["shares"]] == [("a", 20), ("c", 90),
                                                                  ("b", 60)]
    assert [x["share"] for x in b["shares"]] == pytest.approx([0.6, 0.25, 0.15])
    (r,) = explain_context(s, {"model": model, "why": w, "issues": [], "pairs": []})["reasons"]
    assert r["pivot_text"] is None and "weighted median" not in r["basis_text"]
    of = {"compromise": "the positions",
          "exchange": "the votes after the last round of exchanges"}[model]
    direct = "; an actor moving by d moves it by its share × d" if model == "compromise" else ""
    assert r["basis_text"] == (
        f"The capability × salience weighted mean of {of} (43.5): every actor pulls it in "
        f"proportion to its weight share — A 60% at 20, C 25% at 90, B 15% at 60{direct}.")


def test_the_median_model_still_reports_its_pivot():
    # Same actors: cumulative weight in order of position 2.4 ≥ 4/2 at A, so A (at 20) holds
    # the weighted median alone, 0 below it, (0.6 + 1.0)/4 = 0.4 above.
    (item,) = why(_mean_three(), "median", top=1)["issues"]
    p = item["pivot"]
    assert item["forecast"] == 20.0 and item["basis"] is None
    assert (p["actor"], p["position"], p["below"]) == ("a", 20.0, 0.0)
    assert p["above"] == pytest.approx(0.4) and p["weight_share"] == pytest.approx(0.6)


def test_the_exchange_model_rests_on_the_votes_after_the_exchanges_by_hand():
    # decide's 2 × 2 case (docs/models/exchange.md, oracles): A1 at 0 on both issues
    # (saliences 0.1, 0.9), A2 at 100 (0.6, 0.5), capabilities 1. In round 1 A1 moves to 100
    # on issue 1 and A2 from 100 to 80 on issue 2. The forecast on issue 2 is the weighted
    # mean of those votes, (0.9·0 + 0.5·80) / 1.4 = 28.5714 with shares 0.9/1.4 and 0.5/1.4 —
    # not that of the starting positions, 0.5·100 / 1.4 = 35.714.
    s = Scenario(
        id="two", title="two", issues=[Issue(id="issue1", name="1"), Issue(id="issue2", name="2")],
        actors=[Actor(id=a, name=a) for a in ("A1", "A2")],
        stances=[Stance(actor="A1", issue="issue1", position=0, salience=0.1),
                 Stance(actor="A1", issue="issue2", position=0, salience=0.9),
                 Stance(actor="A2", issue="issue1", position=100, salience=0.6),
                 Stance(actor="A2", issue="issue2", position=100, salience=0.5)],
        capabilities=[Capability(actor="A1", value=1), Capability(actor="A2", value=1)])
    one, two = why(s, "exchange", params={"rounds": 1}, top=1)["issues"]
    assert one["forecast"] == pytest.approx(100.0) and one["basis"]["mean"] == pytest.approx(100)
    b = two["basis"]
    assert two["pivot"] is None and two["forecast"] == pytest.approx(40 / 1.4)
    assert b["mean"] == pytest.approx(40 / 1.4)
    assert [(x["actor"], x["position"]) for x in b["shares"]] == [("A1", 0.0),
                                                                  ("A2", pytest.approx(80.0))]
    assert [x["share"] for x in b["shares"]] == pytest.approx([0.9 / 1.4, 0.5 / 1.4])


@pytest.mark.parametrize("model, kind, words", [
    # docs/models/nash.md: argmax Π (u_i − d_i)^{c_i s_i}, quadratic loss by default
    ("nash", "nash_product", "The asymmetric Nash bargaining solution: the point that "
                             "maximises the product"),
    # docs/models/smp.md: Σ over distinct final positions of P(win) × position
    ("smp", "expected_outcome", "The expected outcome of the final state"),
    # docs/models/recommended.md: the median of the components' forecasts
    ("recommended", "median_of_models", "The median of the 8 forecasts"),
])
def test_other_models_say_what_decides_them_not_a_median_pivot(model, kind, words):
    from accord.context.explain import explain_context

    s = _mean_three()
    w = why(s, model, top=1)
    (item,) = w["issues"]
    assert item["pivot"] is None and item["basis"]["kind"] == kind
    (r,) = explain_context(s, {"model": model, "why": w, "issues": [], "pairs": []})["reasons"]
    assert r["pivot_text"] is None and r["basis_text"].startswith(words)
    assert "weighted median" not in r["basis_text"]
    if model == "recommended":
        # no status quo: the three status-quo models give none, eight forecasts remain; the
        # median of eight is the mean of the 4th and 5th
        parts = sorted(v for v in item["basis"]["components"].values() if v is not None)
        assert len(parts) == 8
        assert item["forecast"] == pytest.approx((parts[3] + parts[4]) / 2)
