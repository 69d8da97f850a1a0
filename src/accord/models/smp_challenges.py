"""KTAB SMP challenges: each actor's estimate of its chance against every other, and its gain.

In every turn of KTAB's Spatial Model of Politics (:mod:`accord.models.smp`) each actor i
estimates, for every other actor j, the probability that i would beat j in a contest where every
third party n joins the side it prefers (KTAB ``SMPActor::probEduChlg``), and the expected gain
of challenging j; it challenges the j with the largest gain (``bestChallenge``). Each estimate
is a sum over third parties: A³ terms per turn, the bulk of the model's arithmetic.

Three things keep it fast at hundreds of actors while every number stays bit for bit what the
plain formulas give (and so what KTAB gives, where the operations are KTAB's):

- only the pairs that can be an actor's best challenge are estimated
  (:func:`best_challenges`). A gain is at most what it would be if i surely won, a bound known
  before any third party is counted; pairs are estimated in rounds, the most promising first,
  and a pair whose bound is below the best gain already found in its row is never estimated
  (at 320 actors 19% of the pairs over a run, 3% in the first turn); up to
  :data:`ROUNDS_FROM` actors every pair is estimated in one dense pass (:func:`all_challenges`);
- nothing of size A³ is stored. h's estimate of i's utility for j's position is
  ``(1 − d_ij)(1 + d_ij R̂_hi)`` (:class:`StateUtilities`), computed where it is needed, and
  the pairs are taken a block at a time, sized so that the buffers of one third party's step
  stay in the processor's cache, every step writing into the same buffers
  (:func:`_pair_third_parties`). The third parties are still added one after the other in
  actor order, as KTAB adds them (floating-point sums depend on the order);
- under NoCommit and FullCommit the two futures a third party compares are the same, so its
  vote is exactly 0 and the pair kernel skips the sums.

>>> import numpy as np
>>> from accord.models.smp import SMPParams
>>> ut = StateUtilities(np.array([[1.0, 0.4], [0.4, 1.0]]), np.array([[0.0, 0.6], [0.6, 0.0]]),
...                     np.array([[1.0, 0.5], [0.0, -0.5]]))
>>> round(float(ut.at(0, 0, 1)), 2), round(float(ut.at(0, 1, 0)), 2)   # 0.4·1.6, 0.4·1.3
(0.64, 0.52)
>>> p_win, gain = all_challenges(ut, np.array([1.0, 0.5]), np.array([0.5, 0.5]), SMPParams())
>>> round(float(p_win[0, 1]), 6), round(float(gain[0, 1]), 6)
(0.6, 0.216)
>>> target, p_target = best_challenges(ut, np.array([1.0, 0.5]), np.array([0.5, 0.5]),
...                                    SMPParams(), 1e-5)
>>> target.tolist(), round(float(p_target[0]), 6)
([1, 0], 0.6)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.models.smp_pce import add_vote, vote, vote_into
from accord.parallel import run_blocks

MIN_CONTEST = 1e-10      # KTAB probEduChlg: minCltn
#: Pairs per block of the dense estimates (:func:`all_challenges`; rows × actors), also used by
#: :mod:`accord.models.smp` and :mod:`accord.models.smp_batch`: 16,384 float64 are 128 KiB, so
#: the six buffers of a step stay in a 1 MiB L2 cache.
BLOCK_PAIRS = 16384
#: Pairs per block of :func:`_pair_third_parties`: its nine buffers of 64 KiB stay in a 1 MiB
#: L2 cache.
PAIR_BLOCK = 8192
#: Added to every bound on a gain: the bound is exact arithmetic, the gains are rounded (a few
#: units in the last place of numbers of order 1), so 10⁻⁹ leaves room by seven orders.
GAIN_MARGIN = 1e-9
#: Pairs per row estimated in the first rounds of :func:`best_challenges` (then all that are
#: left). Measured on the a160 set extended to 320 actors over a whole run: 19% of the pairs
#: estimated in 3 rounds, against 33% in 2 rounds (2, all) and 19% in 6 (2, 4, …, 32, all);
#: a round costs about as much as 2,000 pairs (A steps of fixed cost).
ROUNDS = (4, 16)
#: Up to this many actors every pair is estimated in one dense pass over row blocks
#: (:func:`all_challenges`): a round's fixed cost (A steps of about 35 NumPy calls) outweighs
#: the pairs a round would leave out. With third parties voted in groups the dense pass is
#: cheaper: a080 (80 actors) 0.18 -> 0.15 s CPU dense, the first 96 actors of a160 equal.
ROUNDS_FROM = 96


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
    salience, ``p`` the :class:`~accord.models.smp.SMPParams`. The model needs only each actor's
    best challenge (:func:`best_challenges`, the same numbers); this whole table is what it uses
    up to :data:`ROUNDS_FROM` actors, where a dense pass over row blocks costs least.
    """
    a = ut.n_actors
    rule = p.voting_rule
    t = _PairTerms.of(ut, weight, rule, p.third_party_commit)
    c_ij0, c_ji0 = t.c_ij0, t.c_ji0
    # Third party n's terms that depend on i and n only, laid out [n, i] so that one third
    # party's values for a block of initiators are contiguous (elementwise: the same numbers
    # as computed [i, n] and transposed).
    risk_t, u_i, u_n = t.risk_t, t.u_i_t, t.u_n_t
    side_in, side_i = _sides(u_i, u_n, p.third_party_commit)
    c_ij, c_ji = np.empty((a, a)), np.empty((a, a))
    rows = max(1, min(a, BLOCK_PAIRS // max(1, a)))
    # third parties taken together, up to about BLOCK_PAIRS cells: all of them on a few actors,
    # where each NumPy call of the loop over third parties would cost more than its arithmetic
    together = max(1, min(a, BLOCK_PAIRS // (rows * a)))

    def block(r0: int) -> None:
        r1 = min(a, r0 + rows)
        blk = slice(r0, r1)
        _third_parties(ut, rule, p.third_party_commit, weight, r0, r1, risk_t[:, blk],
                       u_i[:, blk], u_n[:, blk], side_in[:, blk], side_i[:, blk],
                       c_ij0[blk], c_ji0[blk], c_ij[blk], c_ji[blk],
                       np.empty((6, together, r1 - r0, a)))

    # Blocks are independent (each writes its own rows): one thread per core (accord.parallel).
    run_blocks(block, range(0, a, rows))
    return _estimates(c_ij, c_ji, t.u_victory, t.u_defeat, t.eu_sq, sal_sum[None, :])


def _little_coalition_odds(contrib, c_ij0, c_ji0, zero, p_in, p_jn) -> None:
    """From n's vote ``contrib`` in the principals' contest: p_in = c_ni / (c_ni + c_nj), the
    odds of the little coalition (i+n : j), and p_jn = 1 − p_in, in place."""
    np.maximum(contrib, zero, out=p_in)
    p_in += c_ij0                                       # c_ni
    np.minimum(contrib, zero, out=p_jn)
    np.subtract(c_ji0, p_jn, out=p_jn)                  # c_nj
    p_jn += p_in
    p_in /= p_jn
    np.subtract(1.0, p_in, out=p_jn)


def _third_parties(ut, rule, commit, weight, r0, r1, risk_t, u_i_t, u_n_t, side_in_t, side_i_t,
                   c_ij0, c_ji0, c_ij, c_ji, buf):
    """Add every third party's vote to the coalitions of initiators r0..r1 against everyone.

    Each step is KTAB's: n weighs joining i against joining j by its little-coalition chances
    ``p_in = c_ni / (c_ni + c_nj)`` and votes with the difference of its expected utilities;
    the positive part goes to "i beats j", the negative to "j beats i". Arrays are written in
    place (``buf`` holds six (m, rows, A) buffers); the arithmetic is that of the plain formulas,
    operation for operation. Principals do not vote as third parties: their entries add 0.

    A third party's vote depends on the principals' own contest only (``c_ij0``, ``c_ji0``),
    not on the other third parties' votes, so m of them are voted at once (the buffers' first
    axis); their votes are then added one third party after another, in KTAB's order.
    """
    proportional = rule == "Proportional"
    semi = commit == "SemiCommit"
    u_nj, contrib, p_in, p_jn, spare, zero = buf[:6]
    zero.fill(0.0)       # np.maximum against an array of zeros: against 0.0 a 3× slower loop
    c_ij[...] = c_ij0
    c_ji[...] = c_ji0
    omd, dcap = ut.one_minus_d, ut.d_capped
    a, m = omd.shape[0], buf.shape[1]
    for n0 in range(0, a, m):
        n1 = min(a, n0 + m)
        if n1 - n0 < m:        # the last group of third parties may be smaller
            u_nj, contrib, p_in, p_jn, spare, zero = buf[:6, :n1 - n0]
        group = slice(n0, n1)
        w = weight[group, None, None]
        # u_h[n, j] for the initiators h of the block: (1 − d_nj)(1 + d'_nj R̂_hn)
        np.multiply(risk_t[group, :, None], dcap[group, None, :], out=u_nj)
        u_nj += 1.0
        u_nj *= omd[group, None, :]
        u_i = u_i_t[group, :, None]
        u_n = u_n_t[group, :, None]
        # n's vote in the principals' contest decides the little coalitions (i+n : j), (i : j+n)
        vote_into(contrib, rule, proportional, w, u_i, u_nj)
        _little_coalition_odds(contrib, c_ij0, c_ji0, zero, p_in, p_jn)
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
        np.multiply(p_in, side_in_t[group, :, None], out=u_nj)
        u_nj += b_i                                     # u_with_i
        p_in *= side_i_t[group, :, None]
        p_in += b_j                                     # u_with_j
        v = vote_into(p_jn, rule, proportional, w, u_nj, p_in)
        for k, n in enumerate(range(n0, n1)):
            v_n = v[k]
            v_n[:, n] = 0.0
            if r0 <= n < r1:
                v_n[n - r0] = 0.0
            add_vote(v_n, zero[k], u_nj[k], c_ij, c_ji)


def best_challenges(ut: StateUtilities, weight: np.ndarray, sal_sum: np.ndarray, p,
                    min_gain: float):
    """Each actor's best target and its estimate of P[i beats target], (A,) each (−1 / NaN: none).

    KTAB ``bestChallenge`` over :func:`all_challenges` — the first j with the largest gain
    above ``min_gain`` — with the same numbers to the last bit, but the third-party sums are
    only done for the pairs that can still be the answer. A gain is
    (1 − s_j) 2u_i(i) + s_j [P 2u_i(i) + (1 − P) 2u_i(j)] − (u_i(i) + u_i(j)) with P in [0, 1],
    so it is at most (1 − s_j) 2u_i(i) + s_j max(2u_i(i), 2u_i(j)) − (u_i(i) + u_i(j)), known
    before any third party is counted. In each row the pairs are estimated in rounds, the
    largest gain as if only the principals voted first (:data:`ROUNDS`); a pair whose bound is
    below the best gain found in its row, or below ``min_gain``, cannot be chosen and is left.
    """
    a = ut.n_actors
    if a <= ROUNDS_FROM:
        # few actors: every pair in one dense pass (NumPy's fixed cost per call dominates)
        p_all, g_all = all_challenges(ut, weight, sal_sum, p)
        gain = np.where(np.eye(a, dtype=bool) | ~(g_all > min_gain), -np.inf, g_all)
        target = np.argmax(gain, axis=1)
        rows = np.arange(a)
        found = np.isfinite(gain[rows, target])
        return np.where(found, target, -1), np.where(found, p_all[rows, target], np.nan)
    rule, commit = p.voting_rule, p.third_party_commit
    pt = _PairTerms.of(ut, weight, rule, commit)
    s = sal_sum[None, :]
    bound = ((1 - s) * pt.u_victory + s * np.maximum(pt.u_victory, pt.u_defeat) - pt.eu_sq
             + GAIN_MARGIN)
    # the order in which a row's pairs are tried: the gain as if only the principals voted
    p0 = pt.c_ij0 / (pt.c_ij0 + pt.c_ji0)
    hint = (1 - s) * pt.u_victory + s * (p0 * pt.u_victory + (1 - p0) * pt.u_defeat) - pt.eu_sq
    done = np.eye(a, dtype=bool)
    gain = np.full((a, a), -np.inf)     # exact gains of the pairs estimated (above min_gain)
    p_win = np.full((a, a), np.nan)
    for take in (*ROUNDS, a):
        threshold = np.maximum(np.max(gain, axis=1), min_gain)[:, None]
        left = ~done & (bound >= threshold)
        if not left.any():
            break
        if take < a - 1:
            # each row's `take` open pairs with the largest hints
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
    # KTAB's choice: the first of the largest gains above min_gain (any pair not estimated has
    # a smaller gain, or one below min_gain)
    target = np.argmax(gain, axis=1)
    rows = np.arange(a)
    found = np.isfinite(gain[rows, target])
    return np.where(found, target, -1), np.where(found, p_win[rows, target], np.nan)


@dataclass(frozen=True)
class _PairTerms:
    """A state's terms of the estimates: the (A, A) factors of the utilities, the third parties'
    terms that depend on the initiator only, laid out [n, i] (contiguous per third party n),
    and the principals' terms (:func:`_principal_terms`), [i, j]."""

    omd: np.ndarray         # [n, j] = 1 − d_nj
    dcap: np.ndarray        # [n, j] = d'_nj
    risk_t: np.ndarray      # [n, h] = R̂_hn
    u_i_t: np.ndarray       # [n, i] = u_i[n, i]
    u_n_t: np.ndarray       # [n, i] = u_i[n, n]
    c_ij0: np.ndarray
    c_ji0: np.ndarray
    eu_sq: np.ndarray
    u_victory: np.ndarray
    u_defeat: np.ndarray

    @classmethod
    def of(cls, ut: StateUtilities, weight, rule, commit) -> "_PairTerms":
        a = ut.n_actors
        idx = np.arange(a)
        own = ut.own()                                          # u_i[i, j]
        u_ii = np.diagonal(own)[:, None].copy()                 # u_i[i, i]
        u_ji = ut.at(idx[:, None], idx[None, :], idx[:, None])  # [i, n] = u_i[n, i]
        u_jj = ut.at(idx[:, None], idx[None, :], idx[None, :])  # [i, n] = u_i[n, n]
        c_ij0, c_ji0, eu_sq, u_victory, u_defeat = _principal_terms(
            rule, u_ii, own, u_ji, u_jj, weight[:, None], weight[None, :], u_ii, own)
        t = np.ascontiguousarray
        return cls(ut.one_minus_d, ut.d_capped, t(ut.risk_estimate.T), t(u_ji.T), t(u_jj.T),
                   c_ij0, c_ji0, eu_sq, np.broadcast_to(u_victory, (a, a)), u_defeat)


def _pair_coalitions(pt: _PairTerms, rule, commit, weight, i, j):
    """The coalitions c_ij, c_ji (P,) of the pairs (i, j) (P,, ordered by i), every third party
    counted, on a thread per core (blocks of pairs are independent)."""
    c_ij = pt.c_ij0[i, j]
    c_ji = pt.c_ji0[i, j]
    if commit != "SemiCommit":
        # Under NoCommit a third party keeps its own position whichever side wins, under
        # FullCommit it adopts the winner's: either way its two futures (join i, join j) are
        # the same numbers, its vote is exactly 0 and adding it changes nothing.
        return c_ij, c_ji

    def block(q0: int) -> None:
        q = slice(q0, q0 + PAIR_BLOCK)
        _pair_third_parties(pt, rule, weight, i[q], j[q], c_ij[q], c_ji[q])

    run_blocks(block, range(0, len(i), PAIR_BLOCK))
    return c_ij, c_ji


def _pair_third_parties(pt: _PairTerms, rule, weight, ib, jb, c_ij, c_ji):
    """Add every third party's vote (SemiCommit) to c_ij, c_ji of the pairs (ib, jb), in place.

    Each step is KTAB's: n weighs joining i against joining j by its little-coalition chances
    ``p_in = c_ni / (c_ni + c_nj)`` and votes with the difference of its expected utilities;
    the positive part goes to "i beats j", the negative to "j beats i". The arithmetic is that
    of the plain formulas (:func:`some_challenges`), operation for operation; only the buffers
    are reused. Principals do not vote as third parties: their votes are set to 0.
    """
    proportional = rule == "Proportional"
    size = len(ib)
    u_nj, contrib, p_in, p_jn, spare, u_i, g1, g2, zero = np.empty((9, size))
    # np.maximum against an array of zeros: against the scalar 0.0 NumPy takes a loop 3× slower
    zero.fill(0.0)
    c_ij0, c_ji0 = c_ij.copy(), c_ji.copy()
    # where n is a principal: n == i is a run of the pairs (ordered by i), n == j a few others
    a = pt.omd.shape[0]
    actors = np.arange(a)
    i_lo, i_hi = np.searchsorted(ib, actors, "left"), np.searchsorted(ib, actors, "right")
    by_j = np.argsort(jb, kind="stable")
    j_sorted = jb[by_j]
    j_lo, j_hi = np.searchsorted(j_sorted, actors, "left"), np.searchsorted(j_sorted, actors,
                                                                           "right")
    for n in range(a):
        w = weight[n]
        # u_h[n, j] for the initiators h = i: (1 − d_nj)(1 + d'_nj R̂_in)
        pt.risk_t[n].take(ib, out=g1, mode="clip")
        pt.dcap[n].take(jb, out=u_nj, mode="clip")
        u_nj *= g1
        u_nj += 1.0
        pt.omd[n].take(jb, out=g1, mode="clip")
        u_nj *= g1
        pt.u_i_t[n].take(ib, out=u_i, mode="clip")      # u_h[n, i]
        # n's vote in the principals' contest decides the little coalitions (i+n : j), (i : j+n)
        vote_into(contrib, rule, proportional, w, u_i, u_nj)
        _little_coalition_odds(contrib, c_ij0, c_ji0, zero, p_in, p_jn)
        # the futures' utilities: n's side loses to j (all adopt j, 3u_j; or n keeps its own,
        # 2u_j + u_n) or wins (i's side adopts i: 2u_i + u_n, or 3u_i)
        np.add(u_nj, u_nj, out=contrib)
        np.add(contrib, u_nj, out=spare)                # 3u_j
        pt.u_n_t[n].take(ib, out=g1, mode="clip")       # u_h[n, n]
        contrib += g1                                   # 2u_j + u_n
        spare *= p_jn
        contrib *= p_jn
        np.add(u_i, u_i, out=g2)
        g1 += g2                                        # 2u_i + u_n
        g2 += u_i                                       # 3u_i
        np.multiply(p_in, g1, out=u_nj)
        u_nj += spare                                   # u_with_i
        p_in *= g2
        p_in += contrib                                 # u_with_j
        v = vote_into(p_jn, rule, proportional, w, u_nj, p_in)
        v[i_lo[n]:i_hi[n]] = 0.0
        v[by_j[j_lo[n]:j_hi[n]]] = 0.0
        add_vote(v, zero, u_nj, c_ij, c_ji)


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
