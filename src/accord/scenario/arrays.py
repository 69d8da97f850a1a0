"""Dense NumPy views of a scenario: what every model, deal solver and ensemble computes on.

Shapes (``...`` is an optional leading batch axis ``B``: B variants of one scenario at once):

- ``position``   (..., A, I) in each issue's own units (``low``..``high``)
- ``salience``   (..., A, I) in [0, 1]; 0 where the actor has no stance on the issue
- ``capability`` (..., A, I) ≥ 0 (per-actor capability broadcast over issues unless an
  issue-specific capability is given)
- ``has_stance`` (A, I) bool
- ``low``, ``high`` (I,)

and the whether inputs (:mod:`accord.scenario.rules`), each optional:

- ``status_quo`` (..., I): what holds without agreement; NaN where the scenario states none
- ``red_low``, ``red_high`` (..., A, I): the outcomes each actor's red line leaves acceptable
  are ``red_low ≤ x ≤ red_high`` (−inf / +inf where it has none)
- ``rule``: :class:`RuleArrays`, the decision rule of every issue (not batched)

>>> from accord.scenario.builtin import load_builtin
>>> arr = load_builtin("ec-emissions-1994").to_arrays()
>>> arr.position.shape, arr.is_batched
((10, 1), False)
>>> arr.batched().position.shape
(1, 10, 1)
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np


#: Codes of :attr:`RuleArrays.kind`.
UNANIMITY, QUALIFIED_MAJORITY, SIMPLE_MAJORITY, SINGLE_ACTOR = 0, 1, 2, 3
RULE_CODES = {"unanimity": UNANIMITY, "qualified_majority": QUALIFIED_MAJORITY,
              "simple_majority": SIMPLE_MAJORITY, "single_actor": SINGLE_ACTOR}


@dataclass(frozen=True)
class RuleArrays:
    """Every issue's decision rule as arrays (see :class:`~accord.scenario.rules.DecisionRule`).

    ``kind`` (I,) rule code; ``veto`` (I, A) actors whose acceptance is required (unanimity's
    veto players, a majority rule's extra veto players, the single actor); ``vote_weight``
    (I, A) the members' voting weights (0 for non-members; unused by unanimity);
    ``threshold`` (I,) the share of the members' total weight needed (``strict``: more than
    it, as in a simple majority); ``min_members`` (I,) members needed in favour (0: no count);
    ``setter`` (I,) index of the agenda setter, −1 for none.
    """

    kind: np.ndarray
    veto: np.ndarray
    vote_weight: np.ndarray
    threshold: np.ndarray
    strict: np.ndarray
    min_members: np.ndarray
    setter: np.ndarray

    @classmethod
    def unanimity(cls, has_stance: np.ndarray) -> "RuleArrays":
        """Unanimity among the actors with a stance on each issue (the default rule)."""
        A, I = has_stance.shape
        return cls(np.zeros(I, np.int8), has_stance.T.copy(), np.zeros((I, A)),
                   np.full(I, np.nan), np.zeros(I, bool), np.zeros(I, np.int64),
                   np.full(I, -1, np.int64))

    def permuted(self, order: np.ndarray) -> "RuleArrays":
        """The rules with actors reordered — or selected: ``order`` may leave actors out (an
        agenda setter left out is then no setter, −1)."""
        inverse = np.full(self.veto.shape[1], -1, dtype=np.int64)
        inverse[order] = np.arange(order.size)
        setter = np.where(self.setter >= 0, inverse[np.maximum(self.setter, 0)], -1)
        return replace(self, veto=self.veto[:, order], vote_weight=self.vote_weight[:, order],
                       setter=setter)


@dataclass(frozen=True)
class ScenarioArrays:
    actor_ids: tuple[str, ...]
    issue_ids: tuple[str, ...]
    position: np.ndarray
    salience: np.ndarray
    capability: np.ndarray
    has_stance: np.ndarray
    low: np.ndarray
    high: np.ndarray
    status_quo: np.ndarray | None = None
    red_low: np.ndarray | None = None
    red_high: np.ndarray | None = None
    rule: RuleArrays | None = None

    # --- the whether inputs, with their defaults ------------------------------------------------

    @property
    def status_quo_or_nan(self) -> np.ndarray:
        """(..., I) status quo, NaN where none is stated."""
        if self.status_quo is not None:
            return self.status_quo
        return np.full(self.position.shape[:-2] + (self.n_issues,), np.nan)

    @property
    def red_bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """(..., A, I) lowest and highest outcome each actor's red line leaves acceptable."""
        lo = self.red_low if self.red_low is not None else np.full(self.position.shape, -np.inf)
        hi = self.red_high if self.red_high is not None else np.full(self.position.shape, np.inf)
        return lo, hi

    @property
    def rules(self) -> RuleArrays:
        """The decision rules; unanimity among the actors with a stance when none is stated."""
        return self.rule if self.rule is not None else RuleArrays.unanimity(self.has_stance)

    @property
    def n_actors(self) -> int:
        return len(self.actor_ids)

    @property
    def n_issues(self) -> int:
        return len(self.issue_ids)

    @property
    def is_batched(self) -> bool:
        return self.position.ndim == 3

    @property
    def batch_size(self) -> int | None:
        return self.position.shape[0] if self.is_batched else None

    @property
    def scale_range(self) -> np.ndarray:
        """``high − low`` per issue (the R of the expected-utility literature)."""
        return self.high - self.low

    _BATCHED = ("position", "salience", "capability", "status_quo", "red_low", "red_high")

    def _map_batched(self, fn) -> "ScenarioArrays":
        return replace(self, **{f: fn(getattr(self, f)) for f in self._BATCHED
                                if getattr(self, f) is not None})

    def batched(self) -> "ScenarioArrays":
        """The same arrays with a leading batch axis of 1 (unchanged if already batched)."""
        if self.is_batched:
            return self
        return self._map_batched(lambda a: a[None])

    def unbatched(self, b: int = 0) -> "ScenarioArrays":
        """Variant ``b`` of a batch, without the batch axis."""
        if not self.is_batched:
            return self
        return self._map_batched(lambda a: a[b])

    def with_values(self, *, position=None, salience=None, capability=None, status_quo=None,
                    red_low=None, red_high=None) -> "ScenarioArrays":
        """A copy with some arrays replaced (e.g. a batch of jittered positions).

        The whether arrays (status quo, red lines) are broadcast to a new batch axis when the
        positions gain one.
        """
        given = {"position": position, "salience": salience, "capability": capability,
                 "status_quo": status_quo, "red_low": red_low, "red_high": red_high}
        out = replace(self, **{k: np.asarray(v, dtype=float) for k, v in given.items()
                               if v is not None})
        if out.is_batched and not self.is_batched:
            B = out.position.shape[0]
            for f in ("status_quo", "red_low", "red_high"):
                a = getattr(out, f)
                if a is not None and given[f] is None:
                    out = replace(out, **{f: np.broadcast_to(a, (B,) + a.shape).copy()})
        return out

    def broadcast_batch(self, size: int) -> "ScenarioArrays":
        """``size`` identical copies along a new batch axis (writable)."""
        return self.unbatched()._map_batched(lambda a: np.repeat(a[None], size, axis=0))

    def with_bystander(self, actor_id: str = "bystander") -> "ScenarioArrays":
        """A copy with one more actor who takes no stance (salience 0, capability 1, at each
        issue's midpoint, no red line, no role in any rule): it must change no forecast."""
        mid = (self.low + self.high) / 2.0

        def grow(a, fill):
            if a is None:
                return None
            extra = np.broadcast_to(fill, a.shape[:-2] + (1, a.shape[-1]))
            return np.concatenate([a, extra], axis=-2)
        rule = self.rule
        if rule is not None:
            rule = replace(rule, veto=np.hstack([rule.veto, np.zeros((self.n_issues, 1), bool)]),
                           vote_weight=np.hstack([rule.vote_weight, np.zeros((self.n_issues, 1))]))
        return replace(
            self, actor_ids=self.actor_ids + (actor_id,),
            position=grow(self.position, mid), salience=grow(self.salience, 0.0),
            capability=grow(self.capability, 1.0),
            has_stance=np.vstack([self.has_stance, np.zeros((1, self.n_issues), bool)]),
            red_low=grow(self.red_low, -np.inf), red_high=grow(self.red_high, np.inf), rule=rule)

    def permuted(self, order) -> "ScenarioArrays":
        """Actors reordered by ``order`` (used by the conformance suite: order must not matter)."""
        order = np.asarray(order)
        ax = -2
        per_actor = {f: np.take(getattr(self, f), order, axis=ax)
                     for f in ("position", "salience", "capability", "red_low", "red_high")
                     if getattr(self, f) is not None}
        return replace(
            self,
            actor_ids=tuple(self.actor_ids[k] for k in order),
            has_stance=self.has_stance[order],
            rule=None if self.rule is None else self.rule.permuted(order),
            **per_actor,
        )


