"""Red lines are hard in deal design; fragile margins; contradictions between war and reservation.

Two parties, two issues with options at 0, 50, 100 (the deal space derived from the stances:
value of x to a party at p is 1 − |x − p| / 100 here, since each sits at an end of the scale).
A sits at land 0 and money 100 and weighs them 0.2 / 0.8; B sits at land 100 and money 0 and
weighs them 0.8 / 0.2.
"""

from __future__ import annotations

import pytest

from accord.deals.solutions import analyse
from accord.deals.space import OutcomeSpace
from accord.deals.war import war_contradictions
from accord.scenario.model import (Actor, Capability, Issue, OutsideOption, Scenario, Stance)
from cli_helpers import cli


def scenario(red_a=None, red_b=None, outside=()):
    def stance(actor, issue, pos, sal, red=None):
        return Stance(actor=actor, issue=issue, position=pos, salience=sal, red_line=red)
    return Scenario(
        id="toy", title="Toy",
        actors=[Actor(id="A", name="A"), Actor(id="B", name="B")],
        issues=[Issue(id="land", name="Land", anchors=[{"value": 0, "label": "0"},
                                                       {"value": 50, "label": "50"},
                                                       {"value": 100, "label": "100"}]),
                Issue(id="money", name="Money", anchors=[{"value": 0, "label": "0"},
                                                         {"value": 50, "label": "50"},
                                                         {"value": 100, "label": "100"}])],
        stances=[stance("A", "land", 0, 0.2, red_a), stance("A", "money", 100, 0.8),
                 stance("B", "land", 100, 0.8, red_b), stance("B", "money", 0, 0.2)],
        capabilities=[Capability(actor="A", value=1), Capability(actor="B", value=1)],
        outside_options=list(outside))


def test_a_package_past_a_red_line_is_rejected_despite_higher_utility():
    # Without red lines the utilitarian deal is land 100, money 100: A gets 0.2·0 + 0.8·1 = 0.8,
    # B 0.8·1 + 0.2·0 = 0.8 (sum 1.6, the largest). A's red line "land ≤ 50" rules it out,
    # although land 50 / money 50 is worth only 0.2·0.5 + 0.8·0.5 = 0.5 to A — less than 0.8.
    free = analyse(OutcomeSpace.from_scenario(scenario()))
    assert free.space.describe(free.solutions["utilitarian"].outcome) == \
        {"land": "100", "money": "100"}
    capped = analyse(OutcomeSpace.from_scenario(scenario(red_a=50)))
    sp = capped.space
    assert sp.option_labels[0] == ("0", "50")          # land 100 is gone
    deals = [sp.describe(o) for o in capped.zone.outcomes]
    assert {"land": "100", "money": "100"} not in deals
    assert {"land": "50", "money": "50"} in deals
    # Within the red line the utilitarian deal is land 50, money 100: A 0.1 + 0.8 = 0.9,
    # B 0.4 + 0 = 0.4, sum 1.3 (land 0/money 100 gives 1.0, land 50/money 50 gives 1.0).
    util = capped.solutions["utilitarian"]
    assert sp.describe(util.outcome) == {"land": "50", "money": "100"}
    assert util.utilities.tolist() == pytest.approx([0.9, 0.4])


def test_crossing_red_lines_close_the_issue_and_name_who_blocks():
    a = analyse(OutcomeSpace.from_scenario(scenario(red_a=50, red_b=75)))
    assert a.zone.is_empty and a.solutions["nash"].outcome is None
    assert a.headline() == "no zone on Land: A's red line ≤ 50, B's red line ≥ 75"
    d = a.to_dict()["zone_of_agreement"]
    assert d["closed_issues"] == [{"issue": "land", "blocking": ["A", "B"],
                                   "limits": ["A's red line ≤ 50", "B's red line ≥ 75"]}]


def test_fragile_margins_and_the_fallback_used():
    # Reservations A 0.85, B 0.35: within A's red line the packages A accepts are land 0 or 50
    # with money 100 (worth 1.0 and 0.9); B gets 0 and 0.4 from them. Only land 50 / money 100
    # clears both: margins 0.9 − 0.85 = 0.05 and 0.4 − 0.35 = 0.05 — both under 0.06.
    s = scenario(red_a=50, outside=[OutsideOption(actor="A", reservation=0.85),
                                    OutsideOption(actor="B", reservation=0.35)])
    a = analyse(OutcomeSpace.from_scenario(s), fragile_margin=0.06)
    assert a.zone.size == 1
    assert a.solutions["nash"].margins.tolist() == pytest.approx([0.05, 0.05])
    assert a.fragile("nash") == ["A", "B"]
    assert analyse(OutcomeSpace.from_scenario(s), fragile_margin=0.04).fragile("nash") == []
    assert a.fallback_used() == {"A": "stated", "B": "stated"}


def test_war_parameters_that_contradict_a_stated_reservation_are_reported():
    # A states 0.85 but its war value is p − c = 0.5 − 0.2 = 0.3. Within its red line (land 0 or
    # 50) A's packages are worth 0.2, 0.6, 1.0 (land 0; money 0, 50, 100) and 0.1, 0.5, 0.9
    # (land 50): its reservation refuses 0.2, 0.6, 0.1 and 0.5, the best of them 0.6 > 0.3.
    s = scenario(red_a=50, outside=[OutsideOption(actor="A", reservation=0.85,
                                                  win_probability=0.5, cost=0.2)])
    warnings = war_contradictions(s, OutcomeSpace.from_scenario(s))
    assert warnings == ["A: Fearon war value (p − c) 0.3 is below 0.6000, the worth of a deal "
                        "its stated reservation 0.85 refuses — the reservation and the war "
                        "parameters disagree"]
    # A war value of 0.7 exceeds every refused deal (best 0.6): consistent.
    ok = scenario(red_a=50, outside=[OutsideOption(actor="A", reservation=0.85,
                                                   win_probability=0.8, cost=0.1)])
    assert war_contradictions(ok, OutcomeSpace.from_scenario(ok)) == []


def test_fearon_bounds_outside_the_unit_interval_are_clipped_with_a_warning(capsys):
    code, out, _ = cli(["war", "fearon", "--p", "0.1", "--cost-a", "0.2", "--cost-b", "0.3"],
                       capsys)
    flat = " ".join(out.split())
    assert code == 0 and "warning: Fearon bounds clipped to [0, 1]: low −0.1 → 0" in flat
    assert "[0.0000, 0.4000]" in flat
