"""Stokman's exchange model: actors trade voting positions — the quid pro quo, computed.

Stokman, F. N. & Van Oosten, R. (1994), "The exchange of voting positions: an object-oriented
model of policy networks", in Bueno de Mesquita & Stokman (eds.), *European Community Decision
Making*, Yale University Press, ch. 5; the Random Rate variant follows Van Assen, Stokman &
Van Oosten (2003), *Rationality and Society* 15(1), and Dijkstra, Van Assen & Stokman (2008),
*J. Conflict Resolution* 52(4). The reference implementation is ``decide-exchange-model``
(foarsitter/decide-exchange-model); this module is an independent, vectorised re-implementation
that reproduces its Equal Gain output (see ``docs/models/exchange.md`` for every choice).

The outcome of an issue d is the Nash bargaining solution of the expected-utility literature's
weighted mean ("MDS"), O_d = Σ_i c_id s_id x_id / Σ_i c_id s_id. An actor i gains from a move
of O_d towards its position in proportion to s_id. Two actors i, j who sit on opposite sides of
the outcomes on two issues p, q (both left of O on one issue and right on the other, or
left/right on both in opposite ways) can both gain when they value the issues differently:
the actor with the lower s_p/s_q ratio *supplies* on p (moves towards the other on p, shifting
O_p by Δp) and *demands* on q (the other moves on q, shifting O_q by Δq). Actor X's gain is
Δp·s_Xp − Δq·s_Xq. Equal Gain fixes the rate Δp/Δq so both gain the same:
Δp/Δq = (s_Xq + s_Yq)/(s_Xp + s_Yp); Random Rate draws it between the two break-even rates.
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

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from accord.errors import AccordError
from accord.models.base import (ModelResult, ModelSpec, Rounds, as_rng, register, weighted_mean,
                                weighted_median)
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
      reference's own order (issue pair, then group pair, then actor order); ``"random"`` picks
      one with the seeded generator.
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
    """O_d = Σ c s x / Σ c s per issue over the actor axis (Stokman & Van Oosten 1994, eq. 1).

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

    >>> equal_gain_rate(0.1, 0.9, 0.5, 0.6)   # A1 supplies on issue 1, A2 on issue 2
    0.4
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


