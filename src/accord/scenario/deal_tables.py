"""The deal space a scenario states or implies, as tables: parties, issues with options, each
party's weight per issue and value per option.

A scenario with an explicit ``deal_space`` states it; otherwise every issue becomes a deal
issue whose options are its discrete options, its anchors, or evenly spaced levels, and each
option's value to a party comes from its distance to the party's stance (:func:`option_value`).
These tables are what a file format can carry (GENIUS and GeniusWeb write them) and what
:class:`accord.deals.space.OutcomeSpace` is built from; what *no deal* is worth is not part of
them beyond a stated reservation — the war fallback and the deal rules live in
:mod:`accord.deals`.

>>> from accord.scenario.builtin import load_builtin
>>> t = deal_tables(load_builtin("ec-emissions-1994"))
>>> t.issue_ids, t.option_ids[0], t.weights.shape       # the issue's anchors at 4, 7, 10 years
(('emissions',), ('a0', 'a1', 'a2'), (10, 1))

The Netherlands stand at 4 on the scale [4, 10], so the far end is 6 years away: 4 years is
worth 1, 7 years 1 − 3/6 and 10 years 0.

>>> t.values[0][0].tolist()
[1.0, 0.5, 0.0]
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from accord.errors import AccordError, ScenarioError


@dataclass(frozen=True, eq=False)
class DealTables:
    """An outcome space as plain arrays, without the deal machinery: the fields of
    :class:`accord.deals.space.OutcomeSpace` (see there for their meaning), which is built from
    them with ``OutcomeSpace.from_deal_tables``.

    ``reservation`` here is only what a file states: an outside option's stated
    ``reservation`` (0 when it states none) or a GENIUS ``<reservation>``; the war fallback and
    the other rules for what no deal is worth are applied in :mod:`accord.deals`.
    ``note`` says where the deal space came from.
    """

    party_ids: tuple[str, ...]
    issue_ids: tuple[str, ...]
    option_labels: tuple[tuple[str, ...], ...]
    n_options: np.ndarray                    # (I,)
    weights: np.ndarray                      # (P, I), rows sum to 1
    values: tuple[np.ndarray, ...]           # per issue (P, n_i), in [0, 1]
    reservation: np.ndarray                  # (P,)
    table: np.ndarray | None = None          # optional (P, N) utilities that replace w · v
    option_ids: tuple[tuple[str, ...], ...] | None = None
    party_names: tuple[str, ...] | None = None
    issue_names: tuple[str, ...] | None = None
    provenance: dict[str, str] = field(default_factory=dict)
    note: str | None = None
    positions: tuple[np.ndarray, ...] | None = None   # per issue, the options' scale positions

    @property
    def n_parties(self) -> int:
        return len(self.party_ids)

    @property
    def n_issues(self) -> int:
        return len(self.issue_ids)

    @property
    def n_outcomes(self) -> int:
        return math.prod(int(k) for k in self.n_options)

    def utilities(self) -> np.ndarray:
        """(P, N) every party's additive utility of every outcome, in mixed-radix order (last
        issue fastest), summed issue by issue in order as ``OutcomeSpace.utilities`` does."""
        if self.table is not None:
            return self.table
        P = len(self.party_ids)
        acc = np.zeros((P, 1))
        for i, v in enumerate(self.values):
            acc = (acc[:, :, None] + (self.weights[:, i, None] * v)[:, None, :]).reshape(P, -1)
        return acc

    def option_indices(self, outcomes) -> np.ndarray:
        """Option indices (..., I) of outcome numbers (...,) (last issue fastest)."""
        return option_indices(self.n_options, outcomes)


def option_indices(n_options, outcomes) -> np.ndarray:
    """Option indices (..., I) of outcome numbers (...,) in the mixed radix ``n_options``, the
    last issue varying fastest (as ``itertools.product`` and GENIUS enumerate outcomes).

    >>> option_indices([2, 3], [0, 4, 5]).tolist()
    [[0, 0], [1, 1], [1, 2]]
    """
    o = np.asarray(outcomes, dtype=np.int64)
    return np.stack(np.unravel_index(o, tuple(int(k) for k in n_options)), axis=-1)


def deal_tables(scenario, *, levels: int = 5) -> DealTables:
    """The deal space of ``scenario`` as tables.

    With an explicit ``scenario.deal_space`` its issues and options are used; otherwise every
    issue of the scenario becomes a deal issue: a discrete issue's options (placed at
    ``Option.value``, or evenly over [low, high] when unplaced), a continuous issue's anchors
    when it has at least two, else ``levels`` evenly spaced points on [low, high].

    An option's value to a party, when the scenario does not state it, comes from its distance
    to the party's stance (:func:`option_value`): linear loss, scaled so that the party's own
    position is worth 1 and the far end of the scale from it 0 — the rule the built-in
    scenarios state for their explicit deal spaces, and the analogue of GENIUS's per-issue
    normalisation (every issue spans [0, 1] for every party). Options of a deal issue without
    ``DealOption.position`` are spread evenly over the issue's scale. Issue weights are the
    stated ``DealIssue.weights``, else the party's salience on the issue; each party's weights
    are normalised to sum to 1 (all-zero → equal).

    Parties: every actor with a stance, a stated weight or a stated option value.

    Parameters
    ----------
    scenario : Scenario
        The scenario.
    levels : int, default 5
        Options per continuous issue without anchors when the space is derived from stances.

    Returns
    -------
    DealTables

    Raises
    ------
    ScenarioError
        No actor takes part, or an actor weighs an issue without a value or a stance.
    AccordError
        ``levels`` < 2 where it is needed.

    Examples
    --------
    >>> from accord.scenario.builtin import load_builtin
    >>> t = deal_tables(load_builtin("ukraine-talks-2026-01"))
    >>> len(t.party_ids), t.n_outcomes, float(t.reservation[0])
    (4, 288000, 0.493)
    """
    ds = deal_space_of(scenario, levels)
    actors = [a.id for a in scenario.actors]
    involved = {st.actor for st in scenario.stances}
    for di in ds.issues:
        involved |= set(di.weights)
        for opt in di.options:
            involved |= set(opt.values)
    parties = tuple(a for a in actors if a in involved)
    if not parties:
        raise ScenarioError("deal_space", "no actor has a stance or stated option values; "
                            "expected stances or deal_space option values")
    P, I = len(parties), len(ds.issues)
    issue_ids = tuple(di.issue for di in ds.issues)
    w = np.zeros((P, I))
    vals, positions = [], []
    for i, di in enumerate(ds.issues):
        issue = scenario.issue(di.issue)
        span = issue.high - issue.low
        k = len(di.options)
        positions.append(np.array([o.position if o.position is not None else
                                   issue.low + span * j / (k - 1)
                                   for j, o in enumerate(di.options)], dtype=float))
        v = np.zeros((P, k))
        for p, party in enumerate(parties):
            st = scenario.stance(party, di.issue)
            if party in di.weights:
                w[p, i] = di.weights[party]
            elif st is not None:
                w[p, i] = st.salience
            for j, opt in enumerate(di.options):
                if party in opt.values:
                    v[p, j] = opt.values[party]
                elif st is not None:
                    x = opt.position if opt.position is not None else \
                        issue.low + span * j / (k - 1)
                    v[p, j] = option_value(x, st.position, issue.low, issue.high)
                elif w[p, i] > 0:
                    raise ScenarioError(
                        f"deal_space.issues[{i}].options[{j}].values.{party}",
                        f"actor {party!r} weighs issue {di.issue!r} but has neither a value "
                        "for this option nor a stance to derive it from; expected a value in "
                        "[0, 1] or a stance")
        vals.append(v)
    w = normalise_weights(w, parties)
    stated = {o.actor: o.reservation for o in scenario.outside_options}
    return DealTables(
        parties, issue_ids, tuple(tuple(o.label for o in di.options) for di in ds.issues),
        np.array([len(di.options) for di in ds.issues]), w, tuple(vals),
        np.array([float(stated.get(p) or 0.0) for p in parties]),
        option_ids=tuple(tuple(o.id for o in di.options) for di in ds.issues),
        party_names=tuple(scenario.actor(p).name for p in parties),
        issue_names=tuple(scenario.issue(i).name for i in issue_ids), note=ds.note,
        positions=tuple(positions))


def deal_space_of(scenario, levels: int = 5):
    """The scenario's :class:`~accord.scenario.model.DealSpace`: the stated one, else one deal
    issue per scenario issue with :func:`default_options`."""
    from accord.scenario.model import DealIssue, DealSpace

    if scenario.deal_space is not None:
        return scenario.deal_space
    return DealSpace(issues=[DealIssue(issue=i.id, options=default_options(i, levels))
                             for i in scenario.issues],
                     note=f"derived from stances ({levels} levels per continuous issue)")


def normalise_weights(w: np.ndarray, parties: Sequence[str]) -> np.ndarray:
    """Rows scaled to sum to 1 (rows within 1e-12 of 1 are kept); an all-zero row becomes equal
    weights.

    >>> normalise_weights(np.array([[3.0, 1.0], [0.0, 0.0]]), ["a", "b"]).tolist()
    [[0.75, 0.25], [0.5, 0.5]]
    """
    w = np.asarray(w, dtype=float)
    if np.any(w < 0):
        raise AccordError("issue weights must be non-negative")
    s = w.sum(axis=1, keepdims=True)
    eq = np.full_like(w, 1.0 / w.shape[1])
    # rows already normalised (to rounding) are kept bit for bit, so a space read from a file
    # and the same space read back from a scenario give identical utilities
    scaled = np.where(np.abs(s - 1.0) <= 1e-12, w, w / np.where(s > 0, s, 1.0))
    return np.where(s > 0, scaled, eq)


def option_value(x: float, position: float, low: float, high: float) -> float:
    """Value of the point ``x`` to a party at ``position`` on the scale [low, high]:
    ``1 − |x − position| / max(position − low, high − position)`` (1 at its position, 0 at the
    far end of the scale).

    >>> option_value(50, 0, 0, 100), option_value(100, 25, 0, 100), option_value(0, 25, 0, 100)
    (0.5, 0.0, 0.6666666666666667)
    """
    reach = max(position - low, high - position)
    if reach <= 0:
        return 1.0
    return max(0.0, 1.0 - abs(x - position) / reach)


def default_options(issue, levels: int):
    """The deal options of a scenario issue when no deal space states them: a discrete issue's
    options, a continuous issue's anchors (at least two), else ``levels`` evenly spaced points.

    >>> from accord.scenario.model import Issue
    >>> [o.label for o in default_options(Issue(id="x", name="X"), 3)]
    ['0', '50', '100']
    """
    from accord.scenario.model import DealOption

    span = issue.high - issue.low
    if issue.kind == "discrete":
        k = len(issue.options)
        return [DealOption(id=o.id, label=o.label,
                           position=o.value if o.value is not None else
                           issue.low + span * j / (k - 1), commitment=o.commitment)
                for j, o in enumerate(issue.options)]
    if len(issue.anchors) >= 2:
        anchors = sorted(issue.anchors, key=lambda a: a.value)
        return [DealOption(id=f"a{j}", label=a.label, position=a.value)
                for j, a in enumerate(anchors)]
    if levels < 2:
        raise AccordError("levels must be at least 2")
    return [DealOption(id=f"l{j}", label=f"{issue.low + span * j / (levels - 1):g}",
                       position=issue.low + span * j / (levels - 1)) for j in range(levels)]
