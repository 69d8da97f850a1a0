"""The Pareto frontier and the zone of agreement of a discrete deal space.

Outcome *a* dominates *b* when every party likes *a* at least as much and one strictly more.
The Pareto frontier is the set of undominated outcomes; two outcomes with identical utility
vectors do not dominate each other and are both kept (as in NegMAS 0.16).

The zone of agreement is the set of outcomes every party weakly prefers to no deal,
``u_p(o) ≥ reservation_p`` for all ``p`` (GENIUS and NegMAS use the same ``≥``). An outcome in the
zone can only be dominated by another outcome in the zone, so the frontier of acceptable deals is
the full frontier filtered by the reservations (models.md §5).

Algorithms (Kung, Luccio & Preparata 1975, "On finding the maxima of a set of vectors"):

- two parties: sort by (−u₀, −u₁) and sweep, keeping a point when its u₁ beats every earlier
  point's — O(N log N);
- three or more: sort by (−Σu, −u₀, −u₁, …) so that a dominating point always comes first
  (float addition is monotone, and ties in the sum fall back to the lexicographic order), discard
  what a small frontier of the best points already dominates, then sweep the rest in blocks,
  comparing each block with the frontier found so far and with itself as one vectorised
  (F, B, P) comparison.

>>> import numpy as np
>>> U = np.array([[0.2, 0.5, 0.9, 0.4, 0.5],
...               [0.9, 0.5, 0.1, 0.4, 0.5]])
>>> pareto_mask(U)                       # (0.4, 0.4) is dominated by (0.5, 0.5)
array([ True,  True,  True, False,  True])
>>> zone = zone_of_agreement(U, reservation=[0.45, 0.45])
>>> zone.outcomes, zone.is_empty
(array([1, 4]), False)
>>> print(zone_of_agreement(U, [0.6, 0.6]).explanation(["A", "B"]))
no outcome gives A at least 0.6 and B at least 0.6 at the same time (A's best: 0.9, B's best: 0.9)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations
from typing import Sequence

import numpy as np

#: Outcomes compared per block in the many-party sweep.
BLOCK = 512


def pareto_mask(utilities) -> np.ndarray:
    """Boolean (N,) mask of the undominated columns of a (P, N) utility array.

    Outcome a dominates b when every party likes a at least as much and one strictly more;
    identical utility vectors do not dominate each other and are both kept (as in NegMAS 0.16).

    Parameters
    ----------
    utilities : array_like
        (P, N): each party's utility of each outcome.

    Returns
    -------
    ndarray
        (N,) bool.

    Raises
    ------
    ValueError
        When ``utilities`` is not two-dimensional (a programming error).

    References
    ----------
    Kung, H. T., Luccio, F. & Preparata, F. P. (1975). On finding the maxima of a set of vectors.
    Journal of the ACM 22(4), 469–476.

    Examples
    --------
    >>> U = np.array([[0.2, 0.5, 0.9, 0.4, 0.5],
    ...               [0.9, 0.5, 0.1, 0.4, 0.5]])
    >>> pareto_mask(U)                       # (0.4, 0.4) is dominated by (0.5, 0.5)
    array([ True,  True,  True, False,  True])
    """
    U = np.asarray(utilities, dtype=float)
    if U.ndim != 2:
        raise ValueError("utilities must be a (P, N) array")
    P, N = U.shape
    mask = np.zeros(N, dtype=bool)
    if N == 0:
        return mask
    if P == 1:
        mask[U[0] == U[0].max()] = True
        return mask
    if P == 2:
        mask[_pareto_2d(U[0], U[1])] = True
        return mask
    mask[_pareto_nd(U.T)] = True
    return mask


def pareto_indices(utilities) -> np.ndarray:
    """Indices of the undominated columns of a (P, N) array, in increasing order.

    Parameters
    ----------
    utilities : array_like
        (P, N).

    Returns
    -------
    ndarray
        int indices (:func:`pareto_mask`).

    References
    ----------
    Kung, H. T., Luccio, F. & Preparata, F. P. (1975). On finding the maxima of a set of vectors.
    Journal of the ACM 22(4), 469–476.

    Examples
    --------
    >>> pareto_indices(np.array([[0.2, 0.5, 0.9, 0.4, 0.5], [0.9, 0.5, 0.1, 0.4, 0.5]]))
    array([0, 1, 2, 4])
    """
    return np.flatnonzero(pareto_mask(utilities))


def _pareto_2d(u0: np.ndarray, u1: np.ndarray) -> np.ndarray:
    order = np.lexsort((-u1, -u0))  # by u0 descending, then u1 descending
    a, b = u0[order], u1[order]
    # identical points share one verdict: compare each point with the best u1 among points that
    # come strictly before it *and differ from it*
    same_as_prev = np.r_[False, (a[1:] == a[:-1]) & (b[1:] == b[:-1])]
    group = np.cumsum(~same_as_prev) - 1                  # id of each run of identical points
    first = np.flatnonzero(~same_as_prev)                 # first index of each run
    run_max = np.maximum.accumulate(b[first])             # best u1 up to and including each run
    prev_best = np.r_[-np.inf, run_max[:-1]]              # best u1 of strictly earlier runs
    keep_run = b[first] > prev_best
    return order[keep_run[group]]


def _dominated_by(F: np.ndarray, X: np.ndarray) -> np.ndarray:
    """(B,) — is each row of X dominated by some row of F? (vectorised (F, B) comparisons)."""
    if len(F) == 0 or len(X) == 0:
        return np.zeros(len(X), dtype=bool)
    ge = F[:, None, 0] >= X[None, :, 0]
    eq = F[:, None, 0] == X[None, :, 0]
    for p in range(1, X.shape[1]):
        ge &= F[:, None, p] >= X[None, :, p]
        eq &= F[:, None, p] == X[None, :, p]
    return (ge & ~eq).any(axis=0)


def _pareto_nd(X: np.ndarray) -> np.ndarray:
    """Indices of the undominated rows of X (N, P)."""
    N, P = X.shape
    total = X.sum(axis=1)
    # A cheap first cut: the frontier of the best few hundred points by utility sum ("killers")
    # dominates most of the rest; each killer is tested against the survivors of the previous
    # ones, one coordinate at a time, so the work shrinks as the candidates do.
    k = min(N, 256)
    top = np.argpartition(-total, k - 1)[:k] if k < N else np.arange(N)
    top = top[_sorted_sweep(X[top], total[top])]
    cols = [np.ascontiguousarray(X[:, p]) for p in range(P)]
    idx = np.arange(N)
    for f in X[top]:
        if idx.size <= top.size:
            break
        ge = cols[0] <= f[0]
        eq = cols[0] == f[0]
        for p in range(1, P):
            ge &= cols[p] <= f[p]
            eq &= cols[p] == f[p]
        keep = ~(ge & ~eq)
        if not keep.all():
            idx = idx[keep]
            cols = [c[keep] for c in cols]
    # every point removed is dominated, so the frontier of the survivors is the frontier
    return idx[_sorted_sweep(X[idx], total[idx])]


def _sorted_sweep(V: np.ndarray, total: np.ndarray) -> np.ndarray:
    """Undominated rows of V (any order): sort so dominators come first, then sweep."""
    P = V.shape[1]
    # float addition is monotone, so a dominating point never has a smaller sum; ties in the
    # sum are broken lexicographically, which also puts the dominating point first
    order = np.lexsort([-V[:, p] for p in range(P - 1, -1, -1)] + [-total])
    return order[_sweep(V[order])]


def _sweep(V: np.ndarray) -> np.ndarray:
    """Undominated rows of V, which is sorted so that no row is dominated by a later one."""
    n = len(V)
    frontier: list[np.ndarray] = []
    F = V[:0]
    for s in range(0, n, BLOCK):
        X = V[s:s + BLOCK]
        idx = np.arange(s, s + len(X))
        ok = ~_dominated_by(F, X)
        X, idx = X[ok], idx[ok]
        ok = ~_dominated_by(X, X)  # a point never dominates itself (needs one strict >)
        X, idx = X[ok], idx[ok]
        frontier.append(idx)
        F = np.concatenate([F, X])
    return np.concatenate(frontier) if frontier else np.zeros(0, dtype=np.int64)


@dataclass(frozen=True)
class Frontier:
    """Pareto-optimal outcomes (indices into the space) and their (P, K) utilities."""

    outcomes: np.ndarray
    utilities: np.ndarray

    def __len__(self) -> int:
        return int(self.outcomes.size)


def pareto_frontier(space, *, acceptable_only: bool = False) -> Frontier:
    """The Pareto frontier of an :class:`~accord.deals.space.OutcomeSpace`.

    With ``acceptable_only`` only outcomes every party weakly prefers to its reservation are kept.
    Outcomes are sorted by the first party's utility, descending. Large spaces are scanned block
    by block (:func:`scan_space`), so memory stays bounded by the block size.

    Parameters
    ----------
    space : OutcomeSpace
    acceptable_only : bool, default False
        Keep only the frontier's outcomes in the zone of agreement.

    Returns
    -------
    Frontier
        The outcomes and their utilities (P, F).

    References
    ----------
    Kung, H. T., Luccio, F. & Preparata, F. P. (1975). On finding the maxima of a set of vectors.
    Journal of the ACM 22(4), 469–476.

    Examples
    --------
    >>> from accord.deals.space import OutcomeSpace
    >>> sp = OutcomeSpace.from_tables({"x": ["a", "b", "c"]},
    ...     {"P": {"x": [1, 0.5, 0.2]}, "Q": {"x": [0, 0.5, 0.2]}})
    >>> pareto_frontier(sp).outcomes
    array([0, 1])
    """
    idx = scan_space(space, zone=False).frontier
    F = space.utilities(idx)
    if acceptable_only:
        ok = np.all(F >= space.reservation[:, None], axis=0)
        idx, F = idx[ok], F[:, ok]
    order = np.lexsort(tuple(-F[p] for p in range(F.shape[0] - 1, -1, -1)))
    return Frontier(idx[order], F[:, order])


@dataclass(frozen=True)
class SpaceScan:
    """One pass over a space: its Pareto frontier (outcome indices, increasing), the zone of
    agreement (None when not asked for), and each party's best and worst utility."""

    frontier: np.ndarray
    zone: "ZoneOfAgreement | None"
    best: np.ndarray
    worst: np.ndarray


