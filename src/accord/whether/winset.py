"""Win-sets of the status quo (Tsebelis) and zones of agreement, per issue and for packages.

Tsebelis (2002), *Veto Players: How Political Institutions Work*, ch. 1–2: the *win-set* of the
status quo, W(SQ), is the set of outcomes that can replace it under the decision rule — under
unanimity, the outcomes every veto player prefers to SQ; under a qualified majority, those some
winning coalition prefers (and every extra veto player). An empty win-set means the status quo
is stable: nothing can be agreed. With single-peaked, symmetric preferences on one dimension
an actor at ``x_i`` prefers exactly the outcomes closer to ``x_i`` than SQ is, the open interval
between SQ and its mirror image ``2 x_i − SQ``; in several dimensions, the inside of the
(salience-weighted) circle through SQ centred on ``x_i``.

Red lines are hard limits on top of that: an actor refuses every outcome past its red line,
whatever it gains elsewhere.

On one issue this module computes exactly, from interval end points:

- :func:`issue_zones` — per issue, the outcomes the rule lets through (a union of intervals;
  one interval in practice), with the actors whose red lines or fallbacks close it when it is
  empty. What an actor accepts is its red-line interval, intersected with its *fallback*:
  the outcomes it prefers to the status quo (``fallback="status_quo"``, Tsebelis), or to its
  stated reservation (a utility on the deal-space scale, see :func:`reservation_reach`), or
  nothing more (``fallback="none"``: red lines only — the view of one issue inside a package,
  where gains elsewhere can pay for a concession here);
- :func:`zone_exists` — the same test for a batch of ensemble variants at once.

For packages of several continuous issues, :func:`package_winset` finds whether the
intersection of the veto players' preferred sets (salience-weighted Euclidean preferences)
with the red lines is empty, and a point inside it.

Strictness: an actor must *strictly* prefer an outcome to the status quo (otherwise SQ itself
would always be in its own win-set); red lines and stated reservations are weak (an outcome at
the red line is acceptable, as GENIUS and NegMAS treat reservations).

>>> import numpy as np

Three veto players at 20, 50, 80 and the status quo at 40, between them: stable.
>>> z = zone_1d(np.array([20., 50., 80.]), 40.0, 0.0, 100.0)
>>> z.empty, z.blocking
(True, ('a0', 'a1', 'a2'))
>>> [lim.describe() for lim in z.limits]         # doctest: +NORMALIZE_WHITESPACE
['a0 prefers the status quo to anything ≥ 40', 'a1 prefers the status quo to anything ≤ 40',
 'a2 prefers the status quo to anything ≤ 40']

The status quo at 10, left of all three: each accepts up to its mirror image of 10.
>>> z = zone_1d(np.array([20., 50., 80.]), 10.0, 0.0, 100.0)
>>> z.empty, z.hull
(False, (10.0, 30.0))

Both ends are left out: nobody strictly prefers 10 to itself, and a0 is indifferent at 30.
>>> z.headline()
'zone on x: above 10 to below 30'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from accord.errors import AccordError
from accord.scenario.acceptance import (TOL, Fallback, Piece, acceptance, accepts_at,
                                        breakpoints, reservation_reach, rule_passes)
from accord.scenario.acceptance import pieces as pieces_of
from accord.scenario.arrays import (QUALIFIED_MAJORITY, SIMPLE_MAJORITY, SINGLE_ACTOR,
                                    RuleArrays, ScenarioArrays)

__all__ = ["Fallback", "IssueZone", "Limit", "PackageWinset", "Piece", "acceptance",
           "issue_zones", "package_winset", "reservation_reach", "zone_1d", "zone_exists"]



@dataclass(frozen=True)
class Limit:
    """Why an actor accepts nothing beyond a point: its red line, its fallback, or the scale."""

    actor: str
    kind: str          # "red line", "status quo", "reservation", "at the status quo"
    value: float       # the furthest acceptable outcome on that side
    side: str          # "at_least" or "at_most": which outcomes the actor still accepts

    def describe(self, name: str | None = None) -> str:
        """"Russia's red line ≥ 75", "Ukraine prefers the status quo to anything ≥ 10"."""
        who = name or self.actor
        if self.kind == "at the status quo":
            return f"{who} stands at the status quo ({self.value:g}) and accepts no change"
        if self.kind == "red line":
            return f"{who}'s red line {'≥' if self.side == 'at_least' else '≤'} {self.value:g}"
        if self.kind == "status quo":
            beyond = "≤" if self.side == "at_least" else "≥"
            return f"{who} prefers the status quo to anything {beyond} {self.value:g}"
        return f"{who}'s reservation allows only {'≥' if self.side == 'at_least' else '≤'} " \
            f"{self.value:g}"


@dataclass(frozen=True)
class IssueZone:
    """The outcomes on one issue that the decision rule lets through, given what each accepts.

    ``pieces`` is empty when nothing can be agreed (for a win-set: the status quo is stable).
    ``blocking`` names the actors whose limits close it, ``limits`` their binding limits;
    ``decided_by`` is the actor of a ``single_actor`` rule (no bargain on this issue). Under a
    majority rule the blockers are the refusing veto players and — only when their votes keep
    the rest below the threshold — the refusing members, the *blocking minority*, which
    ``minority`` describes ("28 of 87 votes refuse; 62 needed") and ``minority_actors`` names.
    """

    issue: str
    status_quo: float | None
    pieces: tuple[Piece, ...]
    blocking: tuple[str, ...] = ()
    limits: tuple[Limit, ...] = ()
    rule: str = "unanimity"
    decided_by: str | None = None
    fallback: str = "status_quo"
    minority: str = ""
    minority_actors: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.pieces

    @property
    def hull(self) -> tuple[float, float] | None:
        """[lo, hi] of the zone (None when empty)."""
        if not self.pieces:
            return None
        return (self.pieces[0].lo, self.pieces[-1].hi)

    @property
    def closed(self) -> tuple[bool, bool]:
        """Whether the zone's lower and upper ends belong to it (``(True, True)`` when empty)."""
        if not self.pieces:
            return (True, True)
        return (self.pieces[0].lo_closed, self.pieces[-1].hi_closed)

    def contains(self, x: float) -> bool:
        return any(p.contains(x) for p in self.pieces)

    def headline(self, names: dict[str, str] | None = None, issue_name: str | None = None) -> str:
        """"no zone on ISSUE: A's red line ≥ x, B's red line ≤ y" (or the zone)."""
        names = names or {}
        label = issue_name or self.issue
        if self.decided_by:
            return f"{label}: decided by {names.get(self.decided_by, self.decided_by)} alone"
        if self.empty:
            if self.rule in ("qualified_majority", "simple_majority"):
                return self._majority_headline(names, label)
            why = ", ".join(lim.describe(names.get(lim.actor)) for lim in self.limits)
            return f"no zone on {label}" + (f": {why}" if why else "")
        lo, hi = self.hull
        return f"zone on {label}: {zone_text(lo, hi, *self.closed)}"

    def _majority_headline(self, names: dict[str, str], label: str) -> str:
        """"no zone on ISSUE under qualified majority: EP …; a blocking minority (28 of 87 votes
        refuse; 62 needed): DE …, IT …" — the veto players who refuse, then the minority."""
        rule = self.rule.replace("_", " ")
        veto = [lim.describe(names.get(lim.actor)) for lim in self.limits
                if lim.actor not in self.minority_actors]
        members = [lim.describe(names.get(lim.actor)) for lim in self.limits
                   if lim.actor in self.minority_actors]
        parts = veto + ([f"a blocking minority ({self.minority}): " + ", ".join(members)]
                        if members else [])
        return f"no zone on {label} under {rule}" + (": " + "; ".join(parts) if parts else "")


