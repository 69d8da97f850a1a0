"""KTAB's SMP on a batch of variants at once (ensembles), with the very numbers of single runs.

An ensemble runs the same actors on thousands of variants of their positions, saliences and
capabilities. One run of a small scenario is mostly the fixed cost of a few hundred NumPy
calls per turn, so :func:`run_smp_batch` runs B variants turn by turn together: every array
gains a leading variant axis, and the few steps whose shape differs from variant to variant
(the bargain elections, the distinct positions whose chances are reported) are grouped — all
elections with the same number of options are one stacked call — or taken one variant at a
time. Variants that have stopped (KTAB's rule, for each its own) drop out of the batch.

Every operation is the one :func:`accord.models.smp.run_smp` performs, in the same order (sums
over actors one term after another), so each variant's run is bit for bit the run it would
have alone (tested on every parameter variant the batch covers). The batch covers
Deterministic transitions, the Conditional PCE and InitOnlyInterp bargains with no ideal
adjustment and no replayed schedule — the defaults, and what an ensemble runs;
:func:`batchable` says so, and :func:`accord.models.smp.smp` runs other settings variant by
variant.

>>> import numpy as np
>>> from accord.models.smp import SMPParams, run_smp
>>> g = np.random.default_rng(0)
>>> x, s, c = g.uniform(0, 1, (3, 6, 2)), g.uniform(0.1, 0.5, (3, 6, 2)), g.uniform(1, 9, (3, 6))
>>> runs = run_smp_batch(x, s, c, SMPParams())
>>> all(np.array_equal(r.positions, run_smp(x[b], s[b], c[b]).positions)
...     for b, r in enumerate(runs))
True
"""

from __future__ import annotations

import numpy as np

from accord.errors import AccordError
from accord.models.smp_challenges import (MIN_CONTEST, BLOCK_PAIRS, _estimates,
                                          _little_coalition_odds, _sides)
from accord.models.smp_pce import (add_vote, big_r_from_prob, coalitions_stack, conditional_pce,
                                   estimated_risk, victory_probabilities, vote)


def batchable(p, accommodation=None, schedule=None) -> bool:
    """Whether :func:`run_smp_batch` covers these settings (else run variant by variant)."""
    return (p.state_transition == "Deterministic" and p.pce_model == "Conditional"
            and p.bargn_model == "InitOnlyInterp" and accommodation is None and schedule is None)


def _distance(ideal, position, salience):
    """:func:`accord.models.smp.weighted_distance` for each variant: (B, A, N) → (B, A, A)."""
    b, a, n = ideal.shape
    ds_sq = np.zeros((b, a, position.shape[1]))
    ss_sq = np.zeros((b, a))
    for k in range(n):
        ds = (ideal[:, :, k][:, :, None] - position[:, :, k][:, None, :]) * \
            salience[:, :, k][:, :, None]
        ds_sq = ds_sq + ds * ds
        ss_sq = ss_sq + salience[:, :, k] * salience[:, :, k]
    return np.sqrt(ds_sq / ss_sq[:, :, None])


def _utility(d, risk):
    return np.where(d <= 1, (1 - d) * (1 + d * risk), (1 - d) * (1 + risk))