def scan_space(space, *, zone: bool = True, chunk: int | None = None) -> SpaceScan:
    """Frontier, zone of agreement and utility ranges of a space in one pass over blocks of
    outcomes (:meth:`~accord.deals.space.OutcomeSpace.iter_utilities`).

    The frontier of a union is the frontier of the union of the blocks' frontiers, so each block
    contributes only its own frontier; the zone keeps one boolean per outcome and the counts its
    diagnosis needs (which parties, and which pairs, some outcome satisfies).

    Parameters
    ----------
    space : OutcomeSpace
    zone : bool, default True
        Also find the zone of agreement.
    chunk : int, optional
        Outcomes per block (default the space's).

    Returns
    -------
    SpaceScan
        ``frontier`` (outcome indices), ``zone`` (:class:`ZoneOfAgreement` or None), ``best`` and
        ``worst`` utility of each party.

    References
    ----------
    Kung, H. T., Luccio, F. & Preparata, F. P. (1975). On finding the maxima of a set of vectors.
    Journal of the ACM 22(4), 469–476.
    Raiffa, H. (1982). The Art and Science of Negotiation. Harvard University Press (the zone
    of agreement).

    Examples
    --------
    >>> from accord.deals.space import OutcomeSpace
    >>> sp = OutcomeSpace.from_tables({"x": ["a", "b", "c"]},
    ...     {"P": {"x": [1, 0.5, 0.2]}, "Q": {"x": [0, 0.5, 0.2]}})
    >>> s = scan_space(sp)
    >>> s.frontier, s.best.tolist(), s.worst.tolist(), s.zone.size
    (array([0, 1]), [1.0, 0.5], [0.2, 0.0], 3)
    """
    from accord.deals import space as space_mod

    chunk = chunk or space_mod.CHUNK
    space_mod.check_size(space, space_mod.MAX_OUTCOMES, "enumerate")
    r = space.reservation
    P, N = space.n_parties, space.n_outcomes
    cand_idx, cand_u = [], []
    best = np.full(P, -np.inf)
    worst = np.full(P, np.inf)
    mask = np.zeros(N, dtype=bool) if zone else None
    alone = np.zeros(P, dtype=bool)
    pair = np.zeros((P, P), dtype=bool)
    for start, B in space.iter_utilities(chunk):
        local = pareto_indices(B)
        cand_idx.append(start + local)
        cand_u.append(B[:, local])
        best = np.maximum(best, B.max(axis=1))
        worst = np.minimum(worst, B.min(axis=1))
        if zone:
            ok = B >= r[:, None]
            mask[start:start + B.shape[1]] = ok.all(axis=0)
            alone |= ok.any(axis=1)
            for p in range(P):
                pair[p] |= (ok[p] & ok).any(axis=1)
    idx = np.concatenate(cand_idx)
    U = np.concatenate(cand_u, axis=1)
    if len(cand_idx) > 1:
        keep = pareto_indices(U)
        idx = idx[keep]
    z = None
    if zone:
        z = _diagnose(mask, r, best, alone, pair,
                      lambda g: any(np.all(B[list(g)] >= r[list(g), None], axis=0).any()
                                    for _, B in space.iter_utilities(chunk)))
    return SpaceScan(idx, z, best, worst)


