"""Stokman's exchange model: actors trade voting positions — the quid pro quo, computed.

Stokman, F. N. & Van Oosten, R. (1994), "The exchange of voting positions: an object-oriented
model of policy networks", in Bueno de Mesquita & Stokman (eds.), *European Community Decision
Making*, Yale University Press, ch. 5; the Random Rate variant follows Van Assen, Stokman &
Van Oosten (2003), *Rationality and Society* 15(1), and Dijkstra, Van Assen & Stokman (2008),
*J. Conflict Resolution* 52(4). The reference implementation is ``decide-exchange-model``
(foarsitter/decide-exchange-model); this module is an independent re-implementation (each
round's candidates vectorised, the sequential exchanges in plain Python floats) that reproduces
its Equal Gain output up to two documented float-versus-Decimal cases (see
``docs/models/exchange.md`` for these and every other choice).

The outcome of an issue d is the Nash bargaining solution of the expected-utility literature's
weighted mean ("MDS"), O_d = Σ_i c_id s_id x_id / Σ_i c_id s_id. An actor i gains from a move
of O_d towards its position in proportion to s_id. Two actors i, j who sit on opposite sides of
the outcomes on two issues p, q (both left of O on one issue and right on the other, or
left/right on both in opposite ways) can both gain when they value the issues differently:
the actor with the lower s_p/s_q ratio (Y in the code) *supplies* on p (moves towards the other
on p, shifting O_p by Δp) and *demands* on q; its partner X supplies on q (shifting O_q by Δq)
and demands p. X gains Δp·s_Xp − Δq·s_Xq, Y gains Δq·s_Yq − Δp·s_Yp. Equal Gain fixes the rate
so both gain the same, Δp/Δq = (s_Xq + s_Yq)/(s_Xp + s_Yp); Random Rate draws it between the
two break-even rates s_Xq/s_Xp and s_Yq/s_Yp.
Each round every candidate exchange is computed, the most profitable one is carried out, the
exchanges it touches are recomputed, and so on until none is left; voting positions then become
the new outcome, and actors start the next round from a point between their old position and
their vote.

>>> import numpy as np
>>> from accord.scenario.arrays import ScenarioArrays
>>> arrays = ScenarioArrays(("a1", "a2"), ("p1", "p2"), position=np.array([[0., 0.], [100., 100.]]),
...     salience=np.array([[0.10, 0.90], [0.60, 0.50]]), capability=np.ones((2, 2)),
...     has_stance=np.ones((2, 2), bool), low=np.zeros(2), high=np.full(2, 100.))
>>> np.round(weighted_mean(arrays.position, arrays.capability * arrays.salience), 4)
array([85.7143, 35.7143])
>>> res = exchange(arrays, ExchangeParams(rounds=1))
>>> [(e["i"]["actor"], e["i"]["supply_issue"], e["j"]["actor"], e["j"]["supply_issue"])
...  for e in res.details["rounds"][0]["exchanges"]]
[('a2', 'p2', 'a1', 'p1')]
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import compress, pairwise
from math import copysign
from typing import Any, Literal

import numpy as np

from accord.errors import AccordError
from accord.models.base import (ModelResult, ModelSpec, as_rng, register, rounds_from_positions,
                                weighted_mean)
from accord.scenario.arrays import ScenarioArrays

# The reference treats a move of at most 1e-10 (on the 0–100 scale) and a gain below 1e-10 as
# no move and no gain; Accord keeps these thresholds.
_MIN_MOVE = 1e-10
_MIN_GAIN = 1e-10
# The reference computes with 28-digit Decimals; a float needs a little slack where it compares
# a computed position with a bound that it may reach exactly (the scale's ends, the demand
# actor's position). The results on either side of these comparisons agree within the slack.
_EPS = 1e-9


@dataclass(frozen=True)
class ExchangeParams:
    """Parameters of the exchange model; the defaults are decide's.

    - ``variant``: ``"equal-gain"`` (Stokman & Van Oosten 1994) or ``"random-rate"`` (the exchange
      rate drawn uniformly between the two actors' break-even rates).
    - ``rounds``: how many rounds of exchange (decide's default 10).
    - ``salience_weight``, ``fixed_weight``: how far an actor's next starting position moves
      towards its vote: x' = x + (fixed_weight + salience_weight·(1 − s))·(y − x) (decide 0.4, 0.1).
    - ``tie_break``: ``"first"`` realises, among exchanges whose gains tie, the first in the
      order of decide's list (by the gains at earlier choices, then the order of creation:
      issue pair, group pair, actor order); ``"random"`` picks one with the seeded generator.
    - ``tie_tolerance``: gains within this relative distance of the best count as tied.
    """

    variant: Literal["equal-gain", "random-rate"] = "equal-gain"
    rounds: int = 10
    salience_weight: float = 0.4
    fixed_weight: float = 0.1
    tie_break: Literal["first", "random"] = "first"
    tie_tolerance: float = 1e-9

    def __post_init__(self):
        if self.variant not in ("equal-gain", "random-rate"):
            raise AccordError(f"exchange: variant {self.variant!r}; expected 'equal-gain' or "
                              "'random-rate'")
        if self.tie_break not in ("first", "random"):
            raise AccordError(f"exchange: tie_break {self.tie_break!r}; expected 'first' or 'random'")
        if not (isinstance(self.rounds, int) and self.rounds >= 0):
            raise AccordError(f"exchange: rounds {self.rounds!r}; expected a whole number ≥ 0")


# --- the model's quantities, as plain functions --------------------------------------------


def nash_bargaining_solution(position: np.ndarray, capability: np.ndarray,
                             salience: np.ndarray) -> np.ndarray:
    """O_d = Σ c s x / Σ c s per issue over the actor axis (Stokman & Van Oosten 1994).

    >>> nash_bargaining_solution(np.array([[0., 0.], [100., 100.]]), np.ones((2, 2)),
    ...                          np.array([[.1, .9], [.6, .5]])).round(4)
    array([85.7143, 35.7143])
    """
    return weighted_mean(position, capability * salience)


def equal_gain_rate(s_x_supply, s_x_demand, s_y_supply, s_y_demand):
    """Δdemand/Δsupply for X at which both actors gain the same (Stokman & Van Oosten 1994).

    X supplies on q (its supply issue) and demands on p; Y the reverse. X gains
    Δp·s_Xp − Δq·s_Xq, Y gains Δq·s_Yq − Δp·s_Yp; equal gains give
    Δp/Δq = (s_Xq + s_Yq)/(s_Xp + s_Yp), which lies between the break-even rates s_Xq/s_Xp and
    s_Yq/s_Yp.

    >>> equal_gain_rate(0.5, 0.6, 0.1, 0.9)   # 2 × 2 case: A2 supplies on issue 2, A1 on issue 1
    2.0
    """
    return (s_x_supply + s_y_demand) / (s_x_demand + s_y_supply)


def maximum_gains(shift_q: float, shift_p: float, s_xq: float, s_xp: float, s_yp: float,
                  s_yq: float) -> tuple[float, float]:
    """The most each partner can gain from an exchange (decide's ``eu_max``, Randomised Equal Gain).

    X supplies on q and demands on p, Y the reverse. ``shift_q`` is how far the outcome of q moves
    if X moves all the way to Y's position, ``shift_p`` likewise for Y on p. Whoever gains less
    from the full shift of the other's supply issue (X gains ``shift_p·s_Xp``, Y ``shift_q·s_Yq``)
    is "the actor" a; with the share s = s_a,supply/(s_a,supply + s_b,demand) its partner's
    maximum is s·s_b,demand·gain_a/(s·s_a,supply) − loss_b and its own is
    gain_a − s·s_a,supply·loss_b/(s·s_b,demand) (decide's ``calculate_maximum_utility``, the
    branch where neither supplier's vote coincides with its demand position).

    The 2 × 2 case of decide's tests (saliences on its 0–100 scale; A2 is X):

    >>> [round(v, 4) for v in maximum_gains(35 + 5/7, 14 + 2/7, 50, 60, 10, 90)]
    [777.7778, 1400.0]
    """
    loss_y, gain_x = shift_p * s_yp, shift_p * s_xp      # Y's full move on p
    loss_x, gain_y = shift_q * s_xq, shift_q * s_yq      # X's full move on q
    if gain_x > gain_y:   # decide: a = Y (its demand gain from X's shift is the smaller)
        a_supply, b_demand, gain, loss = s_yp, s_xp, gain_y, loss_x
        a_is_x = False
    else:
        a_supply, b_demand, gain, loss = s_xq, s_yq, gain_x, loss_y
        a_is_x = True
    share = a_supply / (a_supply + b_demand)
    to_b = gain / (share * a_supply)
    to_a = loss / (share * b_demand)
    max_b = share * b_demand * to_b - loss
    max_a = gain - share * a_supply * to_a
    return (max_a, max_b) if a_is_x else (max_b, max_a)


# --- candidate exchanges ---------------------------------------------------------------------

# Per-exchange numbers that stay fixed during a round, one row each of _Candidates.fixed, so
# that a subset of exchanges is gathered with one fancy index.
# Rows come in (X's side, Y's side) pairs: X supplies on q, Y on p; ``demand_y`` (Y's position on
# q) is where X moves towards, ``demand_x`` (X's position on p) where Y moves towards.
# ``wD_*`` is how far the outcome moves per point the supplier moves (w/D); ``aim_*`` is the
# demander's position minus the outcome without the supplier (S/D − wD·start).
_FIXED = ("w_xq", "w_yp", "D_q", "D_p", "S_q", "S_p", "start_x", "start_y", "demand_y", "demand_x",
          "s_xq", "s_yp", "s_xp", "s_yq", "rate", "inv_rate", "wD_x", "wD_y", "aim_x", "aim_y")
# Per-exchange numbers that change as exchanges are carried out (rows of _Candidates.state):
# the suppliers' current positions; Σ w (u − x) over other actors whose moves the exchange has
# learnt of on q (off_x) and on p (off_y) (decide's "updates"); the supplier's own recorded
# position (NaN if none); and the history of each supplier's moves (decide keeps the list; its
# sum and its signs limit new moves): sum, min and max.
_STATE = ("supply_x", "supply_y", "off_x", "off_y", "own_x", "own_y",
          "hist_sum_x", "hist_sum_y", "hist_min_x", "hist_min_y", "hist_max_x", "hist_max_y")


class _Candidates:
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


def _candidates(x, s, c, able, variant: str, rng) -> tuple[_Candidates, np.ndarray]:
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
    cd = _Candidates(X, Y, p, q, block)
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


def _move_ok(move, supply, h_sum, h_min, h_max):
    """decide's validity test of a move: inside the scale, not nil, one direction all round.

    (A move between two points of the scale is never longer than 100, decide's other test.)
    """
    return ((np.abs(move) > _MIN_MOVE) & (np.abs(supply + move - 50.0) <= 50.0 + _EPS)
            & (h_sum + move <= 100) & np.where(move > 0, h_min > 0, h_max < 0))


def _evaluate(cd: _Candidates, idx, equal_gain: bool) -> None:
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

    ok = _move_ok(m, sup, h_sum, h_min, h_max)
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
        ok2 = _move_ok(m, sup, h_sum, h_min, h_max)
        ok &= ok2[0] & ok2[1]
        gain_x = r[1] * s_xp - r[0] * s_xq
    cd.move[:, idx] = m
    if equal_gain:
        gain_x = np.abs(gain_x)
        cd.gain_x[idx] = cd.gain_y[idx] = gain_x
    else:
        cd.gain_x[idx], cd.gain_y[idx] = gain_x, r[0] * s_yq - r[1] * s_yp
    cd.valid[idx] = ok


def _selection_key(cd: _Candidates, idx, equal_gain: bool) -> np.ndarray:
    """What exchanges are ranked by: the (equal) gain, or the smaller gain under Random Rate."""
    if equal_gain:
        return cd.gain_x[idx]
    return np.minimum(cd.gain_x[idx], cd.gain_y[idx])


# --- the sequential loop ---------------------------------------------------------------------
#
# Each round, the candidates are computed once, vectorised (_evaluate over all E ≈ 2,000 of
# them). After that the exchanges are carried out one at a time, and each touches only a few
# dozen others (on cop21: ~100 sides, ~30 exchanges still on offer). On so few numbers NumPy's
# fixed cost per call (~1 µs; ~120 calls per exchange when this loop was vectorised) dominates,
# so the loop below works on plain Python lists and floats (tens of ns an operation) instead.
# _evaluate_scalar repeats _evaluate's arithmetic operation by operation, in the same order, so
# both give the same floats to the last bit (IEEE 754 rounds +, −, ×, / and abs the same in
# NumPy and in Python); tests/models/test_exchange.py checks that they agree on every candidate.
# The loop also skips work whose result it knows: exchanges that news cannot have changed,
# exchanges that a supplier's new position and history rule out (see _one_round).


class _LoopState:
    """One round's candidates as Python lists, for the sequential loop.

    Per exchange e: ``fixed[e]`` (the numbers :func:`_evaluate_scalar` reads that do not change
    within a round, made from ``fixed_rows[e]`` when first needed), ``gain_x``, ``gain_y``,
    ``alive`` (still on offer), ``moves`` (the moves and shifts before the outcome check, see
    :func:`_evaluate_scalar`) and ``was_cut`` (whether that check cut them last time).
    Per side (flat index f: e for X's side, E + e for Y's, as in ``cd.state.reshape(-1)``):
    the supplier's position ``sup``, ``off`` (Σ w (u − x) over the other actors the side has
    news of), ``own`` (the supplier's own recorded vote, or None), its moves history
    (``h_sum``, ``h_min``, ``h_max``), its current ``move`` and the position it moves towards,
    ``target``; ``exchange[f]`` is the exchange of side f.
    """

    def __init__(self, cd: _Candidates, score: np.ndarray):
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
        self.was_cut = [False] * E
        self.alive = (score > -np.inf).tolist()
        # What each side has learnt of other actors' votes: {side · A + actor: vote}.
        self.news: dict[int, float] = {}
        # For the tie order: for each choice so far, {exchange re-evaluated: its score before}.
        self.log: list[dict[int, float]] = []


def _evaluate_scalar(st: _LoopState, rows, moved, equal_gain: bool):
    """:func:`_evaluate` for a few exchanges, in plain Python; returns the exchanges whose score
    changed and their new scores.

    The same operations in the same order as the vectorised version (see the comments there).
    The moves before the outcome check depend only on the suppliers' positions and histories;
    they are kept in ``st.moves`` and recomputed only for exchanges in ``moved`` (whose supplier
    has just moved on its supply issue) — news of other actors only changes the outcome check.
    When that check cuts nothing, now as before, nothing about the exchange has changed.
    An exchange that is no longer valid scores −∞ and leaves the offer for good.
    """
    E, fixed, fixed_rows, sup, off, own = st.E, st.fixed, st.fixed_rows, st.sup, st.off, st.own
    h_sum, h_min, h_max, move, moves = st.h_sum, st.h_min, st.h_max, st.move, st.moves
    gain_xs, gain_ys, alive, was_cut = st.gain_x, st.gain_y, st.alive, st.was_cut
    # Constants as locals: a local is read faster than a global in CPython's inner loops.
    lim, eps, min_move, min_gain = 50.0 + _EPS, _EPS, _MIN_MOVE, _MIN_GAIN
    inf = -np.inf
    changed, scores = [], []
    for e in rows:
        numbers = fixed[e]
        if numbers is None:
            numbers = fixed[e] = fixed_rows[e].tolist()
        (target0, target1, wD0, wD1, aim0, aim1, D0, D1, s_xq, s_yp, s_xp, s_yq, rate,
         inv_rate) = numbers
        f = e + E                                       # Y's side
        sup0, sup1 = sup[e], sup[f]
        pre = moves[e]
        fresh = pre is None or e in moved
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
            # _move_ok on both sides
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
        else:
            ok, towards0, towards1, r0, r1, m0, m1, gain_x = pre
        if ok:
            # The outcome check (see _evaluate): X's side first, then Y's.
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
        changed.append(e)
        scores.append(key)
    return changed, scores


def _choose(score: np.ndarray, params: ExchangeParams, rng, log: list[dict[int, float]]) -> int:
    """The exchange to carry out next: the highest score (−∞ for exchanges no longer on offer).

    Scores within ``tie_tolerance`` of the best tie; a tie goes to the first in the reference's
    own order (:func:`_reference_order`) or, with ``tie_break="random"``, to a seeded draw.
    """
    best = int(score.argmax())
    top = score[best]
    if top == -np.inf:
        return best
    tied = (score >= top - params.tie_tolerance * max(1.0, abs(top))).nonzero()[0]
    if tied.size == 1:
        return best
    if params.tie_break == "random":
        return int(tied[rng.integers(tied.size)])
    tied_list = tied.tolist()
    order = _reference_order(tied_list, score[tied].tolist(), log, params.tie_tolerance)
    return tied_list[order[0]]


def _reference_order(tied: list[int], now: list[float], log: list[dict[int, float]],
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
    import functools

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


def _side_lists(keys: np.ndarray, n_keys: int) -> list[list[int]]:
    """For each key (actor × issue), the exchange sides having it (flat side indices, in order).

    ``keys`` holds the key of every exchange side (2E entries: X sides, then Y sides).
    """
    if n_keys < 2 ** 15:
        keys = keys.astype(np.int16)    # NumPy sorts 16-bit integers stably by radix: faster
    order = np.argsort(keys, kind="stable")
    starts = np.searchsorted(keys[order], np.arange(n_keys + 1)).tolist()
    order = order.tolist()
    return [order[a:b] for a, b in pairwise(starts)]


def _live(lists: list[list[int]], key: int, alive: list[bool], exchange: list[int]) -> list[int]:
    """The sides with ``key`` of exchanges still on offer; the dead are dropped from the list
    (nothing reads their state again)."""
    sides = lists[key]
    live = [f for f in sides if alive[exchange[f]]]
    if len(live) < len(sides):
        lists[key] = live
    return live


def _one_round(x, s, c, able, params: ExchangeParams, rng):
    """One round of exchange on 0–100 positions; returns voting and next starting positions."""
    equal_gain = params.variant == "equal-gain"
    A, I = x.shape
    cd, group = _candidates(x, s, c, able, params.variant, rng)
    w = c * s
    E = cd.size
    if E == 0:
        return x.copy(), x.copy(), _realised_records(cd, []), 0, group
    _evaluate(cd, slice(None), equal_gain)    # all at once, vectorised
    # score: what exchanges are ranked by, −∞ for those no longer on offer (invalid ones are
    # dropped for good, as decide drops them after each exchange). An array, for argmax.
    score = np.where(cd.valid, _selection_key(cd, slice(None), equal_gain), -np.inf)
    st = _LoopState(cd, score)
    # The exchanges a realised exchange e (X supplies q, Y supplies p) touches:
    # 1. sides whose supplier and supply issue are X and q, or Y and p;
    # 2. sides that learn of X's vote on q: the Y side of an exchange where Y demands q learns it
    #    on side 0 (whose supply issue is q); 3. likewise X's demand p → side 1 learns Y's vote.
    supply_sides = _side_lists(np.concatenate((cd.X * I + cd.q, cd.Y * I + cd.p)), A * I)
    news_sides = _side_lists(np.concatenate((cd.Y * I + cd.q, cd.X * I + cd.p)), A * I)

    sup, off, own, move, news = st.sup, st.off, st.own, st.move, st.news
    h_sum, h_min, h_max, alive, log = st.h_sum, st.h_min, st.h_max, st.alive, st.log
    supplier, exchange_of, start, target = st.supplier, st.exchange, st.start, st.target
    w_flat, x_flat = w.reshape(-1).tolist(), x.reshape(-1).tolist()
    meta = np.stack((cd.X, cd.Y, cd.p, cd.q), axis=1)

    realised: list[tuple] = []
    while True:
        e = _choose(score, params, rng, log)
        if score[e] == -np.inf:
            break
        score[e] = -np.inf
        alive[e] = False
        Xr, Yr, pr, qr = meta[e].tolist()
        sup_x, sup_y = sup[e], sup[E + e]
        y_x, y_y = sup_x + move[e], sup_y + move[E + e]
        start_x, start_y = start[e], start[E + e]
        realised.append((e, sup_x, sup_y, y_x, y_y, off[e], off[E + e], st.gain_x[e],
                         st.gain_y[e]))
        # 1. The same actor on the same supply issue now starts from its vote, and the move it
        #    had in this exchange joins its history (decide's list of moves). An exchange whose
        #    supplier would now have to turn back is dropped here, without re-evaluation: its
        #    current move m passed _move_ok's direction test, so m ≠ 0 and its whole history
        #    has m's sign; the next move has the sign of target − vote (none if they are equal)
        #    and passes that test exactly when it has m's sign too. Nothing else about a dropped
        #    exchange is read again. On cop21 this spares a third of all re-evaluations.
        moved = set()
        dropped = []
        for key, vote in ((Xr * I + qr, y_x), (Yr * I + pr, y_y)):
            for f in _live(supply_sides, key, alive, exchange_of):
                m = move[f]
                towards = target[f] - vote
                if not (towards > 0 if m > 0 else towards < 0):
                    alive[exchange_of[f]] = False
                    dropped.append(exchange_of[f])
                    continue
                sup[f] = vote
                h_sum[f] += m
                if m < h_min[f]:    # noqa: PLR1730 (faster than min() in this loop)
                    h_min[f] = m
                if m > h_max[f]:    # noqa: PLR1730
                    h_max[f] = m
                moved.add(exchange_of[f])
        # 2./3. News of X's vote on q and of Y's vote on p. A second piece of news about the
        #    same actor keeps the vote nearer to that actor's start (decide's update_updates).
        #    off sums w (u − x) over actors other than the side's own supplier, whose recorded
        #    vote is kept in own.
        touched = moved.copy()
        for key, actor, cell, vote, start_a in ((Yr * I + qr, Xr, Xr * I + qr, y_x, start_x),
                                                (Xr * I + pr, Yr, Yr * I + pr, y_y, start_y)):
            w_cell = w_flat[cell]
            first_shift = w_cell * (vote - x_flat[cell])    # first news: from x to the vote
            for f in _live(news_sides, key, alive, exchange_of):
                at = f * A + actor
                old = news.get(at)
                if old is None:
                    new, shift = vote, first_shift
                else:
                    keep = old < vote if start_a <= old else old > vote
                    new = old if keep else vote
                    shift = w_cell * (new - old)
                news[at] = new
                if supplier[f] == actor:
                    own[f] = new
                    off[f] += 0.0
                else:
                    off[f] += shift
                touched.add(exchange_of[f])
        if dropped:
            score[dropped] = -np.inf
            touched.difference_update(dropped)
        # Re-evaluate the others; the log keeps the scores before of those that changed
        # (dropped exchanges never tie again, so they need no entry).
        rows, new_scores = _evaluate_scalar(st, touched, moved, equal_gain)
        log.append(dict(zip(rows, score[rows].tolist())))
        if rows:
            score[rows] = new_scores
    realised = _realised_records(cd, realised)

    # The votes, and where each actor that traded starts the next round. A later exchange of the
    # same actor on the same issue overwrites an earlier one, so only the last of each counts.
    voting = x.copy()
    start_next = x.copy()
    if realised["n"]:
        actor = np.concatenate((realised["X"], realised["Y"]))
        issue = np.concatenate((realised["q"], realised["p"]))
        y = np.concatenate((realised["y_x"], realised["y_y"]))
        start = np.concatenate((realised["start_x"], realised["start_y"]))
        order = np.arange(2 * realised["n"]).reshape(2, -1).T.reshape(-1)  # realised order
        cell = (actor * I + issue)[order]
        _, last = np.unique(cell[::-1], return_index=True)
        keep = order[order.size - 1 - last]
        actor, issue, y, start = actor[keep], issue[keep], y[keep], start[keep]
        voting[actor, issue] = y
        pull = params.fixed_weight + params.salience_weight * (1.0 - s[actor, issue])
        start_next[actor, issue] = start + pull * (y - start)
    return voting, start_next, realised, E, group


def _realised_records(cd: _Candidates, realised: list[tuple]) -> dict[str, Any]:
    """The realised exchanges as columns (arrays in the order carried out; ``n`` of them), with
    the outcome of each supplier's issue before and after its move as the exchange saw it (for
    the externalities and the report)."""
    cols = ("e", "from_x", "from_y", "y_x", "y_y", "off_x", "off_y", "gain_x", "gain_y")
    out: dict[str, Any] = dict(zip(cols, (np.array(c) for c in zip(*realised))))
    if not realised:
        out = {name: np.zeros(0) for name in cols}
        out["e"] = np.zeros(0, dtype=int)
    e = out.pop("e")
    off_x, off_y = out.pop("off_x"), out.pop("off_y")
    out["n"] = len(realised)
    for name in ("X", "Y", "p", "q", "block", "start_x", "start_y"):
        out[name] = getattr(cd, name)[e]
    wq, wp, Dq, Dp = cd.w_xq[e], cd.w_yp[e], cd.D_q[e], cd.D_p[e]
    base_q = cd.S_q[e] + off_x - wq * out["start_x"]
    base_p = cd.S_p[e] + off_y - wp * out["start_y"]
    out["nbs_q"] = np.stack(((base_q + wq * out["from_x"]) / Dq, (base_q + wq * out["y_x"]) / Dq))
    out["nbs_p"] = np.stack(((base_p + wp * out["from_y"]) / Dp, (base_p + wp * out["y_y"]) / Dp))
    return out


def _externalities(x, s, able, realised) -> np.ndarray:
    """Gains and losses of every actor from each realised exchange (decide's externalities).

    For an actor k on both issues: (|O_p⁰ − x_kp| − |O_p¹ − x_kp|)·s_kp + the same on q, with the
    outcomes before and after the exchange's moves and k's start-of-round positions; the two
    traders get the exchange's gains. Shape (exchanges, actors).
    """
    p, q = realised["p"], realised["q"]
    q0, q1 = realised["nbs_q"]
    p0, p1 = realised["nbs_p"]
    xp, xq, sp, sq = x[:, p].T, x[:, q].T, s[:, p].T, s[:, q].T
    ext = ((np.abs(p0[:, None] - xp) - np.abs(p1[:, None] - xp)) * sp
           + (np.abs(q0[:, None] - xq) - np.abs(q1[:, None] - xq)) * sq)
    ext = np.where(able[:, p].T & able[:, q].T, ext, 0.0)
    rows = np.arange(realised["n"])
    ext[rows, realised["X"]] = realised["gain_x"]
    ext[rows, realised["Y"]] = realised["gain_y"]
    return ext


def _run_one(position, salience, capability, has_stance, low, high, params, rng, ids, detail):
    span = high - low
    x = (position - low) * (100.0 / span)
    s, c = salience.astype(float), capability.astype(float)
    # An actor can trade on an issue only where it has a stance with positive salience and power
    # (decide divides by both; it fails on zeros).
    able = has_stance & (s > 0) & (c > 0)
    s = np.where(has_stance, s, 0.0)
    w = c * s
    R = params.rounds
    A, I = x.shape
    voting_hist = np.empty((R + 1, A, I))
    start_hist = np.empty((R + 1, A, I))
    voting_hist[0] = start_hist[0] = x
    rounds_detail = []
    for t in range(R):
        voting, start_next, realised, n_cand, group = _one_round(x, s, c, able, params, rng)
        voting_hist[t + 1] = voting
        start_hist[t + 1] = start_next
        if detail:
            rounds_detail.append(_round_detail(t + 1, x, voting, s, w, able, realised, n_cand,
                                               group, low, span, ids))
        x = start_next
    to_units = lambda a: low + a * (span / 100.0)  # noqa: E731
    return to_units(voting_hist), to_units(start_hist), rounds_detail


def _round_detail(t, x, voting, s, w, able, realised, n_cand, group, low, span, ids):
    """A round in JSON: its exchanges (in the issues' own units), outcomes and externalities."""
    actors, issues = ids
    unit = span / 100.0
    A, I = x.shape
    names = ("own", "inner_positive", "inner_negative", "outer_positive", "outer_negative")
    totals = np.zeros((len(names), A))
    exchanges = []
    if realised["n"]:
        ext = _externalities(x, s, able, realised)
        pair_of = np.full((I, I), -1)
        k_idx, l_idx = np.triu_indices(I, 1)
        pair_of[k_idx, l_idx] = np.arange(len(k_idx))
        p, q, block = realised["p"], realised["q"], realised["block"]
        g = group[pair_of[p, q]]                                   # (n, A)
        inner = np.where(block[:, None] == 0, (g == 0) | (g == 3), (g == 1) | (g == 2))
        own = np.zeros_like(ext, dtype=bool)
        rows = np.arange(realised["n"])
        own[rows, realised["X"]] = True
        own[rows, realised["Y"]] = True
        third = ~own
        pos, neg = ext > 0, ext < 0
        for n, sel in enumerate((own, third & inner & pos, third & inner & neg,
                                 third & ~inner & pos, third & ~inner & neg)):
            totals[n] = np.where(sel, ext, 0.0).sum(axis=0)
        third = (third & (ext != 0)).tolist()

        def sides(actor, supply, demand, frm, y, start, gain, nbs):
            """Each exchange's side as a record, in the supply issue's own units."""
            u, lo = unit[supply], low[supply]
            columns = (actor.tolist(), supply.tolist(), demand.tolist(), (lo + frm * u).tolist(),
                       (lo + y * u).tolist(), ((y - frm) * u).tolist(), (lo + start * u).tolist(),
                       gain.tolist(), (lo + nbs[0] * u).tolist(), (lo + nbs[1] * u).tolist())
            return [{"actor": actors[a], "supply_issue": issues[i], "demand_issue": issues[d],
                     "from": f, "to": to, "move": m, "start": st, "gain": gn,
                     "mds_before": before, "mds_after": after}
                    for a, i, d, f, to, m, st, gn, before, after in zip(*columns)]
        r = realised
        side_i = sides(r["X"], q, p, r["from_x"], r["y_x"], r["start_x"], r["gain_x"], r["nbs_q"])
        side_j = sides(r["Y"], p, q, r["from_y"], r["y_y"], r["start_y"], r["gain_y"], r["nbs_p"])
        exchanges = [{"i": i, "j": j, "gain": min(i["gain"], j["gain"]),
                      "externalities": dict(compress(zip(actors, ext_row), third_row))}
                     for i, j, ext_row, third_row in zip(side_i, side_j, ext.tolist(), third)]
    # JSON has no NaN: an issue nobody weighs has no outcome (None).
    to_units = lambda v: [u if np.isfinite(u) else None for u in (low + v * unit).tolist()]  # noqa: E731
    mds = lambda pos: dict(zip(issues, to_units(weighted_mean(pos, w))))  # noqa: E731
    return {"round": t, "n_candidates": int(n_cand), "n_exchanges": realised["n"],
            "mds_start": mds(x), "mds_voting": mds(voting), "exchanges": exchanges,
            "externalities": {name: dict(zip(actors, totals[n].tolist()))
                              for n, name in enumerate(names)}}


def exchange(arrays: ScenarioArrays, params: ExchangeParams | None = None, rng=None) -> ModelResult:
    """Run the exchange model for ``params.rounds`` rounds; the forecast is the final vote's MDS.

    ``rounds.positions`` holds the votes after each round (round 0: the initial positions);
    ``rounds.extra["start_positions"]`` the positions each round starts from. ``details`` (for an
    unbatched run) lists every round's exchanges, outcomes and externalities and a one-line
    ``summary`` of the most profitable trade.
    """
    params = params or ExchangeParams()
    rng = as_rng(rng)
    if arrays.is_batched:
        runs = [_run_one(arrays.position[b], arrays.salience[b], arrays.capability[b],
                         arrays.has_stance, arrays.low, arrays.high, params, rng, None, False)
                for b in range(arrays.batch_size)]
        voting = np.stack([r[0] for r in runs])
        start = np.stack([r[1] for r in runs])
        detail = []
    else:
        voting, start, detail = _run_one(arrays.position, arrays.salience, arrays.capability,
                                         arrays.has_stance, arrays.low, arrays.high, params, rng,
                                         (arrays.actor_ids, arrays.issue_ids), True)
    weight = arrays.capability * np.where(arrays.has_stance, arrays.salience, 0.0)
    rounds = rounds_from_positions(voting, weight, start_positions=start)
    forecast = rounds.mean[..., -1, :]
    details: dict[str, Any] = {}
    if not arrays.is_batched:
        details = {"variant": params.variant, "rounds": detail, "summary": summary(detail)}
    return ModelResult("exchange", forecast, rounds, details)


def summary(rounds_detail: list[dict]) -> str:
    """One line: how many trades were made, and the first (most profitable) one of round 1."""
    if not rounds_detail or not rounds_detail[0]["exchanges"]:
        return "no profitable exchange of positions between any two actors"
    first = rounds_detail[0]
    e = first["exchanges"][0]
    total = sum(r["n_exchanges"] for r in rounds_detail)
    return (f"{total} exchanges in {len(rounds_detail)} round(s); best in round 1: "
            f"{describe(e)}")


def describe(e: dict, names: dict[str, str] | None = None, issue_names: dict[str, str] | None = None,
             digits: int = 1) -> str:
    """An exchange in words: who moves how far on what, towards whom, and what each gains."""
    names = names or {}
    issue_names = issue_names or {}
    i, j = e["i"], e["j"]
    ni, nj = names.get(i["actor"], i["actor"]), names.get(j["actor"], j["actor"])
    return (f"{ni} moves {abs(i['move']):.{digits}f} points on "
            f"{issue_names.get(i['supply_issue'], i['supply_issue'])} toward {nj}; in return {nj} "
            f"moves {abs(j['move']):.{digits}f} points on "
            f"{issue_names.get(j['supply_issue'], j['supply_issue'])} toward {ni}; gains "
            f"{i['gain']:.3f} ({ni}) and {j['gain']:.3f} ({nj})")


register(ModelSpec(
    name="exchange", title="Exchange model (Stokman, Equal Gain)", run=exchange,
    params=ExchangeParams,
    reference="Stokman & Van Oosten (1994), in Bueno de Mesquita & Stokman (eds.), European "
              "Community Decision Making, ch. 5; decide-exchange-model",
    iterative=True, in_default_forecast=True,
    # Ties between equal gains are broken by the reference's order, which follows actor order;
    # reordering the actors can change which of two tied exchanges goes first, and so the rest.
    permutation_invariant=False,
    description="Actors trade moves on issues they care little about for moves on issues they "
                "care much about; the forecast is the weighted mean of the final votes.",
))
