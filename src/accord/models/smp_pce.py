"""KTAB's voting rules, coalitions and Probabilistic Condorcet Elections (PCE), over NumPy arrays.

These are the building blocks of KTAB's Spatial Model of Politics (:mod:`accord.models.smp`),
ported from ``KTAB/kmodel/libsrc/kmodel.cpp`` (KAPSARC, MIT licence; B. Wise's design, see
Wise, Lester & Efird, "An introduction to the KAPSARC Toolkit for Behavioral Analysis (KTAB)
using one-dimensional spatial models", KAPSARC discussion paper KS-1516-DP019A, 2015):

- a *vote* of actor k between options i and j is its weight times a response to the utility
  difference u_ki − u_kj (proportional, binary, cubic, mixtures, or prospect-like asymmetry);
- the *coalition* for i against j is the sum of the positive votes, the one for j against i the
  sum of the negative ones (each starts from 10⁻⁸ so that no contest is 0 : 0);
- the *victory probability* of i over j is c_ij^p / (c_ij^p + c_ji^p) for p = 1, 2, 4, 8, or a
  thresholded "binary" model;
- the *PCE* turns the pairwise victory probabilities into one probability per option:
  Conditional (i beats every other option, conditioned on some option doing so) or the
  stationary distribution of a Markov chain of challenges (uniform or incentive-weighted).

Sums run over actors in actor order, one addition at a time, as KTAB's loops do
(:func:`seq_sum`; NumPy's ``sum`` is pairwise and would differ in the last bits, which can flip
KTAB's tie-breaks).

Three actors (weights 1, 1, 2) value two options at (1, .5), (.2, 1), (.9, .6): option 0's
coalition is .5 + 2·.3 = 1.1, option 1's is .8, so P[0 beats 1] = 1.1/1.9 and the
Conditional PCE gives (½·1.1/1.9, ½·.8/1.9) normalised = (0.5789, 0.4211):

>>> import numpy as np
>>> u = np.array([[1.0, 0.5], [0.2, 1.0], [0.9, 0.6]])
>>> w = np.array([1.0, 1.0, 2.0])
>>> p = scalar_pce(w, u, "Proportional", "Linear", "Conditional")
>>> [round(float(x), 4) for x in p]
[0.5789, 0.4211]
"""

from __future__ import annotations

import functools

import numpy as np

from accord.errors import AccordError
from accord.parallel import run_blocks

VOTING_RULES = ("Binary", "PropBin", "Proportional", "PropCbc", "Cubic", "ASymProsp")
VICTORY_PROB_MODELS = ("Linear", "Square", "Quartic", "Octic", "Binary")
PCE_MODELS = ("Conditional", "MarkovIncentive", "MarkovUniform")
BIG_R_RANGES = ("Min", "Mid", "Max")
BIG_R_ADJUSTS = ("None", "OneThird", "Half", "TwoThirds", "Full")

MIN_COALITION = 1e-8  # KTAB Model::coalitions: minC
_BLOCK_PAIRS = 16384  # pairs per block of a large contest (see accord.models.smp_challenges)
#: Voting rules whose vote of i over j is exactly minus that of j over i (KTAB's responses are
#: odd functions of the utility difference, except the prospect-like ASymProsp).
ANTISYMMETRIC_RULES = ("Binary", "PropBin", "Proportional", "PropCbc", "Cubic")


def seq_sum(stack: np.ndarray) -> np.ndarray:
    """Sum over axis 0, one term after another (KTAB's loop order), not pairwise.

    An in-place loop over the leading axis: each step is one vectorised addition over the
    remaining axes, so the order is KTAB's and the cost is NumPy's.
    """
    total = np.array(stack[0], dtype=float, copy=True)
    for term in stack[1:]:
        total += term
    return total


def vote(rule: str, weight, u_i, u_j) -> np.ndarray:
    """KTAB ``Model::vote``: weight × response(u_i − u_j), broadcasting over arrays.

    Responses: Binary = clip((u_i − u_j)/10⁻⁸, −1, 1); Proportional = the difference;
    PropBin = 0.8 prop + 0.2 binary; Cubic = difference³; PropCbc = ½ prop + ½ cubic;
    ASymProsp = the difference if negative, two thirds of it if positive (losses loom larger).

    >>> float(vote("Proportional", 2.0, 0.75, 0.5)), float(vote("ASymProsp", 3.0, 0.75, 0.5))
    (0.5, 0.5)
    """
    du = np.subtract(u_i, u_j)
    if rule == "Proportional":
        return weight * du
    if rule == "Binary":
        return weight * np.clip(du / 1e-8, -1.0, 1.0)
    if rule == "PropBin":
        return weight * ((1 - 0.2) * du + 0.2 * np.clip(du / 1e-8, -1.0, 1.0))
    if rule == "Cubic":
        return weight * (du * du * du)
    if rule == "PropCbc":
        return weight * ((1 - 0.5) * du + 0.5 * (du * du * du))
    if rule == "ASymProsp":
        w = np.broadcast_to(weight, np.broadcast(weight, du).shape)
        return np.where(du < 0.0, w * du, np.where(du > 0.0, (2.0 * w * du) / 3.0, 0.0))
    raise AccordError(f"unknown voting rule {rule!r}; expected one of: {', '.join(VOTING_RULES)}")


