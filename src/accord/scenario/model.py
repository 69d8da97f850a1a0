"""The scenario: actors, issues, stances, capabilities, outside options, and the evidence behind them.

A scenario is the single source of truth every model, deal solver and report reads. It is
authored in YAML (see :mod:`accord.scenario.io.yaml`) and validated here; nothing is silently
coerced or dropped (``extra="forbid"``, strict numbers, finite values).

Scales: a continuous issue runs from ``low`` to ``high`` (0–100 unless the source data use
another scale, as Bueno de Mesquita's EC case does with years) with labelled anchor points;
a discrete issue lists its options. Salience is in [0, 1] as in the expected-utility
literature; capability is a non-negative number whose scale only matters relative to the
other actors'.

>>> s = Scenario(id="toy", title="Toy",
...     actors=[Actor(id="a", name="A"), Actor(id="b", name="B")],
...     issues=[Issue(id="x", name="X")],
...     stances=[Stance(actor="a", issue="x", position=0, salience=1),
...              Stance(actor="b", issue="x", position=100, salience=0.5)],
...     capabilities=[Capability(actor="a", value=1), Capability(actor="b", value=1)])
>>> s.stance("b", "x").position
100.0
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import (AfterValidator, BaseModel, ConfigDict, Field, Strict, field_validator,
                      model_validator)

from accord.errors import ScenarioError
from accord.scenario.limits import MAX_ID_LENGTH, MAX_MAGNITUDE  # noqa: F401 (readers import it from here)
from accord.scenario.commitments import Commitment, check_commitments
from accord.scenario.lookups import ScenarioLookups
from accord.scenario.rules import Deadline, DecisionRule, RedLine, Side, StatusQuo, check_rules
from accord.scenario.sources import (ROLE_RANK, Leaning, Link, SourceKind, check_sources,
                                     effective_chain, leanings, origin, second_hand_hops)



def _bounded(value: float) -> float:
    if abs(value) > MAX_MAGNITUDE:
        raise ValueError(f"{value:g} is beyond ±1e15; expected a number no larger than 10^15 "
                         "in size (rescale the scale or the capabilities)")
    return value


Id = Annotated[str, Field(min_length=1, max_length=MAX_ID_LENGTH, pattern=r"^[A-Za-z0-9_.:\-]+$")]
# Numbers must be numbers in the file: "0.5" (a string) is an error, not silently converted.
Number = Annotated[float, Strict(), AfterValidator(_bounded)]


class _Strict(BaseModel):
    """Unknown keys are errors; numbers must be finite real numbers, not strings."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, allow_inf_nan=False)


class Source(_Strict):
    """Where evidence comes from: an article, a transcript, a video commentary, a data set.

    ``kind``, ``chain``, ``leaning`` and ``reliability`` say how far its evidence can be trusted
    (see :mod:`accord.scenario.sources` and :mod:`accord.scenario.reliability`).
    """

    id: Id
    title: str
    author: str | None = None
    translator: str | None = None
    original_language: str | None = Field(None, description="ISO 639-1 code of the original text")
    language: str | None = Field(None, description="ISO 639-1 code of the text we hold")
    published: dt.date | None = None
    original_published: dt.date | None = None
    platform: str | None = None
    url: str | None = None
    file: str | None = Field(None, description="packaged or local file holding the text")
    reposted_by: str | None = Field(None, description="who reposted the text (blog, channel)")
    reposter_opinion: str | None = Field(
        None, description="the reposter's own comment, kept apart from the author's text")
    kind: SourceKind | None = Field(
        None, description="primary_statement, agency_report, commentary, repost, translation "
                          "or study (see accord.scenario.sources)")
    form: str | None = Field(None, description="article, video commentary, testimony, …")
    chain: list[Link] = Field(default_factory=list,
                              description="author/outlet → translator → reposter, in order")
    leaning: Leaning | None = Field(None, description="an evident partisan leaning, with reason")
    reliability: Number | None = Field(
        None, gt=0.0, le=1.0, description="the analyst's own reliability figure; default: the "
                                          "rule of accord.scenario.reliability")
    reliability_reason: str | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _provenance(self) -> "Source":
        if (self.reliability is None) != (self.reliability_reason is None):
            raise ValueError("reliability and reliability_reason go together; expected both "
                             "(a figure in (0, 1] and why) or neither (the rule's figure)")
        for k, link in enumerate(self.chain[1:], 1):
            prev = self.chain[k - 1]
            if ROLE_RANK[link.role] < ROLE_RANK[prev.role]:
                raise ValueError(f"chain[{k}] is a {link.role} after a {prev.role}; expected the "
                                 "chain in order: author or outlet, then translator, then reposter")
        roles = {link.role for link in self.effective_chain()}
        if self.kind == "translation" and "translator" not in roles and not (
                self.original_language and self.language
                and self.original_language != self.language):
            raise ValueError("kind 'translation' but no translator is named and no original "
                             "language differs from language; expected translator (or a chain "
                             "link with role translator) or original_language")
        if self.kind == "repost" and "reposter" not in roles:
            raise ValueError("kind 'repost' but nobody reposted it; expected reposted_by or a "
                             "chain link with role reposter")
        return self

    def effective_chain(self) -> list[Link]:
        """The chain, stated or read off author, translator and reposted_by."""
        return effective_chain(self)

    def second_hand_hops(self) -> int:
        """Translators and reposters between the originator and the text we hold."""
        return second_hand_hops(self)

    def leanings(self) -> list[tuple[str, Leaning]]:
        """Every evident leaning of the source and its chain, with where it is stated."""
        return leanings(self)

    def is_partisan(self) -> bool:
        """Whether the source or a link of its chain has an evident leaning."""
        return bool(leanings(self))

    def origin(self) -> str:
        """Who the text originates with (sources with one origin are not independent)."""
        return origin(self)


