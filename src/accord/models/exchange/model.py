"""The exchange model's rounds: candidates, the sequential exchanges, the next starting point.

See :mod:`accord.models.exchange` for the model; this module holds its parameters, its
closed-form quantities, the loop that carries out one round's exchanges one at a time, and
:func:`exchange`, the registered run function.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import Any, Literal

import numpy as np

from accord.errors import AccordError
from accord.models.base import ModelResult, require_finite, rounds_from_positions, weighted_mean
from accord.models.exchange.candidates import (LoopState, evaluate, evaluate_scalar,
                                               make_candidates, selection_key)
from accord.models.exchange.report import realised_records, round_detail, summary_marked
from accord.models.exchange.ties import choose
from accord.randomness import as_rng, member_streams
from accord.scenario.arrays import ScenarioArrays


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
    """The outcome of each issue before any exchange: O_d = Σ c s x / Σ c s over the actors.

    Parameters
    ----------
    position, capability, salience : ndarray
        (..., A, I).

    Returns
    -------
    ndarray
        (..., I); NaN where nobody weighs the issue.

    References
    ----------
    Stokman, F. N. & Van Oosten, R. (1994). The exchange of voting positions: an object-oriented
    model of policy networks. In B. Bueno de Mesquita & F. N. Stokman (eds.), European Community
    Decision Making, ch. 5. Yale University Press.

    Examples
    --------
    decide's 2 × 2 test case (models.md §3): 85 5/7 and 35 5/7.

    >>> nash_bargaining_solution(np.array([[0., 0.], [100., 100.]]), np.ones((2, 2)),
    ...                          np.array([[.1, .9], [.6, .5]])).round(4)
    array([85.7143, 35.7143])
    """
    return weighted_mean(position, capability * salience)


def equal_gain_rate(s_x_supply, s_x_demand, s_y_supply, s_y_demand):
    """Δdemand/Δsupply for X at which both actors gain the same (Equal Gain).

    X supplies on q (its supply issue) and demands on p; Y the reverse. X gains
    Δp·s_Xp − Δq·s_Xq, Y gains Δq·s_Yq − Δp·s_Yp; equal gains give
    Δp/Δq = (s_Xq + s_Yq)/(s_Xp + s_Yp), which lies between the break-even rates s_Xq/s_Xp and
    s_Yq/s_Yp.

    Parameters
    ----------
    s_x_supply, s_x_demand : float
        X's saliences on its supply issue q and its demand issue p.
    s_y_supply, s_y_demand : float
        Y's saliences on its supply issue p and its demand issue q.

    Returns
    -------
    float
        The rate Δp/Δq.

    References
    ----------
    Stokman, F. N. & Van Oosten, R. (1994). The exchange of voting positions: an object-oriented
    model of policy networks. In B. Bueno de Mesquita & F. N. Stokman (eds.), European Community
    Decision Making, ch. 5. Yale University Press.

    Examples
    --------
    The 2 × 2 case: A2 supplies on issue 2, A1 on issue 1; (0.5 + 0.9)/(0.6 + 0.1) = 2.

    >>> equal_gain_rate(0.5, 0.6, 0.1, 0.9)
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

    Parameters
    ----------
    shift_q, shift_p : float
        The outcome shifts of X's full move on q and of Y's full move on p.
    s_xq, s_xp, s_yp, s_yq : float
        The two actors' saliences on both issues.

    Returns
    -------
    tuple of float
        (X's maximum gain, Y's maximum gain).

    References
    ----------
    Stokman, F. N. & Van Oosten, R. (1994). The exchange of voting positions: an object-oriented
    model of policy networks. In B. Bueno de Mesquita & F. N. Stokman (eds.), European Community
    Decision Making, ch. 5. Yale University Press.
    Dijkstra, J., Van Assen, M. A. L. M. & Stokman, F. N. (2008). Outcomes of collective
    decisions with externalities predicted. Journal of Conflict Resolution 52(4), 555–574.

    Examples
    --------
    The 2 × 2 case of decide's tests (saliences on its 0–100 scale; A2 is X): 777.7778 and 1400.

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



