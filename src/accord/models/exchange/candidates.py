"""The candidate exchanges of a round: who can trade with whom, and what each trade is worth.

Stokman & Van Oosten (1994): two actors can trade when they sit on opposite sides of the
outcomes of two issues and value the issues differently. :func:`make_candidates` lists every
such pair of actors and issues in the reference implementation's order; :func:`evaluate`
computes, vectorised over all of them, each exchange's moves, gains and validity from its
current state; :func:`evaluate_scalar` repeats that arithmetic in plain Python floats, operation
by operation, for the few exchanges a realised exchange touches (:mod:`.model`'s loop), so both
give the same floats to the last bit.

decide's 2 × 2 case (models.md §3): one candidate, A2 (X) supplies issue 2 and A1 (Y) issue 1;
A2 moves 20 points, A1 all 100, and each gains 5 (the hand calculation of
``accord.models.oracles.EXCHANGE``).

>>> from accord.models.oracles import decide_two_by_two
>>> a = decide_two_by_two()
>>> cd, _ = make_candidates(a.position, a.salience, a.capability, a.has_stance, "equal-gain",
...                         None)
>>> evaluate(cd, slice(None), True)
>>> cd.size, cd.X.tolist(), cd.Y.tolist(), cd.move[:, 0].round(9).tolist(), cd.gain_x.round(9).tolist()
(1, [1], [0], [-20.0, 100.0], [5.0])
"""

from __future__ import annotations

from math import copysign

import numpy as np

# The reference treats a move of at most 1e-10 (on the 0–100 scale) and a gain below 1e-10 as
# no move and no gain; Accord keeps these thresholds.
_MIN_MOVE = 1e-10
_MIN_GAIN = 1e-10
# The reference computes with 28-digit Decimals; a float needs a little slack where it compares
# a computed position with a bound that it may reach exactly (the scale's ends, the demand
# actor's position). The results on either side of these comparisons agree within the slack.
_EPS = 1e-9


# --- candidate exchanges ---------------------------------------------------------------------

# Per-exchange numbers that stay fixed during a round, one row each of Candidates.fixed, so
# that a subset of exchanges is gathered with one fancy index.
# Rows come in (X's side, Y's side) pairs: X supplies on q, Y on p; ``demand_y`` (Y's position on
# q) is where X moves towards, ``demand_x`` (X's position on p) where Y moves towards.
# ``wD_*`` is how far the outcome moves per point the supplier moves (w/D); ``aim_*`` is the
# demander's position minus the outcome without the supplier (S/D − wD·start).
_FIXED = ("w_xq", "w_yp", "D_q", "D_p", "S_q", "S_p", "start_x", "start_y", "demand_y", "demand_x",
          "s_xq", "s_yp", "s_xp", "s_yq", "rate", "inv_rate", "wD_x", "wD_y", "aim_x", "aim_y")
# Per-exchange numbers that change as exchanges are carried out (rows of Candidates.state):
# the suppliers' current positions; Σ w (u − x) over other actors whose moves the exchange has
# learnt of on q (off_x) and on p (off_y) (decide's "updates"); the supplier's own recorded
# position (NaN if none); and the history of each supplier's moves (decide keeps the list; its
# sum and its signs limit new moves): sum, min and max.
_STATE = ("supply_x", "supply_y", "off_x", "off_y", "own_x", "own_y",
          "hist_sum_x", "hist_sum_y", "hist_min_x", "hist_min_y", "hist_max_x", "hist_max_y")


