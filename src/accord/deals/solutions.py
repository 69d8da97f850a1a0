"""Bargaining solutions on a discrete deal space: Nash, Kalai–Smorodinsky, egalitarian, utilitarian.

Every solution is chosen **only among outcomes every party weakly prefers to no deal**
(``u_p ≥ d_p`` for all p, the zone of agreement). This matters: NegMAS 0.16's ``nash_points``,
handed a frontier that was not filtered first, multiplies gains of any sign, so two negative gains
can win — with reservation 0.5 for three parties and frontier {(0.1, 0.1, 1.0), (0.55, 0.55,
0.55)} it picks the first, since (−0.4)(−0.4)(0.5) > 0.05³ (models.md §5). Here the first is
not even eligible.

The disagreement point ``d`` is stated in every result. By default it is each party's reservation
value (its outside option, the textbook choice: Nash 1950; Kalai & Smorodinsky 1975).
``disagreement="floor"`` uses ``max(reservation, min utility)``, which is what NegMAS 0.16's
``nash_points``/``kalai_points`` use (their ``ranges`` start at that value); an array gives any
other point. The eligible set is always defined by the reservations.

Solutions (P parties, gains ``g_p = u_p − d_p``):

- **Nash** (Nash 1950; asymmetric form Kalai 1977, Binmore, Rubinstein & Wolinsky 1986): maximise
  ``Σ β_p log g_p`` with bargaining powers β (default equal) — the (weighted) Nash product.
- **Kalai–Smorodinsky** (1975): maximise ``min_p g_p / (a_p − d_p)``, with ``a`` the ideal point
  (each party's best eligible utility) — on a discrete set, the outcome closest to the line from
  d to a in the maximin sense. Ties broken by the sum of those ratios.
- **Egalitarian** (Kalai 1977; Rawls): maximise ``min_p g_p``, ties broken leximin-style by the
  sum of gains.
- **Utilitarian**: maximise ``Σ_p u_p``.

The 2-party *convex* versions (lotteries over outcomes, or a continuous set given by its
vertices) are :func:`nash_point_convex` and :func:`ks_point_convex`.

>>> import numpy as np
>>> U = np.array([[0.1, 0.55], [0.1, 0.55], [1.0, 0.55]])   # the NegMAS trap: 3 parties
>>> s = nash(U, reservation=[0.5, 0.5, 0.5])
>>> s.outcome, s.utilities.tolist(), s.disagreement.tolist()
(1, [0.55, 0.55, 0.55], [0.5, 0.5, 0.5])
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Sequence

import numpy as np

from accord.deals.frontier import ZoneOfAgreement

SOLUTIONS = ("nash", "kalai_smorodinsky", "egalitarian", "utilitarian")
_TIE = 1e-12
#: A margin over the fallback below this (on the 0–1 utility scale) is reported as fragile: a
#: small error in a utility or a reservation would put the party below its fallback.
FRAGILE_MARGIN = 0.05


@dataclass(frozen=True)
class Solution:
    """A bargaining solution: the chosen outcome (index), its utilities and gains over ``d``.

    ``outcomes`` lists every outcome tied at the optimum (``outcome`` is the first); ``None``
    when the zone of agreement is empty.
    """

    name: str
    outcome: int | None
    outcomes: np.ndarray
    utilities: np.ndarray | None
    disagreement: np.ndarray
    reservation: np.ndarray
    value: float | None
    note: str = ""

    @property
    def gains(self) -> np.ndarray | None:
        return None if self.utilities is None else self.utilities - self.disagreement

    @property
    def margins(self) -> np.ndarray | None:
        """Utility over each party's reservation (its fallback)."""
        return None if self.utilities is None else self.utilities - self.reservation


def _eligible(U: np.ndarray, r: np.ndarray, candidates) -> np.ndarray:
    idx = np.arange(U.shape[1]) if candidates is None else np.asarray(candidates, dtype=np.int64)
    return idx[np.all(U[:, idx] >= r[:, None], axis=0)]


def _disagreement(U: np.ndarray, r: np.ndarray, disagreement) -> np.ndarray:
    if disagreement is None or (isinstance(disagreement, str) and disagreement == "reservation"):
        return r.copy()
    if isinstance(disagreement, str):
        if disagreement == "floor":
            return np.maximum(r, U.min(axis=1))
        raise ValueError(f"unknown disagreement {disagreement!r}; expected 'reservation', "
                         "'floor' or an array")
    d = np.asarray(disagreement, dtype=float)
    if d.shape != r.shape:
        raise ValueError(f"disagreement must have shape {r.shape}")
    return d