@dataclass
class _Candidates:
    """Every candidate exchange of one round as arrays over E exchanges (reference order).

    Actor X supplies on issue q (moves towards Y there) and demands on p; Y supplies on p and
    demands on q. All positions are on decide's internal 0–100 scale.
    """

    X: np.ndarray
    Y: np.ndarray
    p: np.ndarray
    q: np.ndarray
    block: np.ndarray  # 0: groups a–d, 1: groups b–c (the reference's two kinds of pairs)
    s_xq: np.ndarray
    s_xp: np.ndarray
    s_yp: np.ndarray
    s_yq: np.ndarray
    w_xq: np.ndarray
    w_yp: np.ndarray
    D_p: np.ndarray
    D_q: np.ndarray
    S_p: np.ndarray
    S_q: np.ndarray
    demand_x: np.ndarray  # X's position on p
    demand_y: np.ndarray  # Y's position on q
    start_x: np.ndarray   # X's position on q at the start of the round
    start_y: np.ndarray
    rate: np.ndarray      # Δp/Δq
    inv_rate: np.ndarray
    # state that changes as exchanges are carried out
    supply_x: np.ndarray = field(default=None)
    supply_y: np.ndarray = field(default=None)
    move_x: np.ndarray = field(default=None)
    move_y: np.ndarray = field(default=None)
    gain_x: np.ndarray = field(default=None)
    gain_y: np.ndarray = field(default=None)
    valid: np.ndarray = field(default=None)
    alive: np.ndarray = field(default=None)
    # the reference keeps a history of an exchange actor's moves (grown when an exchange by the
    # same actor on the same supply issue is carried out); its sum and signs limit new moves
    hist_sum_x: np.ndarray = field(default=None)
    hist_min_x: np.ndarray = field(default=None)
    hist_max_x: np.ndarray = field(default=None)
    hist_sum_y: np.ndarray = field(default=None)
    hist_min_y: np.ndarray = field(default=None)
    hist_max_y: np.ndarray = field(default=None)
    # positions of other actors that this exchange knows to have moved (decide's "updates"),
    # on q (X's side, U_x) and on p (Y's side, U_y); NaN where none
    U_x: np.ndarray = field(default=None)
    U_y: np.ndarray = field(default=None)
    off_x: np.ndarray = field(default=None)
    off_y: np.ndarray = field(default=None)

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
    cand = _Candidates(
        X=X, Y=Y, p=p, q=q, block=block,
        s_xq=s[X, q], s_xp=s[X, p], s_yp=s[Y, p], s_yq=s[Y, q], w_xq=w[X, q], w_yp=w[Y, p],
        D_p=D[p], D_q=D[q], S_p=S[p], S_q=S[q], demand_x=x[X, p], demand_y=x[Y, q],
        start_x=x[X, q], start_y=x[Y, p], rate=None, inv_rate=None)
    if variant == "equal-gain":
        cand.inv_rate = (cand.s_yp + cand.s_xp) / (cand.s_yq + cand.s_xq)
        cand.rate = (cand.s_xq + cand.s_yq) / (cand.s_xp + cand.s_yp)
    else:
        lo = cand.s_xq / cand.s_xp      # X breaks even
        hi = cand.s_yq / cand.s_yp      # Y breaks even
        u = rng.uniform(size=cand.size) if cand.size else np.zeros(0)
        cand.rate = lo + u * (hi - lo)
        with np.errstate(divide="ignore"):
            cand.inv_rate = 1.0 / cand.rate
    E = cand.size
    cand.supply_x, cand.supply_y = cand.start_x.copy(), cand.start_y.copy()
    cand.move_x, cand.move_y = np.zeros(E), np.zeros(E)
    cand.gain_x, cand.gain_y = np.zeros(E), np.zeros(E)
    cand.valid = np.zeros(E, dtype=bool)
    cand.alive = np.ones(E, dtype=bool)
    for side in ("x", "y"):
        setattr(cand, f"hist_sum_{side}", np.zeros(E))
        setattr(cand, f"hist_min_{side}", np.full(E, np.inf))
        setattr(cand, f"hist_max_{side}", np.full(E, -np.inf))
        setattr(cand, f"off_{side}", np.zeros(E))
    cand.U_x = np.full((E, A), np.nan)
    cand.U_y = np.full((E, A), np.nan)
    return cand, group


def _move_ok(move, supply, h_sum, h_min, h_max):
    """decide's validity test of a move: inside the scale, not nil, one direction all round."""
    size = np.abs(move)
    to = supply + move
    return ((size <= 100) & (size > _MIN_MOVE) & (to >= -_EPS) & (to <= 100 + _EPS)
            & (h_sum + move <= 100)
            & ((np.maximum(h_max, move) < 0) | (np.minimum(h_min, move) > 0)))