def _risk_from_prob(prob, big_r_range):
    """:func:`~accord.models.smp_pce.big_r_from_prob` for each variant (rows of ``prob``):
    the same operations, with each row's own least and most likely chances."""
    lo, hi = prob.min(axis=1)[:, None], prob.max(axis=1)[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        if big_r_range == "Min":
            r = (prob - lo) / (hi - lo)
        elif big_r_range == "Mid":
            r = (3 * prob - (hi + 2 * lo)) / (2 * (hi - lo))
        elif big_r_range == "Max":
            r = (2 * prob - (hi + lo)) / (hi - lo)
        else:
            return big_r_from_prob(prob[0], big_r_range)  # raises the unknown-value error
    return np.where(hi > lo, r, 0.0)


def _state(position, ideal, salience, capability, p):
    """Per variant: the risk attitudes and the three factors of every estimated utility."""
    d = _distance(ideal, position, salience)
    neutral = _utility(d, 0.0)
    c = _coalitions(capability, neutral, p.voting_rule)
    prob = conditional_pce(victory_probabilities(p.victory_prob_model, c))
    risk = _risk_from_prob(prob, p.big_r_range)
    r_hi = estimated_risk(risk[:, :, None], risk[:, None, :], p.big_r_adjust)
    return risk, 1 - d, np.where(d <= 1, d, 1.0), r_hi


def _coalitions(weight, utility, rule):
    """:func:`~accord.models.smp_pce.coalitions` over every position, per variant (G, n, n);
    voters one after another, as there."""
    from accord.models.smp_pce import MIN_COALITION, _below_diagonal

    g, a, n = utility.shape
    pos = np.full((g, n, n), MIN_COALITION)
    neg = np.full((g, n, n), MIN_COALITION)
    zero, part = np.zeros((g, n, n)), np.empty((g, n, n))
    for k in range(a):
        u_k = utility[:, k]
        v = vote(rule, weight[:, k, None, None], u_k[:, :, None], u_k[:, None, :])
        add_vote(v, zero, part, pos, neg)
    lower = _below_diagonal(n)
    return np.where(lower, pos, np.where(lower.T, np.swapaxes(neg, -1, -2), MIN_COALITION))


def _challenges(omd, dcap, r, weight, sal_sum, p):
    """:func:`accord.models.smp_challenges.all_challenges` for each variant: (B, A, A) each."""
    b, a, _ = omd.shape
    rule, commit = p.voting_rule, p.third_party_commit
    own = omd * (1 + dcap * np.diagonal(r, axis1=1, axis2=2)[:, :, None])
    u_ii = np.diagonal(own, axis1=1, axis2=2)[:, :, None].copy()
    omd_t, dcap_t = np.swapaxes(omd, 1, 2), np.swapaxes(dcap, 1, 2)
    u_ji = omd_t * (1 + dcap_t * r)                                  # [b, i, n] = u_i[n, i]
    diag_omd = np.diagonal(omd, axis1=1, axis2=2)[:, None, :]
    diag_dcap = np.diagonal(dcap, axis1=1, axis2=2)[:, None, :]
    u_jj = diag_omd * (1 + diag_dcap * r)                            # [b, i, n] = u_i[n, n]
    eu_sq = u_ii + own
    u_victory = u_ii + u_ii
    u_defeat = own + own
    contrib_i = vote(rule, weight[:, :, None], u_ii, own)
    contrib_j = vote(rule, weight[:, None, :], u_ji, u_jj)
    c_ij0 = (MIN_CONTEST + np.maximum(contrib_i, 0.0)) + np.maximum(contrib_j, 0.0)
    c_ji0 = (MIN_CONTEST + np.maximum(-contrib_i, 0.0)) + np.maximum(-contrib_j, 0.0)
    side_in, side_i = _sides(u_ji, u_jj, commit)
    c_ij, c_ji = c_ij0.copy(), c_ji0.copy()
    semi = commit == "SemiCommit"
    step = max(1, BLOCK_PAIRS // (a * a))
    for b0 in range(0, b, step):
        vb = slice(b0, b0 + step)
        omd_b, dcap_b, r_b, w_b = omd[vb], dcap[vb], r[vb], weight[vb]
        c0i, c0j, cij, cji = c_ij0[vb], c_ji0[vb], c_ij[vb], c_ji[vb]
        # against an array of zeros: np.maximum with the scalar 0.0 takes a loop 2-3× slower
        zero = np.zeros(cij.shape)
        p_in, p_jn, part = (np.empty(cij.shape) for _ in range(3))
        for n in range(a):
            w = w_b[:, n, None, None]
            u_nj = (r_b[:, :, n][:, :, None] * dcap_b[:, n][:, None, :])
            u_nj += 1.0
            u_nj *= omd_b[:, n][:, None, :]
            u_i = u_ji[vb, :, n][:, :, None]
            u_n = u_jj[vb, :, n][:, :, None]
            _little_coalition_odds(vote(rule, w, u_i, u_nj), c0i, c0j, zero, p_in, p_jn)
            twice = u_nj + u_nj
            if semi:
                b_i, b_j = (twice + u_nj) * p_jn, (twice + u_n) * p_jn
            elif commit == "NoCommit":
                b_i = b_j = (twice + u_n) * p_jn
            else:
                b_i = b_j = (twice + u_nj) * p_jn
            with_i = p_in * side_in[vb, :, n][:, :, None] + b_i
            with_j = p_in * side_i[vb, :, n][:, :, None] + b_j
            v = vote(rule, w, with_i, with_j)
            v[:, :, n] = 0.0
            v[:, n, :] = 0.0
            add_vote(v, zero, part, cij, cji)
    return _estimates(c_ij, c_ji, u_victory, u_defeat, eu_sq, sal_sum[:, None, :]), own


def _best_targets(gain):
    from accord.models.smp import MIN_SIG_EDU

    eye = np.eye(gain.shape[1], dtype=bool)
    g = np.where(eye | ~(gain > MIN_SIG_EDU), -np.inf, gain)
    best = np.argmax(g, axis=2)
    top = np.take_along_axis(g, best[:, :, None], axis=2)[:, :, 0]
    return np.where(np.isfinite(top), best, -1)


def _win_probabilities(own, capability, position, p):
    """:func:`accord.models.smp._win_probabilities` for each variant (B, A): KTAB's distinct
    positions (first appearances, ``setUENdx``) found for all variants at once, then one
    stacked election per number of distinct positions."""
    b, a, _ = position.shape
    diff = position[:, :, None, :] - position[:, None, :, :]
    sq = np.zeros((b, a, a))
    for k in range(diff.shape[3]):
        sq = sq + diff[:, :, :, k] * diff[:, :, :, k]
    close = np.sqrt(sq) < p.position_tolerance
    is_rep = np.ones((b, a), dtype=bool)
    for i in range(1, a):
        is_rep[:, i] = ~(close[:, i, :i] & is_rep[:, :i]).any(axis=1)
    counts = is_rep.sum(axis=1)
    out = np.empty((b, a))
    for n_u in np.unique(counts):
        vs = np.flatnonzero(counts == n_u)
        unique = np.nonzero(is_rep[vs])[1].reshape(vs.size, n_u)    # (G, n_u), increasing
        u = np.take_along_axis(own[vs], unique[:, None, :], axis=2)   # own[:, unique]
        prob = conditional_pce(victory_probabilities(
            p.victory_prob_model, coalitions_stack(capability[vs], u, p.voting_rule)))
        match = np.take_along_axis(close[vs], unique[:, None, :], axis=2)
        last = n_u - 1 - np.argmax(match[:, :, ::-1], axis=2)        # (G, A)
        out[vs] = np.take_along_axis(prob, last, axis=1)
    return out


def _state_distance(x1, x2):
    """:func:`accord.models.smp.state_distance` for each variant (B,)."""
    diff = x1 - x2
    sq = np.zeros(diff.shape[:2])
    for k in range(diff.shape[2]):
        sq = sq + diff[:, :, k] * diff[:, :, k]
    return np.cumsum(np.sqrt(sq), axis=1)[:, -1]


def _resolve(position, capability, u_sq, u_bargain, bv, b_init, b_rcvr, b_pos_i, b_pos_j, p):
    """Each actor of each variant takes the most likely of its futures (KTAB's PCE over its
    status quo and the bargains it is party to); elections with equally many options are
    decided together."""
    new = position.copy()
    b, a, _ = position.shape
    groups: dict[int, list[tuple[int, int, np.ndarray]]] = {}
    for v in range(b):
        mine_v = np.flatnonzero(bv == v)
        for k in range(a):
            mine = mine_v[(b_init[mine_v] == k) | (b_rcvr[mine_v] == k)]
            if mine.size:
                groups.setdefault(mine.size + 1, []).append((v, k, mine))
    for n_opt, everyone in groups.items():
        # at most 2^22 vote cells per stacked call, so a crowded election cannot blow memory up
        per_call = max(1, (1 << 22) // ((a + 1) * n_opt * n_opt))
        for g0 in range(0, len(everyone), per_call):
            members = everyone[g0:g0 + per_call]
            _elect(members, n_opt, a, capability, u_sq, u_bargain, b_init, b_pos_i, b_pos_j,
                   new, p)
    return new


def _elect(members, n_opt, a, capability, u_sq, u_bargain, b_init, b_pos_i, b_pos_j, new, p):
    vs = np.array([m[0] for m in members])
    opts = np.array([m[2] for m in members])                           # (G, n_opt − 1)
    u_opt = np.empty((len(members), a, n_opt))
    u_opt[:, :, 0] = u_sq[vs]
    u_opt[:, :, 1:] = np.swapaxes(u_bargain[:, opts], 0, 1)
    prob = conditional_pce(victory_probabilities(
        p.victory_prob_model, coalitions_stack(capability[vs], u_opt, p.voting_rule)))
    choice = np.argmax(np.abs(prob), axis=1)
    for (v, k, mine), ch in zip(members, choice):
        if ch > 0:
            m = mine[ch - 1]
            new[v, k] = b_pos_i[m] if b_init[m] == k else b_pos_j[m]


def _turn(position, salience, capability, sal_sum, risk, omd, dcap, r, p):
    """One turn for every variant: new positions (B, A, N) and each variant's challenges."""
    from accord.models.smp import interpolate_bargain

    b, a, _ = position.shape
    weight = sal_sum * capability
    (p_win, gain), own = _challenges(omd, dcap, r, weight, sal_sum, p)
    target = _best_targets(gain)
    bv, b_init = np.nonzero(target >= 0)                             # variant, then initiator
    b_rcvr = target[bv, b_init]
    challenges = [[] for _ in range(b)]
    for v, i, j in zip(bv.tolist(), b_init.tolist(), b_rcvr.tolist()):
        challenges[v].append((i, j))
    u_sq = np.cumsum(own, axis=2)[:, :, -1] / a                      # Σ_n own[v, n], in order
    if bv.size == 0:
        return position.copy(), challenges, own
    p_i = p_win[bv, b_init, b_rcvr]
    b_pos_i, b_pos_j = interpolate_bargain(position[bv, b_init], salience[bv, b_init], p_i,
                                           position[bv, b_rcvr], salience[bv, b_rcvr], 1 - p_i,
                                           p.inter_vec_brgn)
    # every voter's mean utility of the state each bargain would leave (A, M)
    ideal_g, sal_g, risk_g = position[bv], salience[bv], risk[bv]
    u_init = _utility(_distance_to(ideal_g, b_pos_i, sal_g), risk_g)
    u_rcvr = _utility(_distance_to(ideal_g, b_pos_j, sal_g), risk_g)
    total = (u_init + u_rcvr).T.copy()                               # (A, M)
    for n in range(a):
        others = (b_init != n) & (b_rcvr != n)
        np.add(total, own[bv, :, n].T, out=total, where=others[None, :])
    u_bargain = total / a
    new = _resolve(position, capability, u_sq, u_bargain, bv, b_init, b_rcvr, b_pos_i, b_pos_j, p)
    return new, challenges, own


def _distance_to(ideal_g, pos, sal_g):
    """Distance from every voter's ideal (M, A, N) of bargain m's variant to the bargain
    position pos (M, N): (M, A), the operations of ``weighted_distance``."""
    m, a, n = ideal_g.shape
    ds_sq = np.zeros((m, a))
    ss_sq = np.zeros((m, a))
    for k in range(n):
        ds = (ideal_g[:, :, k] - pos[:, None, k]) * sal_g[:, :, k]
        ds_sq = ds_sq + ds * ds
        ss_sq = ss_sq + sal_g[:, :, k] * sal_g[:, :, k]
    return np.sqrt(ds_sq / ss_sq)


def run_smp_batch(position: np.ndarray, salience: np.ndarray, capability: np.ndarray, p):
    """Run KTAB's SMP on B variants (``position``, ``salience`` (B, A, N), ``capability``
    (B, A)) at once; one :class:`accord.models.smp.SMPRun` per variant, each the run
    :func:`accord.models.smp.run_smp` gives it alone. Needs :func:`batchable` settings."""
    from accord.models.smp import SMPRun
    from accord.models.smp import _win_probabilities as win_distribution

    if not batchable(p):
        raise AccordError("run_smp_batch covers Deterministic transitions, the Conditional PCE "
                          "and InitOnlyInterp bargains; run other settings one by one")
    x = np.array(position, dtype=float)
    s = np.array(salience, dtype=float)
    c = np.array(capability, dtype=float)
    b, a, n_dim = x.shape
    if a < 2:
        raise AccordError(f"the SMP needs at least 2 actors with salience and capability; got {a}")
    sal_sum = np.zeros((b, a))
    for k in range(n_dim):
        sal_sum = sal_sum + s[:, :, k]
    if np.any(sal_sum <= 0) or np.any(sal_sum > 1 + 1e-12) or np.any(c <= 0):
        raise AccordError("KTAB's SMP needs every actor's saliences to sum to a value in (0, 1] "
                          "and every capability > 0")
    history = [[x[v]] for v in range(b)]
    win: list[list[np.ndarray]] = [[] for _ in range(b)]
    chl: list[list] = [[] for _ in range(b)]
    dist: list[list[float]] = [[] for _ in range(b)]
    frac: list[list[float]] = [[] for _ in range(b)]
    live = np.arange(b)
    current = x.copy()
    turn = 0
    while live.size:
        turn += 1
        xs, ss, cs, sal = current[live], s[live], c[live], sal_sum[live]
        risk, omd, dcap, r = _state(xs, xs, ss, cs, p)
        new, challenges, own = _turn(xs, ss, cs, sal, risk, omd, dcap, r, p)
        first = np.stack([history[v][1] if len(history[v]) > 1 else new[j]
                          for j, v in enumerate(live)])
        d01 = _state_distance(np.stack([history[v][0] for v in live]), first) + p.min_sig_delta
        dxy = _state_distance(new, xs)
        won = _win_probabilities(own, cs, xs, p)
        keep = []
        for j, v in enumerate(live):
            win[v].append(won[j])
            history[v].append(new[j])
            chl[v].append(challenges[j])
            dist[v].append(float(dxy[j]))
            frac[v].append(float(dxy[j] / d01[j]))
            stop = p.max_turns <= turn or (p.min_turns <= turn and dxy[j] / d01[j]
                                           < p.min_delta_ratio)
            if not stop:
                keep.append(j)
        current[live] = new
        live = live[keep]
    runs = []
    for v in range(b):
        final = np.array(history[v][-1])[None]
        _, omd, dcap, r = _state(final, final, s[v][None], c[v][None], p)
        own = omd[0] * (1 + dcap[0] * np.diagonal(r[0])[:, None])
        last, unique, prob = win_distribution(own, c[v], final[0], p, distribution=True)
        runs.append(SMPRun(positions=np.array(history[v]), win_probability=np.array(win[v] +
                                                                                    [last]),
                           state_distance=dist[v], fractional_change=frac[v],
                           challenges=chl[v], outcome_actors=unique, outcome_probability=prob))
    return runs