def _best(score: np.ndarray, eligible: np.ndarray, tiebreak: np.ndarray) -> np.ndarray:
    """(m, K) mask, per row, of the eligible candidates tied at the best score (within ``_TIE``
    relative to it; all of them when the best is −inf), narrowed to those within ``_TIE`` of the
    largest ``tiebreak`` among them — the one tie rule of every solution here."""
    best = np.where(eligible, score, -np.inf).max(axis=1, initial=-np.inf)
    finite = np.isfinite(best)
    cut = np.where(finite, best - _TIE * np.maximum(1.0, np.abs(best)), best)
    tied = eligible & np.where(finite[:, None], score >= cut[:, None], score == best[:, None])
    top = np.where(tied, tiebreak, -np.inf).max(axis=1, initial=-np.inf)
    return tied & (tiebreak >= top[:, None] - _TIE)


def _pick(name: str, U, r, d, idx, score, tiebreak=None, note="") -> Solution:
    """The solution maximising ``score`` over the candidates ``idx``; ``tiebreak`` (one value
    per candidate, larger wins) settles ties."""
    if idx.size == 0:
        return Solution(name, None, idx, None, d, r, None, note or "the zone of agreement is empty")
    tb = np.zeros(idx.size) if tiebreak is None else tiebreak
    tied = idx[_best(score[None, :], np.ones((1, idx.size), dtype=bool), tb[None, :])[0]]
    return Solution(name, int(tied[0]), tied, U[:, tied[0]].copy(), d, r, float(score.max()),
                    note)