def _evaluate(cd: _Candidates, idx: np.ndarray, equal_gain: bool) -> None:
    """(Re)compute moves, gains and validity of the exchanges ``idx`` from their current state.

    First Y moves all the way to X's position on p; if the move this buys from X on q overshoots
    Y's position, X moves all the way instead (Stokman & Van Oosten: the smaller full move binds).
    Then, as in decide, neither supplier may push the outcome of its supply issue past the
    position of the actor who demands it: if it would, its move is cut to put the outcome exactly
    there and the partner's move is scaled down at the same rate (X is checked first, then Y).
    """
    if idx.size == 0:
        return
    s_xq, s_xp, s_yp, s_yq = cd.s_xq[idx], cd.s_xp[idx], cd.s_yp[idx], cd.s_yq[idx]
    w_xq, w_yp, D_p, D_q = cd.w_xq[idx], cd.w_yp[idx], cd.D_p[idx], cd.D_q[idx]
    rate, inv_rate = cd.rate[idx], cd.inv_rate[idx]
    sup_x, sup_y = cd.supply_x[idx], cd.supply_y[idx]
    dem_x, dem_y = cd.demand_x[idx], cd.demand_y[idx]

    dist_p = np.abs(dem_x - sup_y)
    dist_q = np.abs(dem_y - sup_x)
    r_p = dist_p * w_yp / D_p
    r_q = inv_rate * r_p
    m_x = r_q * D_q / w_xq
    m_y = dist_p
    over = m_x > dist_q
    r_q2 = dist_q * w_xq / D_q
    r_p2 = rate * r_q2
    r_p = np.where(over, r_p2, r_p)
    r_q = np.where(over, r_q2, r_q)
    m_x = np.where(over, dist_q, m_x)
    m_y = np.where(over, r_p2 * D_p / w_yp, m_y)
    sign_x = np.where(sup_x > dem_y, -1.0, 1.0)
    sign_y = np.where(sup_y > dem_x, -1.0, 1.0)
    m_x, m_y = m_x * sign_x, m_y * sign_y

    h = (cd.hist_sum_x[idx], cd.hist_min_x[idx], cd.hist_max_x[idx])
    g = (cd.hist_sum_y[idx], cd.hist_min_y[idx], cd.hist_max_y[idx])
    gain_x = r_p * s_xp - r_q * s_xq
    gain_y = r_q * s_yq - r_p * s_yp
    ok = _move_ok(m_x, sup_x, *h) & _move_ok(m_y, sup_y, *g)
    ok &= (np.abs(gain_x) >= _MIN_GAIN) if equal_gain else \
        ((gain_x >= _MIN_GAIN) & (gain_y >= _MIN_GAIN))

    # The outcome check, X's supply issue q first.
    X, Y = cd.X[idx], cd.Y[idx]
    rows = np.arange(idx.size)
    for side in ("x", "y"):
        if side == "x":
            S, off, w_own, D, start, sup, dem = cd.S_q[idx], cd.off_x[idx], w_xq, D_q, \
                cd.start_x[idx], sup_x, dem_y
            own_u = cd.U_x[idx, X]
            m_own = m_x
        else:
            S, off, w_own, D, start, sup, dem = cd.S_p[idx], cd.off_y[idx], w_yp, D_p, \
                cd.start_y[idx], sup_y, dem_x
            own_u = cd.U_y[idx, Y]
            m_own = m_y
        base = S + off - w_own * start
        nbs0 = (base + w_own * sup) / D
        nbs1 = (base + w_own * (sup + m_own)) / D
        # Signs of (demander's position − outcome) before and after, 0 within the tolerance.
        # The outcome may reach the demander's position but not pass it. An outcome that already
        # sits there (a previous exchange of the same pair was cut to put it there) counts as on
        # neither side, so the move is not cut: what decide does when its Decimals come out
        # exactly equal; when they differ in the 28th digit, decide goes either way.
        d0 = np.where(np.abs(dem - nbs0) < _EPS, 0.0, np.sign(dem - nbs0))
        d1 = np.where(np.abs(dem - nbs1) < _EPS, 0.0, np.sign(dem - nbs1))
        cross = ok & (d0 * d1 < 0)
        if cross.any():
            # The supplier's move that puts the outcome exactly on the demander's position. As
            # in decide, a recorded update of the supplier's own position takes precedence.
            own = np.where(np.isnan(own_u), sup, own_u)
            delta = np.abs(dem * D - (base + w_own * own)) / w_own
            r_own = delta * w_own / D
            if side == "x":
                r_q_c, r_p_c = r_own, rate * r_own
                m_y_c = np.abs(r_p_c * D_p / w_yp) * sign_y
                m_x_c = delta * sign_x
            else:
                r_p_c, r_q_c = r_own, inv_rate * r_own
                m_x_c = np.abs(r_q_c * D_q / w_xq) * sign_x
                m_y_c = delta * sign_y
            r_p = np.where(cross, r_p_c, r_p)
            r_q = np.where(cross, r_q_c, r_q)
            m_x = np.where(cross, m_x_c, m_x)
            m_y = np.where(cross, m_y_c, m_y)
    del rows
    gain_x = r_p * s_xp - r_q * s_xq
    gain_y = r_q * s_yq - r_p * s_yp
    ok &= _move_ok(m_x, sup_x, *h) & _move_ok(m_y, sup_y, *g)
    cd.move_x[idx], cd.move_y[idx] = m_x, m_y
    if equal_gain:
        gain_x = np.abs(gain_x)
        gain_y = gain_x
    cd.gain_x[idx], cd.gain_y[idx] = gain_x, gain_y
    cd.valid[idx] = ok


