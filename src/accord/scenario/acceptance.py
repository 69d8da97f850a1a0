"""What each actor accepts on one issue, and what a decision rule lets through, as intervals.

The primitives beneath the win-sets of :mod:`accord.whether.winset` and the status-quo models
of :mod:`accord.models.status_quo`: an actor accepts an outcome ``x`` on an issue iff it lies
within its red line and the scale (closed bounds) and, when its fallback is the status quo, it
strictly prefers ``x`` to the status quo (single-peaked, symmetric preferences: the open
interval between SQ and its mirror image ``2 x_i − SQ``). A decision rule
(:class:`~accord.scenario.arrays.RuleArrays`) lets ``x`` through when its veto players all
accept it and, under a majority rule, the accepting members carry the threshold. Everything is
exact: the set of outcomes the rule lets through is read off the breakpoints (every bound) and
the midpoints between them.

>>> import numpy as np
>>> from accord.scenario.arrays import RuleArrays, ScenarioArrays
>>> arr = ScenarioArrays(("a", "b"), ("x",), np.array([[20.], [60.]]), np.ones((2, 1)),
...     np.ones((2, 1)), np.ones((2, 1), bool), np.array([0.]), np.array([100.]),
...     status_quo=np.array([0.]))
>>> lo, hi, olo, ohi = acceptance(arr)
>>> olo[:, 0].tolist(), ohi[:, 0].tolist()       # a prefers (0, 40) to SQ 0, b (0, 120)
([0.0, 0.0], [40.0, 120.0])
>>> pieces(lo[:, 0], hi[:, 0], olo[:, 0], ohi[:, 0], 0, arr.rules, 0.0, 100.0)
(Piece(lo=0.0, hi=40.0, lo_closed=False, hi_closed=False),)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from accord.errors import AccordError
from accord.scenario.arrays import QUALIFIED_MAJORITY, SIMPLE_MAJORITY, RuleArrays, ScenarioArrays

Fallback = Literal["status_quo", "reservation", "none"]
#: Two outcomes closer than this (relative to the issue's scale) are the same point.
TOL = 1e-9


@dataclass(frozen=True)
class Piece:
    """One interval of outcomes, with whether each end point belongs to it."""

    lo: float
    hi: float
    lo_closed: bool = True
    hi_closed: bool = True

    def contains(self, x: float) -> bool:
        above = x > self.lo or (self.lo_closed and x == self.lo)
        below = x < self.hi or (self.hi_closed and x == self.hi)
        return above and below


def reservation_reach(position, reservation, low, high):
    """How far from its position an actor accepts outcomes, given a reservation utility.

    The deal-space value rule (:func:`accord.deals.space.option_value`) is linear in distance,
    1 at the position and 0 at the far end of the scale: ``v(x) = 1 − |x − p| / reach``, with
    ``reach = max(p − low, high − p)``; so ``v(x) ≥ r`` ⇔ ``|x − p| ≤ (1 − r) · reach``.

    >>> float(reservation_reach(20.0, 0.75, 0.0, 100.0))
    20.0
    """
    reach = np.maximum(np.asarray(position) - low, high - np.asarray(position))
    return (1.0 - np.asarray(reservation, dtype=float)) * reach


def acceptance(arrays: ScenarioArrays, fallback: Fallback = "status_quo",
               reservation: np.ndarray | None = None):
    """What every actor accepts on every issue, as bounds (each (..., A, I)).

    Returns ``(lo, hi, open_lo, open_hi)``: an actor accepts ``x`` iff ``lo ≤ x ≤ hi`` (its red
    line, the scale, a stated reservation) and ``open_lo < x < open_hi`` (strict preference
    over the status quo; ±inf when that does not apply). ``reservation`` (..., A) is used with
    ``fallback="reservation"``; an actor whose reservation is NaN falls back on the status quo.
    An actor without a stance on an issue accepts any outcome of it.
    """
    pos = arrays.position
    red_lo, red_hi = arrays.red_bounds
    low, high = arrays.low, arrays.high
    lo = np.maximum(red_lo, low)
    hi = np.minimum(red_hi, high)
    open_lo = np.full(pos.shape, -np.inf)
    open_hi = np.full(pos.shape, np.inf)
    sq = arrays.status_quo_or_nan[..., None, :]
    use_sq = np.zeros(pos.shape, bool)
    # an actor without a stance on an issue has no preference there: it accepts any outcome
    # (it may still be a veto player or a member whose vote counts)
    has = np.broadcast_to(arrays.has_stance, pos.shape)
    if fallback == "reservation":
        if reservation is None:
            raise AccordError("fallback 'reservation' needs reservation values")
        r = np.asarray(reservation, dtype=float)[..., :, None]
        stated = ~np.isnan(r) & has
        reach = reservation_reach(pos, np.where(np.isnan(r), 0.0, r), low, high)
        lo = np.where(stated, np.maximum(lo, pos - reach), lo)
        hi = np.where(stated, np.minimum(hi, pos + reach), hi)
        use_sq = ~stated & ~np.isnan(sq) & has
    elif fallback == "status_quo":
        use_sq = ~np.isnan(sq) & has
    elif fallback != "none":
        raise AccordError(f"unknown fallback {fallback!r}; expected 'status_quo', "
                          "'reservation' or 'none'")
    mirror = 2.0 * pos - sq
    open_lo = np.where(use_sq, np.minimum(sq, mirror), open_lo)
    open_hi = np.where(use_sq, np.maximum(sq, mirror), open_hi)
    return lo, hi, open_lo, open_hi


def accepts_at(x, lo, hi, open_lo, open_hi):
    """(..., C, A) acceptance of candidate points x (..., C) given (..., A) bounds."""
    x = x[..., :, None]
    return ((x >= lo[..., None, :]) & (x <= hi[..., None, :])
            & (x > open_lo[..., None, :]) & (x < open_hi[..., None, :]))


def rule_passes(acc, i: int, rules: RuleArrays, has_stance_i):
    """(..., C) whether the accepting actors ``acc`` (..., C, A) carry issue ``i``."""
    veto = rules.veto[i]
    ok = np.all(acc | ~veto, axis=-1)
    kind = rules.kind[i]
    if kind in (QUALIFIED_MAJORITY, SIMPLE_MAJORITY):
        w = rules.vote_weight[i]
        total = w.sum()
        support = (acc * w).sum(axis=-1)
        need = rules.threshold[i] * total
        # weights are exact small numbers in practice; the tolerance absorbs rounding in
        # thresholds written as decimals (255/345 = 0.739…)
        ok &= support > need + TOL * total if rules.strict[i] else support >= need - TOL * total
        if rules.min_members[i]:
            ok &= (acc & (w > 0)).sum(axis=-1) >= rules.min_members[i]
    return ok


def breakpoints(lo, hi, open_lo, open_hi, low, high):
    vals = np.concatenate([lo, hi, open_lo, open_hi, [low, high]])
    vals = np.sort(vals[np.isfinite(vals) & (vals >= low) & (vals <= high)])
    # np.unique's own steps (sort, keep each value differing from the one before) without
    # np.unique, whose check for masked arrays imports numpy.ma (10–25 ms of a forecast: issue 18)
    return vals[np.concatenate(([True], vals[1:] != vals[:-1]))] if vals.size else vals


def pieces(lo, hi, olo, ohi, i, rules, low, high) -> tuple[Piece, ...]:
    """The outcomes on issue ``i`` the rule lets through, as intervals with open or closed ends."""
    bp = breakpoints(lo, hi, olo, ohi, low, high)
    mids = (bp[:-1] + bp[1:]) / 2.0
    pts = np.empty(bp.size + mids.size)
    pts[0::2], pts[1::2] = bp, mids
    ok = rule_passes(accepts_at(pts, lo, hi, olo, ohi), i, rules, None)
    found = []
    k = 0
    while k < pts.size:
        if not ok[k]:
            k += 1
            continue
        start = k
        while k + 1 < pts.size and ok[k + 1]:
            k += 1
        end = k
        # an even index is a breakpoint (closed end); an odd one a midpoint, so the piece
        # starts just after the breakpoint before it (open end)
        lo_v, lo_c = (pts[start], True) if start % 2 == 0 else (pts[start - 1], False)
        hi_v, hi_c = (pts[end], True) if end % 2 == 0 else (pts[end + 1], False)
        found.append(Piece(float(lo_v), float(hi_v), lo_c, hi_c))
        k += 1
    return tuple(found)