class Candidates:
    """Every candidate exchange of one round as arrays over E exchanges (reference order).

    Actor X supplies on issue q (moves towards Y there) and demands on p; Y supplies on p and
    demands on q. Positions are on decide's internal 0–100 scale. ``demand_x`` is X's position
    on p, ``start_x`` X's position on q at the start of the round; ``rate`` is Δp/Δq.
    """

    def __init__(self, X, Y, p, q, block):
        E = len(X)
        self.X, self.Y, self.p, self.q, self.block = X, Y, p, q, block
        self.fixed = np.empty((len(_FIXED), E))
        self.state = np.zeros((len(_STATE), E))
        for n, name in enumerate(_FIXED):
            setattr(self, name, self.fixed[n])
        for n, name in enumerate(_STATE):
            setattr(self, name, self.state[n])
        self.own_x[:] = self.own_y[:] = np.nan
        self.hist_min_x[:] = self.hist_min_y[:] = np.inf
        self.hist_max_x[:] = self.hist_max_y[:] = -np.inf
        self.XY = np.stack((X, Y))             # the supplier of each side
        self.move = np.zeros((2, E))           # each supplier's move (X's row 0, Y's row 1)
        self.move_x, self.move_y = self.move
        self.gain_x, self.gain_y = np.zeros(E), np.zeros(E)
        self.valid = np.zeros(E, dtype=bool)

    @property
    def size(self) -> int:
        return len(self.X)


def make_candidates(x, s, c, able, variant: str, rng) -> tuple[Candidates, np.ndarray]:
    """Generate every candidate exchange in the reference's order.

    Pairs of issues (k < l) in scenario order; for each, actors are grouped by their side of the
    outcomes (a: right of both, b: left on k only, c: left on l only, d: left of both; "left"
    is x ≤ O, as in decide); a-actors pair with d-actors, then b with c, each in actor order.
    Returns the candidates and the group of every actor on every issue pair (P, A).
    """
    A, I = x.shape
    w = c * s
    D = w.sum(axis=0)
    S = (w * x).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        nbs = np.where(D > 0, S / np.where(D > 0, D, 1), 0.0)
    left = x <= nbs
    k, l = np.triu_indices(I, 1)
    both = able[:, k] & able[:, l]                                  # (A, P)
    group = np.where(both, left[:, k].astype(int) + 2 * left[:, l], -1).T  # (P, A)
    mask = np.zeros((len(k), 2, A, A), dtype=bool)
    mask[:, 0] = (group[:, :, None] == 0) & (group[:, None, :] == 3)
    mask[:, 1] = (group[:, :, None] == 1) & (group[:, None, :] == 2)
    pair, block, a, b = np.nonzero(mask)
    p, q = k[pair], l[pair]
    # The actor with the lower s_p/s_q supplies on p (is Y); compared by cross-multiplication
    # since saliences are positive.
    swap = s[a, p] * s[b, q] < s[b, p] * s[a, q]
    X = np.where(swap, b, a)
    Y = np.where(swap, a, b)
    cd = Candidates(X, Y, p, q, block)
    cd.s_xq[:], cd.s_xp[:], cd.s_yp[:], cd.s_yq[:] = s[X, q], s[X, p], s[Y, p], s[Y, q]
    cd.w_xq[:], cd.w_yp[:] = w[X, q], w[Y, p]
    cd.D_p[:], cd.D_q[:], cd.S_p[:], cd.S_q[:] = D[p], D[q], S[p], S[q]
    cd.demand_x[:], cd.demand_y[:] = x[X, p], x[Y, q]
    cd.start_x[:], cd.start_y[:] = x[X, q], x[Y, p]
    if variant == "equal-gain":
        cd.inv_rate[:] = (cd.s_yp + cd.s_xp) / (cd.s_yq + cd.s_xq)
        cd.rate[:] = (cd.s_xq + cd.s_yq) / (cd.s_xp + cd.s_yp)
    else:
        lo = cd.s_xq / cd.s_xp      # X breaks even
        hi = cd.s_yq / cd.s_yp      # Y breaks even
        u = rng.uniform(size=cd.size)
        cd.rate[:] = lo + u * (hi - lo)
        with np.errstate(divide="ignore"):
            cd.inv_rate[:] = 1.0 / cd.rate
    cd.supply_x[:], cd.supply_y[:] = cd.start_x, cd.start_y
    cd.wD_x[:], cd.wD_y[:] = cd.w_xq / cd.D_q, cd.w_yp / cd.D_p
    cd.aim_x[:] = cd.demand_y - cd.S_q / cd.D_q + cd.wD_x * cd.start_x
    cd.aim_y[:] = cd.demand_x - cd.S_p / cd.D_p + cd.wD_y * cd.start_y
    return cd, group