def _selection_key(cd: _Candidates, idx=None, equal_gain: bool = True) -> np.ndarray:
    """What exchanges are ranked by: the (equal) gain, or the smaller gain under Random Rate."""
    gx = cd.gain_x if idx is None else cd.gain_x[idx]
    if equal_gain:
        return gx
    gy = cd.gain_y if idx is None else cd.gain_y[idx]
    return np.minimum(gx, gy)


def _choose(cd: _Candidates, params: ExchangeParams, rng, equal_gain: bool, log) -> int:
    """The exchange to carry out next: the highest gain (the smaller of the two gains under
    Random Rate). Gains within ``tie_tolerance`` of the best tie; a tie goes to the first in the
    reference's own order (see :func:`_reference_order`) or, with ``tie_break="random"``, to a
    seeded draw."""
    live = cd.alive & cd.valid
    key = np.where(live, _selection_key(cd, None, equal_gain), -np.inf)
    best = int(np.argmax(key))
    top = key[best]
    tied = np.flatnonzero(key >= top - params.tie_tolerance * max(1.0, abs(top)))
    if tied.size == 1:
        return best
    if params.tie_break == "random":
        return int(tied[rng.integers(tied.size)])
    return int(tied[_reference_order(tied, key[tied], log, params.tie_tolerance)[0]])


def _reference_order(tied: np.ndarray, now: np.ndarray, log, tol: float) -> list[int]:
    """The order decide's list holds the tied exchanges ``tied`` in.

    decide sorts its list of exchanges by gain before every choice with Python's stable sort,
    so equal gains keep the order of the previous sort: ordered by their gains at the previous
    choice, ties there by the choice before, and so on back to the order of creation. ``log``
    holds, for every re-evaluation, the exchanges re-evaluated and their keys before it; walking
    it backwards gives the keys of ``tied`` at every earlier choice.
    """
    import functools

    g = now.copy()
    versions = [g.copy()]
    for idx, old in reversed(log):
        pos = np.searchsorted(idx, tied)
        pos_c = np.minimum(pos, max(idx.size - 1, 0))
        hit = (pos < idx.size) & (idx[pos_c] == tied) if idx.size else np.zeros(tied.size, bool)
        if hit.any():
            g[hit] = old[pos_c[hit]]
        versions.append(g.copy())
    order = list(range(tied.size))            # creation order (tied is sorted)
    for gains in reversed(versions):          # oldest sort first
        def cmp(a, b, gains=gains):
            d = gains[b] - gains[a]
            return 0 if abs(d) <= tol * max(1.0, abs(gains[a])) else (1 if d > 0 else -1)
        order = sorted(order, key=functools.cmp_to_key(cmp))
    return order


def _update(U, off, own_actor, rows, actor, y, start, w_col, x_col):
    """Record that ``actor`` now votes ``y`` in the exchanges ``rows`` (decide's update rule).

    A second update of the same actor keeps the value nearer to the actor's start position
    (decide's ``update_updates``). ``off`` is Σ w (u − x) over recorded actors other than the
    exchange's own supplier; ``w_col``/``x_col`` are the weights and start positions on that issue.
    """
    if rows.size == 0:
        return
    old = U[rows, actor]
    keep = np.where(start <= old, old < y, old > y)
    new = np.where(np.isnan(old), y, np.where(keep, old, y))
    prev = np.where(np.isnan(old), x_col[actor], old)
    not_own = own_actor[rows] != actor
    off[rows] += np.where(not_own, w_col[actor] * (new - prev), 0.0)
    U[rows, actor] = new


