"""What holds without agreement, who decides, and where each party stops: the "whether" schema.

Talks often end without agreement, and then the status quo holds. A scenario therefore states,
beside the stances:

- per issue a :class:`StatusQuo` — the outcome if no agreement is reached (Tsebelis's SQ, the
  DEU data set's *reference point*), with evidence and an optional plausible range;
- per issue (or once for the whole scenario) a :class:`DecisionRule` — unanimity among named
  veto players (peace talks: every party), a qualified majority with weights and a threshold, a
  simple majority, or one actor deciding alone (a supplier's own arms deliveries);
- per stance an optional :class:`RedLine` — the furthest outcome the actor has *said* it would
  accept, with evidence. It is not the plausible range of the actor's position: the range says
  where the actor's ideal point may lie, the red line says what it will refuse;
- a scenario ``horizon`` (the date by which "agreement" is judged; default
  :data:`DEFAULT_HORIZON_DAYS` days after the scenario's ``date``), optional :class:`Deadline`\\ s,
  and ``round_days``, the calendar days one round of talks takes (to map simulated rounds to
  dates).

Where other formats put these (every reader maps what its format carries and says what it
cannot; see each reader's docstring):

=====================  ==========================================================================
format                 maps onto
=====================  ==========================================================================
DEU III (``rp``)       ``Issue.status_quo.value`` (the reference point); the procedure and voting
                       rule become ``Issue.decision_rule`` (``qualified_majority`` with Council
                       weights, ``unanimity``; the Parliament as an extra veto player under
                       co-decision; the Commission as ``agenda_setter``)
GENIUS ``<reservation>``  ``OutsideOption.reservation`` (a utility, not a red line on an issue);
                       a GENIUS agreement needs every party: ``unanimity`` among the profiles
GeniusWeb ``reservationBid``  ``OutsideOption.reservation`` = the bid's utility
KTAB, decide, CSV      positions, saliences, capabilities only: no status quo, rule, red line or
                       horizon (said in each reader's docstring)
=====================  ==========================================================================

Without a decision rule anywhere, an issue is decided by unanimity among every actor with a
stance on it (:func:`effective_rule`) — the rule of peace talks, where any party can walk away.

>>> from accord.scenario.model import Actor, Capability, Issue, Scenario, Stance
>>> s = Scenario(id="toy", title="Toy", date="2026-01-30",
...     actors=[Actor(id="a", name="A"), Actor(id="b", name="B")],
...     issues=[Issue(id="x", name="X", status_quo=20)],
...     stances=[Stance(actor="a", issue="x", position=0, salience=1, red_line=40),
...              Stance(actor="b", issue="x", position=100, salience=0.5, red_line=30)],
...     capabilities=[Capability(actor="a", value=1), Capability(actor="b", value=1)])
>>> s.issue("x").status_quo.value, s.stance("a", "x").red_line_side()
(20.0, 'at_most')
>>> effective_rule(s, "x").veto_players, str(effective_horizon(s))
(['a', 'b'], '2027-01-30')
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, Strict, field_validator, model_validator

from accord.errors import ScenarioError

if TYPE_CHECKING:  # pragma: no cover
    from accord.scenario.model import Scenario

Number = Annotated[float, Strict()]
Distribution = Literal["uniform", "triangular", "pert"]

#: Days after the scenario's ``date`` by which agreement is judged when no ``horizon`` is given:
#: one year, the horizon of most published forecasting questions on negotiations.
DEFAULT_HORIZON_DAYS = 365

RuleKind = Literal["unanimity", "qualified_majority", "simple_majority", "single_actor"]
Side = Literal["at_least", "at_most"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True, allow_inf_nan=False)


def _number_shorthand(data: Any, what: str) -> Any:
    """``status_quo: 45`` / ``red_line: 30`` mean ``{value: 45}`` / ``{value: 30}``."""
    if isinstance(data, bool):
        raise ValueError(f"{data!r} is not a {what}; expected a number on the issue's scale "
                         "or a mapping with a value")
    if isinstance(data, (int, float)):
        return {"value": data}
    if not isinstance(data, (dict, BaseModel)):
        raise ValueError(f"{data!r} is not a {what}; expected a number on the issue's scale "
                         "or a mapping with a value")
    return data


def _check_range(v):
    if v is not None and v[0] > v[1]:
        raise ValueError(f"range {list(v)} is reversed; expected [low, high]")
    return v


class StatusQuo(_Strict):
    """What holds on an issue if no agreement is reached by the horizon.

    ``value`` is a point on a continuous issue's scale; ``option`` names the option of a
    discrete issue. ``value_range`` is the plausible range (ensembles draw from it): in a war
    the line keeps moving while the talks go on, so the status quo at the horizon is uncertain.
    Written as a bare number, ``status_quo: 45`` is ``status_quo: {value: 45}``.
    """

    value: Number | None = None
    option: str | None = None
    value_range: tuple[Number, Number] | None = None
    distribution: Distribution = "pert"
    description: str | None = Field(None, description="what the status quo is, in words")
    evidence: list[str] = Field(default_factory=list)
    note: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data):
        return _number_shorthand(data, "status quo")

    @field_validator("value_range")
    @classmethod
    def _ordered(cls, v):
        return _check_range(v)

    @model_validator(mode="after")
    def _one_of(self) -> "StatusQuo":
        if (self.value is None) == (self.option is None):
            raise ValueError("give either value (a point on the scale) or option (a discrete "
                             "issue's option id), not both and not neither")
        if self.value_range is not None:
            if self.value is None:
                raise ValueError("value_range needs a value")
            lo, hi = self.value_range
            if not lo <= self.value <= hi:
                raise ValueError(f"value {self.value:g} is outside its value_range {[lo, hi]}")
        return self


class RedLine(_Strict):
    """The furthest outcome an actor has said it would accept on an issue.

    ``side`` says which outcomes remain acceptable: ``at_least`` (outcomes ≥ ``value``) or
    ``at_most`` (≤ ``value``); left out, it is the side of the actor's own position
    (:meth:`Stance.red_line_side`). Red lines are hard: no gain on another issue buys a package
    past one. Cite the statement (``evidence``); a red line without evidence is an analyst's
    guess and is flagged like any unsupported number. Written as a bare number,
    ``red_line: 30`` is ``red_line: {value: 30}``.
    """

    value: Number
    side: Side | None = None
    value_range: tuple[Number, Number] | None = None
    distribution: Distribution = "pert"
    evidence: list[str] = Field(default_factory=list)
    note: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data):
        return _number_shorthand(data, "red line")

    @field_validator("value_range")
    @classmethod
    def _ordered(cls, v):
        return _check_range(v)

    @model_validator(mode="after")
    def _inside(self) -> "RedLine":
        if self.value_range is not None:
            lo, hi = self.value_range
            if not lo <= self.value <= hi:
                raise ValueError(f"value {self.value:g} is outside its value_range {[lo, hi]}")
        return self

    def accepts(self, x, side: Side):
        """Whether outcome(s) ``x`` are on the acceptable side (works on NumPy arrays)."""
        return x >= self.value if side == "at_least" else x <= self.value


class DecisionRule(_Strict):
    """Who must agree for an outcome to replace the status quo.

    - ``unanimity``: every one of ``veto_players`` must prefer the outcome to the status quo
      (empty: every actor with a stance on the issue);
    - ``qualified_majority``: members whose ``weights`` (default 1 each) reach ``threshold``
      (a share of the members' total weight, in (0, 1]) and, if given, at least ``min_members``
      of them; plus every extra ``veto_players`` (the European Parliament under co-decision);
    - ``simple_majority``: more than half of the members' weight (default: more than half of
      the members), plus any ``veto_players``;
    - ``single_actor``: ``actor`` decides alone (no bargain: e.g. a supplier's arms deliveries).

    ``members`` defaults to every actor with a stance on the issue. ``agenda_setter`` is the
    actor who makes the proposal voted on (Romer–Rosenthal: the Commission in the EU, the
    mediator in mediated talks).
    """

    kind: RuleKind
    members: list[str] = Field(default_factory=list)
    veto_players: list[str] = Field(default_factory=list)
    weights: dict[str, Number] = Field(default_factory=dict)
    threshold: Number | None = Field(None, gt=0.0, le=1.0)
    min_members: int | None = Field(None, ge=1)
    actor: str | None = None
    agenda_setter: str | None = None
    description: str | None = None
    evidence: list[str] = Field(default_factory=list)
    note: str | None = None

    @model_validator(mode="after")
    def _fields_fit_kind(self) -> "DecisionRule":
        k = self.kind
        if k == "single_actor":
            if self.actor is None:
                raise ValueError("a single_actor rule needs actor (who decides alone)")
            extra = [f for f in ("members", "veto_players", "weights", "threshold", "min_members")
                     if getattr(self, f) not in (None, [], {})]
            if extra:
                raise ValueError(f"a single_actor rule takes no {', '.join(extra)}; expected "
                                 "only actor (and description, evidence, note)")
            return self
        if self.actor is not None:
            raise ValueError(f"actor is only for single_actor rules; a {k} rule names "
                             "members or veto_players")
        if k == "unanimity":
            extra = [f for f in ("members", "weights", "threshold", "min_members")
                     if getattr(self, f) not in (None, [], {})]
            if extra:
                raise ValueError(f"a unanimity rule takes no {', '.join(extra)}; expected "
                                 "veto_players (everyone who must agree)")
        if k == "qualified_majority" and self.threshold is None:
            raise ValueError("a qualified_majority rule needs threshold (the share of the "
                             "members' total weight needed, e.g. 0.65)")
        if k == "simple_majority" and self.threshold is not None:
            raise ValueError("a simple_majority rule has no threshold (it is more than half); "
                             "use qualified_majority for another threshold")
        for actor_id, w in self.weights.items():
            if not w >= 0:
                raise ValueError(f"weight {w:g} of {actor_id!r} is negative; expected weights ≥ 0")
        if self.members and self.weights:
            missing = [a for a in self.weights if a not in self.members]
            if missing:
                raise ValueError(f"weights name {', '.join(map(repr, missing))}, who are not "
                                 "among the members; expected weights only for members")
        voters = self.members or list(self.weights)
        if self.min_members is not None and voters and self.min_members > len(voters):
            raise ValueError(f"min_members {self.min_members} exceeds the {len(voters)} "
                             f"members; expected at most {len(voters)}")
        return self


class Deadline(_Strict):
    """A date that matters to the talks: an ultimatum, a summit, the end of a mandate."""

    date: dt.date
    label: str = Field(min_length=1)
    actor: str | None = Field(None, description="whose deadline it is, if anyone's")
    issues: list[str] = Field(default_factory=list, description="issues it concerns (empty: all)")
    hard: bool = Field(False, description="true when talks end at this date without agreement")
    evidence: list[str] = Field(default_factory=list)
    note: str | None = None


# --- effective values -----------------------------------------------------------------------

def stance_holders(scenario: "Scenario", issue_id: str) -> list[str]:
    """Actors with a stance on the issue, in scenario order."""
    have = {st.actor for st in scenario.stances if st.issue == issue_id}
    return [a.id for a in scenario.actors if a.id in have]


def effective_rule(scenario: "Scenario", issue_id: str) -> DecisionRule:
    """The issue's rule, else the scenario's, else unanimity; defaults filled in.

    ``members`` of majority rules and ``veto_players`` of unanimity default to every actor with
    a stance on the issue.
    """
    rule = scenario.issue(issue_id).decision_rule or scenario.decision_rule
    holders = stance_holders(scenario, issue_id)
    if rule is None:
        return DecisionRule(kind="unanimity", veto_players=holders,
                            description="default: unanimity among every actor with a stance")
    if rule.kind == "unanimity" and not rule.veto_players:
        return rule.model_copy(update={"veto_players": holders})
    if rule.kind in ("qualified_majority", "simple_majority") and not rule.members:
        members = list(rule.weights) if rule.weights else holders
        return rule.model_copy(update={"members": members})
    return rule


def effective_horizon(scenario: "Scenario") -> dt.date | None:
    """``horizon``, else the scenario ``date`` plus :data:`DEFAULT_HORIZON_DAYS`, else None."""
    if scenario.horizon is not None:
        return scenario.horizon
    if scenario.date is not None:
        return scenario.date + dt.timedelta(days=DEFAULT_HORIZON_DAYS)
    return None


# --- cross-reference validation (called from Scenario's validator) ---------------------------

def check_rules(s: "Scenario", known_actor, known_issue, cites) -> None:
    """Raise a located :class:`ScenarioError` for the first inconsistent whether-field."""
    issues = {i.id: i for i in s.issues}
    if s.decision_rule is not None:
        _check_rule(s, "decision_rule", s.decision_rule, None, known_actor, cites)
    for n, issue in enumerate(s.issues):
        path = f"issues[{n}]"
        if issue.decision_rule is not None:
            _check_rule(s, f"{path}.decision_rule", issue.decision_rule, issue.id, known_actor,
                        cites)
        sq = issue.status_quo
        if sq is None:
            continue
        cites(f"{path}.status_quo.evidence", sq.evidence)
        if sq.option is not None:
            ids = [o.id for o in issue.options]
            if issue.kind != "discrete":
                raise ScenarioError(f"{path}.status_quo.option", "a continuous issue has no "
                                    "options; expected status_quo.value, a point on its scale")
            if sq.option not in ids:
                raise ScenarioError(f"{path}.status_quo.option", f"unknown option {sq.option!r}; "
                                    f"expected one of: {', '.join(ids)}")
        else:
            _on_scale(f"{path}.status_quo.value", sq.value, issue)
            if sq.value_range is not None:
                _range_on_scale(f"{path}.status_quo.value_range", sq.value_range, issue)
    for n, st in enumerate(s.stances):
        rl = st.red_line
        if rl is None:
            continue
        path = f"stances[{n}].red_line"
        issue = issues[st.issue]
        _on_scale(f"{path}.value", rl.value, issue)
        if rl.value_range is not None:
            _range_on_scale(f"{path}.value_range", rl.value_range, issue)
        cites(f"{path}.evidence", rl.evidence)
    if s.horizon is not None and s.date is not None and s.horizon < s.date:
        raise ScenarioError("horizon", f"{s.horizon} is before the scenario date {s.date}; "
                            "expected the date by which agreement is judged, on or after it")
    if s.round_days is not None and s.date is None:
        # round_calendar counts rounds from the date: without one round_days was silently unused
        raise ScenarioError("round_days", f"{s.round_days:g} days per round, but the scenario "
                            "has no date to count rounds from; expected a date (round 1 begins "
                            "on it), or no round_days")
    for n, d in enumerate(s.deadlines):
        if d.hard and s.date is not None and d.date < s.date:
            # a hard deadline ends the talks; before they begin it was silently left out
            raise ScenarioError(f"deadlines[{n}].date", f"{d.date} is before the scenario date "
                                f"{s.date}, yet the deadline is hard (the talks end there); "
                                "expected a hard deadline on or after the scenario date (a "
                                "deadline already past: hard: false)")
        if d.actor is not None:
            known_actor(f"deadlines[{n}].actor", d.actor)
        for k, issue_id in enumerate(d.issues):
            known_issue(f"deadlines[{n}].issues[{k}]", issue_id)
        cites(f"deadlines[{n}].evidence", d.evidence)


def _on_scale(path: str, value: float, issue) -> None:
    if not issue.low <= value <= issue.high:
        raise ScenarioError(path, f"{value:g} is outside the scale of issue {issue.id!r}; "
                            f"expected a value in [{issue.low:g}, {issue.high:g}]")


def _range_on_scale(path: str, rng, issue) -> None:
    if not (issue.low <= rng[0] and rng[1] <= issue.high):
        raise ScenarioError(path, f"{list(rng)} leaves the scale of issue {issue.id!r}; "
                            f"expected values in [{issue.low:g}, {issue.high:g}]")


def _check_rule(s, path: str, rule: DecisionRule, issue_id: str | None, known_actor, cites) -> None:
    for field in ("members", "veto_players"):
        for k, a in enumerate(getattr(rule, field)):
            known_actor(f"{path}.{field}[{k}]", a)
    for a in rule.weights:
        known_actor(f"{path}.weights.{a}", a)
    for field in ("actor", "agenda_setter"):
        if getattr(rule, field) is not None:
            known_actor(f"{path}.{field}", getattr(rule, field))
    cites(f"{path}.evidence", rule.evidence)
    if rule.kind in ("qualified_majority", "simple_majority") and issue_id is not None \
            and rule.min_members is not None and not rule.members and not rule.weights:
        n = len(stance_holders(s, issue_id))
        if rule.min_members > n:
            raise ScenarioError(f"{path}.min_members", f"{rule.min_members} exceeds the {n} "
                                f"actors with a stance on {issue_id!r}; expected at most {n}")