def move_ok(move, supply, h_sum, h_min, h_max):
    """decide's validity test of a move: inside the scale, not nil, one direction all round.

    (A move between two points of the scale is never longer than 100, decide's other test.)
    """
    return ((np.abs(move) > _MIN_MOVE) & (np.abs(supply + move - 50.0) <= 50.0 + _EPS)
            & (h_sum + move <= 100) & np.where(move > 0, h_min > 0, h_max < 0))


def evaluate(cd: Candidates, idx, equal_gain: bool) -> None:
    """(Re)compute moves, gains and validity of the exchanges ``idx`` (an index array or a
    slice) from their current state.

    First Y moves all the way to X's position on p; if the move this buys from X on q overshoots
    Y's position, X moves all the way instead (Stokman & Van Oosten: the smaller full move binds).
    Then, as in decide, neither supplier may push the outcome of its supply issue past the
    position of the actor who demands it: if it would, its move is cut to put the outcome exactly
    there and the partner's move is scaled at the same rate (X is checked first, then Y).
    Arrays of shape (2, n) hold X's side in row 0 and Y's in row 1.
    """
    F = cd.fixed[:, idx]
    if F.shape[1] == 0:
        return
    D, target = F[2:4], F[8:10]
    s_xq, s_yp, s_xp, s_yq, rate, inv_rate = F[10:16]
    wD, aim = F[16:18], F[18:20]         # outcome shift per point moved; see _FIXED
    Z = cd.state[:, idx]
    sup, off, own, h_sum, h_min, h_max = Z[0:2], Z[2:4], Z[4:6], Z[6:8], Z[8:10], Z[10:12]

    towards = target - sup               # the supplier moves in this direction
    dist = np.abs(towards)
    full = dist * wD                     # outcome shift if the supplier moves all the way
    r_q = inv_rate * full[1]             # what Y's full move buys on q ...
    over = r_q > full[0]                 # ... more than X can give: X's full move binds
    if over.any():
        r = np.empty_like(full)          # outcome shifts on q (row 0) and p (row 1)
        r[0] = np.where(over, full[0], r_q)
        r[1] = np.where(over, rate * full[0], full[1])
        m = r / wD
        m[0] = np.where(over, dist[0], m[0])  # the binding supplier moves exactly all the way
        m[1] = np.where(over, m[1], dist[1])
    else:
        r = full.copy()
        r[0] = r_q
        m = r / wD
        m[1] = dist[1]
    m = np.copysign(m, towards)

    ok = move_ok(m, sup, h_sum, h_min, h_max)
    ok = ok[0] & ok[1]
    gain_x = r[1] * s_xp - r[0] * s_xq
    if equal_gain:
        ok &= np.abs(gain_x) >= _MIN_GAIN
    else:
        ok &= (gain_x >= _MIN_GAIN) & (r[0] * s_yq - r[1] * s_yp >= _MIN_GAIN)

    # The outcome check, for exchanges valid so far (as in decide): e = demander's position −
    # outcome, before (e0) and after (e1) the move. The outcome may reach the demander's position
    # but not pass it: a cut where e0 and e1 lie on either side of 0, each by at least the
    # tolerance. An outcome that already sits there (a previous exchange of the same pair was
    # cut to put it there) counts as on neither side, so the move is not cut: what decide does
    # when its Decimals come out exactly equal; when they differ in the 28th digit, decide goes
    # either way.
    e0 = aim - off / D - wD * sup
    e1 = e0 - wD * m
    cross = ok & (np.maximum(e0, e1) >= _EPS) & (np.minimum(e0, e1) <= -_EPS)
    if cross.any():
        # The supplier's move that puts the outcome exactly on the demander's position (as an
        # outcome shift); as in decide, a recorded update of the supplier's own position takes
        # precedence over its current one. The partner's shift follows at the exchange rate.
        own_pos = np.where(np.isnan(own), sup, own)
        r_cut = np.abs(e0 - wD * (own_pos - sup))
        cut = cross[0]
        if cut.any():                    # X first ...
            r[0] = np.where(cut, r_cut[0], r[0])
            r[1] = np.where(cut, rate * r_cut[0], r[1])
            m = np.where(cut, np.copysign(r / wD, towards), m)
            e1_y = e0[1] - wD[1] * m[1]  # ... then Y, against X's cut moves
            cut = ok & (np.maximum(e0[1], e1_y) >= _EPS) & (np.minimum(e0[1], e1_y) <= -_EPS)
        else:
            cut = cross[1]
        if cut.any():
            r[1] = np.where(cut, r_cut[1], r[1])
            r[0] = np.where(cut, inv_rate * r_cut[1], r[0])
            m = np.where(cut, np.copysign(r / wD, towards), m)
        ok2 = move_ok(m, sup, h_sum, h_min, h_max)
        ok &= ok2[0] & ok2[1]
        gain_x = r[1] * s_xp - r[0] * s_xq
    cd.move[:, idx] = m
    if equal_gain:
        gain_x = np.abs(gain_x)
        cd.gain_x[idx] = cd.gain_y[idx] = gain_x
    else:
        cd.gain_x[idx], cd.gain_y[idx] = gain_x, r[0] * s_yq - r[1] * s_yp
    cd.valid[idx] = ok