class Evidence(_Strict):
    """One piece of support: a quote in the original language, who said it, who reported it."""

    id: Id
    source: str
    quote: str = Field(min_length=1)
    translation: str | None = None
    speaker: str | None = Field(None, description="actor id or free name of who said it")
    reported_by: str | None = Field(None, description="medium or person that reported it")
    date: dt.date | None = None
    note: str | None = None


class Anchor(_Strict):
    """A labelled point on a continuous scale: what a position means in words."""

    value: Number
    label: str = Field(min_length=1)


class Option(_Strict):
    """One option of a discrete issue, optionally placed on a 0–100 scale."""

    id: Id
    label: str
    value: Number | None = None
    commitment: Commitment | None = Field(
        None, description="who delivers this option, when, how credibly (overrides the issue's)")


class Issue(_Strict):
    """Something the parties bargain over."""

    id: Id
    name: str
    description: str | None = None
    kind: Literal["continuous", "discrete"] = "continuous"
    low: Number = 0.0
    high: Number = 100.0
    anchors: list[Anchor] = Field(default_factory=list)
    options: list[Option] = Field(default_factory=list)
    codes: list[str] = Field(default_factory=list, description="PA-X or other issue codes")
    status_quo: StatusQuo | None = Field(
        None, description="what holds if no agreement is reached (DEU: the reference point)")
    decision_rule: DecisionRule | None = Field(
        None, description="who must agree on this issue; default: the scenario's rule")
    commitment: Commitment | None = Field(
        None, description="who must deliver what is agreed on this issue, when, how credibly")

    @model_validator(mode="after")
    def _scale(self) -> "Issue":
        if not self.high > self.low:
            raise ValueError(f"high ({self.high}) must be greater than low ({self.low})")
        for a in self.anchors:
            if not self.low <= a.value <= self.high:
                raise ValueError(f"anchor {a.label!r} at {a.value} is outside the scale "
                                 f"[{self.low:g}, {self.high:g}]")
        if self.kind == "discrete" and len(self.options) < 2:
            raise ValueError("a discrete issue needs at least two options")
        return self

    def anchor_label(self, value: float) -> str | None:
        """The label of the anchor nearest to ``value`` (None when the issue has none)."""
        if not self.anchors:
            return None
        return min(self.anchors, key=lambda a: abs(a.value - value)).label


class Actor(_Strict):
    """A party, person, organisation or coalition, with the names the sources use for it."""

    id: Id
    name: str
    kind: Literal["state", "person", "organisation", "coalition"] = "state"
    aliases: list[str] = Field(default_factory=list,
                               description="names in other languages and transliterations")
    roles: list[str] = Field(default_factory=list,
                             description="role phrases that denote this actor ('Kremlsprecher')")
    members: list[str] = Field(default_factory=list, description="ids of member actors")
    member_of: list[str] = Field(default_factory=list)
    note: str | None = None

    def names(self) -> list[str]:
        return [self.name, *self.aliases]