def scenario_arrays(scenario) -> ScenarioArrays:
    """Build the dense arrays of a :class:`~accord.scenario.model.Scenario`.

    Actors in scenario order, issues in scenario order. An actor without a stance on an issue
    gets salience 0 and, as a placeholder, the issue's midpoint as position (salience 0 keeps
    it from influencing any model, and ``has_stance`` says it is a placeholder).
    """
    actors = [a.id for a in scenario.actors]
    issues = [i.id for i in scenario.issues]
    a_index = {a: k for k, a in enumerate(actors)}
    i_index = {i: k for k, i in enumerate(issues)}
    A, I = len(actors), len(issues)
    low = np.array([i.low for i in scenario.issues], dtype=float)
    high = np.array([i.high for i in scenario.issues], dtype=float)
    position = np.tile((low + high) / 2.0, (A, 1))
    salience = np.zeros((A, I))
    has = np.zeros((A, I), dtype=bool)
    for st in scenario.stances:
        a, i = a_index[st.actor], i_index[st.issue]
        position[a, i] = st.position
        salience[a, i] = st.salience
        has[a, i] = True
    capability = np.zeros((A, I))
    general = {c.actor: c.value for c in scenario.capabilities if c.issue is None}
    for a_id, a in a_index.items():
        capability[a, :] = general.get(a_id, 0.0)
    for c in scenario.capabilities:
        if c.issue is not None:
            capability[a_index[c.actor], i_index[c.issue]] = c.value
    status_quo = np.array([status_quo_value(i) for i in scenario.issues], dtype=float)
    red_low, red_high = np.full((A, I), -np.inf), np.full((A, I), np.inf)
    for st in scenario.stances:
        if st.red_line is not None:
            bound = red_low if st.red_line_side() == "at_least" else red_high
            bound[a_index[st.actor], i_index[st.issue]] = st.red_line.value
    has_red = bool(np.isfinite(red_low).any() or np.isfinite(red_high).any())
    return ScenarioArrays(tuple(actors), tuple(issues), position, salience, capability, has,
                          low, high,
                          status_quo=None if np.isnan(status_quo).all() else status_quo,
                          red_low=red_low if has_red else None,
                          red_high=red_high if has_red else None,
                          rule=rule_arrays(scenario, actors, issues))


