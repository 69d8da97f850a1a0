"""The bargaining model of war: oracles from models.md §6, worked by hand below."""

from __future__ import annotations

import pytest

from accord.deals.space import OutcomeSpace
from accord.deals.war import (attrition_values, commitment_problem, expected_war_value,
                              fearon_range, mutual_optimism, reservation_values)
from accord.errors import AccordError, ScenarioError
from accord.scenario.model import Actor, Issue, OutsideOption, Scenario


def test_fearon_range():
    # p = 0.6, c_A = 0.1, c_B = 0.15 → [0.6 − 0.1, 0.6 + 0.15]
    r = fearon_range(0.6, 0.1, 0.15)
    assert (r.low, r.high) == pytest.approx((0.50, 0.75))
    assert r.exists and r.width == pytest.approx(0.25)


def test_attrition_values_and_range():
    # V_A = (0.05 − 0.01)/(1 − 0.95·0.92) = 0.04/0.126 = 0.31746; V_B = 0.02/0.126 = 0.15873
    a = attrition_values((0.05, 0.03), (0.01, 0.01), 0.95)
    assert a.values[0] == pytest.approx(0.04 / 0.126)
    assert round(a.values[0], 4) == 0.3175 and round(a.values[1], 4) == 0.1587
    assert round(a.range.low, 4) == 0.3175 and round(a.range.high, 4) == 0.8413
    assert a.range.warning is None
    with pytest.raises(AccordError):
        attrition_values((0.7, 0.5), (0.0, 0.0), 0.9)


def test_attrition_range_clipped_to_the_pie():
    # q = (0.1, 0.1), c = (0.2, 0.2), δ = 0.5: V = (0.1 − 0.2)/(1 − 0.5·0.8) = −0.1/0.6 = −1/6
    # each; raw range [V_A, 1 − V_B] = [−1/6, 7/6]. A share cannot leave [0, 1]: clipped, as
    # fearon_range clips, the values keep their sign.
    a = attrition_values((0.1, 0.1), (0.2, 0.2), 0.5)
    assert a.values == pytest.approx((-1 / 6, -1 / 6))
    assert (a.range.low, a.range.high) == (0.0, 1.0)
    assert a.range.warning.startswith("Attrition bounds clipped to [0, 1]: low −0.1667 → 0")
    raw = attrition_values((0.1, 0.1), (0.2, 0.2), 0.5, clip=False)
    assert (raw.range.low, raw.range.high) == pytest.approx((-1 / 6, 7 / 6))
    assert raw.range.warning is None
    # only the side below zero is clipped: q = (0.1, 0.3), c = (0.2, 0.0), δ = 0.5:
    # V_A = −0.1/(1 − 0.5·0.6) = −1/7, V_B = 0.3/0.7 = 3/7 → [−1/7, 4/7] → [0, 4/7]
    a = attrition_values((0.1, 0.3), (0.2, 0.0), 0.5)
    assert (a.range.low, a.range.high) == pytest.approx((0.0, 4 / 7))
    assert "high" not in a.range.warning


def test_mutual_optimism():
    # 0.75 + 0.5 = 1.25 > 1 + 0.1 + 0.1 = 1.2: no range
    t = mutual_optimism(0.75, 0.5, 0.1, 0.1)
    assert not t.range_exists and not t.range.exists
    t = mutual_optimism(0.6, 0.4, 0.1, 0.1)   # consistent beliefs: Fearon's range [0.5, 0.7]
    assert t.range_exists and (t.range.low, t.range.high) == pytest.approx((0.5, 0.7))


def test_commitment_problem_models_md_cases():
    # δ = 0.9, c_D = 0.05, p0 = 0.6: threshold (1 − 0.9)(1 − 0.6 + 0.05) = 0.045
    war = commitment_problem([0.6, 0.3], 0.9, 0.05)   # δ·shift = 0.27 > 0.045
    assert war.war and war.first_war_period == 0
    assert war.threshold[0] == pytest.approx(0.045)
    peace = commitment_problem([0.6, 0.58], 0.9, 0.05)  # δ·shift = 0.018 < 0.045
    assert not peace.war


def test_commitment_problem_rising_side_cost_widens_what_it_can_promise():
    """Powell (2006): the rising side R can credibly promise D, from t+1 on, everything except its
    own war payoff then, (1 − p1)/(1 − δ) − c_R, i.e. p1/(1 − δ) + c_R. By hand with δ = 0.9,
    p = (0.6, 0.5), c_D = 0.05: D's war payoff now is 0.6/0.1 − 0.05 = 5.95. With c_R = 0.5 the
    most peace can give D is 1 + 0.9·(5 + 0.5) = 5.95 (indifferent: no war); with c_R = 0.4 it is
    1 + 0.9·5.4 = 5.86 < 5.95 (war). models.md's form (c_R = 0) says war in both cases."""
    assert not commitment_problem([0.6, 0.5], 0.9, 0.05, 0.5).war
    assert commitment_problem([0.6, 0.5], 0.9, 0.05, 0.4).war
    # the direct comparison agrees with the closed form
    for c_r in (0.4, 0.45, 0.5, 0.6):
        war_payoff = 0.6 / 0.1 - 0.05
        best_peace = 1 + 0.9 * (0.5 / 0.1 + c_r)
        verdict = commitment_problem([0.6, 0.5], 0.9, 0.05, c_r).war
        assert verdict == (war_payoff > best_peace + 1e-12)


def test_commitment_problem_over_a_path():
    t = commitment_problem([0.7, 0.69, 0.4, 0.39], 0.9, 0.05)
    assert t.war_now.tolist() == [False, True, False]
    assert t.first_war_period == 1