Distribution = Literal["uniform", "triangular", "pert"]


class Stance(_Strict):
    """An actor's position on an issue and how much the issue matters to it.

    ``position_range`` and ``salience_range`` are the plausible ranges an analyst would not
    be surprised by; ensembles draw from them (``distribution``; PERT with the stated value
    as its mode unless said otherwise).
    """

    actor: str
    issue: str
    position: Number
    salience: Number = Field(ge=0.0, le=1.0)
    position_range: tuple[Number, Number] | None = None
    salience_range: tuple[Number, Number] | None = None
    distribution: Distribution = "pert"
    red_line: RedLine | None = Field(
        None, description="the furthest outcome the actor has said it would accept")
    evidence: list[str] = Field(default_factory=list)
    note: str | None = Field(None, description="the reasoning behind the numbers")

    def red_line_side(self) -> Side | None:
        """Which outcomes the red line leaves acceptable: its ``side``, else the position's side."""
        if self.red_line is None:
            return None
        if self.red_line.side is not None:
            return self.red_line.side
        return "at_most" if self.position < self.red_line.value else "at_least"

    @field_validator("position_range", "salience_range")
    @classmethod
    def _ordered(cls, v):
        if v is not None and v[0] > v[1]:
            raise ValueError(f"range {list(v)} is reversed; expected [low, high]")
        return v

    @model_validator(mode="after")
    def _inside(self) -> "Stance":
        if self.salience_range is not None:
            lo, hi = self.salience_range
            if lo < 0 or hi > 1:
                raise ValueError(f"salience_range {[lo, hi]} is outside [0, 1]")
            if not lo <= self.salience <= hi:
                raise ValueError(f"salience {self.salience} is outside its salience_range {[lo, hi]}")
        if self.position_range is not None:
            lo, hi = self.position_range
            if not lo <= self.position <= hi:
                raise ValueError(f"position {self.position} is outside its position_range {[lo, hi]}")
        rl = self.red_line
        if rl is not None:
            if rl.side is None and rl.value == self.position:
                raise ValueError(f"red_line {rl.value:g} equals the position; expected a side "
                                 "(at_least or at_most) saying which outcomes stay acceptable")
            if rl.side is not None and not rl.accepts(self.position, rl.side):
                raise ValueError(f"position {self.position:g} is past the actor's own red line "
                                 f"({rl.side} {rl.value:g}); expected a position it would accept")
        return self


class Capability(_Strict):
    """How much an actor can bring to bear: on every issue, or on one (``issue``)."""

    actor: str
    value: Number = Field(ge=0.0)
    issue: str | None = None
    value_range: tuple[Number, Number] | None = None
    distribution: Distribution = "pert"
    evidence: list[str] = Field(default_factory=list)
    note: str | None = None


class OutsideOption(_Strict):
    """What an actor falls back on if talks fail.

    Either a direct ``reservation`` utility in [0, 1] on the deal space's scale, or the
    parameters of a war model (:mod:`accord.deals.war`): ``win_probability`` and ``cost`` for
    Fearon's one-shot model; ``per_period_win``, ``per_period_cost`` and ``discount`` for
    attrition. ``ranges`` gives plausible ranges for any of these numbers.
    """

    actor: str
    reservation: Number | None = Field(None, ge=0.0, le=1.0)
    win_probability: Number | None = Field(None, ge=0.0, le=1.0)
    cost: Number | None = Field(None, ge=0.0)
    per_period_win: Number | None = Field(None, ge=0.0, le=1.0)
    per_period_cost: Number | None = Field(None, ge=0.0)
    discount: Number | None = Field(None, gt=0.0, lt=1.0)
    ranges: dict[str, tuple[Number, Number]] = Field(default_factory=dict)
    description: str | None = None
    evidence: list[str] = Field(default_factory=list)
    note: str | None = None


class OutcomeClass(_Strict):
    """A named kind of outcome, defined by ranges of issue forecasts (all must hold)."""

    id: Id
    label: str
    ranges: dict[str, tuple[Number, Number]] = Field(
        description="issue id → [low, high] (inclusive) of the forecast")
    question: str | None = Field(None, description="the question this class answers, if any")