@dataclass(frozen=True)
class ZoneOfAgreement:
    """Which outcomes every party weakly prefers to no deal, and, when none, who blocks.

    ``blocking_parties``: parties no outcome satisfies even alone. ``blocking_pairs``: pairs of
    parties each of which some outcome satisfies, but never both at once. ``blocking_group``:
    when neither explains it, the smallest group of parties that cannot all be satisfied.
    """

    mask: np.ndarray
    reservation: np.ndarray
    best: np.ndarray
    blocking_parties: tuple[int, ...] = ()
    blocking_pairs: tuple[tuple[int, int], ...] = ()
    blocking_group: tuple[int, ...] = ()
    pair_best: dict = field(default_factory=dict)

    @property
    def outcomes(self) -> np.ndarray:
        return np.flatnonzero(self.mask)

    @property
    def size(self) -> int:
        return int(self.mask.sum())

    @property
    def is_empty(self) -> bool:
        return self.size == 0

    def explanation(self, names: Sequence[str]) -> str:
        """Why the zone is empty (or how large it is), in words."""
        if not self.is_empty:
            return (f"{self.size} of {self.mask.size} outcomes are at least as good as no deal "
                    "for every party")
        parts = []
        for p in self.blocking_parties:
            parts.append(f"no outcome meets {names[p]}'s reservation {self.reservation[p]:.3g} "
                         f"(its best outcome is worth {self.best[p]:.3g})")
        for p, q in self.blocking_pairs:
            parts.append(f"no outcome gives {names[p]} at least {self.reservation[p]:.3g} and "
                         f"{names[q]} at least {self.reservation[q]:.3g} at the same time "
                         f"({names[p]}'s best: {self.best[p]:.3g}, {names[q]}'s best: "
                         f"{self.best[q]:.3g})")
        if self.blocking_group:
            who = ", ".join(names[p] for p in self.blocking_group)
            parts.append(f"no outcome meets the reservations of {who} together, though every "
                         "smaller group can be satisfied")
        return "; ".join(parts)


