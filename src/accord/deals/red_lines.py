"""Red lines in a deal space: hard limits that no gain on another issue can buy past.

Additive utilities let a large gain on one issue pay for any concession on another, so a party
would "accept" a package it has publicly refused. A red line (``Stance.red_line``) removes
that: an option past a party's red line is unacceptable to it whatever the rest of the package
holds. Because every party must accept a deal, such an option can be in no deal at all, and the
deal space *within the red lines* is the space with those options removed. Its Pareto
frontier, zone of agreement and bargaining solutions are the ones that count: an outcome past
someone's red line can dominate every acceptable one in utility and must not hide them.

>>> import numpy as np
>>> from accord.deals.space import OutcomeSpace
>>> sp = OutcomeSpace.from_tables({"x": ["a", "b", "c"], "y": ["d", "e"]},
...     {"P": {"x": [1, .5, 0], "y": [0, 1]}, "Q": {"x": [0, .5, 1], "y": [1, 0]}})
>>> sp = with_red_lines(sp, {("P", "x"): np.array([True, True, False])}, {("P", "x"): "≤ b"})
>>> r = restrict(sp)
>>> r.space.option_labels, r.closed
((('a', 'b'), ('d', 'e')), ())
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Mapping

import numpy as np


@dataclass(frozen=True)
class ClosedIssue:
    """An issue on which the parties' red lines leave no option: who blocks it, and how."""

    issue: str
    parties: tuple[str, ...]
    limits: tuple[str, ...]          # "Russia's red line ≥ 75", one per blocking party

    def headline(self, issue_name: str | None = None) -> str:
        return f"no zone on {issue_name or self.issue}: {', '.join(self.limits)}"


@dataclass(frozen=True)
class Restriction:
    """The deal space within every red line, and what the red lines removed.

    ``keep[i]`` are the option indices of issue ``i`` kept (into the original space);
    ``closed`` lists issues left without any option.
    """

    space: object
    keep: tuple[np.ndarray, ...]
    closed: tuple[ClosedIssue, ...]
    removed: int

    @property
    def any_closed(self) -> bool:
        return bool(self.closed)

    def original_outcome(self, outcome: int, original) -> int:
        """The index in the original space of an outcome of the restricted one."""
        opts = self.space.option_indices(int(outcome))
        return original.outcome_index([int(self.keep[i][k]) for i, k in enumerate(opts)])


def with_red_lines(space, allowed: Mapping[tuple[str, str], np.ndarray],
                   text: Mapping[tuple[str, str], str] | None = None):
    """A copy of ``space`` with red lines: ``allowed[(party, issue)]`` is a bool per option."""
    masks = []
    for i, iid in enumerate(space.issue_ids):
        m = np.ones((space.n_parties, int(space.n_options[i])), bool)
        for p, party in enumerate(space.party_ids):
            if (party, iid) in allowed:
                m[p] = np.asarray(allowed[(party, iid)], bool)
        masks.append(m)
    return replace(space, red_lines=tuple(masks), red_line_text=dict(text or {}))


def restrict(space) -> Restriction:
    """The space within every party's red lines (the space itself when it has none)."""
    I = space.n_issues
    if space.red_lines is None:
        return Restriction(space, tuple(np.arange(int(k)) for k in space.n_options), (), 0)
    keep, closed = [], []
    for i in range(I):
        ok = space.red_lines[i].all(axis=0)
        keep.append(np.flatnonzero(ok))
        if not ok.any():
            closed.append(_closed(space, i))
    removed = int(sum(int(n) - k.size for n, k in zip(space.n_options, keep)))
    if closed or removed == 0:
        return Restriction(space, tuple(keep), tuple(closed), removed)
    sub = replace(
        space,
        option_labels=tuple(tuple(space.option_labels[i][k] for k in keep[i]) for i in range(I)),
        option_ids=None if space.option_ids is None else
        tuple(tuple(space.option_ids[i][k] for k in keep[i]) for i in range(I)),
        n_options=np.array([k.size for k in keep]),
        values=tuple(v[:, k] for v, k in zip(space.values, keep)),
        table=None if space.table is None else _table_subset(space, keep),
        red_lines=tuple(m[:, k] for m, k in zip(space.red_lines, keep)),
    )
    return Restriction(sub, tuple(keep), (), removed)


def _table_subset(space, keep) -> np.ndarray:
    grids = np.meshgrid(*keep, indexing="ij")
    idx = np.stack([g.ravel() for g in grids], axis=-1)
    return space.table[:, space.outcome_index(idx)]


def _closed(space, i: int) -> ClosedIssue:
    """Who leaves issue ``i`` without an option: pairs of parties whose allowed options are
    disjoint (or a party that allows none)."""
    m = space.red_lines[i]
    P = space.n_parties
    blocking = set()
    for p in range(P):
        if not m[p].any():
            blocking.add(p)
        for q in range(p + 1, P):
            if m[p].any() and m[q].any() and not (m[p] & m[q]).any():
                blocking.update((p, q))
    if not blocking:      # only three or more together close it
        blocking = {p for p in range(P) if not m[p].all()}
    order = sorted(blocking)
    iid = space.issue_ids[i]
    limits = tuple(f"{space.name_of(space.party_ids[p])}'s red line "
                   f"{space.red_line_text.get((space.party_ids[p], iid), '')}".rstrip()
                   for p in order)
    return ClosedIssue(iid, tuple(space.party_ids[p] for p in order), limits)


def red_line_masks(scenario, parties, deal_issues, positions) -> tuple[dict, dict]:
    """``allowed[(party, issue)]`` and the red lines in words, for a scenario's deal space.

    ``positions[i]`` are the option positions of deal issue ``i`` on the issue's scale.
    """
    allowed, text = {}, {}
    for i, iid in enumerate(deal_issues):
        x = np.asarray(positions[i], dtype=float)
        for party in parties:
            st = scenario.stance(party, iid)
            if st is None or st.red_line is None:
                continue
            side = st.red_line_side()
            allowed[(party, iid)] = st.red_line.accepts(x, side)
            text[(party, iid)] = f"{'≥' if side == 'at_least' else '≤'} {st.red_line.value:g}"
    return allowed, text