def vote_into(out: np.ndarray, rule: str, proportional: bool, w, u_a, u_b) -> np.ndarray:
    """A voter's weighted vote for a over b (options of a contest, or a third party's futures),
    written into ``out`` (returned): the proportional rule in place, the others through
    :func:`vote`."""
    if proportional:
        np.subtract(u_a, u_b, out=out)
        out *= w
    else:
        out[...] = vote(rule, w, u_a, u_b)
    return out


def add_vote(v, zero, scratch, c_ij, c_ji) -> None:
    """Add a voter's vote ``v`` to the running coalitions: its positive part to i's, its negative
    part to j's (``c_ji += max(−v, 0)``, exactly, as ``−= min(v, 0)``)."""
    np.maximum(v, zero, out=scratch)
    c_ij += scratch
    np.minimum(v, zero, out=scratch)
    c_ji -= scratch


def coalitions(weight: np.ndarray, utility: np.ndarray, rule: str) -> np.ndarray:
    """KTAB ``Model::coalitions`` for actors voting with ``weight`` (A,) over ``utility`` (A, n).

    c[i, j] for i > j sums the positive votes of the actors for i over j, and c[j, i] the
    negative ones (both from the i-over-j votes: KTAB only evaluates the lower triangle), each
    starting from 10⁻⁸; the diagonal is 10⁻⁸. One actor at a time, in actor order.
    """
    a, n = utility.shape
    if n * n <= 1024:
        # Small contests (the bargain elections): the votes of a group of actors at once, then
        # running sums over the actor axis, carried from group to group (np.cumsum adds one
        # term after another, as KTAB does).
        group = max(1, 4 * _BLOCK_PAIRS // (n * n))
        pos = np.full((n, n), MIN_COALITION)
        neg = np.full((n, n), MIN_COALITION)
        for g0 in range(0, a, group):
            w, u = weight[g0:g0 + group], utility[g0:g0 + group]
            votes = vote(rule, w[:, None, None], u[:, :, None], u[:, None, :])
            stack = np.empty((len(w) + 1, n, n))
            stack[0] = pos
            np.maximum(votes, 0.0, out=stack[1:])
            pos = np.cumsum(stack, axis=0)[-1]
            stack[0] = neg
            np.maximum(-votes, 0.0, out=stack[1:])
            neg = np.cumsum(stack, axis=0)[-1]
    else:
        if rule in ANTISYMMETRIC_RULES:
            # Options on one position (identical columns: in later turns many actors share a
            # bargain) have identical coalitions: each contest is done once, then copied.
            # Between two such options every vote is 0, so the coalitions stay 10⁻⁸, the
            # diagonal's value. The orientation of a contest does not matter when every vote
            # of i over j is exactly minus the vote of j over i (not so under ASymProsp).
            keep, group = distinct_columns(utility)
            if len(keep) < n:
                return _large_coalitions(weight, utility[:, keep], rule)[np.ix_(group, group)]
        return _large_coalitions(weight, utility, rule)
    lower = _below_diagonal(n)
    return np.where(lower, pos, np.where(lower.T, neg.T, MIN_COALITION))


def _large_coalitions(weight: np.ndarray, utility: np.ndarray, rule: str) -> np.ndarray:
    """:func:`coalitions` of a large contest: only the lower triangle, a block of rows at a
    time so the running sums stay in cache, one actor after another."""
    n = utility.shape[1]
    pos = np.full((n, n), MIN_COALITION)
    neg = np.full((n, n), MIN_COALITION)
    rows = max(1, _BLOCK_PAIRS // n)

    def block(r0: int) -> None:
        r1 = min(n, r0 + rows)
        v, part, pos_b, neg_b, zero = (np.empty((r1 - r0, r1)) for _ in range(5))
        # against an array of zeros: np.maximum with the scalar 0.0 takes a loop 3× slower
        zero.fill(0.0)
        pos_b.fill(MIN_COALITION)
        neg_b.fill(MIN_COALITION)
        proportional = rule == "Proportional"
        for k, w_k in enumerate(weight):
            u_k = utility[k]
            vote_into(v, rule, proportional, w_k, u_k[r0:r1, None], u_k[None, :r1])
            add_vote(v, zero, part, pos_b, neg_b)
        pos[r0:r1, :r1] = pos_b
        neg[r0:r1, :r1] = neg_b

    # Row blocks are independent: one thread per core (accord.parallel).
    run_blocks(block, range(1, n, rows))
    lower = _below_diagonal(n)
    return np.where(lower, pos, np.where(lower.T, neg.T, MIN_COALITION))


def distinct_columns(x: np.ndarray):
    """The first column of each set of equal columns of ``x`` (increasing), and for every column
    the index of its set among those: ``x[:, keep][:, group]`` is ``x``. Columns are equal when
    their bits are (each column's bytes are one key to sort)."""
    rows = np.ascontiguousarray(x.T)
    key = rows.view(np.dtype((np.void, rows.dtype.itemsize * rows.shape[1]))).reshape(-1)
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    order = np.argsort(first)
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return first[order], rank[inverse.reshape(-1)]


@functools.lru_cache(maxsize=64)
def _pairs_below_diagonal(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Row and column indices of the pairs i > j of an (n, n) contest (read-only, shared)."""
    hi, lo = np.tril_indices(n, -1)
    hi.setflags(write=False)
    lo.setflags(write=False)
    return hi, lo


@functools.lru_cache(maxsize=64)
def _below_diagonal(n: int) -> np.ndarray:
    """(n, n) mask of i > j (KTAB fills the lower triangle); read-only, shared."""
    lower = np.tri(n, n, -1, dtype=bool)
    lower.setflags(write=False)
    return lower


def victory_probabilities(model: str, c: np.ndarray) -> np.ndarray:
    """KTAB ``Model::vProb(vpm, c)``: pv[i, j] = probability that option i beats option j.

    ``c`` is (n, n), or a stack (..., n, n) of independent contests.
    """
    n = c.shape[-1]
    s1, s2 = c, np.swapaxes(c, -1, -2)  # for the lower triangle: s1 = c[i, j], s2 = c[j, i]
    if model == "Linear":
        x1, x2 = s1, s2
    elif model == "Square":
        x1, x2 = s1 * s1, s2 * s2
    elif model == "Quartic":
        x1, x2 = s1 * s1 * s1 * s1, s2 * s2 * s2 * s2
    elif model == "Octic":
        q1, q2 = s1 * s1 * s1 * s1, s2 * s2 * s2 * s2
        x1, x2 = q1 * q1, q2 * q2
    elif model == "Binary":
        thresh, min_x = 1.10, 1e-6
        with np.errstate(invalid="ignore", divide="ignore"):
            r12 = s1 / (s1 + s2)
            p12 = (r12 * (thresh + 1.0) - 1.0) / (thresh - 1.0)
        x1 = np.where(s1 >= thresh * s2, 1.0, np.where(s2 >= thresh * s1, min_x, p12))
        x2 = np.where(s1 >= thresh * s2, min_x, np.where(s2 >= thresh * s1, 1.0, 1 - p12))
    else:
        raise AccordError(f"unknown victory-probability model {model!r}; expected one of: "
                          f"{', '.join(VICTORY_PROB_MODELS)}")
    total = x1 + x2
    p_low = x1 / total   # p[i, j] for i > j
    p_up = x2 / total    # p[j, i] for i > j, computed at (i, j)
    lower = _below_diagonal(n)
    return np.where(lower, p_low, np.where(lower.T, np.swapaxes(p_up, -1, -2), 0.5))


def conditional_pce(pv: np.ndarray) -> np.ndarray:
    """KTAB ``condPCE``: p_i ∝ Π_j pv[i, j], the chance that i beats every alternative.

    ``pv`` is (n, n), or a stack (..., n, n); products and the normalising sum run in KTAB's
    order (``accumulate`` and ``cumsum`` add one term after another).
    """
    prod = np.multiply.accumulate(np.swapaxes(pv, -1, -2), axis=-2)[..., -1, :]
    total = np.cumsum(prod, axis=-1)[..., -1:]
    return prod / total


#: Up to this many options the Markov PCEs iterate on Python floats: on a few options each
#: NumPy call costs far more than its arithmetic (smpExample.xml, 5 actors, runs 185 of them,
#: some 40 iterations each); beyond it, on arrays. Same IEEE operations either way.
MARKOV_FLOATS_UPTO = 8


def _uniform_flow(pv_ij, p_i, p_j):
    """Markov uniform PCE: option i's gain from the contest i–j (challenges uniform)."""
    return pv_ij * (p_i + p_j)


def _incentive_flow(pv_ij, ct_ij, ct_ji):
    """Markov incentive PCE: option i's gain from the contest i–j, where ct_ij = p_i·ch_ji is
    the chance that i holds and challenges j, ct_ji that j holds and challenges i."""
    return pv_ij * (ct_ij + ct_ji)


def _incentive(c_ij, pv_ij, diagonal):
    """KTAB's challenge incentive c_ij·pv_ij, plus 10⁻¹⁰ on the diagonal (``diagonal``: 1 or
    0, or the identity)."""
    return c_ij * pv_ij + diagonal * 1e-10


def _stationary(step, n: int, tol: float, name: str) -> np.ndarray:
    """KTAB's fixed-point iteration of a Markov PCE on arrays: q = step(p), p ← (p + q)/2,
    until no |q_i − p_i| exceeds ``tol`` (1000 iterations at most), from uniform chances."""
    p = np.full(n, 1.0 / n)
    for _ in range(1000):
        q = step(p)
        change = float(np.max(np.abs(q - p))) if n else 0.0
        p = (p + q) / 2.0
        if change <= tol:
            return p
    raise AccordError(f"KTAB's {name} PCE did not converge in 1000 iterations")


def _stationary_floats(step, n: int, tol: float, name: str) -> np.ndarray:
    """:func:`_stationary` on lists of Python floats (the same operations, the same bits)."""
    p = [1.0 / n] * n
    for _ in range(1000):
        q = step(p)
        done = True
        half = []
        for a, b in zip(p, q):
            if not abs(b - a) <= tol:      # a NaN is not converged, as under NumPy's max
                done = False
            half.append((a + b) / 2.0)
        p = half
        if done:
            return np.array(p, dtype=float)
    raise AccordError(f"KTAB's {name} PCE did not converge in 1000 iterations")


def markov_uniform_pce(pv: np.ndarray) -> np.ndarray:
    """KTAB ``markovUniformPCE``: stationary distribution when challenges are uniform."""
    n = pv.shape[0]
    if n > MARKOV_FLOATS_UPTO:
        return _stationary(lambda p: seq_sum(_uniform_flow(pv, p[:, None], p[None, :]).T) / n,
                           n, 1e-6, "MarkovUniform")
    rows = pv.tolist()

    def step(p):
        q = []
        for p_i, row in zip(p, rows):
            # Σ_j one term after another, as seq_sum: the first term, then += the others
            it = zip(p, row)
            p_j, pv_ij = next(it)
            total = _uniform_flow(pv_ij, p_i, p_j)
            for p_j, pv_ij in it:
                total += _uniform_flow(pv_ij, p_i, p_j)
            q.append(total / n)
        return q

    return _stationary_floats(step, n, 1e-6, "MarkovUniform")


def markov_incentive_pce(c: np.ndarray, pv: np.ndarray) -> np.ndarray:
    """KTAB ``markovIncentivePCE``: challenges chosen in proportion to coalition × victory odds."""
    n = c.shape[0]
    incentive = _incentive(c, pv, np.eye(n))
    challenge = incentive / seq_sum(incentive)[None, :]     # ch[i, j]: j challenges i
    if n > MARKOV_FLOATS_UPTO:
        def step_arrays(p):
            ct = p[:, None] * challenge.T
            return seq_sum(_incentive_flow(pv, ct, ct.T).T)

        return _stationary(step_arrays, n, 1e-8, "MarkovIncentive")
    # row i: (pv_ij, ch_ji, ch_ij) for every j
    rows = [list(zip(*r)) for r in zip(pv.tolist(), challenge.T.tolist(), challenge.tolist())]

    def step(p):
        q = []
        for p_i, row in zip(p, rows):
            # Σ_j one term after another, as seq_sum: the first term, then += the others
            it = zip(p, row)
            p_j, (pv_ij, ch_ji, ch_ij) = next(it)
            total = _incentive_flow(pv_ij, p_i * ch_ji, p_j * ch_ij)
            for p_j, (pv_ij, ch_ji, ch_ij) in it:
                total += _incentive_flow(pv_ij, p_i * ch_ji, p_j * ch_ij)
            q.append(total)
        return q

    return _stationary_floats(step, n, 1e-8, "MarkovIncentive")


def coalitions_stack(weight: np.ndarray, utility: np.ndarray, rule: str) -> np.ndarray:
    """:func:`coalitions` for a stack of G independent contests: ``weight`` (G, A), ``utility``
    (G, A, n) → (G, n, n); the same sums in the same order (each voter's votes added to the
    running totals one voter after another).

    Only the pairs i > j are voted on (KTAB's lower triangle), laid out (voter, contest, pair)
    so that the running sums over voters run along contiguous rows.
    """
    g, a, n = utility.shape
    hi, lo = _pairs_below_diagonal(n)                   # the pairs i > j
    u = np.moveaxis(utility, 1, 0)                      # (A, G, n)
    votes = vote(rule, np.swapaxes(weight, 0, 1)[:, :, None], u[:, :, hi], u[:, :, lo])
    stack = np.empty((a + 1, g, len(hi)))
    stack[0] = MIN_COALITION
    np.maximum(votes, 0.0, out=stack[1:])
    pos = np.cumsum(stack, axis=0)[-1]                  # one voter after another
    np.maximum(-votes, 0.0, out=stack[1:])
    neg = np.cumsum(stack, axis=0)[-1]
    c = np.full((g, n, n), MIN_COALITION)
    c[:, hi, lo] = pos
    c[:, lo, hi] = neg
    return c


def pce_from_coalitions(c: np.ndarray, victory_model: str, pce_model: str) -> np.ndarray:
    """KTAB ``Model::probCE2``: one probability per option from the coalition strengths."""
    return pce_from_victory(c, victory_probabilities(victory_model, c), pce_model)


def pce_from_victory(c: np.ndarray, pv: np.ndarray, pce_model: str) -> np.ndarray:
    """:func:`pce_from_coalitions` from the coalitions ``c`` and their victory probabilities
    ``pv`` (n, n); the Conditional PCE also takes stacks (..., n, n)."""
    if pce_model == "Conditional":
        return conditional_pce(pv)
    if pce_model == "MarkovIncentive":
        return markov_incentive_pce(c, pv)
    if pce_model == "MarkovUniform":
        return markov_uniform_pce(pv)
    raise AccordError(f"unknown PCE model {pce_model!r}; expected one of: {', '.join(PCE_MODELS)}")


def scalar_pce(weight: np.ndarray, utility: np.ndarray, rule: str, victory_model: str,
               pce_model: str) -> np.ndarray:
    """KTAB ``Model::scalarPCE``: actors (weight (A,), utility (A, n)) vote over n options."""
    return pce_from_coalitions(coalitions(weight, utility, rule), victory_model, pce_model)


def big_r_from_prob(p: np.ndarray, big_r_range: str) -> np.ndarray:
    """KTAB ``bigRfromProb``: risk attitude from the chance of one's own position winning.

    The most likely position gets R = +1 (risk averse); the least likely gets 0 (Min), −½ (Mid)
    or −1 (Max). Equal chances (max = min) make KTAB divide by zero; Accord then returns
    risk-neutral attitudes (R = 0) instead.
    """
    p_min, p_max = float(np.min(p)), float(np.max(p))
    if not p_max > p_min:
        return np.zeros_like(p)
    if big_r_range == "Min":
        return (p - p_min) / (p_max - p_min)
    if big_r_range == "Mid":
        return (3 * p - (p_max + 2 * p_min)) / (2 * (p_max - p_min))
    if big_r_range == "Max":
        return (2 * p - (p_max + p_min)) / (p_max - p_min)
    raise AccordError(f"unknown BigRRange {big_r_range!r}; expected one of: "
                      f"{', '.join(BIG_R_RANGES)}")


def estimated_risk(r_h: np.ndarray, r_i: np.ndarray, adjust: str) -> np.ndarray:
    """KTAB ``estNRA``: h's estimate of i's risk attitude, anchored on h's own."""
    if adjust == "Full":
        return np.broadcast_to(r_i, np.broadcast(r_h, r_i).shape).copy()
    if adjust == "TwoThirds":
        return (r_h + (2.0 * r_i)) / 3.0
    if adjust == "Half":
        return (r_h + r_i) / 2
    if adjust == "OneThird":
        return ((2.0 * r_h) + r_i) / 3.0
    if adjust == "None":
        return np.broadcast_to(r_h, np.broadcast(r_h, r_i).shape).copy()
    raise AccordError(f"unknown BigRAdjust {adjust!r}; expected one of: {', '.join(BIG_R_ADJUSTS)}")