def zone_text(lo: float, hi: float, lo_closed: bool = True, hi_closed: bool = True,
              num=lambda v: f"{v:g}") -> str:
    """A zone's range as an analyst reads it, saying which ends are left out.

    A closed range prints as "10–30"; an end that does not belong to the zone is said in
    words: "above 10" (10 itself left out: typically the status quo, which nobody strictly
    prefers to itself), "below 30" (an actor is indifferent there). Interval brackets such
    as "(10, 30]" were rejected: a reader without a maths course cannot tell them apart.
    ``num`` writes a number (the report's one decimal, say).

    Examples
    --------
    >>> zone_text(0, 100), zone_text(0, 100, False, True)
    ('0–100', 'above 0 to 100')
    >>> zone_text(10, 30, False, False), zone_text(10, 30, True, False)
    ('above 10 to below 30', '10 to below 30')
    >>> zone_text(40, 40)
    '40'
    """
    if lo == hi:
        return num(lo)
    if lo_closed and hi_closed:
        return f"{num(lo)}–{num(hi)}"
    return f"{'' if lo_closed else 'above '}{num(lo)} to {'' if hi_closed else 'below '}{num(hi)}"


# --- one issue, exactly ---------------------------------------------------------------------

def issue_zones(arrays: ScenarioArrays, fallback: Fallback = "status_quo",
                reservation: np.ndarray | None = None) -> list[IssueZone]:
    """The zone of every issue of an unbatched scenario (see the module docstring).

    Actors without a stance on an issue take no part in it unless the rule names them.
    """
    if arrays.is_batched:
        raise AccordError("issue_zones works on one scenario; use zone_exists for a batch")
    lo, hi, olo, ohi = acceptance(arrays, fallback, reservation)
    rules = arrays.rules
    out = []
    sq = arrays.status_quo_or_nan
    kind_names = {0: "unanimity", 1: "qualified_majority", 2: "simple_majority", 3: "single_actor"}
    for i, issue in enumerate(arrays.issue_ids):
        sq_i = None if np.isnan(sq[i]) else float(sq[i])
        decided_by = None
        if rules.kind[i] == SINGLE_ACTOR:
            decided_by = arrays.actor_ids[int(np.flatnonzero(rules.veto[i])[0])]
        pieces = pieces_of(lo[:, i], hi[:, i], olo[:, i], ohi[:, i], i, rules,
                         float(arrays.low[i]), float(arrays.high[i]))
        blocking, limits, minority, minority_actors = (), (), "", ()
        if not pieces:
            blocking, limits, *more = _diagnose(arrays, i, lo[:, i], hi[:, i], olo[:, i],
                                                ohi[:, i], rules, fallback)
            if more:
                minority, minority_actors = more
        out.append(IssueZone(issue, sq_i, pieces, blocking, limits, kind_names[int(rules.kind[i])],
                             decided_by, fallback, minority, minority_actors))
    return out