def selection_key(cd: Candidates, idx, equal_gain: bool) -> np.ndarray:
    """What exchanges are ranked by: the (equal) gain, or the smaller gain under Random Rate."""
    if equal_gain:
        return cd.gain_x[idx]
    return np.minimum(cd.gain_x[idx], cd.gain_y[idx])



# --- the sequential loop ---------------------------------------------------------------------
#
# Each round, the candidates are computed once, vectorised (evaluate over all E ≈ 2,000 of
# them). After that the exchanges are carried out one at a time, and each touches only a few
# dozen others (on cop21: ~100 sides, ~30 exchanges still on offer). On so few numbers NumPy's
# fixed cost per call (~1 µs; ~120 calls per exchange when this loop was vectorised) dominates,
# so the loop below works on plain Python lists and floats (tens of ns an operation) instead.
# evaluate_scalar repeats evaluate's arithmetic operation by operation, in the same order, so
# both give the same floats to the last bit (IEEE 754 rounds +, −, ×, / and abs the same in
# NumPy and in Python); tests/models/test_exchange.py checks that they agree on every candidate.
# The loop also skips work whose result it knows: exchanges that news cannot have changed,
# exchanges that a supplier's new position and history rule out (see _one_round).


class LoopState:
    """One round's candidates as Python lists, for the sequential loop.

    Per exchange e: ``fixed[e]`` (the numbers :func:`evaluate_scalar` reads that do not change
    within a round, made from ``fixed_rows[e]`` when first needed), ``gain_x``, ``gain_y``,
    ``alive`` (still on offer), ``moves`` (the moves and shifts before the outcome check, see
    :func:`evaluate_scalar`), ``was_cut`` (whether that check cut them last time) and the score
    it is ranked by, in ``score`` (the array given, updated in place: the loop's argmax reads
    it) and as a list, ``score_list`` (the same floats, read one at a time faster).
    Per side (flat index f: e for X's side, E + e for Y's, as in ``cd.state.reshape(-1)``):
    the supplier's position ``sup``, ``off`` (Σ w (u − x) over the other actors the side has
    news of), ``own`` (the supplier's own recorded vote, or None), its moves history
    (``h_sum``, ``h_min``, ``h_max``), its current ``move`` and the position it moves towards,
    ``target``; ``exchange[f]`` is the exchange of side f.
    """

    def __init__(self, cd: Candidates, score: np.ndarray):
        E = cd.size
        self.E = E
        # Fewer than half the candidates are ever re-evaluated, so their fixed numbers become
        # Python floats only when first needed.
        self.fixed: list[list[float] | None] = [None] * E
        self.fixed_rows = np.stack((
            cd.demand_y, cd.demand_x, cd.wD_x, cd.wD_y, cd.aim_x, cd.aim_y, cd.D_q, cd.D_p,
            cd.s_xq, cd.s_yp, cd.s_xp, cd.s_yq, cd.rate, cd.inv_rate), axis=1)
        self.exchange = list(range(E)) * 2
        self.start = cd.state[0:2].reshape(-1).tolist()     # = start_x, start_y
        self.target = cd.demand_y.tolist() + cd.demand_x.tolist()
        self.supplier = cd.XY.reshape(-1).tolist()
        self.sup = self.start.copy()
        self.off = [0.0] * (2 * E)
        self.own: list[float | None] = [None] * (2 * E)
        self.h_sum = [0.0] * (2 * E)
        self.h_min = [np.inf] * (2 * E)
        self.h_max = [-np.inf] * (2 * E)
        self.move = cd.move.reshape(-1).tolist()
        self.gain_x, self.gain_y = cd.gain_x.tolist(), cd.gain_y.tolist()
        self.moves: list[tuple | None] = [None] * E   # None: compute afresh
        self.checks: list[tuple | None] = [None] * E  # the outcome check's fixed terms
        self.was_cut = [False] * E
        self.alive = (score > -np.inf).tolist()
        self.score, self.score_list = score, score.tolist()
        # What each side has learnt of other actors' votes: {side · A + actor: vote}.
        self.news: dict[int, float] = {}
        # For the tie order: for each choice so far, {exchange re-evaluated: its score before}.
        self.log: list[dict[int, float]] = []


