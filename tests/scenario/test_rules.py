"""The whether schema: status quo, decision rules, red lines, horizon and deadlines.

Round trip through YAML, the documented defaults, and one located error per kind of mistake
(line numbers count the lines of FULL below, so they are checked by eye against the text).
"""

from __future__ import annotations

import datetime as dt

import pytest

import accord
from accord.errors import ScenarioError
from accord.scenario.io.yaml import scenario_from_yaml_text, scenario_to_yaml_text
from accord.scenario.rules import DEFAULT_HORIZON_DAYS, DecisionRule, RedLine, StatusQuo
from cli_helpers import located_error

FULL = """\
id: toy
title: A toy negotiation
date: 2026-01-30
horizon: 2026-12-31
round_days: 7
deadlines:
  - {date: 2026-06-30, label: Summit, actor: north, issues: [border], hard: true, evidence: [ev1]}
decision_rule:
  kind: unanimity
  description: Both must sign.
sources:
  - id: src1
    title: An article
evidence:
  - id: ev1
    source: src1
    quote: "Wir ziehen uns nicht zurück."
actors:
  - id: north
    name: North
  - id: south
    name: South
  - id: west
    name: West
issues:
  - id: border
    name: Where the border runs
    status_quo:
      value: 20
      value_range: [10, 30]
      description: The line where the fighting stopped
      evidence: [ev1]
  - id: arms
    name: Arms
    status_quo: 50
    decision_rule: {kind: single_actor, actor: west}
  - id: fish
    name: Fishing
    status_quo: 0
    decision_rule:
      kind: qualified_majority
      weights: {north: 3, south: 2, west: 1}
      threshold: 0.65
      min_members: 2
      veto_players: [west]
      agenda_setter: west
stances:
  - {actor: north, issue: border, position: 10, salience: 0.9, red_line: {value: 25, evidence: [ev1]}}
  - {actor: south, issue: border, position: 90, salience: 0.6, red_line: 60}
  - {actor: west, issue: arms, position: 60, salience: 0.6}
  - {actor: north, issue: fish, position: 60, salience: 0.6,red_line: {value: 60,side: at_least,value_range: [50, 70]}}
  - {actor: south, issue: fish, position: 30, salience: 0.6}
  - {actor: west, issue: fish, position: 40, salience: 0.6}
capabilities:
  - {actor: north, value: 1.0}
  - {actor: south, value: 0.5}
  - {actor: west, value: 0.5}
"""


def test_every_field_reads():
    s = scenario_from_yaml_text(FULL, "toy.yaml")
    border, arms, fish = s.issues
    assert border.status_quo.value == 20 and border.status_quo.value_range == (10, 30)
    assert arms.status_quo == StatusQuo(value=50)           # the bare-number shorthand
    assert s.stance("south", "border").red_line == RedLine(value=60)
    assert s.horizon == dt.date(2026, 12, 31) and s.round_days == 7
    assert s.deadlines[0].hard and s.deadlines[0].issues == ["border"]
    assert fish.decision_rule.weights == {"north": 3, "south": 2, "west": 1}


def test_yaml_round_trip_keeps_every_whether_field():
    s = scenario_from_yaml_text(FULL, "toy.yaml")
    text = scenario_to_yaml_text(s)
    again = scenario_from_yaml_text(text, "again.yaml")
    assert again == s
    assert scenario_to_yaml_text(again) == text


def test_builtin_round_trips_with_the_new_fields(tmp_path):
    for sid in ("ec-emissions-1994", "ukraine-talks-2026-01"):
        s = accord.load(sid)
        accord.save(s, tmp_path / f"{sid}.yaml")
        assert accord.load(str(tmp_path / f"{sid}.yaml")) == s


def test_red_line_side_follows_the_position_unless_stated():
    s = scenario_from_yaml_text(FULL, "toy.yaml")
    # North sits at 10 with a red line at 25: it accepts nothing above 25.
    assert s.stance("north", "border").red_line_side() == "at_most"
    # South sits at 90 with a red line at 60: it accepts nothing below 60.
    assert s.stance("south", "border").red_line_side() == "at_least"
    assert s.stance("north", "fish").red_line_side() == "at_least"    # stated
    assert s.stance("west", "fish").red_line_side() is None


def test_effective_rules_fill_in_the_documented_defaults():
    s = scenario_from_yaml_text(FULL, "toy.yaml")
    # The scenario's unanimity rule names nobody: every actor with a stance on border.
    assert s.rule("border").kind == "unanimity"
    assert s.rule("border").veto_players == ["north", "south"]
    assert s.rule("arms").actor == "west"
    # A weighted majority without members: the weighted actors are the members.
    assert s.rule("fish").members == ["north", "south", "west"]
    # With no rule anywhere, unanimity among the stance holders.
    bare = s.model_copy(update={"decision_rule": None})
    assert bare.rule("border") == DecisionRule(
        kind="unanimity", veto_players=["north", "south"],
        description="default: unanimity among every actor with a stance")


def test_horizon_defaults_to_one_year_after_the_scenario_date():
    s = scenario_from_yaml_text(FULL, "toy.yaml")
    assert s.horizon_date() == dt.date(2026, 12, 31)
    no_horizon = s.model_copy(update={"horizon": None})
    assert DEFAULT_HORIZON_DAYS == 365
    assert no_horizon.horizon_date() == dt.date(2027, 1, 30)       # 2026-01-30 + 365 days
    assert no_horizon.model_copy(update={"date": None}).horizon_date() is None


# --- located errors: file:line: field: what was wrong; what is expected ------------------------