def _diagnose(arrays, i, lo, hi, olo, ohi, rules, fallback):
    """Who closes an empty zone, and with which limit.

    Unanimity (and the veto players of other rules): each required actor accepts an interval;
    there is no common point when the highest lower limit passes the lowest upper limit. An
    actor blocks when its lower limit passes the lowest upper limit, or its upper limit the
    highest lower limit; each is named with the limit that binds (red line, status quo or
    reservation). Majority rules (Tsebelis's win-set under the rule, so only vetoes that
    matter): at the outcome that comes nearest to passing — the members' vote carried if
    anywhere, then the most veto players and the most weight in favour — every veto player
    who refuses blocks, and the members who refuse block only when they are a blocking
    minority there (the rest fall short of the threshold or of ``min_members``). Members who
    refuse while the others carry the vote are not named: their veto does not matter.
    Returns ``(blocking, limits, minority text, minority actors)``.
    """
    ids = arrays.actor_ids
    red_lo, red_hi = (b[..., i] for b in arrays.red_bounds)
    lower, upper = np.maximum(lo, olo), np.minimum(hi, ohi)
    lower_open, upper_open = olo >= lo, ohi <= hi

    def limit(a, side):
        if side == "at_least":
            v, is_sq, is_red = lower[a], lower_open[a], np.isfinite(red_lo[a]) and red_lo[a] >= lo[a]
        else:
            v, is_sq, is_red = upper[a], upper_open[a], np.isfinite(red_hi[a]) and red_hi[a] <= hi[a]
        kind = "status quo" if is_sq else "red line" if is_red else "reservation"
        return Limit(ids[a], kind, float(v), side)

    def own_empty(a):
        return lower[a] > upper[a] or (lower[a] == upper[a] and (lower_open[a] or upper_open[a]))

    if rules.kind[i] in (QUALIFIED_MAJORITY, SIMPLE_MAJORITY):
        return _diagnose_majority(arrays, i, lo, hi, olo, ohi, rules, limit, own_empty)
    required = [int(a) for a in np.flatnonzero(rules.veto[i])]
    if not required:
        return (), ()

    alone = [a for a in required if own_empty(a)]
    if alone:   # actors that accept nothing at all (they stand at the status quo) block alone
        return (tuple(ids[a] for a in alone),
                tuple(Limit(ids[a], "at the status quo", float(arrays.status_quo_or_nan[i]),
                            "at_most") for a in alone))
    top = max(lower[a] for a in required)
    bottom = min(upper[a] for a in required)
    blocking, limits = [], []
    for a in required:
        too_high = lower[a] > bottom or (lower[a] == bottom and (lower_open[a] or any(
            upper[b] == bottom and upper_open[b] for b in required)))
        too_low = upper[a] < top or (upper[a] == top and (upper_open[a] or any(
            lower[b] == top and lower_open[b] for b in required)))
        if too_high and too_low:          # its own interval is empty (it sits at the status quo)
            blocking.append(a)
            limits.append(Limit(ids[a], "status quo", float(arrays.status_quo_or_nan[i]),
                                "at_most"))
        elif too_high:
            blocking.append(a)
            limits.append(limit(a, "at_least"))
        elif too_low:
            blocking.append(a)
            limits.append(limit(a, "at_most"))
    return tuple(ids[a] for a in blocking), tuple(limits)


