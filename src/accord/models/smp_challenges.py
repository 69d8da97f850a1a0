"""KTAB SMP challenges: each actor's estimate of its chance against every other, and its gain.

In every turn of KTAB's Spatial Model of Politics (:mod:`accord.models.smp`) each actor i
estimates, for every other actor j, the probability that i would beat j in a contest where every
third party n joins the side it prefers (KTAB ``SMPActor::probEduChlg``), and the expected gain
of challenging j. That is a sum over third parties for every pair: A³ terms per turn, the
bulk of the model's arithmetic.

Two things keep it fast at hundreds of actors while every number stays bit for bit what the
plain formulas give (and so what KTAB gives, where the operations are KTAB's):

- nothing of size A³ is ever stored. h's estimate of i's utility for j's position is
  ``(1 − d_ij)(1 + d_ij R̂_hi)`` (:class:`StateUtilities`), computed where it is needed;
- the pairs are taken a block of rows (initiators) at a time, sized so that the dozen
  temporaries of one third party's step stay in the processor's cache, and every step writes
  into the same few buffers. The third parties are still added one after the other in actor
  order, as KTAB adds them (floating-point sums depend on the order).

>>> import numpy as np
>>> from accord.models.smp import SMPParams
>>> ut = StateUtilities(np.array([[1.0, 0.4], [0.4, 1.0]]), np.array([[0.0, 0.6], [0.6, 0.0]]),
...                     np.array([[1.0, 0.5], [0.0, -0.5]]))
>>> round(float(ut.at(0, 0, 1)), 2), round(float(ut.at(0, 1, 0)), 2)   # 0.4·1.6, 0.4·1.3
(0.64, 0.52)
>>> p_win, gain = all_challenges(ut, np.array([1.0, 0.5]), np.array([0.5, 0.5]), SMPParams())
>>> round(float(p_win[0, 1]), 6), round(float(gain[0, 1]), 6)
(0.6, 0.216)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.models.smp_pce import vote
from accord.parallel import run_blocks

MIN_CONTEST = 1e-10      # KTAB probEduChlg: minCltn
#: Pairs per block of the all-pairs estimates (rows × actors): a temporary of 8,192 float64 is
#: 64 KiB, so the eight buffers of a step fit a 1 MiB L2 cache with room to spare. Measured on
#: the a160 set extended to 320 actors: 4,096–16,384 within 10% of each other; the unblocked
#: (A, A) steps were 2.4× slower at 320 actors, where they no longer fit.
BLOCK_PAIRS = 16384


@dataclass(frozen=True)
class StateUtilities:
    """Every actor's estimate of every actor's utility for every position, without storing it.

    KTAB ``SMPState::setAllAUtil``: h's estimate of i's utility for j's position is
    ``u_h[i, j] = (1 − d_ij)(1 + d'_ij R̂_hi)``, with d the salience-weighted distance from i's
    ideal to j's position, d' = d (or 1 where round-off pushed d past 1) and R̂_hi h's estimate
    of i's risk attitude. The three (A, A) factors are kept; any element is two multiplications
    and an addition away, the same operations in the same order as the full table.
    """

    one_minus_d: np.ndarray     # (A, A): 1 − d_ij
    d_capped: np.ndarray        # (A, A): d_ij, or 1 where d_ij > 1
    risk_estimate: np.ndarray   # (A, A): [h, i] = h's estimate of i's risk attitude

    @property
    def n_actors(self) -> int:
        return self.one_minus_d.shape[0]

    def at(self, h, i, j) -> np.ndarray:
        """u_h[i, j] for index arrays (or integers) h, i, j that broadcast together."""
        return self.one_minus_d[i, j] * (1 + self.d_capped[i, j] * self.risk_estimate[h, i])

    def own(self) -> np.ndarray:
        """(A, A): u_i[i, j], each actor's own utility for every actor's position."""
        r = np.diagonal(self.risk_estimate)[:, None]
        return self.one_minus_d * (1 + self.d_capped * r)

    def table(self) -> np.ndarray:
        """(A, A, A): the whole table u[h, i, j] (for tests and small cases; A³ memory)."""
        a = self.n_actors
        out = np.empty((a, a, a))
        for h in range(a):
            np.multiply(self.one_minus_d, 1 + self.d_capped * self.risk_estimate[h][:, None],
                        out=out[h])
        return out


def _principal_terms(rule, u_ii, u_ij, u_ji, u_jj, w_i, w_j, u_ki, u_kj):
    """The principals' own contest (no third party yet) and the stakes, for any shape of pairs.

    Returns the starting coalition strengths of "i beats j" and "j beats i" (each principal's
    vote plus KTAB's 10⁻¹⁰) and k's utilities of the status quo, of victory (j adopts i's
    position) and of defeat (i adopts j's).
    """
    eu_sq = u_ki + u_kj
    u_victory = u_ki + u_ki
    u_defeat = u_kj + u_kj
    contrib_i = vote(rule, w_i, u_ii, u_ij)
    contrib_j = vote(rule, w_j, u_ji, u_jj)
    c_ij0 = (MIN_CONTEST + np.maximum(contrib_i, 0.0)) + np.maximum(contrib_j, 0.0)
    c_ji0 = (MIN_CONTEST + np.maximum(-contrib_i, 0.0)) + np.maximum(-contrib_j, 0.0)
    return c_ij0, c_ji0, eu_sq, u_victory, u_defeat


def _sides(u_i, u_n, commit: str):
    """The utilities of third party n's two futures that depend on i's position only.

    KTAB ``thirdPartyVoteSU``: in the little coalition (i+n : j) n sums its utility of the
    outcome for the three of them; under SemiCommit n's own position stays its own when n's
    side wins, under FullCommit everyone on the winning side adopts the winner's position,
    under NoCommit n always keeps its own. Returns (u of "i+n beat j", u of "i beats j+n").
    """
    twice = u_i + u_i
    own = twice + u_n
    thrice = twice + u_i
    if commit == "SemiCommit":
        return own, thrice
    if commit == "FullCommit":
        return thrice, thrice
    return own, own  # NoCommit


def _estimates(c_ij, c_ji, u_victory, u_defeat, eu_sq, s_j):
    p_ij = c_ij / (c_ij + c_ji)
    p_ji = c_ji / (c_ij + c_ji)
    eu_contest = p_ij * u_victory + p_ji * u_defeat
    eu_challenge = (1 - s_j) * u_victory + s_j * eu_contest
    return p_ij, eu_challenge - eu_sq


def all_challenges(ut: StateUtilities, weight: np.ndarray, sal_sum: np.ndarray, p):
    """Every i's own estimate (h = k = i) of P[i beats j] and of its gain, for all pairs (A, A).

    ``weight`` (A,) is each actor's capability × total salience, ``sal_sum`` (A,) its total
    salience, ``p`` the :class:`~accord.models.smp.SMPParams`.
    """
    a = ut.n_actors
    rule = p.voting_rule
    idx = np.arange(a)
    own = ut.own()                                          # u_i[i, j]
    u_ii = np.diagonal(own)[:, None].copy()                 # u_i[i, i]
    u_ji = ut.at(idx[:, None], idx[None, :], idx[:, None])  # [i, n] = u_i[n, i]
    u_jj = ut.at(idx[:, None], idx[None, :], idx[None, :])  # [i, n] = u_i[n, n]
    c_ij0, c_ji0, eu_sq, u_victory, u_defeat = _principal_terms(
        rule, u_ii, own, u_ji, u_jj, weight[:, None], weight[None, :], u_ii, own)
    # Third party n's terms that depend on i and n only, laid out [n, i] so that one third
    # party's values for a block of initiators are contiguous.
    side_in, side_i = (np.ascontiguousarray(x.T) for x in _sides(u_ji, u_jj, p.third_party_commit))
    u_n = np.ascontiguousarray(u_jj.T)
    u_i = np.ascontiguousarray(u_ji.T)
    risk_t = np.ascontiguousarray(ut.risk_estimate.T)       # [n, h]
    c_ij, c_ji = np.empty((a, a)), np.empty((a, a))
    rows = max(1, min(a, BLOCK_PAIRS // max(1, a)))

    def block(r0: int) -> None:
        r1 = min(a, r0 + rows)
        blk = slice(r0, r1)
        _third_parties(ut, rule, p.third_party_commit, weight, r0, r1, risk_t[:, blk],
                       u_i[:, blk], u_n[:, blk], side_in[:, blk], side_i[:, blk],
                       c_ij0[blk], c_ji0[blk], c_ij[blk], c_ji[blk], np.empty((5, r1 - r0, a)))

    # Blocks are independent (each writes its own rows): one thread per core (accord.parallel).
    run_blocks(block, range(0, a, rows))
    return _estimates(c_ij, c_ji, u_victory, u_defeat, eu_sq, sal_sum[None, :])


def _third_parties(ut, rule, commit, weight, r0, r1, risk_t, u_i_t, u_n_t, side_in_t, side_i_t,
                   c_ij0, c_ji0, c_ij, c_ji, buf):
    """Add every third party's vote to the coalitions of initiators r0..r1 against everyone.

    Each step is KTAB's: n weighs joining i against joining j by its little-coalition chances
    ``p_in = c_ni / (c_ni + c_nj)`` and votes with the difference of its expected utilities;
    the positive part goes to "i beats j", the negative to "j beats i". Arrays are written in
    place (``buf`` holds five (rows, A) buffers); the arithmetic is that of the plain formulas,
    operation for operation. Principals do not vote as third parties: their entries add 0.
    """
    proportional = rule == "Proportional"
    semi = commit == "SemiCommit"
    u_nj, contrib, p_in, p_jn, spare = buf[:5]
    c_ij[...] = c_ij0
    c_ji[...] = c_ji0
    omd, dcap = ut.one_minus_d, ut.d_capped
    for n in range(omd.shape[0]):
        w = weight[n]
        # u_h[n, j] for the initiators h of the block: (1 − d_nj)(1 + d'_nj R̂_hn)
        np.multiply(risk_t[n][:, None], dcap[n], out=u_nj)
        u_nj += 1.0
        u_nj *= omd[n]
        u_i = u_i_t[n][:, None]
        u_n = u_n_t[n][:, None]
        # n's vote in the principals' contest decides the little coalitions (i+n : j), (i : j+n)
        if proportional:
            np.subtract(u_i, u_nj, out=contrib)
            contrib *= w
        else:
            contrib[...] = vote(rule, w, u_i, u_nj)
        np.maximum(contrib, 0.0, out=p_in)
        p_in += c_ij0                                   # c_ni
        np.minimum(contrib, 0.0, out=p_jn)
        np.subtract(c_ji0, p_jn, out=p_jn)              # c_nj
        p_jn += p_in
        p_in /= p_jn                                    # p_in = c_ni / (c_ni + c_nj)
        np.subtract(1.0, p_in, out=p_jn)
        # the futures' utilities that depend on j: 3u_j (j's side adopts j) and 2u_j + u_n
        np.add(u_nj, u_nj, out=contrib)
        if semi:
            np.add(contrib, u_nj, out=spare)            # i+n lose to j: all adopt j
            contrib += u_n                              # i loses to j+n: n keeps its own
            spare *= p_jn
            contrib *= p_jn
            b_i, b_j = spare, contrib
        else:
            contrib += u_n if commit == "NoCommit" else u_nj
            contrib *= p_jn
            b_i = b_j = contrib
        np.multiply(p_in, side_in_t[n][:, None], out=u_nj)
        u_nj += b_i                                     # u_with_i
        p_in *= side_i_t[n][:, None]
        p_in += b_j                                     # u_with_j
        if proportional:
            np.subtract(u_nj, p_in, out=p_jn)
            p_jn *= w
            v = p_jn
        else:
            v = p_jn
            v[...] = vote(rule, w, u_nj, p_in)
        v[:, n] = 0.0
        if r0 <= n < r1:
            v[n - r0] = 0.0
        np.maximum(v, 0.0, out=u_nj)
        c_ij += u_nj
        np.minimum(v, 0.0, out=u_nj)
        c_ji -= u_nj                                    # += max(−v, 0), exactly


def some_challenges(ut: StateUtilities, weight, sal_sum, h, k, i, j, p):
    """h's estimate of P[i beats j] and of k's gain, for index arrays h, k, i, j of one shape (P,)."""
    rule = p.voting_rule
    c_ij0, c_ji0, eu_sq, u_victory, u_defeat = _principal_terms(
        rule, ut.at(h, i, i), ut.at(h, i, j), ut.at(h, j, i), ut.at(h, j, j), weight[i],
        weight[j], ut.at(h, k, i), ut.at(h, k, j))
    c_ij, c_ji = c_ij0.copy(), c_ji0.copy()
    for n in range(ut.n_actors):
        u_i, u_j, u_n = ut.at(h, n, i), ut.at(h, n, j), ut.at(h, n, n)
        contrib = vote(rule, weight[n], u_i, u_j)
        c_ni = c_ij0 + np.maximum(contrib, 0.0)
        c_nj = c_ji0 - np.minimum(contrib, 0.0)
        p_in = c_ni / (c_ni + c_nj)
        p_jn = 1.0 - p_in
        side_in, side_i = _sides(u_i, u_n, p.third_party_commit)
        twice = u_j + u_j
        thrice, own = twice + u_j, twice + u_n
        b_i, b_j = {"SemiCommit": (thrice, own), "FullCommit": (thrice, thrice),
                    "NoCommit": (own, own)}[p.third_party_commit]
        v = vote(rule, weight[n], (p_in * side_in) + (p_jn * b_i), (p_in * side_i) + (p_jn * b_j))
        v = np.where((i != n) & (j != n), v, 0.0)
        c_ij += np.maximum(v, 0.0)
        c_ji -= np.minimum(v, 0.0)
    return _estimates(c_ij, c_ji, u_victory, u_defeat, eu_sq, sal_sum[j])


#: Added to every bound on a gain: the bound is exact arithmetic, the gains are rounded (a few
#: units in the last place of numbers of order 1), so 10⁻⁹ leaves room by seven orders.
GAIN_MARGIN = 1e-9
#: Pairs per block of :func:`_pair_coalitions` (eight buffers of 32 KiB stay in cache).
PAIR_BLOCK = 4096


def best_challenges(ut: StateUtilities, weight: np.ndarray, sal_sum: np.ndarray, p,
                    min_gain: float, first: int = 2):
    """Each actor's best target and its estimate of P[i beats target], (A,) each (−1 / NaN: none).

    The result of KTAB ``bestChallenge`` over :func:`all_challenges` — the first j with the
    largest gain above ``min_gain`` — with the same numbers to the last bit, but the third-party
    sums (A terms each) are only done for the pairs that can still be the answer. A gain is
    (1 − s_j) 2u_i(i) + s_j [P 2u_i(i) + (1 − P) 2u_i(j)] − (u_i(i) + u_i(j)) with P in [0, 1],
    so it is at most (1 − s_j) 2u_i(i) + s_j max(2u_i(i), 2u_i(j)) − (u_i(i) + u_i(j)), known
    before any third party is counted. Each row's most promising pairs (largest bound) are
    estimated first; a pair whose bound is below the best gain found in its row (or below
    ``min_gain``) cannot be chosen and is never estimated; the rest are, in rounds. On KTAB's
    synthetic sets of 320 actors 3–20% of the pairs are left.
    """
    a = ut.n_actors
    rule, commit = p.voting_rule, p.third_party_commit
    pt = _PairTerms.of(ut, weight, rule, commit)
    s = sal_sum[None, :]
    bound = ((1 - s) * pt.u_victory + s * np.maximum(pt.u_victory, pt.u_defeat) - pt.eu_sq
             + GAIN_MARGIN)
    # the order in which pairs are tried: the gain as if only the principals voted
    p0 = pt.c_ij0 / (pt.c_ij0 + pt.c_ji0)
    hint = (1 - s) * pt.u_victory + s * (p0 * pt.u_victory + (1 - p0) * pt.u_defeat) - pt.eu_sq
    done = np.eye(a, dtype=bool)
    gain = np.full((a, a), -np.inf)     # exact gains of the pairs estimated (above min_gain)
    p_win = np.full((a, a), np.nan)
    take = first
    while True:
        best = np.max(gain, axis=1)
        threshold = np.maximum(best, min_gain)[:, None]
        left = ~done & (bound >= threshold)
        if not left.any():
            break
        if take < a:
            # each row's `take` open pairs with the largest bounds
            score = np.where(left, hint, -np.inf)
            cols = np.argpartition(-score, take - 1, axis=1)[:, :take]
            pick = np.zeros((a, a), dtype=bool)
            np.put_along_axis(pick, cols, True, axis=1)
            left &= pick
        i, j = np.nonzero(left)
        c_ij, c_ji = _pair_coalitions(pt, rule, commit, weight, i, j)
        p_ij, g = _estimates(c_ij, c_ji, pt.u_victory[i, j], pt.u_defeat[i, j], pt.eu_sq[i, j],
                             sal_sum[j])
        done[i, j] = True
        p_win[i, j] = p_ij
        gain[i, j] = np.where(g > min_gain, g, -np.inf)
        take = a    # after the first round every pair that is still open
    target = np.argmax(gain, axis=1)
    rows = np.arange(a)
    found = np.isfinite(gain[rows, target])
    return np.where(found, target, -1), np.where(found, p_win[rows, target], np.nan)


@dataclass(frozen=True)
class _PairTerms:
    """What the third-party sums need besides (1 − d) and d', laid out [n, i] (contiguous per
    third party n), and the principals' (A, A) terms (:func:`_principal_terms`)."""

    omd: np.ndarray
    dcap: np.ndarray
    risk_t: np.ndarray      # [n, h] = R̂_hn
    u_i_t: np.ndarray       # [n, i] = u_i[n, i]
    u_n_t: np.ndarray       # [n, i] = u_i[n, n]
    side_in_t: np.ndarray
    side_i_t: np.ndarray
    c_ij0: np.ndarray
    c_ji0: np.ndarray
    eu_sq: np.ndarray
    u_victory: np.ndarray
    u_defeat: np.ndarray

    @classmethod
    def of(cls, ut: StateUtilities, weight, rule, commit) -> "_PairTerms":
        a = ut.n_actors
        idx = np.arange(a)
        own = ut.own()
        u_ii = np.diagonal(own)[:, None].copy()
        u_ji = ut.at(idx[:, None], idx[None, :], idx[:, None])  # [i, n] = u_i[n, i]
        u_jj = ut.at(idx[:, None], idx[None, :], idx[None, :])  # [i, n] = u_i[n, n]
        c_ij0, c_ji0, eu_sq, u_victory, u_defeat = _principal_terms(
            rule, u_ii, own, u_ji, u_jj, weight[:, None], weight[None, :], u_ii, own)
        side_in, side_i = _sides(u_ji, u_jj, commit)
        t = np.ascontiguousarray
        return cls(ut.one_minus_d, ut.d_capped, t(ut.risk_estimate.T), t(u_ji.T), t(u_jj.T),
                   t(side_in.T), t(side_i.T), c_ij0, c_ji0, eu_sq,
                   np.broadcast_to(u_victory, (a, a)), u_defeat)


def _pair_coalitions(pt: _PairTerms, rule, commit, weight, i, j):
    """The coalitions c_ij, c_ji (P,) of the pairs (i, j) (P,), every third party counted: the
    operations of :func:`_third_parties`, one element for one element, on a list of pairs."""
    c_ij = pt.c_ij0[i, j]
    c_ji = pt.c_ji0[i, j]

    def block(q0: int) -> None:
        q = slice(q0, q0 + PAIR_BLOCK)
        _pair_third_parties(pt, rule, commit, weight, i[q], j[q], c_ij[q], c_ji[q])

    run_blocks(block, range(0, len(i), PAIR_BLOCK))
    return c_ij, c_ji


def _pair_third_parties(pt: _PairTerms, rule, commit, weight, ib, jb, c_ij, c_ji):
    """Add every third party's vote to c_ij, c_ji (in place) for the pairs (ib, jb); see
    :func:`_third_parties`, whose steps these are (per pair instead of per row block)."""
    proportional = rule == "Proportional"
    semi = commit == "SemiCommit"
    size = len(ib)
    u_nj, contrib, p_in, p_jn, spare, g = np.empty((6, size))
    c_ij0, c_ji0 = c_ij.copy(), c_ji.copy()
    # the pairs where n is a principal (its vote is 0): n == i is a run of the pairs (ordered
    # by i), n == j a few scattered ones
    a = pt.omd.shape[0]
    i_lo = np.searchsorted(ib, np.arange(a), side="left")
    i_hi = np.searchsorted(ib, np.arange(a), side="right")
    by_j = np.argsort(jb, kind="stable")
    j_lo = np.searchsorted(jb[by_j], np.arange(a), side="left")
    j_hi = np.searchsorted(jb[by_j], np.arange(a), side="right")
    for n in range(a):
        w = weight[n]
        pt.risk_t[n].take(ib, out=g, mode="clip")
        pt.dcap[n].take(jb, out=u_nj, mode="clip")
        u_nj *= g
        u_nj += 1.0
        pt.omd[n].take(jb, out=g, mode="clip")
        u_nj *= g
        u_i = pt.u_i_t[n].take(ib, out=g, mode="clip")
        if proportional:
            np.subtract(u_i, u_nj, out=contrib)
            contrib *= w
        else:
            contrib[...] = vote(rule, w, u_i, u_nj)
        np.maximum(contrib, 0.0, out=p_in)
        p_in += c_ij0
        np.minimum(contrib, 0.0, out=p_jn)
        np.subtract(c_ji0, p_jn, out=p_jn)
        p_jn += p_in
        p_in /= p_jn
        np.subtract(1.0, p_in, out=p_jn)
        np.add(u_nj, u_nj, out=contrib)
        if semi:
            np.add(contrib, u_nj, out=spare)
            contrib += pt.u_n_t[n].take(ib, out=g, mode="clip")
            spare *= p_jn
            contrib *= p_jn
            b_i, b_j = spare, contrib
        else:
            contrib += pt.u_n_t[n].take(ib, out=g, mode="clip") if commit == "NoCommit" else u_nj
            contrib *= p_jn
            b_i = b_j = contrib
        np.multiply(p_in, pt.side_in_t[n].take(ib, out=g, mode="clip"), out=u_nj)
        u_nj += b_i
        p_in *= pt.side_i_t[n].take(ib, out=g, mode="clip")
        p_in += b_j
        if proportional:
            np.subtract(u_nj, p_in, out=p_jn)
            p_jn *= w
            v = p_jn
        else:
            v = p_jn
            v[...] = vote(rule, w, u_nj, p_in)
        v[i_lo[n]:i_hi[n]] = 0.0
        v[by_j[j_lo[n]:j_hi[n]]] = 0.0
        np.maximum(v, 0.0, out=u_nj)
        c_ij += u_nj
        np.minimum(v, 0.0, out=u_nj)
        c_ji -= u_nj