def _one_round(x, s, c, able, params: ExchangeParams, rng):
    """One round of exchange on 0–100 positions; returns voting and next starting positions."""
    equal_gain = params.variant == "equal-gain"
    A, I = x.shape
    cd, group = _candidates(x, s, c, able, params.variant, rng)
    w = c * s
    _evaluate(cd, np.arange(cd.size), equal_gain)
    log: list[tuple[np.ndarray, np.ndarray]] = []   # (re-evaluated, their keys before) per choice
    # Index of exchanges by (actor, issue) on each side, to find those a realised exchange touches.
    key_xs, key_ys = cd.X * I + cd.q, cd.Y * I + cd.p          # supply keys
    key_xd, key_yd = cd.X * I + cd.p, cd.Y * I + cd.q          # demand keys
    realised: list[dict[str, Any]] = []
    n_candidates = cd.size
    while True:
        live = cd.alive & cd.valid
        if not live.any():
            break
        e = _choose(cd, params, rng, equal_gain, log)
        cd.alive[e] = False
        Xr, Yr, pr, qr = int(cd.X[e]), int(cd.Y[e]), int(cd.p[e]), int(cd.q[e])
        sup_x, sup_y = float(cd.supply_x[e]), float(cd.supply_y[e])
        y_x, y_y = sup_x + float(cd.move_x[e]), sup_y + float(cd.move_y[e])
        realised.append(dict(e=e, X=Xr, Y=Yr, p=pr, q=qr, block=int(cd.block[e]),
                             from_x=sup_x, from_y=sup_y, y_x=y_x, y_y=y_y,
                             start_x=float(cd.start_x[e]), start_y=float(cd.start_y[e]),
                             gain_x=float(cd.gain_x[e]), gain_y=float(cd.gain_y[e]),
                             nbs_q=_nbs_pair(cd, e, "x", sup_x, y_x),
                             nbs_p=_nbs_pair(cd, e, "y", sup_y, y_y)))
        # Exchanges left behind: invalid ones are dropped (as decide does after each exchange).
        cd.alive &= cd.valid
        kx_s, ky_s = Xr * I + qr, Yr * I + pr       # the realised pair's (actor, supply issue)
        kx_d, ky_d = Xr * I + pr, Yr * I + qr       # ... and (actor, demand issue)
        # 1. Same actor on the same supply issue: it now starts from its vote, and the move it
        #    had in this exchange joins its history.
        for key_s, sup, hist in ((key_xs, "supply_x", "x"), (key_ys, "supply_y", "y")):
            hit = cd.alive & ((key_s == kx_s) | (key_s == ky_s))
            rows = np.flatnonzero(hit)
            if rows.size:
                getattr(cd, sup)[rows] = np.where(key_s[rows] == kx_s, y_x, y_y)
                m = getattr(cd, f"move_{hist}")[rows]
                getattr(cd, f"hist_sum_{hist}")[rows] += m
                getattr(cd, f"hist_min_{hist}")[rows] = np.minimum(
                    getattr(cd, f"hist_min_{hist}")[rows], m)
                getattr(cd, f"hist_max_{hist}")[rows] = np.maximum(
                    getattr(cd, f"hist_max_{hist}")[rows], m)
        touched = cd.alive & ((key_xs == kx_s) | (key_xs == ky_s) | (key_ys == kx_s)
                              | (key_ys == ky_s))
        # 2. Y (realised) demanded q: where Y demands q in another exchange, that exchange learns
        #    X's vote on q (on the side whose supply issue is q).
        # 3. Likewise X demanded p: exchanges where X demands p learn Y's vote on p.
        for key_d, actor, vote, start, issue in ((ky_d, Xr, y_x, cd.start_x[e], qr),
                                                 (kx_d, Yr, y_y, cd.start_y[e], pr)):
            on_x = cd.alive & (key_yd == key_d)   # Y of that exchange demands → X side (issue q)
            on_y = cd.alive & (key_xd == key_d)   # X of that exchange demands → Y side (issue p)
            _update(cd.U_x, cd.off_x, cd.X, np.flatnonzero(on_x), actor, vote, start,
                    w[:, issue], x[:, issue])
            _update(cd.U_y, cd.off_y, cd.Y, np.flatnonzero(on_y), actor, vote, start,
                    w[:, issue], x[:, issue])
            touched |= on_x | on_y
        rows = np.flatnonzero(touched)
        log.append((rows, _selection_key(cd, rows, equal_gain)))
        _evaluate(cd, rows, equal_gain)

    voting = x.copy()
    start_next = x.copy()
    for r in realised:   # later exchanges of the same actor on the same issue overwrite earlier
        for actor, issue, y, start in ((r["X"], r["q"], r["y_x"], r["start_x"]),
                                       (r["Y"], r["p"], r["y_y"], r["start_y"])):
            voting[actor, issue] = y
            pull = params.fixed_weight + params.salience_weight * (1.0 - s[actor, issue])
            start_next[actor, issue] = start + pull * (y - start)
    return voting, start_next, realised, n_candidates, group