def zone_of_agreement(utilities, reservation) -> ZoneOfAgreement:
    """Outcomes (columns of the (P, N) ``utilities``) with ``u_p ≥ reservation_p`` for every p.

    When the zone is empty, the parties whose reservation no outcome meets are named, then every
    pair that cannot both be satisfied, then (if still unexplained) the smallest group that
    cannot — so the report says who is blocking, not just that nothing works.

    Parameters
    ----------
    utilities : array_like
        (P, N).
    reservation : array_like
        (P,) what no deal is worth to each party.

    Returns
    -------
    ZoneOfAgreement

    References
    ----------
    Raiffa, H. (1982). The Art and Science of Negotiation. Harvard University Press (the zone
    of agreement).

    Examples
    --------
    >>> U = np.array([[0.2, 0.5, 0.9, 0.4, 0.5], [0.9, 0.5, 0.1, 0.4, 0.5]])
    >>> zone_of_agreement(U, reservation=[0.45, 0.45]).outcomes
    array([1, 4])
    >>> print(zone_of_agreement(U, [0.6, 0.6]).explanation(["A", "B"]))
    no outcome gives A at least 0.6 and B at least 0.6 at the same time (A's best: 0.9, B's best: 0.9)
    """
    U = np.asarray(utilities, dtype=float)
    r = np.asarray(reservation, dtype=float)
    P = U.shape[0]
    ok = U >= r[:, None]
    best = U.max(axis=1) if U.shape[1] else np.full(P, -np.inf)
    pair = np.array([(ok[p] & ok).any(axis=1) for p in range(P)]).reshape(P, P)
    return _diagnose(ok.all(axis=0), r, best, ok.any(axis=1), pair,
                     lambda g: bool(ok[list(g)].all(axis=0).any()))


def _diagnose(mask, r, best, alone, pair, satisfiable) -> ZoneOfAgreement:
    """Name who blocks an empty zone: ``alone[p]`` — some outcome meets p's reservation;
    ``pair[p, q]`` — some outcome meets both; ``satisfiable(group)`` — some outcome meets all."""
    if mask.any():
        return ZoneOfAgreement(mask, r, best)
    P = r.size
    blocking = tuple(int(p) for p in np.flatnonzero(~alone))
    ok_parties = [int(p) for p in np.flatnonzero(alone)]
    pairs = tuple((p, q) for p, q in combinations(ok_parties, 2) if not pair[p, q])
    group: tuple[int, ...] = ()
    if not blocking and not pairs:
        for k in range(3, P + 1):
            group = next((g for g in combinations(range(P), k) if not satisfiable(g)), ())
            if group:
                break
    return ZoneOfAgreement(mask, r, best, blocking, pairs, group)