def test_expected_war_value_over_end_states():
    sp = OutcomeSpace.from_tables({"x": ["A wins", "stalemate", "B wins"]},
                                  {"A": {"x": [1.0, 0.4, 0.0]}, "B": {"x": [0.0, 0.5, 1.0]}})
    # P = (0.2, 0.5, 0.3): A 0.2 + 0.2 = 0.4 − 0.1; B 0.25 + 0.3 = 0.55 − 0.05
    v = expected_war_value(sp.utilities([0, 1, 2]), [0.2, 0.5, 0.3], [0.1, 0.05])
    assert v.tolist() == pytest.approx([0.3, 0.5])
    with pytest.raises(AccordError):
        expected_war_value(sp.utilities([0, 1, 2]), [0.2, 0.5, 0.2])


def _scenario(options):
    return Scenario(id="w", title="W", actors=[Actor(id="a", name="A"), Actor(id="b", name="B"),
                                              Actor(id="c", name="C")],
                    issues=[Issue(id="x", name="X")], outside_options=options)


def test_reservation_values_from_outside_options():
    s = _scenario([OutsideOption(actor="a", reservation=0.3, win_probability=0.9, cost=0.0),
                   OutsideOption(actor="b", win_probability=0.6, cost=0.15),
                   OutsideOption(actor="c", per_period_win=0.05, per_period_cost=0.01,
                                 discount=0.95)])
    rv = reservation_values(s, ["a", "b", "c"])
    assert rv["a"][0] == 0.3 and "stated" in rv["a"][1]          # a stated value wins
    assert rv["b"][0] == pytest.approx(0.45)
    # c's opponents' per-period win: none stated for a, b → 0: (0.05 − 0.01)/(1 − 0.95·0.95)
    assert rv["c"][0] == pytest.approx(0.04 / (1 - 0.95 * 0.95))
    s = _scenario([OutsideOption(actor="a", cost=0.1)])
    with pytest.raises(ScenarioError, match="no usable numbers"):
        reservation_values(s, ["a"])


def test_fallback_rule_can_prefer_the_war_models():
    s = _scenario([OutsideOption(actor="a", reservation=0.3, win_probability=0.9, cost=0.1,
                                 per_period_win=0.1, per_period_cost=0.02, discount=0.9),
                   OutsideOption(actor="b", reservation=0.2, per_period_win=0.05,
                                 per_period_cost=0.01, discount=0.9)])
    assert reservation_values(s, ["a", "b"])["a"][0] == 0.3
    fearon = reservation_values(s, ["a", "b"], prefer="fearon")
    assert fearon["a"][0] == pytest.approx(0.8)
    assert fearon["b"][0] == 0.2 and "stated" in fearon["b"][1]   # b has no Fearon numbers
    att = reservation_values(s, ["a", "b"], prefer="attrition")
    # a: (0.1 − 0.02)/(1 − 0.9·(1 − 0.1 − 0.05)) = 0.08/0.235
    assert att["a"][0] == pytest.approx(0.08 / 0.235)
    with pytest.raises(AccordError, match="fallback"):
        reservation_values(s, ["a"], prefer="hope")


@pytest.mark.parametrize("bad", [float("nan"), float("inf")])
def test_a_cost_that_is_not_finite_is_refused(bad):
    # NaN slipped past "cost < 0" (Fearon's range came out [nan, 0.6]) and an infinite cost made
    # 1 + c_A + c_B infinite, so mutual optimism always found a range.
    with pytest.raises(AccordError, match="cost_a = (nan|inf) is not finite"):
        fearon_range(0.5, bad, 0.1)
    with pytest.raises(AccordError, match="cost_b = (nan|inf) is not finite"):
        mutual_optimism(0.5, 0.5, 0.1, bad)
    with pytest.raises(AccordError, match="per_period_cost = (nan|inf) is not finite"):
        attrition_values((0.05, 0.03), (0.01, bad), 0.95)


def test_a_cost_whose_value_overflows_is_refused_and_one_that_fits_is_exact():
    # By hand: q = (0.05, 0.03), δ = 0.95 → 1 − δ(1 − q_A − q_B) = 1 − 0.95 · 0.92 = 0.126.
    # c_A = 1e308: V_A = (0.05 − 1e308)/0.126 ≈ −7.94e308, past the largest float 1.798e308
    # (it came out −inf and was printed as A's value); c_A = 1e307: V_A = −1e307/0.126
    # = −7.9365e307 (0.05 is far below the last digit), a float, so it is computed.
    with pytest.raises(AccordError, match=r"per_period_cost c_A = 1e\+308: A's value of "
                                          r"fighting on, .* = \(0\.05 − 1e\+308\) / 0\.126, "
                                          r"is beyond the largest float"):
        attrition_values((0.05, 0.03), (1e308, 0.01), 0.95)
    a = attrition_values((0.05, 0.03), (1e307, 0.01), 0.95)
    assert a.values[0] == pytest.approx(-1e307 / 0.126, rel=1e-12)
    assert a.values[1] == pytest.approx(0.02 / 0.126)
    # 1 + c_A + c_B = 1 + 2e308 overflows; Powell's threshold (1 − 0.9)(1 − 0.6 + 1e308
    # + 0.9 · 1e308) = 0.1 · 1.9e308 does not fit either before its factor 0.1 applies
    with pytest.raises(AccordError, match=r"cost_a = 1e\+308, cost_b = 1e\+308: the "
                                          r"threshold, 1 \+ c_A \+ c_B, is beyond"):
        mutual_optimism(0.5, 0.5, 1e308, 1e308)
    with pytest.raises(AccordError, match="cost_declining = 1e\\+308, cost_rising = 1e\\+308: "
                                          "the threshold"):
        commitment_problem([0.6, 0.3], 0.9, 1e308, 1e308)
