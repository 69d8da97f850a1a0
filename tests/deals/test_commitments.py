"""Deferred terms at their credible value: a zone that appears or vanishes with credibility.

Every expected number is worked out by hand in the comments: the deal space is two parties,
two issues, two options each.
"""

from __future__ import annotations

import numpy as np
import pytest

from accord.deals.commitments import credible_tables, deferred_terms, status_quo_values
from accord.deals.solutions import analyse
from accord.deals.space import OutcomeSpace
from accord.deals.trades import package_trades
from accord.deals.war import commitment_problem
from accord.scenario.deal_tables import deal_tables
from accord.scenario.model import Scenario
from commitment_cases import withdrawal_for_guarantees


def test_zone_appears_when_the_guarantee_is_credible_enough():
    # With the guarantee worth κ to K and 1 − κ to M (κ·face + (1 − κ)·status quo "none"):
    #   keep/none       K .4            M .3             (M below .5)
    #   keep/strong     K .4 + .6κ      M .3(1 − κ)      (M below .5)
    #   withdraw/none   K 0             M 1              (K below .45)
    #   withdraw/strong K .6κ           M .7 + .3(1 − κ) = 1 − .3κ
    # K accepts withdraw/strong iff .6κ ≥ .45 ⇔ κ ≥ .75; M always (1 − .3κ ≥ .7). So the zone
    # is {withdraw/strong} for κ ≥ .75 and empty below.
    threshold = 0.45 / 0.6
    assert threshold == pytest.approx(0.75)
    # (at exactly .75 the float .6 · .75 lands a hair below .45, so test either side of it)
    for kappa, zone in ((0.8, True), (0.76, True), (0.74, False), (0.3, False)):
        space = OutcomeSpace.from_scenario(withdrawal_for_guarantees(kappa))
        u = space.utilities()
        np.testing.assert_allclose(u[0], [0.4, 0.4 + 0.6 * kappa, 0.0, 0.6 * kappa], atol=1e-12)
        np.testing.assert_allclose(u[1], [0.3, 0.3 * (1 - kappa), 1.0, 1 - 0.3 * kappa],
                                   atol=1e-12)
        a = analyse(space)
        assert (not a.zone.is_empty) == zone, kappa
        if zone:
            assert space.describe(int(a.solutions["nash"].outcome)) == \
                {"territory": "withdraw", "guarantee": "strong"}


def test_face_value_hides_the_commitment_problem():
    # At face value withdraw/strong gives K .6 ≥ .45 and M .7 ≥ .5: a zone, whatever κ is.
    s = withdrawal_for_guarantees(0.3)
    face = OutcomeSpace.from_scenario(s, credibility=False)
    np.testing.assert_allclose(face.utilities()[:, 3], [0.6, 0.7], atol=1e-12)
    assert not analyse(face).zone.is_empty
    assert analyse(OutcomeSpace.from_scenario(s)).zone.is_empty
    assert [d.option for d in deferred_terms(s)] == ["strong"]


def test_package_trade_at_face_value_and_credibility_weighted():
    # From keep/none, K concedes on territory (keep → withdraw) and M on the guarantee
    # (none → strong). With κ = .8: K gains .6·.8 − .4 = .08, M gains .7 − .3·.8 = .46
    # (face value: K +.2, M +.4).
    s = withdrawal_for_guarantees(0.8)
    space = OutcomeSpace.from_scenario(s)
    face = OutcomeSpace.from_scenario(s, credibility=False)
    [t] = package_trades(space, {"territory": "keep", "guarantee": "none"}, face=face)
    np.testing.assert_allclose(t.gains, [0.08, 0.46], atol=1e-12)
    np.testing.assert_allclose(t.face_gains, [0.2, 0.4], atol=1e-12)
    assert "(at face value: Kyiv +0.2, Moscow +0.4)" in t.describe(space)


def test_status_quo_values_by_rule_and_by_interpolation():
    # A continuous issue 0–100 with options at 0, 50, 100 and the status quo at 30.
    # A: stance at 20, values from the stance rule: 1 − |30 − 20| / max(20, 80) = .875.
    # B: stated values 0, .4, 1 at 0, 50, 100: interpolated at 30 → .4 · 30/50 = .24.
    s = Scenario.model_validate({
        "id": "sq", "title": "SQ", "date": "2026-01-30",
        "actors": [{"id": "A", "name": "A"}, {"id": "B", "name": "B"}],
        "issues": [{"id": "x", "name": "X", "status_quo": 30,
                    "commitment": {"by": ["B"], "when": "date", "date": "2027-01-01",
                                   "credibility": 0.5}}],
        "stances": [{"actor": "A", "issue": "x", "position": 20, "salience": 1}],
        "capabilities": [{"actor": "A", "value": 1}],
        "deal_space": {"issues": [{"issue": "x", "options": [
            {"id": "lo", "label": "0", "position": 0, "values": {"B": 0.0}},
            {"id": "mid", "label": "50", "position": 50, "values": {"B": 0.4}},
            {"id": "hi", "label": "100", "position": 100, "values": {"B": 1.0}}]}]},
    })
    t = deal_tables(s)
    np.testing.assert_allclose(status_quo_values(s, t)[:, 0], [0.875, 0.24], atol=1e-12)
    # credible values .5·v + .5·v_sq: A's option values 1 − 20/80, 1 − 30/80, 0 = (.75, .625, 0)
    # → (.8125, .75, .4375); B's (0, .4, 1) → (.12, .32, .62)
    c = credible_tables(s, t)
    np.testing.assert_allclose(c.values[0], [[0.8125, 0.75, 0.4375], [0.12, 0.32, 0.62]],
                               atol=1e-12)