class DealOption(_Strict):
    """One option of an issue in the scenario's discrete deal space, with utilities per actor."""

    id: Id
    label: str
    values: dict[str, Number] = Field(default_factory=dict,
                                     description="actor id → value of this option in [0, 1]")
    position: Number | None = Field(None, description="where the option sits on the issue's scale")
    commitment: Commitment | None = Field(
        None, description="who delivers this option, when, how credibly (overrides the issue's)")


class DealIssue(_Strict):
    issue: str
    options: list[DealOption] = Field(min_length=2)
    weights: dict[str, Number] = Field(default_factory=dict,
                                      description="actor id → weight of this issue")


class DealSpace(_Strict):
    """An explicit discrete deal space; without it one is derived from the stances."""

    issues: list[DealIssue] = Field(min_length=1)
    note: str | None = None


class Scenario(_Strict, ScenarioLookups):
    """A negotiation as an analyst understands it at one date."""

    id: Id
    title: str
    date: dt.date | None = Field(None, description="what was known by this date, and nothing after")
    description: str | None = None
    authors: list[str] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    actors: list[Actor] = Field(min_length=1)
    issues: list[Issue] = Field(min_length=1)
    stances: list[Stance] = Field(default_factory=list)
    capabilities: list[Capability] = Field(default_factory=list)
    outside_options: list[OutsideOption] = Field(default_factory=list)
    outcome_classes: list[OutcomeClass] = Field(default_factory=list)
    deal_space: DealSpace | None = None
    decision_rule: DecisionRule | None = Field(
        None, description="the rule of every issue without its own; default: unanimity among "
                          "every actor with a stance on the issue")
    horizon: dt.date | None = Field(
        None, description="the date by which agreement is judged; default: one year after date")
    deadlines: list[Deadline] = Field(default_factory=list)
    round_days: Number | None = Field(
        None, gt=0.0, description="calendar days one round of talks takes (maps simulated "
                                  "rounds to dates)")
    notes: str | None = None

    # --- lookups: actor, issue, stance, capability (accord.scenario.lookups) -------------------

    def rule(self, issue_id: str) -> DecisionRule:
        """The decision rule in force on ``issue_id``, defaults filled in (see :mod:`~accord.scenario.rules`)."""
        from accord.scenario.rules import effective_rule

        return effective_rule(self, issue_id)

    def horizon_date(self) -> dt.date | None:
        """The date by which agreement is judged: ``horizon``, else ``date`` + one year."""
        from accord.scenario.rules import effective_horizon

        return effective_horizon(self)

    def evidence_item(self, evidence_id: str) -> Evidence:
        for e in self.evidence:
            if e.id == evidence_id:
                return e
        raise KeyError(evidence_id)

    def source(self, source_id: str) -> Source:
        for s in self.sources:
            if s.id == source_id:
                return s
        raise KeyError(source_id)

    # --- cross-reference validation --------------------------------------------------------

    @model_validator(mode="after")
    def _references(self) -> "Scenario":
        check_references(self)
        return self

    def to_arrays(self):
        from accord.scenario.arrays import scenario_arrays

        return scenario_arrays(self)

    def content_hash(self) -> str:
        """SHA-256 of the canonical JSON form: the identity of a scenario version in stored runs."""
        import hashlib
        import json

        blob = json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode()).hexdigest()


def _dupes(kind: str, path: str, items) -> None:
    seen: dict[str, int] = {}
    for n, item in enumerate(items):
        if item.id in seen:
            raise ScenarioError(f"{path}[{n}].id",
                                f"duplicate {kind} id {item.id!r} (first used at {path}[{seen[item.id]}]); "
                                f"expected every {kind} id to be unique")
        seen[item.id] = n