def nash(utilities, reservation, *, powers: Sequence[float] | None = None, disagreement=None,
         candidates=None) -> Solution:
    """The (generalised) Nash bargaining solution among acceptable outcomes.

    Maximises ``Σ β_p log(u_p − d_p)`` (the log of the weighted Nash product); outcomes with a
    zero gain for someone score −inf and win only when nothing better exists.

    Parameters
    ----------
    utilities : array_like
        (P, N): each party's utility of each outcome.
    reservation : array_like
        (P,) what no deal is worth; only outcomes every party weakly prefers to it are eligible.
    disagreement : array_like, optional
        (P,) the disagreement point d (default the reservation; ``accord deals --disagreement
        floor`` passes NegMAS's max(reservation, worst outcome)).
    candidates : array_like, optional
        Outcome indices to search (e.g. the frontier; default all).
    powers : sequence of float, optional
        Bargaining powers β (default equal; scale-free).

    Returns
    -------
    Solution
        The chosen outcome, every tied outcome, utilities and margins over the reservations
        (``outcome`` is −1 when the zone of agreement is empty).

    Raises
    ------
    ValueError
        When the powers are negative or all zero (a programming error; the CLI checks its input).

    References
    ----------
    Nash, J. F. (1950). The bargaining problem. Econometrica 18(2), 155–162. Kalai, E. (1977).
    Nonsymmetric Nash solutions and replications of 2-person bargaining. International Journal of
    Game Theory 6, 129–133.

    Examples
    --------
    >>> U = np.array([[1.0, 0.75, 0.0], [0.0, 0.75, 1.0]])
    >>> nash(U, [0, 0]).outcome
    1
    >>> nash(U, [0, 0], powers=[1, 0]).outcome      # all power to party 0
    0
    """
    U = np.asarray(utilities, dtype=float)
    r = np.asarray(reservation, dtype=float)
    d = _disagreement(U, r, disagreement)
    beta = np.ones(U.shape[0]) if powers is None else np.asarray(powers, dtype=float)
    if np.any(beta < 0) or beta.sum() <= 0:
        raise ValueError("bargaining powers must be non-negative and not all zero")
    beta = beta / beta.sum()
    idx = _eligible(U, r, candidates)
    gains = U[:, idx] - d[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        logs = np.where(beta[:, None] > 0, np.log(np.maximum(gains, 0.0)), 0.0)
    score = (beta[:, None] * logs).sum(axis=0) if idx.size else np.zeros(0)
    return _pick("nash", U, r, d, idx, score, tiebreak=U[:, idx].sum(axis=0))


def nash_points(U: np.ndarray, frontier: np.ndarray, reservations: np.ndarray) -> np.ndarray:
    """The Nash point for each of M reservation vectors at once.

    :func:`nash` with equal powers, the reservation as disagreement point and the acceptable part
    of ``frontier`` as candidates (same score, same tie tolerance and tie-break, same order). The
    simulations measure every agreement against the Nash point of the reservations in force when
    it was reached.

    Parameters
    ----------
    U : ndarray
        (P, N) utilities.
    frontier : ndarray
        Outcome indices of the Pareto frontier.
    reservations : ndarray
        (M, P).

    Returns
    -------
    ndarray
        (M,) outcome indices, −1 where the zone of agreement is empty.

    References
    ----------
    Nash, J. F. (1950). The bargaining problem. Econometrica 18(2), 155–162. Kalai, E. (1977).
    Nonsymmetric Nash solutions and replications of 2-person bargaining. International Journal of
    Game Theory 6, 129–133.

    Examples
    --------
    >>> U = np.array([[1.0, 0.75, 0.0], [0.0, 0.75, 1.0]])
    >>> nash_points(U, np.arange(3), np.array([[0.0, 0.0], [0.8, 0.0], [0.8, 0.8]])).tolist()
    [1, 0, -1]
    """
    F = U[:, frontier]                                                  # (P, K)
    P = F.shape[0]
    total = F.sum(axis=0)
    beta = np.ones(P) / P
    out = np.full(reservations.shape[0], -1, dtype=np.int64)
    step = max(1, (1 << 20) // max(1, F.size))
    for s in range(0, reservations.shape[0], step):
        r = reservations[s:s + step]
        gains = F[None, :, :] - r[:, :, None]                          # (m, P, K)
        eligible = np.all(F[None, :, :] >= r[:, :, None], axis=1)       # (m, K)
        with np.errstate(divide="ignore", invalid="ignore"):
            logs = np.log(np.maximum(gains, 0.0))
        score = (beta[None, :, None] * logs).sum(axis=1)
        tied = _best(score, eligible, total[None, :])
        any_ = eligible.any(axis=1)
        out[s:s + step] = np.where(any_, frontier[np.argmax(tied, axis=1)], -1)
    return out


def kalai_smorodinsky(utilities, reservation, *, disagreement=None, candidates=None,
                      rule: str = "maximin") -> Solution:
    """Kalai & Smorodinsky (1975): equal shares of each party's possible gain.

    The ideal point ``a_p`` is party p's best utility among acceptable outcomes, and
    ``r_p = (u_p − d_p)/(a_p − d_p)`` the share of its possible gain an outcome gives it (parties
    with ``a_p = d_p`` are left out: they gain nothing anywhere). On a convex set the KS point
    equalises the shares at the largest possible level; a discrete set rarely has an outcome
    with exactly equal shares, so a rule picks the nearest:

    - ``rule="maximin"`` (default): maximise the smallest share ``min_p r_p`` — the discrete
      analogue that is always Pareto-optimal and coincides with the KS point when one exists;
    - ``rule="equal_ratios"``: minimise the spread ``max_p r_p − min_p r_p`` among the
      candidates (NegMAS 0.16's ``ks_points`` on its frontier; ties by the larger smallest share).

    Parameters
    ----------
    utilities : array_like
        (P, N): each party's utility of each outcome.
    reservation : array_like
        (P,) what no deal is worth; only outcomes every party weakly prefers to it are eligible.
    disagreement : array_like, optional
        (P,) the disagreement point d (default the reservation; ``accord deals --disagreement
        floor`` passes NegMAS's max(reservation, worst outcome)).
    candidates : array_like, optional
        Outcome indices to search (e.g. the frontier; default all).
    rule : {"maximin", "equal_ratios"}
        See above.

    Returns
    -------
    Solution

    Raises
    ------
    ValueError
        An unknown rule (a programming error).

    References
    ----------
    Kalai, E. & Smorodinsky, M. (1975). Other solutions to Nash's bargaining problem.
    Econometrica 43(3), 513–518.

    Examples
    --------
    >>> U = np.array([[1.0, 0.6, 0.5, 0.0], [0.0, 0.5, 0.6, 1.0]])
    >>> kalai_smorodinsky(U, [0, 0]).outcomes
    array([1, 2])
    """
    U = np.asarray(utilities, dtype=float)
    r = np.asarray(reservation, dtype=float)
    d = _disagreement(U, r, disagreement)
    idx = _eligible(U, r, candidates)
    if idx.size == 0:
        return _pick("kalai_smorodinsky", U, r, d, idx, np.zeros(0))
    G = U[:, idx] - d[:, None]
    span = U[:, idx].max(axis=1) - d
    live = span > 0
    if not live.any():
        ratio = np.zeros((1, idx.size))
    else:
        ratio = G[live] / span[live, None]
    if rule == "maximin":
        score = ratio.min(axis=0)
    elif rule == "equal_ratios":
        score = -(ratio.max(axis=0) - ratio.min(axis=0))
    else:
        raise ValueError(f"unknown rule {rule!r}; expected 'maximin' or 'equal_ratios'")
    return _pick("kalai_smorodinsky", U, r, d, idx, score,
                 tiebreak=ratio.sum(axis=0) if rule == "maximin" else ratio.min(axis=0),
                 note="ideal point: " + ", ".join(f"{x:.4g}" for x in U[:, idx].max(axis=1)))


def egalitarian(utilities, reservation, *, disagreement=None, candidates=None) -> Solution:
    """The egalitarian solution: the largest smallest gain over ``d`` (ties: larger total gain).

    Parameters
    ----------
    utilities : array_like
        (P, N): each party's utility of each outcome.
    reservation : array_like
        (P,) what no deal is worth; only outcomes every party weakly prefers to it are eligible.
    disagreement : array_like, optional
        (P,) the disagreement point d (default the reservation; ``accord deals --disagreement
        floor`` passes NegMAS's max(reservation, worst outcome)).
    candidates : array_like, optional
        Outcome indices to search (e.g. the frontier; default all).

    Returns
    -------
    Solution

    References
    ----------
    Kalai, E. (1977). Proportional solutions to bargaining situations: interpersonal utility
    comparisons. Econometrica 45(7), 1623–1630 (the egalitarian solution); Rawls, J. (1971).
    A Theory of Justice (maximin).

    Examples
    --------
    >>> egalitarian(np.array([[0.9, 0.5, 0.6], [0.2, 0.5, 0.45]]), [0, 0]).outcome
    1
    """
    U = np.asarray(utilities, dtype=float)
    r = np.asarray(reservation, dtype=float)
    d = _disagreement(U, r, disagreement)
    idx = _eligible(U, r, candidates)
    score = (U[:, idx] - d[:, None]).min(axis=0) if idx.size else np.zeros(0)
    return _pick("egalitarian", U, r, d, idx, score, tiebreak=U[:, idx].sum(axis=0))


def utilitarian(utilities, reservation, *, disagreement=None, candidates=None) -> Solution:
    """The largest sum of utilities among acceptable outcomes (ties: the larger smallest gain).

    Parameters
    ----------
    utilities : array_like
        (P, N): each party's utility of each outcome.
    reservation : array_like
        (P,) what no deal is worth; only outcomes every party weakly prefers to it are eligible.
    disagreement : array_like, optional
        (P,) the disagreement point d (default the reservation; ``accord deals --disagreement
        floor`` passes NegMAS's max(reservation, worst outcome)).
    candidates : array_like, optional
        Outcome indices to search (e.g. the frontier; default all).

    Returns
    -------
    Solution

    References
    ----------
    Harsanyi, J. C. (1955). Cardinal welfare, individualistic ethics, and interpersonal
    comparisons of utility. Journal of Political Economy 63(4), 309–321.

    Examples
    --------
    >>> utilitarian(np.array([[0.9, 0.5], [0.2, 0.5]]), [0, 0]).outcome
    0
    """
    U = np.asarray(utilities, dtype=float)
    r = np.asarray(reservation, dtype=float)
    d = _disagreement(U, r, disagreement)
    idx = _eligible(U, r, candidates)
    score = U[:, idx].sum(axis=0) if idx.size else np.zeros(0)
    return _pick("utilitarian", U, r, d, idx, score,
                 tiebreak=(U[:, idx] - d[:, None]).min(axis=0))


# --- the whole analysis of a space ------------------------------------------------------------


@dataclass
class DealAnalysis:
    """Zone of agreement, frontier and the four solutions of one deal space.

    ``space`` is the space within every party's red lines (the whole space when there are
    none; ``full_space`` is the space as given); outcome indices refer to ``space``.
    ``closed`` lists issues the red lines leave without any option.
    """

    space: Any
    zone: ZoneOfAgreement
    frontier: np.ndarray                 # outcome indices of the full Pareto frontier
    acceptable_frontier: np.ndarray      # ... of those every party prefers to no deal
    solutions: dict[str, Solution] = field(default_factory=dict)
    disagreement: str = "reservation"
    full_space: Any = None
    closed: tuple = ()
    fragile_margin: float = FRAGILE_MARGIN

    def fallback_used(self) -> dict[str, str]:
        """Per party, the rule that gave its reservation (stated, fearon, attrition, none, given)."""
        from accord.deals.fallbacks import fallback_rule

        sp = self.space
        return {p: fallback_rule(sp.provenance.get(p, "given")) for p in sp.party_ids}

    def fragile(self, solution: str) -> list[str]:
        """Parties whose margin over their fallback in ``solution`` is under the threshold."""
        s = self.solutions.get(solution)
        if s is None or s.margins is None:
            return []
        return [p for p, m in zip(self.space.party_ids, s.margins) if m < self.fragile_margin]

    def headline(self) -> str:
        """The zone in one line: each issue without one and who blocks it, or the zone's size."""
        names = [self.space.name_of(p) for p in self.space.party_ids]
        if self.closed:
            issue_names = dict(zip(self.full_space.issue_ids,
                                   self.full_space.issue_names or self.full_space.issue_ids))
            return "; ".join(c.headline(issue_names.get(c.issue)) for c in self.closed)
        return self.zone.explanation(names)

    def to_dict(self) -> dict[str, Any]:
        sp = self.space
        full = self.full_space if self.full_space is not None else sp
        out: dict[str, Any] = {
            "parties": list(sp.party_ids),
            "issues": list(sp.issue_ids),
            "n_outcomes": full.n_outcomes,
            "n_within_red_lines": 0 if self.closed else sp.n_outcomes,
            "reservation": {p: float(v) for p, v in zip(sp.party_ids, sp.reservation)},
            "reservation_source": {p: sp.provenance.get(p, "given") for p in sp.party_ids},
            "fallback_used": self.fallback_used(),
            "disagreement_point": self.disagreement,
            "fragile_margin": self.fragile_margin,
            "zone_of_agreement": {
                "exists": not self.zone.is_empty,
                "size": self.zone.size,
                "explanation": self.headline(),
                "closed_issues": [{"issue": c.issue, "blocking": list(c.parties),
                                   "limits": list(c.limits)} for c in self.closed],
                "blocking_parties": [sp.party_ids[p] for p in self.zone.blocking_parties],
                "blocking_pairs": [[sp.party_ids[p], sp.party_ids[q]]
                                   for p, q in self.zone.blocking_pairs],
                "blocking_group": [sp.party_ids[p] for p in self.zone.blocking_group],
            },
            "frontier_size": int(self.frontier.size),
            "acceptable_frontier_size": int(self.acceptable_frontier.size),
            "solutions": {},
        }
        for name, s in self.solutions.items():
            if s.outcome is None:
                out["solutions"][name] = None
                continue
            out["solutions"][name] = {
                "outcome": int(s.outcome),
                "deal": sp.describe(s.outcome),
                "ties": int(s.outcomes.size),
                "utility": {p: float(u) for p, u in zip(sp.party_ids, s.utilities)},
                "margin": {p: float(m) for p, m in zip(sp.party_ids, s.margins)},
                "fragile": self.fragile(name),
                "disagreement": {p: float(x) for p, x in zip(sp.party_ids, s.disagreement)},
            }
        return out


def analyse(space, *, powers: Sequence[float] | None = None, disagreement=None,
            fragile_margin: float = FRAGILE_MARGIN) -> DealAnalysis:
    """Frontier, zone of agreement and the four solutions of an outcome space, in one pass.

    The pass is :func:`~accord.deals.frontier.scan_space`. The solutions are searched on the
    acceptable frontier: each of them is Pareto-optimal, so nothing is lost.

    Red lines are hard: the analysis runs on the space within every party's red lines
    (:func:`accord.deals.red_lines.restrict`), so no gain elsewhere buys an option past one;
    when they leave an issue without any option, the zone is empty and ``closed`` says who
    blocks it. Margins below ``fragile_margin`` are reported as fragile.

    Parameters
    ----------
    space : OutcomeSpace
    powers : sequence of float, optional
        Bargaining powers for the Nash solution (default equal).
    disagreement : {"reservation", "floor"} or array_like, optional
        The disagreement point (default the reservations).
    fragile_margin : float, default 0.05
        Margins over the fallback below this are listed as fragile.

    Returns
    -------
    DealAnalysis
        Frontier, acceptable frontier, zone of agreement and the Nash, Kalai–Smorodinsky,
        egalitarian and utilitarian solutions; ``to_dict()`` is the deals JSON.

    References
    ----------
    Nash, J. F. (1950). The bargaining problem. Econometrica 18(2), 155–162. Kalai, E. (1977).
    Nonsymmetric Nash solutions and replications of 2-person bargaining. International Journal of
    Game Theory 6, 129–133.
    Kalai, E. & Smorodinsky, M. (1975). Other solutions to Nash's bargaining problem.
    Econometrica 43(3), 513–518.

    Examples
    --------
    >>> from accord.deals.space import OutcomeSpace
    >>> sp = OutcomeSpace.from_tables({"x": ["a", "b", "c"]},
    ...     {"P": {"x": [1, 0.6, 0]}, "Q": {"x": [0, 0.6, 1]}}, reservation={"P": 0.5, "Q": 0.5})
    >>> a = analyse(sp)
    >>> a.zone.size, a.solutions["nash"].outcome, sp.describe(1)
    (1, 1, {'x': 'b'})
    """
    from accord.deals.frontier import scan_space
    from accord.deals.red_lines import restrict

    full = space
    restriction = restrict(space)
    label = disagreement if isinstance(disagreement, str) else (
        "reservation" if disagreement is None else "given")
    if restriction.closed:
        r = space.reservation
        empty = ZoneOfAgreement(np.zeros(0, bool), r, np.full(r.shape, -np.inf))
        none = np.zeros(0, np.int64)
        sols = {name: Solution(name, None, none, None, r.copy(), r, None,
                               "red lines leave an issue without any option")
                for name in SOLUTIONS}
        return DealAnalysis(space, empty, none, none, sols, label, full, restriction.closed,
                            fragile_margin)
    space = restriction.space
    r = space.reservation
    scan = scan_space(space)
    front = scan.frontier
    F = space.utilities(front)
    ok = np.all(F >= r[:, None], axis=0)
    acc = front[ok]
    if isinstance(disagreement, str) and disagreement == "floor":
        d = np.maximum(r, scan.worst)      # over all outcomes, not just the frontier
    else:
        d = disagreement
    local = np.flatnonzero(ok)
    sols = {
        "nash": nash(F, r, powers=powers, disagreement=d, candidates=local),
        "kalai_smorodinsky": kalai_smorodinsky(F, r, disagreement=d, candidates=local),
        "egalitarian": egalitarian(F, r, disagreement=d, candidates=local),
        "utilitarian": utilitarian(F, r, disagreement=d, candidates=local),
    }
    for name, sol in sols.items():   # frontier positions → outcome indices
        outs = front[sol.outcomes]
        sols[name] = replace(sol, outcome=None if sol.outcome is None else int(front[sol.outcome]),
                             outcomes=outs)
    return DealAnalysis(space, scan.zone, front, acc, sols, label, full, (), fragile_margin)


# --- two parties, convex sets (lotteries / continuous bargaining sets) -------------------------


def _upper_hull(points: np.ndarray) -> np.ndarray:
    """The Pareto part of the convex hull of 2-D points: vertices from the highest u1 to the
    highest u0 (u0 rising, u1 falling). Andrew's monotone chain, upper half."""
    pts = np.unique(np.asarray(points, dtype=float), axis=0)   # sorted by (u0, u1)
    hull: list[np.ndarray] = []
    for p in pts:
        while len(hull) >= 2:
            o, a = hull[-2], hull[-1]
            cross = (a[0] - o[0]) * (p[1] - o[1]) - (a[1] - o[1]) * (p[0] - o[0])
            if cross >= 0:          # not a right turn: a is not on the upper hull
                hull.pop()
            else:
                break
        hull.append(p)
    h = np.array(hull)
    top = np.flatnonzero(h[:, 1] == h[:, 1].max())[-1]
    h = h[top:]
    keep = [0]
    for k in range(1, len(h)):
        if h[k, 0] > h[keep[-1], 0] and h[k, 1] < h[keep[-1], 1]:
            keep.append(k)
    return h[keep]


def _clipped_frontier(points, d: np.ndarray) -> np.ndarray:
    """The Pareto part of the convex hull of ``points`` restricted to ``u ≥ d`` (vertices)."""
    h = _upper_hull(np.asarray(points, dtype=float))
    kept = [p for p in h if np.all(p >= d)]
    for a, b in zip(h[:-1], h[1:]):
        e = b - a
        lo, hi = 0.0, 1.0
        for k in range(2):   # a_k + t e_k ≥ d_k
            if e[k] > 0:
                lo = max(lo, (d[k] - a[k]) / e[k])
            elif e[k] < 0:
                hi = min(hi, (d[k] - a[k]) / e[k])
            elif a[k] < d[k]:
                lo, hi = 1.0, 0.0
        if lo <= hi:
            kept += [a + lo * e, a + hi * e]
    if not kept:
        raise ValueError("no point of the set is at least the disagreement point")
    return _upper_hull(np.array(kept))


def nash_point_convex(points, disagreement=(0.0, 0.0)) -> np.ndarray:
    """Nash solution of the convex hull of 2-D utility points (free disposal, lotteries allowed).

    On each frontier segment the product ``(x − d₀)(y − d₁)`` is a concave quadratic in the
    segment parameter, so its maximum is at a vertex or at the stationary point.

    Parameters
    ----------
    points : array_like
        (K, 2) utility pairs.
    disagreement : tuple of float, default (0, 0)

    Returns
    -------
    ndarray
        (2,) the Nash point.

    References
    ----------
    Nash, J. F. (1950). The bargaining problem. Econometrica 18(2), 155–162. Kalai, E. (1977).
    Nonsymmetric Nash solutions and replications of 2-person bargaining. International Journal of
    Game Theory 6, 129–133.

    Examples
    --------
    research/models.md §5, T = conv{(0,0), (1,0), (1,0.7), (0,1)}: Nash = (1, 0.7).

    >>> nash_point_convex([(0, 0), (1, 0), (1, 0.7), (0, 1)]).tolist()
    [1.0, 0.7]
    """
    d = np.asarray(disagreement, dtype=float)
    h = _clipped_frontier(points, d)
    best, arg = -np.inf, None
    cands = list(h)
    for a, b in zip(h[:-1], h[1:]):
        # f(t) = (a0 + t·e0 − d0)(a1 + t·e1 − d1), e = b − a
        e = b - a
        A = e[0] * e[1]
        B = e[0] * (a[1] - d[1]) + e[1] * (a[0] - d[0])
        if A < 0:
            t = -B / (2 * A)
            if 0 < t < 1:
                cands.append(a + t * e)
    for c in cands:
        v = (c[0] - d[0]) * (c[1] - d[1])
        if v > best:
            best, arg = v, c
    return np.asarray(arg)


def ks_point_convex(points, disagreement=(0.0, 0.0)) -> np.ndarray:
    """Kalai–Smorodinsky point of the convex hull of 2-D utility points.

    Where the line from the disagreement point to the ideal point leaves the set.

    Parameters
    ----------
    points : array_like
        (K, 2) utility pairs.
    disagreement : tuple of float, default (0, 0)

    Returns
    -------
    ndarray
        (2,) the KS point.

    References
    ----------
    Kalai, E. & Smorodinsky, M. (1975). Other solutions to Nash's bargaining problem.
    Econometrica 43(3), 513–518.

    Examples
    --------
    research/models.md §5, the same T: KS = (10/13, 10/13).

    >>> from fractions import Fraction
    >>> p = ks_point_convex([(0, 0), (1, 0), (1, 0.7), (0, 1)])
    >>> [str(Fraction(float(x)).limit_denominator(100)) for x in p]
    ['10/13', '10/13']
    """
    d = np.asarray(disagreement, dtype=float)
    h = _clipped_frontier(points, d)
    ideal = h.max(axis=0)
    direction = ideal - d
    best_s, arg = -np.inf, None
    for a, b in zip(h[:-1], h[1:]) if len(h) > 1 else []:
        # solve d + s·direction = a + t·(b − a), 0 ≤ t ≤ 1
        M = np.array([[direction[0], a[0] - b[0]], [direction[1], a[1] - b[1]]])
        if abs(np.linalg.det(M)) < 1e-15:
            continue
        s, t = np.linalg.solve(M, a - d)
        if -1e-12 <= t <= 1 + 1e-12 and s > best_s:
            best_s, arg = s, d + s * direction
    if arg is None:  # a single frontier point
        return h[0]
    return arg