def bad(tmp_path, capsys, old, new, *expected):
    assert old in FULL, old
    located_error(tmp_path, capsys, FULL.replace(old, new, 1), *expected)


@pytest.mark.parametrize("old,new,expected", [
    ("status_quo: 50", "status_quo: 150",
     (":35:", "issues[1].status_quo.value", "150 is outside the scale of issue 'arms'",
      "expected a value in [0, 100]")),
    ("status_quo: 50", "status_quo: fifty",
     (":35:", "issues[1].status_quo", "'fifty' is not a status quo", "expected a number")),
    ("status_quo: 50", "status_quo: {value: 5, option: x}",
     (":35:", "issues[1].status_quo", "give either value", "or option")),
    ("      value: 20", "      value: 40",
     (":28:", "issues[0].status_quo", "value 40 is outside its value_range [10.0, 30.0]")),
    ("status_quo: 50", "status_quo: {option: x}",
     (":35:", "issues[1].status_quo.option", "a continuous issue has no options")),
    ("red_line: 60", "red_line: 120",
     (":49:", "stances[1].red_line.value", "120 is outside the scale of issue 'border'")),
    ("red_line: 60", "red_line: 90",
     (":49:", "stances[1]", "red_line 90 equals the position", "expected a side")),
    ("side: at_least", "side: above",
     (":51:", "stances[3].red_line.side", "'above' is not allowed",
      "expected 'at_least' or 'at_most'")),
    ("{actor: north, issue: fish, position: 60,", "{actor: north, issue: fish, position: 45,",
     (":51:", "stances[3]", "position 45 is past the actor's own red line (at_least 60)")),
    ("value_range: [50, 70]", "value_range: [50, 170]",
     (":51:", "stances[3].red_line.value_range", "leaves the scale")),
    ("evidence: [ev1]}}", "evidence: [ev9]}}",
     (":48:", "stances[0].red_line.evidence[0]", "unknown evidence 'ev9'")),
    ("kind: single_actor, actor: west", "kind: single_actor",
     (":36:", "issues[1].decision_rule", "a single_actor rule needs actor")),
    ("kind: single_actor, actor: west", "kind: single_actor, actor: east",
     (":36:", "issues[1].decision_rule.actor", "unknown actor 'east'",
      "expected one of: north, south, west")),
    ("kind: single_actor, actor: west", "kind: single_actor, actor: west, weights: {west: 1}",
     (":36:", "issues[1].decision_rule", "a single_actor rule takes no weights")),
    ("kind: single_actor, actor: west", "kind: unanimity, actor: west",
     (":36:", "issues[1].decision_rule", "actor is only for single_actor rules")),
    ("threshold: 0.65", "threshold: 65",
     (":43:", "issues[2].decision_rule.threshold", "65 is out of range", "less than or equal to 1")),
    ("      threshold: 0.65\n", "",
     (":40:", "issues[2].decision_rule", "needs threshold")),
    ("min_members: 2", "min_members: 5",
     (":40:", "issues[2].decision_rule", "min_members 5 exceeds the 3 members")),
    ("{north: 3, south: 2, west: 1}", "{north: 3, south: -2, west: 1}",
     (":40:", "issues[2].decision_rule", "weight -2 of 'south' is negative")),
    ("veto_players: [west]", "veto_players: [east]",
     (":45:", "issues[2].decision_rule.veto_players[0]", "unknown actor 'east'")),
    ("agenda_setter: west", "agenda_setter: east",
     (":46:", "issues[2].decision_rule.agenda_setter", "unknown actor 'east'")),
    ("kind: unanimity", "kind: consensus",
     (":9:", "decision_rule.kind", "'consensus' is not allowed", "'qualified_majority'")),
    ("  description: Both must sign.", "  threshold: 0.5",
     (":8:", "decision_rule", "a unanimity rule takes no threshold", "expected veto_players")),
    ("horizon: 2026-12-31", "horizon: 2025-12-31",
     (":4:", "horizon", "2025-12-31 is before the scenario date 2026-01-30")),
    ("round_days: 7", "round_days: 0", (":5:", "round_days", "0 is out of range")),
    # round_days without a date, a hard deadline before the date: both were silently unused
    # (scenario/calendar.round_calendar needs the date and skips hard deadlines before it)
    ("date: 2026-01-30\n", "",
     (":4:", "round_days", "7 days per round, but the scenario has no date to count rounds from",
      "expected a date")),
    ("date: 2026-06-30, label: Summit", "date: 2025-06-30, label: Summit",
     (":7:", "deadlines[0].date", "2025-06-30 is before the scenario date 2026-01-30, yet the "
      "deadline is hard", "expected a hard deadline on or after the scenario date")),
    ("actor: north, issues: [border]", "actor: north, issues: [sea]",
     (":7:", "deadlines[0].issues[0]", "unknown issue 'sea'")),
    ("label: Summit, actor: north", "label: Summit, actor: nord",
     (":7:", "deadlines[0].actor", "unknown actor 'nord'")),
])
def test_located_errors(tmp_path, capsys, old, new, expected):
    bad(tmp_path, capsys, old, new, *expected)


def test_assignment_is_validated_too():
    s = scenario_from_yaml_text(FULL, "toy.yaml")
    with pytest.raises(ValueError, match="past the actor's own red line"):
        s.stance("north", "fish").position = 45
    fresh = scenario_from_yaml_text(FULL, "toy.yaml")
    with pytest.raises(ScenarioError, match="before the scenario date"):
        type(fresh).model_validate({**fresh.model_dump(), "horizon": dt.date(2020, 1, 1)})