def _one_round(x, s, c, able, params: ExchangeParams, rng):
    """One round of exchange on 0–100 positions; returns voting and next starting positions."""
    equal_gain = params.variant == "equal-gain"
    A, I = x.shape
    cd, group = make_candidates(x, s, c, able, params.variant, rng)
    w = c * s
    E = cd.size
    if E == 0:
        return x.copy(), x.copy(), realised_records(cd, []), 0, group
    evaluate(cd, slice(None), equal_gain)    # all at once, vectorised
    # score: what exchanges are ranked by, −∞ for those no longer on offer (invalid ones are
    # dropped for good, as decide drops them after each exchange). An array, for argmax.
    score = np.where(cd.valid, selection_key(cd, slice(None), equal_gain), -np.inf)
    st = LoopState(cd, score)
    # The exchanges a realised exchange e (X supplies q, Y supplies p) touches:
    # 1. sides whose supplier and supply issue are X and q, or Y and p;
    # 2. sides that learn of X's vote on q: the Y side of an exchange where Y demands q learns it
    #    on side 0 (whose supply issue is q); 3. likewise X's demand p → side 1 learns Y's vote.
    supply_sides = _side_lists(np.concatenate((cd.X * I + cd.q, cd.Y * I + cd.p)), A * I)
    news_sides = _side_lists(np.concatenate((cd.Y * I + cd.q, cd.X * I + cd.p)), A * I)

    sup, off, own, move, news = st.sup, st.off, st.own, st.move, st.news
    h_sum, h_min, h_max, alive, log = st.h_sum, st.h_min, st.h_max, st.alive, st.log
    supplier, exchange_of, start, target = st.supplier, st.exchange, st.start, st.target
    gain_x, gain_y, score_list = st.gain_x, st.gain_y, st.score_list
    w_flat, x_flat = w.reshape(-1).tolist(), x.reshape(-1).tolist()
    X_of, Y_of, p_of, q_of = cd.X.tolist(), cd.Y.tolist(), cd.p.tolist(), cd.q.tolist()
    dead = -np.inf          # the score of an exchange no longer on offer

    realised: list[tuple] = []
    while True:
        e = choose(score, params, rng, log)
        if score_list[e] == dead:
            break
        score_list[e] = score[e] = dead
        alive[e] = False
        Xr, Yr, pr, qr = X_of[e], Y_of[e], p_of[e], q_of[e]
        sup_x, sup_y = sup[e], sup[E + e]
        y_x, y_y = sup_x + move[e], sup_y + move[E + e]
        start_x, start_y = start[e], start[E + e]
        realised.append((e, sup_x, sup_y, y_x, y_y, off[e], off[E + e], gain_x[e], gain_y[e]))
        # 1. The same actor on the same supply issue now starts from its vote, and the move it
        #    had in this exchange joins its history (decide's list of moves). An exchange whose
        #    supplier would now have to turn back is dropped here, without re-evaluation: its
        #    current move m passed move_ok's direction test, so m ≠ 0 and its whole history
        #    has m's sign; the next move has the sign of target − vote (none if they are equal)
        #    and passes that test exactly when it has m's sign too. Nothing else about a dropped
        #    exchange is read again. On cop21 this spares a third of all re-evaluations.
        moved = set()
        dropped = []
        for key, vote in ((Xr * I + qr, y_x), (Yr * I + pr, y_y)):
            sides = supply_sides[key]
            live = [f for f in sides if alive[exchange_of[f]]]
            if len(live) < len(sides):  # the dead are dropped for good: nothing reads them
                supply_sides[key] = live
            for f in live:
                m = move[f]
                towards = target[f] - vote
                if not (towards > 0 if m > 0 else towards < 0):
                    ex = exchange_of[f]
                    alive[ex] = False
                    score_list[ex] = score[ex] = dead
                    dropped.append(ex)
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
            sides = news_sides[key]
            live = [f for f in sides if alive[exchange_of[f]]]
            if len(live) < len(sides):
                news_sides[key] = live
            for f in live:
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
            touched.difference_update(dropped)
        # Re-evaluate the others; the log keeps the scores before of those that changed
        # (dropped exchanges never tie again, so they need no entry).
        log.append(evaluate_scalar(st, touched, moved, equal_gain))
    realised = realised_records(cd, realised)

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
            rounds_detail.append(round_detail(t + 1, x, voting, s, w, able, realised, n_cand,
                                               group, low, span, ids))
        x = start_next
    to_units = lambda a: low + a * (span / 100.0)  # noqa: E731
    return to_units(voting_hist), to_units(start_hist), rounds_detail


