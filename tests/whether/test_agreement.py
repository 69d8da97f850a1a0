"""P(agreement by the horizon) and the agreement block, against hand calculations."""

from __future__ import annotations

import datetime as dt
import json
import math

import numpy as np
import pytest

from accord.scenario.model import Actor, Capability, Issue, Scenario, Stance
from accord.scenario.rules import RedLine
from accord.whether.agreement import assess


def two_red_lines(a_range, b_range, **extra):
    """A at 0 refuses anything above X ~ U(a_range); B at 100 anything below Y ~ U(b_range).
    No status quo, no outside option: only the red lines decide whether a zone exists."""
    return Scenario(
        id="two", title="Two red lines", date=dt.date(2026, 1, 1), **extra,
        actors=[Actor(id="A", name="A"), Actor(id="B", name="B")],
        issues=[Issue(id="x", name="X")],
        stances=[Stance(actor="A", issue="x", position=0, salience=1,
                        red_line=RedLine(value=a_range[0], value_range=a_range,
                                         distribution="uniform")),
                 Stance(actor="B", issue="x", position=100, salience=1,
                        red_line=RedLine(value=b_range[1], value_range=b_range,
                                         distribution="uniform"))],
        capabilities=[Capability(actor="A", value=1), Capability(actor="B", value=1)])


def test_independent_uniform_red_lines_have_a_closed_form():
    # A zone exists iff Y ≤ X. X ~ U(40, 60), Y ~ U(50, 70), independent:
    # P(Y ≤ X) = ∫_50^60 (x − 50)/20 · dx/20 = (10²/2)/400 = 0.125.
    n = 20_000
    a = assess(two_red_lines((40.0, 60.0), (50.0, 70.0)), n=n, seed=3)
    se = math.sqrt(0.125 * 0.875 / n)
    assert abs(a.probability - 0.125) < 4 * se
    # At the stated numbers (X = 40, Y = 70) there is no zone: both are named.
    assert a.to_dict()["issues"]["x"] == {"status_quo": None, "zone": None,
                                          "blocking": ["A", "B"]}


def test_disjoint_ranges_give_zero_and_nested_ones_give_one():
    assert assess(two_red_lines((10.0, 20.0), (30.0, 40.0)), n=2000).probability == 0.0
    assert assess(two_red_lines((60.0, 80.0), (20.0, 40.0)), n=2000).probability == 1.0


def test_horizon_defaults_to_a_year_and_says_so():
    a = assess(two_red_lines((60.0, 80.0), (20.0, 40.0)), n=0)
    assert a.by == dt.date(2027, 1, 1) and a.horizon_default
    assert a.line().startswith("P(agreement by 2027-01-01) = 100% (default horizon: one year "
                               "after the scenario date)")
    b = assess(two_red_lines((60.0, 80.0), (20.0, 40.0), horizon=dt.date(2026, 6, 30)), n=0)
    assert b.to_dict()["by"] == "2026-06-30" and not b.horizon_default


def test_the_agreement_block_has_exactly_the_contracted_keys():
    d = assess("ukraine-talks-2026-01", n=50).to_dict()
    assert sorted(d) == ["by", "issues", "probability"]
    assert dt.date.fromisoformat(d["by"]) == dt.date(2026, 12, 31)
    for issue, entry in d["issues"].items():
        assert sorted(entry) == ["blocking", "status_quo", "zone"], issue
        assert entry["zone"] is None or (len(entry["zone"]) == 2 and
                                         entry["zone"][0] <= entry["zone"][1])
    json.dumps(d, allow_nan=False)


def test_time_to_agreement_multiplies_when_simulated():
    # 8 days per round from 2026-01-30 to 2026-12-31 (335 days): 41 rounds.
    from accord.scenario import load

    s = load("ukraine-talks-2026-01")
    s.stance("russia", "donbas").red_line = None
    a = assess(s, n=20, simulate=True)
    assert "within 41 rounds of 8 days" in a.method
    assert a.reach_share is not None and a.probability == pytest.approx(a.zone_share * a.reach_share)


# --- the fallbacks are valued once ----------------------------------------------------------------

def _ec_with_outside_options():
    from accord.scenario.builtin import load_builtin
    from accord.scenario.model import OutsideOption

    s = load_builtin("ec-emissions-1994")
    s.outside_options += [OutsideOption(actor="Netherlands", reservation=0.4),
                          OutsideOption(actor="UK", reservation=0.2, win_probability=0.4,
                                        cost=0.1)]
    return s


@pytest.mark.parametrize("name", ["ec", "ukraine-talks-2026-01"])
@pytest.mark.parametrize("fallback", ["stated", "fearon"])
def test_assess_values_every_fallback_once(name, fallback, monkeypatch):
    """assess values the outside options once — the EC case issue by issue, the talks through
    their deal space — and reports as fallback_used the rules of that one valuation: the same
    as valuing the parties with a stance directly (what it did a second time before)."""
    import accord.deals.space
    import accord.deals.war as war
    from accord.deals.fallbacks import fallback_rule
    from accord.scenario.builtin import builtin_ids, load_builtin

    if name != "ec" and name not in builtin_ids():
        pytest.skip("the 2026 talks are not packaged")
    s = _ec_with_outside_options() if name == "ec" else load_builtin(name)
    real, calls = war.reservation_values, []

    def counted(scenario, parties, **kw):
        calls.append(list(parties))
        return real(scenario, parties, **kw)

    monkeypatch.setattr(war, "reservation_values", counted)
    monkeypatch.setattr(accord.deals.space, "reservation_values", counted)
    a = assess(s, n=0, fallback=fallback)
    assert len(calls) == 1
    stance = {st.actor for st in s.stances}
    parties = [x.id for x in s.actors if x.id in stance]
    direct = real(s, parties, prefer=fallback)
    assert a.fallback_used == {p: fallback_rule(direct[p][1]) for p in parties}
    if name == "ec":   # the UK has both numbers: the rule asked for first wins
        assert (a.fallback_used["UK"], a.fallback_used["Greece"]) == (fallback, "none")


def test_the_deal_space_holds_the_reservations_valued_party_by_party():
    """The package check reads each party's fallback from the deal space instead of valuing
    it again: the same numbers (NaN without an outside option) and explanations."""
    from accord.scenario.builtin import builtin_ids, load_builtin
    from accord.whether.agreement import _package_space, _reservations, _space_reservations

    if "ukraine-talks-2026-01" not in builtin_ids():
        pytest.skip("the 2026 talks are not packaged")
    s = load_builtin("ukraine-talks-2026-01")
    for fallback in ("stated", "fearon", "attrition"):
        space, _ = _package_space(s, s.to_arrays(), fallback, 5)
        got, how = _space_reservations(s, space)
        want, want_how = _reservations(s, list(space.party_ids), fallback)
        assert np.array_equal(got, want, equal_nan=True) and how == want_how
        assert np.isfinite(got).sum() == len({o.actor for o in s.outside_options}
                                             & set(space.party_ids)) > 0