def _diagnose_majority(arrays, i, lo, hi, olo, ohi, rules, limit, own_empty):
    """The majority-rule branch of :func:`_diagnose` (see there)."""
    from dataclasses import replace

    ids = arrays.actor_ids
    bp = breakpoints(lo, hi, olo, ohi, float(arrays.low[i]), float(arrays.high[i]))
    pts = np.concatenate([bp, (bp[:-1] + bp[1:]) / 2.0])
    acc = accepts_at(pts, lo, hi, olo, ohi)
    w = rules.vote_weight[i]
    veto = rules.veto[i]
    members_carry = rule_passes(acc, i, replace(rules, veto=np.zeros_like(rules.veto)), None)
    support = (acc * w).sum(axis=-1)
    # lexicographic: the members carry the vote, then the most veto players, then the most weight
    key = np.lexsort((support, acc[:, veto].sum(axis=-1), members_carry))
    best = int(key[-1])
    x = pts[best]

    def why(a):
        if own_empty(a):
            return Limit(ids[a], "at the status quo", float(arrays.status_quo_or_nan[i]), "at_most")
        return limit(a, "at_least" if x <= max(lo[a], olo[a]) else "at_most")

    vetoes = [a for a in range(len(ids)) if veto[a] and not acc[best, a]]
    minority: list[int] = []
    text = ""
    if not members_carry[best]:
        minority = [a for a in range(len(ids)) if w[a] > 0 and not veto[a] and not acc[best, a]]
        total = float(w.sum())
        need = float(rules.threshold[i]) * total
        text = f"{total - float(support[best]):g} of {total:g} votes refuse; " + \
            (f"more than {need:g}" if rules.strict[i] else f"{need:g}") + " needed"
        if rules.min_members[i]:
            text += f", and {int(rules.min_members[i])} members"
    blockers = vetoes + minority
    return (tuple(ids[a] for a in blockers), tuple(why(a) for a in blockers), text,
            tuple(ids[a] for a in minority))