def _nbs_pair(cd: _Candidates, e: int, side: str, before: float, after: float):
    """The outcome of a supplier's issue before and after its move, as this exchange sees it."""
    if side == "x":
        base = cd.S_q[e] + cd.off_x[e] - cd.w_xq[e] * cd.start_x[e]
        w_own, D = cd.w_xq[e], cd.D_q[e]
    else:
        base = cd.S_p[e] + cd.off_y[e] - cd.w_yp[e] * cd.start_y[e]
        w_own, D = cd.w_yp[e], cd.D_p[e]
    return float((base + w_own * before) / D), float((base + w_own * after) / D)


def _externalities(x, s, able, r, group) -> np.ndarray:
    """Gains and losses of every actor from one realised exchange (decide's externalities).

    For an actor k on both issues: (|O_p⁰ − x_kp| − |O_p¹ − x_kp|)·s_kp + the same on q, with the
    outcomes before and after the exchange's moves; the two traders get the exchange's gain.
    """
    p, q = r["p"], r["q"]
    (q0, q1), (p0, p1) = r["nbs_q"], r["nbs_p"]
    ext = ((np.abs(p0 - x[:, p]) - np.abs(p1 - x[:, p])) * s[:, p]
           + (np.abs(q0 - x[:, q]) - np.abs(q1 - x[:, q])) * s[:, q])
    ext = np.where(able[:, p] & able[:, q], ext, 0.0)
    ext[r["X"]] = r["gain_x"]
    ext[r["Y"]] = r["gain_y"]
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
    actors, issues = ids
    unit = span / 100.0
    A = x.shape[0]
    totals = {k: np.zeros(A) for k in ("own", "inner_positive", "inner_negative",
                                        "outer_positive", "outer_negative")}
    exchanges = []
    I = x.shape[1]
    k_idx, l_idx = np.triu_indices(I, 1)
    pair_of = {(int(a), int(b)): n for n, (a, b) in enumerate(zip(k_idx, l_idx))}
    for r in realised:
        p, q = r["p"], r["q"]
        ext = _externalities(x, s, able, r, group)
        g = group[pair_of[(p, q)]]
        inner = np.isin(g, (0, 3) if r["block"] == 0 else (1, 2))
        third = np.ones(A, dtype=bool)
        third[[r["X"], r["Y"]]] = False
        totals["own"][~third] += ext[~third]
        for name, sel in (("inner_positive", inner & (ext > 0)), ("inner_negative", inner & (ext < 0)),
                          ("outer_positive", ~inner & (ext > 0)),
                          ("outer_negative", ~inner & (ext < 0))):
            totals[name][third & sel] += ext[third & sel]
        side = lambda actor, supply, demand, frm, y, start, gain, nbs: {  # noqa: E731
            "actor": actors[actor], "supply_issue": issues[supply], "demand_issue": issues[demand],
            "from": float(low[supply] + frm * unit[supply]), "to": float(low[supply] + y * unit[supply]),
            "move": float((y - frm) * unit[supply]), "start": float(low[supply] + start * unit[supply]),
            "gain": gain, "mds_before": float(low[supply] + nbs[0] * unit[supply]),
            "mds_after": float(low[supply] + nbs[1] * unit[supply])}
        exchanges.append({
            "i": side(r["X"], q, p, r["from_x"], r["y_x"], r["start_x"], r["gain_x"], r["nbs_q"]),
            "j": side(r["Y"], p, q, r["from_y"], r["y_y"], r["start_y"], r["gain_y"], r["nbs_p"]),
            "gain": min(r["gain_x"], r["gain_y"]),
            "externalities": {actors[k]: float(ext[k]) for k in np.flatnonzero(third & (ext != 0))},
        })
    mds = lambda pos: {issues[i]: float(low[i] + v * unit[i])  # noqa: E731
                       for i, v in enumerate(weighted_mean(pos, w))}
    return {"round": t, "n_candidates": int(n_cand), "n_exchanges": len(realised),
            "mds_start": mds(x), "mds_voting": mds(voting), "exchanges": exchanges,
            "externalities": {name: {actors[a]: float(v[a]) for a in range(A)}
                              for name, v in totals.items()}}


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
    wr = np.broadcast_to(weight[..., None, :, :], voting.shape)
    rounds = Rounds(positions=voting, median=weighted_median(voting, wr),
                    mean=weighted_mean(voting, wr), extra={"start_positions": start})
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