def exchange(arrays: ScenarioArrays, params: ExchangeParams | None = None, rng=None) -> ModelResult:
    """Stokman's exchange model for ``params.rounds`` rounds; the forecast is the last votes' MDS.

    Each round every candidate exchange is computed, the most profitable is carried out, those it
    touches are recomputed, until none is left; the votes give the round's outcome, and actors
    start the next round between their old position and their vote. A batch's variants run one
    after another, each on its own stream (``member_streams(rng, B)[b]``, :mod:`accord.randomness`).

    Parameters
    ----------
    arrays : ScenarioArrays
        Optionally batched (B, A, I).
    params : ExchangeParams, optional
        Variant (Equal Gain, Random Rate), rounds, the weights of the next starting point, the
        tie-break.
    rng : numpy.random.Generator, int or None
        The stream of Random Rate's draws and random tie-breaks (``None``: seed 0).

    Returns
    -------
    ModelResult
        ``forecast`` (..., I): the weighted mean of the votes after the last round;
        ``rounds.positions`` the votes after each round (round 0: the initial positions),
        ``rounds.extra["start_positions"]`` where each round starts; for an unbatched run
        ``details`` with every round's exchanges, outcomes and externalities and a ``summary``.

    Raises
    ------
    AccordError
        When an input is NaN or infinite.

    References
    ----------
    Stokman, F. N. & Van Oosten, R. (1994). The exchange of voting positions: an object-oriented
    model of policy networks. In B. Bueno de Mesquita & F. N. Stokman (eds.), European Community
    Decision Making, ch. 5. Yale University Press.
    Van Assen, M. A. L. M., Stokman, F. N. & Van Oosten, R. (2003). Conflict measures in
    cooperative exchange models of collective decision-making. Rationality and Society 15(1).

    Examples
    --------
    decide's 2 × 2 case, one round, worked by hand (``accord.models.oracles.EXCHANGE``): A1 moves
    to 100 on issue 1, A2 from 100 to 80 on issue 2, both gain 5.

    >>> from accord.models.oracles import decide_two_by_two
    >>> res = exchange(decide_two_by_two(), ExchangeParams(rounds=1))
    >>> e = res.details["rounds"][0]["exchanges"][0]
    >>> e["i"]["to"], e["j"]["to"], round(e["gain"], 12), res.forecast.round(4).tolist()
    (80.0, 100.0, 5.0, [100.0, 28.5714])
    """
    require_finite(arrays, "exchange")
    params = params or ExchangeParams()
    rng = as_rng(rng)
    if arrays.is_batched:
        # Each variant draws from its own stream (accord.randomness, rule 3): one generator
        # shared by the batch would hand variant b the numbers left over by variants 0..b−1,
        # so its result would depend on the others and differ from the same variant run alone.
        streams = member_streams(rng, arrays.batch_size)
        runs = [_run_one(arrays.position[b], arrays.salience[b], arrays.capability[b],
                         arrays.has_stance, arrays.low, arrays.high, params, streams[b], None,
                         False)
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
        text, spans = summary_marked(detail)
        details = {"variant": params.variant, "rounds": detail, "summary": text,
                   "summary_ids": spans}
    return ModelResult("exchange", forecast, rounds, details)
