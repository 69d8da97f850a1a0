"""Package trades across issues: "I give way on X if you give way on Y" — logrolling.

Starting from a reference outcome (the status quo, or a proposal on the table), party A
*concedes* on issue X when moving X to another option lowers A's utility and raises B's; B
concedes on Y likewise in the other direction. A package is the pair of concessions made at once;
it is a trade when both A and B end up better off than at the reference — possible exactly when
they weigh X and Y differently (Raiffa 1982, *The Art and Science of Negotiation*, ch. 10;
Stokman's exchange model rests on the same idea). The "withdrawal for guarantees" quid pro quo is
such a package: one side concedes on territory, the other on security guarantees.

Packages are ranked by the smaller of the two gains (a trade is only as good as its less
enthusiastic partner), then by the sum. The change for every other party is reported too: a
trade between two can hurt a third.

>>> from accord.deals.space import OutcomeSpace
>>> sp = OutcomeSpace.from_tables(
...     {"territory": ["keep", "withdraw"], "guarantees": ["none", "strong"]},
...     {"A": {"territory": [1, 0], "guarantees": [0, 1]},
...      "B": {"territory": [0, 1], "guarantees": [1, 0]}},
...     weights={"A": {"territory": 1, "guarantees": 3}, "B": {"territory": 3, "guarantees": 1}})
>>> t = package_trades(sp, {"territory": "keep", "guarantees": "none"})[0]
>>> head, gains = t.describe(sp).split(": ")
>>> head
'A concedes on territory (keep → withdraw), B concedes on guarantees (none → strong)'
>>> gains
'A +0.5, B +0.5'
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Mapping, Sequence

import numpy as np

from accord.errors import AccordError


@dataclass(frozen=True)
class Trade:
    """One package: party ``a`` concedes on ``issue_x`` (moving it to ``option_x``), party ``b``
    on ``issue_y`` (to ``option_y``), starting from ``reference`` (option indices)."""

    a: int
    b: int
    issue_x: int
    option_x: int
    issue_y: int
    option_y: int
    outcome: int
    gains: np.ndarray        # (P,) change in every party's utility from the reference
    acceptable: bool         # every party still gets its reservation, and no red line is crossed
    reference: tuple[int, ...] = ()
    face_gains: np.ndarray | None = None   # (P,) the same at face value (deferred terms in full)

    def describe(self, space) -> str:
        """The package in words, with every party's change in utility."""
        P = space.party_ids
        parts = []
        for who, i, k in ((self.a, self.issue_x, self.option_x),
                          (self.b, self.issue_y, self.option_y)):
            parts.append(f"{space.name_of(P[who])} concedes on {space.issue_ids[i]} "
                         f"({space.option_labels[i][self.reference[i]]} → "
                         f"{space.option_labels[i][k]})")
        changes = ", ".join(f"{space.name_of(p)} {g:+.3g}" for p, g in zip(P, self.gains))
        if self.face_gains is not None and not np.allclose(self.face_gains, self.gains,
                                                           rtol=0.0, atol=5e-4):
            changes += " (at face value: " + ", ".join(
                f"{space.name_of(p)} {g:+.3g}" for p, g in zip(P, self.face_gains)) + ")"
        return ", ".join(parts) + ": " + changes


def within_red_lines(space, outcome: int) -> bool:
    """Whether an outcome crosses no party's red line (always, in a space without red lines).

    Parameters
    ----------
    space : OutcomeSpace
        The deal space, with ``red_lines`` (per issue, the options each party's red line
        allows) or without.
    outcome : int
        The outcome's index in ``space``.

    Returns
    -------
    bool
        True when every option of the outcome is allowed by every party's red line.

    References
    ----------
    The hard red lines of ``docs/deals/index.md`` ("Red lines are hard").

    Examples
    --------
    >>> import numpy as np
    >>> from accord.deals.space import OutcomeSpace
    >>> from accord.deals.red_lines import with_red_lines
    >>> sp = OutcomeSpace.from_tables({"x": ["a", "b"]}, {"P": {"x": [1, 0]}})
    >>> sp = with_red_lines(sp, {("P", "x"): np.array([True, False])})
    >>> within_red_lines(sp, 0), within_red_lines(sp, 1)
    (True, False)
    """
    if space.red_lines is None:
        return True
    opts = space.option_indices(int(outcome))
    return all(bool(space.red_lines[i][:, k].all()) for i, k in enumerate(opts.tolist()))


