"""Which of several exchanges with equal gains is carried out first.

decide-exchange-model keeps its exchanges in a list that it sorts by gain (Python's stable sort)
before every choice, so among equal gains the order of the previous sort survives — back to the
order of creation. :func:`reference_order` reconstructs that order from the log of gains
without sorting at every choice; :func:`choose` takes the best exchange, breaking ties by that
order or, with ``tie_break="random"``, by a draw from the round's stream.

Exchanges 3 and 7 now tie at 1.0; before the previous choice 7's gain was 2.0, so the previous
sort put it first, and the stable sort keeps it there:

>>> reference_order([3, 7], [1.0, 1.0], [{7: 2.0}], 1e-9), reference_order([3, 7], [1.0, 1.0], [], 1e-9)
([1, 0], [0, 1])
"""

from __future__ import annotations

import functools
from itertools import pairwise
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from accord.models.exchange.model import ExchangeParams


def choose(score: np.ndarray, params: ExchangeParams, rng, log: list[dict[int, float]]) -> int:
    """The exchange to carry out next: the highest score (−∞ for exchanges no longer on offer).

    Scores within ``tie_tolerance`` of the best tie; a tie goes to the first in the reference's
    own order (:func:`reference_order`) or, with ``tie_break="random"``, to a seeded draw.
    """
    best = int(score.argmax())
    top = float(score[best])             # a Python float: the same value, faster arithmetic
    if top == -np.inf:
        return best
    tied = (score >= top - params.tie_tolerance * max(1.0, abs(top))).nonzero()[0]
    if tied.size == 1:
        return best
    if params.tie_break == "random":
        return int(tied[rng.integers(tied.size)])
    tied_list = tied.tolist()
    order = reference_order(tied_list, score[tied].tolist(), log, params.tie_tolerance)
    return tied_list[order[0]]


def reference_order(tied: list[int], now: list[float], log: list[dict[int, float]],
                     tol: float) -> list[int]:
    """The order decide's list holds the tied exchanges ``tied`` in (positions into ``tied``).

    decide sorts its list of exchanges by gain before every choice with Python's stable sort,
    so equal gains keep the order of the previous sort: ordered by their gains at the previous
    choice, ties there by the choice before, and so on back to the order of creation. So the
    exchanges are sorted (stably, gains within ``tol`` counting as equal) by their gains as they
    were before choice 0, 1, …, len(log) in turn, oldest first, starting from the order of
    creation. ``log[k]`` holds the exchanges re-evaluated after choice k and their gains before
    (gains change nowhere else); ``now`` the current gains.
    """
    # Walking the log backwards gives the gains before each choice, newest first. A choice that
    # re-evaluated none of the tied exchanges gives the same gains as the one after it; sorting
    # by the same gains again changes nothing once the order is sorted (a list in order is a
    # single run for Python's sort and comes back as it is), so only distinct gains are kept,
    # with how often they repeat, and the sort is skipped while the order is already sorted
    # (exact even for tolerance-ties that are not transitive).
    gains = list(now)
    versions = [[list(gains), 1]]
    for changes in reversed(log):
        hit = False
        for n, t in enumerate(tied):
            if t in changes:
                gains[n] = changes[t]
                hit = True
        if hit:
            versions.append([list(gains), 1])
        else:
            versions[-1][1] += 1
    order = list(range(len(tied)))            # creation order (tied is in creation order)
    for gains, repeats in reversed(versions):  # oldest first
        def cmp(a, b, gains=gains):
            d = gains[b] - gains[a]
            return 0 if abs(d) <= tol * max(1.0, abs(gains[a])) else (1 if d > 0 else -1)
        for _ in range(repeats):
            if all(cmp(b, a) >= 0 for a, b in pairwise(order)):
                break                         # already sorted: sorting would keep it as it is
            order = sorted(order, key=functools.cmp_to_key(cmp))
    return order