def evaluate_scalar(st: LoopState, rows, moved, equal_gain: bool) -> dict[int, float]:
    """:func:`evaluate` for a few exchanges, in plain Python; writes the new scores into
    ``st.score`` and ``st.score_list`` and returns the exchanges whose score changed, each with
    its score before (in the order of ``rows``).

    The same operations in the same order as the vectorised version (see the comments there).
    The moves before the outcome check depend only on the suppliers' positions and histories;
    they are kept in ``st.moves`` and recomputed only for exchanges in ``moved`` (whose supplier
    has just moved on its supply issue) — news of other actors only changes the outcome check.
    When that check cuts nothing, now as before, nothing about the exchange has changed.
    An exchange that is no longer valid scores −∞ and leaves the offer for good.
    """
    E, fixed, fixed_rows, sup, off, own = st.E, st.fixed, st.fixed_rows, st.sup, st.off, st.own
    h_sum, h_min, h_max, move, moves, checks = (st.h_sum, st.h_min, st.h_max, st.move, st.moves,
                                                st.checks)
    gain_xs, gain_ys, alive, was_cut = st.gain_x, st.gain_y, st.alive, st.was_cut
    score, score_list = st.score, st.score_list
    # Constants as locals: a local is read faster than a global in CPython's inner loops.
    lim, eps, min_move, min_gain = 50.0 + _EPS, _EPS, _MIN_MOVE, _MIN_GAIN
    inf = -np.inf
    before = {}
    for e in rows:
        f = e + E                                       # Y's side
        pre = moves[e]
        fresh = pre is None or e in moved
        if not fresh and pre[0]:
            # Only the news (off) has changed: the outcome check below, on the products kept
            # in ``checks`` (the same floats). Most such checks cut nothing, now as before, and
            # the exchange stays as it was; the others go the whole way below.
            aim0, D0, ws0, wm0, aim1, D1, ws1, wm1 = checks[e]
            e0_x = aim0 - off[e] / D0 - ws0
            e1_x = e0_x - wm0
            e0_y = aim1 - off[f] / D1 - ws1
            e1_y = e0_y - wm1
            if not (was_cut[e]
                    or ((e0_x >= eps or e1_x >= eps) and (e0_x <= -eps or e1_x <= -eps))
                    or ((e0_y >= eps or e1_y >= eps) and (e0_y <= -eps or e1_y <= -eps))):
                continue
        numbers = fixed[e]
        if numbers is None:
            numbers = fixed[e] = fixed_rows[e].tolist()
        (target0, target1, wD0, wD1, aim0, aim1, D0, D1, s_xq, s_yp, s_xp, s_yq, rate,
         inv_rate) = numbers
        sup0, sup1 = sup[e], sup[f]
        if fresh:
            towards0, towards1 = target0 - sup0, target1 - sup1
            dist0, dist1 = abs(towards0), abs(towards1)
            full0, full1 = dist0 * wD0, dist1 * wD1
            r_q = inv_rate * full1
            if r_q > full0:                             # X's full move binds
                r0, r1 = full0, rate * full0
                m0, m1 = dist0, r1 / wD1
            else:
                r0, r1 = r_q, full1
                m0, m1 = r0 / wD0, dist1
            m0, m1 = copysign(m0, towards0), copysign(m1, towards1)
            # move_ok on both sides
            ok = (abs(m0) > min_move and abs(sup0 + m0 - 50.0) <= lim
                  and h_sum[e] + m0 <= 100 and (h_min[e] > 0 if m0 > 0 else h_max[e] < 0)
                  and abs(m1) > min_move and abs(sup1 + m1 - 50.0) <= lim
                  and h_sum[f] + m1 <= 100 and (h_min[f] > 0 if m1 > 0 else h_max[f] < 0))
            gain_x = r1 * s_xp - r0 * s_xq
            if equal_gain:
                ok = ok and abs(gain_x) >= min_gain
            else:
                ok = ok and gain_x >= min_gain and r0 * s_yq - r1 * s_yp >= min_gain
            moves[e] = (ok, towards0, towards1, r0, r1, m0, m1, gain_x)
            checks[e] = (aim0, D0, wD0 * sup0, wD0 * m0, aim1, D1, wD1 * sup1, wD1 * m1)
        else:
            ok, towards0, towards1, r0, r1, m0, m1, gain_x = pre
        if ok:
            # The outcome check (see evaluate): X's side first, then Y's.
            e0_x = aim0 - off[e] / D0 - wD0 * sup0
            e1_x = e0_x - wD0 * m0
            e0_y = aim1 - off[f] / D1 - wD1 * sup1
            e1_y = e0_y - wD1 * m1
            cut_x = (e0_x >= eps or e1_x >= eps) and (e0_x <= -eps or e1_x <= -eps)
            if cut_x:
                own_pos = own[e]
                r0 = abs(e0_x - wD0 * ((sup0 if own_pos is None else own_pos) - sup0))
                r1 = rate * r0
                m0, m1 = copysign(r0 / wD0, towards0), copysign(r1 / wD1, towards1)
                e1_y = e0_y - wD1 * m1
            cut_y = (e0_y >= eps or e1_y >= eps) and (e0_y <= -eps or e1_y <= -eps)
            if not (fresh or cut_x or cut_y or was_cut[e]):
                continue                                # the same moves, gains and score
            was_cut[e] = cut_x or cut_y
            if cut_y:
                own_pos = own[f]
                r1 = abs(e0_y - wD1 * ((sup1 if own_pos is None else own_pos) - sup1))
                r0 = inv_rate * r1
                m0, m1 = copysign(r0 / wD0, towards0), copysign(r1 / wD1, towards1)
            if cut_x or cut_y:
                ok = (abs(m0) > min_move and abs(sup0 + m0 - 50.0) <= lim
                      and h_sum[e] + m0 <= 100 and (h_min[e] > 0 if m0 > 0 else h_max[e] < 0)
                      and abs(m1) > min_move and abs(sup1 + m1 - 50.0) <= lim
                      and h_sum[f] + m1 <= 100 and (h_min[f] > 0 if m1 > 0 else h_max[f] < 0))
                gain_x = r1 * s_xp - r0 * s_xq
        move[e], move[f] = m0, m1
        if equal_gain:
            gain_x = gain_y = abs(gain_x)
            key = gain_x
        else:
            gain_y = r0 * s_yq - r1 * s_yp
            key = min(gain_x, gain_y)
        gain_xs[e], gain_ys[e] = gain_x, gain_y
        if not ok:
            key = inf
            alive[e] = False
        # One element at a time: cheaper than gathering a few into an array (~1 µs a call).
        before[e] = score_list[e]
        score_list[e] = score[e] = key
    return before