def zone_1d(positions, status_quo: float, low: float, high: float, *,
            red_low=None, red_high=None, veto=None) -> IssueZone:
    """One issue under unanimity, from plain numbers (actors named a0, a1, …).

    >>> zone_1d(np.array([20., 80.]), 50.0, 0.0, 100.0).empty
    True
    """
    x = np.asarray(positions, dtype=float)[:, None]
    A = x.shape[0]
    arrays = ScenarioArrays(tuple(f"a{k}" for k in range(A)), ("x",), x, np.ones((A, 1)),
                            np.ones((A, 1)), np.ones((A, 1), bool), np.array([float(low)]),
                            np.array([float(high)]), status_quo=np.array([float(status_quo)]),
                            red_low=None if red_low is None else np.asarray(red_low, float)[:, None],
                            red_high=None if red_high is None else np.asarray(red_high, float)[:, None],
                            rule=None if veto is None else RuleArrays.unanimity(
                                np.asarray(veto, bool)[:, None]))
    return issue_zones(arrays)[0]


# --- many variants at once ------------------------------------------------------------------

def zone_exists(arrays: ScenarioArrays, fallback: Fallback = "status_quo",
                reservation: np.ndarray | None = None, chunk: int = 4096) -> np.ndarray:
    """(B, I) — whether each variant of a batch has a non-empty zone on each issue.

    Unanimity is a closed form (the highest lower limit against the lowest upper limit);
    majority rules test every breakpoint and the midpoints between them.
    """
    arrays = arrays.batched()
    B, I = arrays.batch_size, arrays.n_issues
    rules = arrays.rules
    out = np.zeros((B, I), bool)
    for s in range(0, B, chunk):
        part = _slice(arrays, s, s + chunk)
        res = None if reservation is None else np.asarray(reservation)[s:s + chunk]
        lo, hi, olo, ohi = acceptance(part, fallback, res)
        for i in range(I):
            req = rules.veto[i]
            if rules.kind[i] in (QUALIFIED_MAJORITY, SIMPLE_MAJORITY):
                out[s:s + chunk, i] = _majority_exists(part, i, lo[..., i], hi[..., i],
                                                       olo[..., i], ohi[..., i], rules)
                continue
            if not req.any():
                out[s:s + chunk, i] = True
                continue
            c_lo = lo[:, req, i].max(axis=1)
            c_hi = hi[:, req, i].min(axis=1)
            o_lo = olo[:, req, i].max(axis=1)
            o_hi = ohi[:, req, i].min(axis=1)
            a, b = np.maximum(c_lo, o_lo), np.minimum(c_hi, o_hi)
            # non-empty iff a < b, or a == b and neither end is an open (status-quo) bound
            out[s:s + chunk, i] = (a < b) | ((a == b) & (o_lo < a) & (o_hi > b))
    return out


def _slice(arrays: ScenarioArrays, start: int, stop: int) -> ScenarioArrays:
    from dataclasses import replace

    fields = ("position", "salience", "capability", "status_quo", "red_low", "red_high")
    return replace(arrays, **{f: getattr(arrays, f)[start:stop] for f in fields
                              if getattr(arrays, f) is not None})


def _majority_exists(arrays, i, lo, hi, olo, ohi, rules) -> np.ndarray:
    low, high = float(arrays.low[i]), float(arrays.high[i])
    vals = np.concatenate([lo, hi, olo, ohi, np.full((lo.shape[0], 2), [low, high])], axis=1)
    vals = np.where(np.isfinite(vals), np.clip(vals, low, high), low)
    vals.sort(axis=1)
    pts = np.concatenate([vals, (vals[:, 1:] + vals[:, :-1]) / 2.0], axis=1)
    acc = accepts_at(pts, lo, hi, olo, ohi)
    return rule_passes(acc, i, rules, None).any(axis=1)


# --- packages of continuous issues ------------------------------------------------------------

