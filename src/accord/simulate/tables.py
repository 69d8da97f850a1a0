"""Look-up tables the simulations read instead of evaluating utilities step by step.

For a deal space with P parties and N outcomes: the (P, N) utility matrix, each party's best
and worst utility, and for each party its outcomes sorted by its own utility, so "the outcome
worth at least x to me, as little above x as possible" is one ``searchsorted`` for a whole
batch of negotiations.

**Tie-break** (documented choice): among outcomes worth exactly the same to the party, the one
the *other* parties like most (largest sum of their utilities) comes first — a party that has to
give something away gives it where it helps the others most; a remaining tie goes to the lower
outcome index. The same order is kept for the Pareto frontier.

>>> from accord.deals.space import OutcomeSpace
>>> sp = OutcomeSpace.from_tables({"x": ["a", "b", "c", "d"]},
...     {"P": {"x": [1.0, 0.5, 0.5, 0.0]}, "Q": {"x": [0.0, 0.2, 0.9, 1.0]}})
>>> tab = PartyTables.from_space(sp)
>>> import numpy as np
>>> tab.closest_above(0, np.array([0.4, 0.6, 2.0])).tolist()   # ties at 0.5: Q prefers c
[2, 0, 0]
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass

import numpy as np

from accord.deals.frontier import pareto_indices


def _sorted_by_own_utility(U: np.ndarray, outcomes: np.ndarray) -> np.ndarray:
    """(P, len(outcomes)) — per party, ``outcomes`` (increasing) sorted by own utility
    ascending, ties by the others' total descending, then by index (lexsort is stable, so
    equal keys keep the increasing order they came in)."""
    sub = U[:, outcomes]
    total = sub.sum(axis=0)
    rows = []
    for p in range(U.shape[0]):
        others = total - sub[p]
        rows.append(outcomes[np.lexsort((-others, sub[p]))])
    return np.array(rows, dtype=np.int64).reshape(U.shape[0], outcomes.size)


_CACHE: dict[bytes, "PartyTables"] = {}
_CACHE_SIZE = 8


def _utility_key(space) -> bytes:
    """A digest of everything a space's utilities are computed from."""
    h = hashlib.blake2b(digest_size=20)
    parts = [space.n_options, space.weights, *space.values]
    if space.table is not None:
        parts.append(space.table)
    for a in parts:
        a = np.ascontiguousarray(a)
        h.update(str((a.dtype.str, a.shape)).encode())
        h.update(a.tobytes())
    return h.digest()


@dataclass(frozen=True, eq=False)
class PartyTables:
    """Utilities and per-party sort orders of one deal space (see the module docstring)."""

    utilities: np.ndarray        # (P, N)
    u_max: np.ndarray            # (P,)
    u_min: np.ndarray            # (P,)
    order: np.ndarray            # (P, N) outcomes by own utility
    sorted_u: np.ndarray         # (P, N) the utilities in that order
    frontier: np.ndarray         # (K,) Pareto-optimal outcomes
    frontier_order: np.ndarray   # (P, K)
    frontier_sorted_u: np.ndarray

    @classmethod
    def for_space(cls, space) -> "PartyTables":
        """:meth:`from_space`, kept for the spaces this process used last: the tables depend
        only on the utility function (not on reservations or strategies), so negotiations run
        one at a time on the same space build them once."""
        key = _utility_key(space)
        tables = _CACHE.pop(key, None) or cls.from_space(space)
        _CACHE[key] = tables
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        return tables

    @classmethod
    def from_space(cls, space) -> "PartyTables":
        U = np.ascontiguousarray(space.utilities(), dtype=float)
        P, N = U.shape
        order = _sorted_by_own_utility(U, np.arange(N, dtype=np.int64))
        sorted_u = np.take_along_axis(U, order, axis=1)
        front = pareto_indices(U).astype(np.int64)
        forder = _sorted_by_own_utility(U, front)
        fsorted = np.take_along_axis(U, forder, axis=1)
        return cls(U, U.max(axis=1), U.min(axis=1), order, sorted_u, front, forder, fsorted)

    @functools.cached_property
    def lists(self) -> tuple[list, list, list, list]:
        """``sorted_u``, ``order``, ``frontier_sorted_u``, ``frontier_order`` as Python lists
        (per party), for the one-negotiation engine's ``bisect`` (the same search as
        ``searchsorted(side="left")``, on the same numbers)."""
        return (self.sorted_u.tolist(), self.order.tolist(), self.frontier_sorted_u.tolist(),
                self.frontier_order.tolist())

    @property
    def n_parties(self) -> int:
        return self.utilities.shape[0]

    @property
    def n_outcomes(self) -> int:
        return self.utilities.shape[1]

    def closest_above(self, party: int, lower: np.ndarray) -> np.ndarray:
        """(B,) outcomes worth at least ``lower`` (B,) to ``party``, as little above as possible;
        the party's best outcome when none reaches ``lower``."""
        i = np.searchsorted(self.sorted_u[party], lower, side="left")
        return self.order[party, np.minimum(i, self.n_outcomes - 1)]

    def frontier_closest_above(self, party: int, lower: np.ndarray) -> np.ndarray:
        """Like :meth:`closest_above`, among Pareto-optimal outcomes only."""
        i = np.searchsorted(self.frontier_sorted_u[party], lower, side="left")
        return self.frontier_order[party, np.minimum(i, self.frontier.size - 1)]