def test_commitment_problem_with_a_less_credible_promise():
    # δ = .9, c_D = .05, c_R = .5, p = (.6, .5): δ·shift = .09. Threshold
    # (1 − δ)(1 − p₀ + c_D + δ(κ c_R − (1 − κ) c_D)):
    #   κ = 1:  .1 (.45 + .9·.5)           = .09     → no war (not strictly greater)
    #   κ = .5: .1 (.45 + .9(.25 − .025)) = .06525  → war
    #   κ = 0:  .1 (.45 − .9·.05)          = .0405   → war
    for kappa, threshold, war in ((1.0, 0.09, False), (0.5, 0.06525, True), (0.0, 0.0405, True)):
        t = commitment_problem([0.6, 0.5], 0.9, 0.05, 0.5, credibility=kappa)
        assert t.threshold[0] == pytest.approx(threshold, abs=1e-12)
        assert t.war == war


def test_exchange_gains_count_each_move_at_its_credibility():
    from accord.deals.commitments import exchange_gains

    s = Scenario.model_validate({
        "id": "x", "title": "X", "date": "2026-01-30",
        "actors": [{"id": "A", "name": "A"}, {"id": "B", "name": "B"}, {"id": "C", "name": "C"}],
        "issues": [{"id": "p", "name": "P"},
                   {"id": "q", "name": "Q", "status_quo": 60,
                    "commitment": {"by": ["B"], "when": "post_war", "credibility": 0.5}}],
        "stances": [{"actor": "A", "issue": "p", "position": 0, "salience": 0.1},
                    {"actor": "A", "issue": "q", "position": 0, "salience": 0.9},
                    {"actor": "B", "issue": "p", "position": 100, "salience": 0.6},
                    {"actor": "B", "issue": "q", "position": 100, "salience": 0.5},
                    {"actor": "C", "issue": "p", "position": 20, "salience": 0.5},
                    {"actor": "C", "issue": "q", "position": 70, "salience": 0.4}],
        "capabilities": [{"actor": a, "value": 1.0} for a in "ABC"],
    })
    # A supplies on p (its outcome 40 → 50, towards B) and demands q; B supplies on q (60 → 45,
    # towards A) and demands p.
    e = {"i": {"actor": "A", "supply_issue": "p", "demand_issue": "q", "start": 0.0,
               "mds_before": 40.0, "mds_after": 50.0},
         "j": {"actor": "B", "supply_issue": "q", "demand_issue": "p", "start": 100.0,
               "mds_before": 60.0, "mds_after": 45.0}}
    g = exchange_gains(e, s)
    # face: A .9·15 − .1·10 = 12.5; B .6·10 − .5·15 = −1.5;
    #       C (third party) .5(|40−20| − |50−20|) + .4(|60−70| − |45−70|) = −5 − 6 = −11
    assert g["face"] == pytest.approx({"A": 12.5, "B": -1.5, "C": -11.0}, abs=1e-12)
    # q is delivered with κ = .5, so every part on q counts half:
    #       A .5·13.5 − 1 = 5.75; B 6 − .5·7.5 = 2.25; C −5 − .5·6 = −8
    assert g["credible"] == pytest.approx({"A": 5.75, "B": 2.25, "C": -8.0}, abs=1e-12)
    assert g["credibility"] == {"p": 1.0, "q": 0.5}


def test_setting_an_issue_credibility_sets_every_term_on_it():
    from accord.scenario.commitments import set_issue_credibility

    s = withdrawal_for_guarantees(0.3)
    assert set_issue_credibility(s, ("guarantee",), 0.8) == 0.3
    assert s.deal_space.issues[1].options[1].commitment.credibility == 0.8
    # and the zone is back (κ = .8 ≥ .75, see the first test)
    assert not analyse(OutcomeSpace.from_scenario(s)).zone.is_empty
    with pytest.raises(ValueError, match="no commitment"):
        set_issue_credibility(s, ("territory",), 0.5)
    with pytest.raises(ValueError):
        set_issue_credibility(s, ("guarantee",), 1.5)
    with pytest.raises(ValueError, match="expected a probability"):
        set_issue_credibility(s, ("guarantee",), None)


def test_option_credibility_follows_the_draws():
    from accord.deals.commitments import credible_batch, option_credibility

    s = withdrawal_for_guarantees(0.6)
    space = OutcomeSpace.from_scenario(s, credibility=False)
    # the deal-space option "strong" has its own commitment: its input is credibility[guarantee.strong]
    drawn = {"credibility[guarantee.strong]": np.array([0.2, 0.9])}
    k = option_credibility(s, space, drawn=drawn, n=2)
    np.testing.assert_array_equal(k[0], [[1, 1], [1, 1]])
    np.testing.assert_array_equal(k[1], [[1, 0.2], [1, 0.9]])
    # Kyiv's guarantee values (0, 1) with status quo "none" (0): κ·1 → .2 and .9
    v = np.broadcast_to(space.values[1], (2,) + space.values[1].shape)
    sq = np.array([[0.0, 1.0], [0.0, 1.0]])       # "none" is worth 0 to Kyiv, 1 to Moscow
    out = credible_batch(v, k[1], sq)
    np.testing.assert_allclose(out[:, 0, 1], [0.2, 0.9])
    np.testing.assert_allclose(out[:, 1, 1], [0.8, 0.1])   # Moscow: 0·κ + 1·(1 − κ)