@dataclass(frozen=True)
class PackageWinset:
    """Whether any package (a point on every issue) beats the status quo for every veto player.

    ``slack`` is the largest margin by which some package beats SQ for the least satisfied veto
    player (in squared, salience-weighted distance); the win-set is empty iff it is ≤ 0.
    ``point`` is that package.
    """

    veto: tuple[str, ...]
    status_quo: np.ndarray
    point: np.ndarray
    slack: float
    radii2: np.ndarray = field(repr=False)
    ideals: np.ndarray = field(repr=False)
    weights: np.ndarray = field(repr=False)
    lower: np.ndarray = field(repr=False)
    upper: np.ndarray = field(repr=False)

    @property
    def empty(self) -> bool:
        return not self.slack > TOL * max(1.0, float(self.radii2.max(initial=0.0)))

    def contains(self, points) -> np.ndarray:
        """Whether each package (..., I) lies in the win-set (strictly inside every preferred set)."""
        x = np.asarray(points, dtype=float)
        d2 = (self.weights * (x[..., None, :] - self.ideals) ** 2).sum(axis=-1)
        inside = np.all(d2 < self.radii2, axis=-1)
        return inside & np.all((x >= self.lower) & (x <= self.upper), axis=-1)


def package_winset(ideals, status_quo, *, saliences=None, lower=None, upper=None,
                   actors: Sequence[str] | None = None) -> PackageWinset:
    """The unanimity win-set of a status-quo package in several continuous dimensions.

    Veto player ``i`` with ideal package ``x_i`` and saliences ``s_i`` prefers package ``y`` to
    the status quo ``q`` iff ``Σ_k s_ik (y_k − x_ik)² < Σ_k s_ik (q_k − x_ik)²`` (Tsebelis's
    circles, ellipses when saliences differ). ``lower``/``upper`` (I,) bound the packages
    (the scale and everyone's red lines). The win-set is convex (an intersection of ellipsoids
    and a box); it is empty iff no package beats SQ for every veto player, which is decided by
    maximising the smallest margin ``min_i (r_i² − d_i(y)²)`` over the box.

    >>> w = package_winset([[0, 0], [4, 0], [2, 4]], [2, 2])       # SQ inside the triangle
    >>> w.empty
    True
    >>> package_winset([[0, 0], [4, 0]], [2, 2]).contains([[2, 0], [2, 2.1]]).tolist()
    [True, False]
    """
    from scipy.optimize import minimize

    X = np.atleast_2d(np.asarray(ideals, dtype=float))
    q = np.asarray(status_quo, dtype=float)
    A, I = X.shape
    W = np.ones_like(X) if saliences is None else np.asarray(saliences, dtype=float)
    lo = np.full(I, -np.inf) if lower is None else np.asarray(lower, dtype=float)
    hi = np.full(I, np.inf) if upper is None else np.asarray(upper, dtype=float)
    r2 = (W * (q - X) ** 2).sum(axis=1)

    def margins(y):
        return r2 - (W * (y - X) ** 2).sum(axis=1)

    # maximise t subject to margins(y) ≥ t and lo ≤ y ≤ hi: a smooth convex program
    start_y = np.clip((X * W).sum(axis=0) / np.maximum(W.sum(axis=0), 1e-12), lo, hi)
    z0 = np.r_[start_y, margins(start_y).min()]
    cons = [{"type": "ineq", "fun": lambda z: margins(z[:I]) - z[I],
             "jac": lambda z: np.c_[-2.0 * W * (z[:I] - X), -np.ones(A)]}]
    bounds = [(None if not np.isfinite(a) else a, None if not np.isfinite(b) else b)
              for a, b in zip(lo, hi)] + [(None, None)]
    best = z0
    for y0 in (start_y, np.clip(q, lo, hi)):
        z = np.r_[y0, margins(y0).min()]
        res = minimize(lambda z: -z[I], z, jac=lambda z: np.r_[np.zeros(I), -1.0],
                       constraints=cons, bounds=bounds, method="SLSQP",
                       options={"maxiter": 500, "ftol": 1e-14})
        cand = np.clip(res.x[:I], lo, hi)
        if margins(cand).min() > margins(best[:I]).min():
            best = np.r_[cand, margins(cand).min()]
    y = best[:I]
    names = tuple(actors) if actors is not None else tuple(f"a{k}" for k in range(A))
    return PackageWinset(names, q, y, float(margins(y).min()), r2, X, W, lo, hi)