def check_references(s: Scenario) -> None:
    """Raise a located :class:`ScenarioError` for the first broken cross-reference."""
    _dupes("actor", "actors", s.actors)
    _dupes("issue", "issues", s.issues)
    _dupes("source", "sources", s.sources)
    _dupes("evidence", "evidence", s.evidence)
    _dupes("outcome class", "outcome_classes", s.outcome_classes)
    actors = {a.id for a in s.actors}
    issues = {i.id: i for i in s.issues}
    sources = {x.id for x in s.sources}
    evidence = {e.id for e in s.evidence}

    def _known_actor(path: str, actor_id: str) -> None:
        if actor_id not in actors:
            raise ScenarioError(path, f"unknown actor {actor_id!r}; expected one of: "
                                f"{', '.join(sorted(actors))}")

    def _known_issue(path: str, issue_id: str) -> None:
        if issue_id not in issues:
            raise ScenarioError(path, f"unknown issue {issue_id!r}; expected one of: "
                                f"{', '.join(sorted(issues))}")

    def _cites(path: str, ids: list[str]) -> None:
        for k, eid in enumerate(ids):
            if eid not in evidence:
                raise ScenarioError(f"{path}[{k}]", f"cites unknown evidence {eid!r}; expected an id "
                                    "listed under evidence")

    for n, a in enumerate(s.actors):
        for k, m in enumerate(a.members):
            _known_actor(f"actors[{n}].members[{k}]", m)
        for k, m in enumerate(a.member_of):
            _known_actor(f"actors[{n}].member_of[{k}]", m)
    for n, e in enumerate(s.evidence):
        if e.source not in sources:
            raise ScenarioError(f"evidence[{n}].source",
                                f"unknown source {e.source!r}; expected an id listed under sources")
    seen_pairs: dict[tuple[str, str], int] = {}
    for n, st in enumerate(s.stances):
        _known_actor(f"stances[{n}].actor", st.actor)
        _known_issue(f"stances[{n}].issue", st.issue)
        issue = issues[st.issue]
        if not issue.low <= st.position <= issue.high:
            raise ScenarioError(f"stances[{n}].position",
                                f"{st.position:g} is outside the scale of issue {issue.id!r}; "
                                f"expected a value in [{issue.low:g}, {issue.high:g}]")
        if st.position_range is not None and not (
                issue.low <= st.position_range[0] and st.position_range[1] <= issue.high):
            raise ScenarioError(f"stances[{n}].position_range",
                                f"{list(st.position_range)} leaves the scale of issue {issue.id!r}; "
                                f"expected values in [{issue.low:g}, {issue.high:g}]")
        key = (st.actor, st.issue)
        if key in seen_pairs:
            raise ScenarioError(f"stances[{n}]", f"second stance of {st.actor!r} on {st.issue!r} "
                                f"(first at stances[{seen_pairs[key]}]); expected one stance per "
                                "actor and issue")
        seen_pairs[key] = n
        _cites(f"stances[{n}].evidence", st.evidence)
    for n, c in enumerate(s.capabilities):
        _known_actor(f"capabilities[{n}].actor", c.actor)
        if c.issue is not None:
            _known_issue(f"capabilities[{n}].issue", c.issue)
        _cites(f"capabilities[{n}].evidence", c.evidence)
    for n, o in enumerate(s.outside_options):
        _known_actor(f"outside_options[{n}].actor", o.actor)
        _cites(f"outside_options[{n}].evidence", o.evidence)
    check_rules(s, _known_actor, _known_issue, _cites)
    check_sources(s, _known_actor)
    check_commitments(s, _known_actor, _cites)
    for n, oc in enumerate(s.outcome_classes):
        for issue_id in oc.ranges:
            _known_issue(f"outcome_classes[{n}].ranges.{issue_id}", issue_id)
    if s.stances:
        covered = {st.issue for st in s.stances}
        for n, i in enumerate(s.issues):
            if i.id not in covered:
                raise ScenarioError(f"issues[{n}]", f"nobody has a stance on issue {i.id!r}; "
                                    "expected at least one stance per issue")
        takes_stance = {st.actor for st in s.stances}
        with_cap = {c.actor for c in s.capabilities}   # general or issue-specific
        for n, a in enumerate(s.actors):
            if a.id in takes_stance and a.id not in with_cap:
                raise ScenarioError(f"actors[{n}]", f"actor {a.id!r} takes stances but has no "
                                    "capability; expected an entry under capabilities")
    if s.deal_space is not None:
        for n, di in enumerate(s.deal_space.issues):
            _known_issue(f"deal_space.issues[{n}].issue", di.issue)
            for actor_id in di.weights:
                _known_actor(f"deal_space.issues[{n}].weights.{actor_id}", actor_id)
            for k, opt in enumerate(di.options):
                for actor_id, v in opt.values.items():
                    _known_actor(f"deal_space.issues[{n}].options[{k}].values.{actor_id}", actor_id)
                    if not 0.0 <= v <= 1.0:
                        raise ScenarioError(
                            f"deal_space.issues[{n}].options[{k}].values.{actor_id}",
                            f"{v:g} is outside [0, 1]; expected a utility between 0 and 1")