def status_quo_value(issue) -> float:
    """The status quo of an issue as a point on its scale (a discrete option's ``value``, or
    its place among evenly spread options); NaN when none is stated."""
    sq = issue.status_quo
    if sq is None:
        return np.nan
    if sq.value is not None:
        return sq.value
    ids = [o.id for o in issue.options]
    k = ids.index(sq.option)
    opt = issue.options[k]
    if opt.value is not None:
        return opt.value
    return issue.low + (issue.high - issue.low) * k / (len(ids) - 1)


def rule_arrays(scenario, actors: list[str], issues: list[str]) -> RuleArrays | None:
    """The scenario's decision rules as :class:`RuleArrays`; None when it states no rule."""
    if scenario.decision_rule is None and all(i.decision_rule is None for i in scenario.issues):
        return None
    a_index = {a: k for k, a in enumerate(actors)}
    A, I = len(actors), len(issues)
    kind = np.zeros(I, np.int8)
    veto = np.zeros((I, A), bool)
    vote_weight = np.zeros((I, A))
    threshold = np.full(I, np.nan)
    strict = np.zeros(I, bool)
    min_members = np.zeros(I, np.int64)
    setter = np.full(I, -1, np.int64)
    for i, issue_id in enumerate(issues):
        r = scenario.rule(issue_id)
        kind[i] = RULE_CODES[r.kind]
        for a in r.veto_players:
            veto[i, a_index[a]] = True
        if r.kind == "single_actor":
            veto[i, a_index[r.actor]] = True
        elif r.kind in ("qualified_majority", "simple_majority"):
            for a in r.members:
                vote_weight[i, a_index[a]] = r.weights.get(a, 1.0) if r.weights else 1.0
            threshold[i] = 0.5 if r.kind == "simple_majority" else r.threshold
            strict[i] = r.kind == "simple_majority"
            min_members[i] = r.min_members or 0
        if r.agenda_setter is not None:
            setter[i] = a_index[r.agenda_setter]
    return RuleArrays(kind, veto, vote_weight, threshold, strict, min_members, setter)