def resolve_reference(space, reference) -> np.ndarray:
    """Option indices (I,) of an outcome named by its index, its option indices or its labels.

    A reference outcome such as the status quo, or the mediator's first text in
    :func:`accord.simulate.simulate`: an outcome index, option indices (I,), or
    ``{issue: option label or id}`` with every issue named.

    Parameters
    ----------
    space : OutcomeSpace
    reference : int, sequence of int, or mapping

    Returns
    -------
    ndarray
        (I,) option indices.

    Raises
    ------
    AccordError
        An issue left out, or an option that the issue does not have (the message lists them).

    References
    ----------
    Raiffa, H. (1982). The Art and Science of Negotiation. Harvard University Press (trades
    across issues, "logrolling"); Lax, D. A. & Sebenius, J. K. (1986). The Manager as Negotiator.
    Free Press (creating value by trading on differences in priorities).

    Examples
    --------
    >>> from accord.deals.space import OutcomeSpace
    >>> sp = OutcomeSpace.from_tables({"x": ["a", "b"], "y": ["c", "d", "e"]},
    ...     {"P": {"x": [1, 0], "y": [0, 0.5, 1]}})
    >>> resolve_reference(sp, {"x": "b", "y": "d"}).tolist(), resolve_reference(sp, 5).tolist()
    ([1, 1], [1, 2])
    """
    if isinstance(reference, (int, np.integer)):
        return space.option_indices(int(reference))
    if isinstance(reference, Mapping):
        opts = []
        for i, iid in enumerate(space.issue_ids):
            if iid not in reference:
                ids = space.option_ids[i] if space.option_ids else space.option_labels[i]
                raise AccordError(f"the reference outcome names no option for issue {iid!r}; "
                                  f"expected {iid}=OPTION with OPTION one of: {', '.join(ids)}")
            v = reference[iid]
            labels = space.option_labels[i]
            ids = space.option_ids[i] if space.option_ids else labels
            if isinstance(v, (int, np.integer)):
                opts.append(int(v))
            elif v in labels:
                opts.append(labels.index(v))
            elif v in ids:
                opts.append(ids.index(v))
            else:
                raise AccordError(f"issue {iid!r} has no option {v!r}; expected one of: "
                                  + ", ".join(f"{o} ({lab})" if o != lab else o
                                              for o, lab in zip(ids, labels)))
        return np.array(opts)
    return np.asarray(reference, dtype=np.int64)


def package_trades(space, reference, *, parties: Sequence[str] | None = None, top: int = 20,
                   acceptable_only: bool = False, face=None) -> list[Trade]:
    """Pairs of concessions that raise both conceding parties' utility over ``reference``.

    Party a moves one issue (that it values less) towards b, and b moves another towards a: a
    logroll, kept when both gain.

    Parameters
    ----------
    space : OutcomeSpace
    reference : int, sequence of int, or mapping
        The starting outcome (:func:`resolve_reference`), e.g. the status quo.
    parties : sequence of str, optional
        Restrict to trades between these parties.
    top : int or None, default 20
        How many to return, best first (all when None).
    acceptable_only : bool, default False
        Keep only packages every party still prefers to no deal.
    face : OutcomeSpace, optional
        The same space with deferred terms at face value (``OutcomeSpace.from_scenario(…,
        credibility=False)``): each trade then carries ``face_gains`` beside its gains in
        ``space`` (see :mod:`accord.deals.commitments`).

    Returns
    -------
    list of Trade

    References
    ----------
    Raiffa, H. (1982). The Art and Science of Negotiation. Harvard University Press (trades
    across issues, "logrolling"); Lax, D. A. & Sebenius, J. K. (1986). The Manager as Negotiator.
    Free Press (creating value by trading on differences in priorities).

    Examples
    --------
    P cares more about x, Q about y: from (b, d) each gives way where it cares less.

    >>> from accord.deals.space import OutcomeSpace
    >>> sp = OutcomeSpace.from_tables({"x": ["a", "b"], "y": ["c", "d"]},
    ...     {"P": {"x": [1, 0], "y": [0, 0.2]}, "Q": {"x": [0, 0.3], "y": [1, 0]}})
    >>> [t.describe(sp) for t in package_trades(sp, {"x": "b", "y": "d"})]
    ['P concedes on y (d → c), Q concedes on x (b → a): P +0.4, Q +0.35']
    """
    ref = resolve_reference(space, reference)
    ref_idx = space.outcome_index(ref)
    P, I = space.n_parties, space.n_issues
    u_ref = space.utilities([ref_idx])[:, 0]
    strides = space.strides
    n = space.n_options
    # single-issue moves: delta[i] (P, n_i) = change from moving issue i alone
    delta = []
    for i in range(I):
        idx = ref_idx + (np.arange(n[i]) - ref[i]) * strides[i]
        delta.append(space.utilities(idx) - u_ref[:, None])
    allowed = range(P) if parties is None else [space.party_index(p) for p in parties]
    allowed = sorted(set(allowed))
    found: list[Trade] = []
    ref_t = tuple(int(v) for v in ref)
    for x in range(I):
        for y in range(I):
            if x == y:
                continue
            kx, ky = np.arange(n[x]), np.arange(n[y])
            grid = (ref_idx + (kx[:, None] - ref[x]) * strides[x]
                    + (ky[None, :] - ref[y]) * strides[y])
            joint = space.utilities(grid.ravel()).reshape(P, n[x], n[y]) - u_ref[:, None, None]
            for a in allowed:
                # (a on x, b on y) is the same package as (b on y, a on x): a < b, all (x, y)
                for b in (q for q in allowed if q > a):
                    # a concedes on x: worse for a, better for b; b concedes on y: the reverse
                    cx = (delta[x][a] < 0) & (delta[x][b] > 0)
                    cy = (delta[y][b] < 0) & (delta[y][a] > 0)
                    ok = cx[:, None] & cy[None, :] & (joint[a] > 0) & (joint[b] > 0)
                    for k, m in zip(*np.nonzero(ok)):
                        o = int(grid[k, m])
                        g = joint[:, k, m].copy()
                        acc = bool(np.all(u_ref + g >= space.reservation)) and \
                            within_red_lines(space, o)
                        if acceptable_only and not acc:
                            continue
                        found.append(Trade(a, b, x, int(k), y, int(m), o, g, acc, ref_t))
    found.sort(key=lambda t: (-min(t.gains[t.a], t.gains[t.b]), -(t.gains[t.a] + t.gains[t.b]),
                              t.outcome))
    found = found if top is None else found[:top]
    if face is not None and found:
        u = face.utilities([ref_idx] + [t.outcome for t in found])
        found = [replace(t, face_gains=u[:, k + 1] - u[:, 0]) for k, t in enumerate(found)]
    return found
