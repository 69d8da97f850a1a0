"""Multilateral stacked alternating offers (SAOP), run for a batch of negotiations at once.

The protocol (Aydoğan, Festen, Hindriks & Jonker 2017, "Alternating offers protocols for
multilateral negotiation"; GENIUS's and NegMAS's ``SAOMechanism``): the parties move in a fixed
order, round after round. On its turn a party either **accepts** the offer on the table or
**rejects it and makes a new one**, which replaces it. The deal is struck when every other party
has accepted the standing offer (its author counts as accepting it). After the last round
without a deal the talks break down and everyone gets its reservation value. The first party of
round 1 has nothing to accept and opens with an offer. A party whose reservation is above every
outcome (say, after an intervention raised it) walks away on its turn: it cannot make an offer it
would accept itself, and its offer would count as its acceptance.

This module holds only the engine; :func:`accord.simulate.simulate` and
:func:`accord.simulate.batch.simulate_batch` are the entry points. The engine keeps (B,)-arrays
of state — standing offer, acceptances so far, targets — and loops over rounds × parties only,
never over negotiations: each turn is a handful of NumPy operations on all B negotiations, and
choosing an offer is a ``searchsorted`` in the party's outcomes sorted by utility
(:class:`~accord.simulate.tables.PartyTables`).

Timing follows NegMAS 0.16: in 0-based round s every party sees relative time
``(s + 1)/(R + 1)`` (:func:`~accord.simulate.trace.relative_time`).
"""

from __future__ import annotations

import math
from bisect import bisect_left

import numpy as np

from accord.simulate.interventions import Schedule
from accord.simulate.strategies import PARETO, TIT_FOR_TAT, concession_target, targets
from accord.simulate.trace import ACCEPT, OFFER, WALK_AWAY, Trace, empty_trace, relative_time


def run_alternating(schedule: Schedule, kind: np.ndarray, exponent: np.ndarray,
                    rounds: np.ndarray, reservation: np.ndarray, *,
                    tolerance: float = 1e-4, history: bool = True) -> Trace:
    """Run B negotiations under SAOP.

    ``kind``, ``exponent``, ``reservation``: (B, P) strategy codes, curve exponents and
    reservation values (copied; interventions change the copies); ``rounds`` (B,) deadlines.
    ``tolerance``: a party accepts, and may offer, outcomes down to ``target − tolerance``
    (NegMAS's ``eps``, 1e-4), never below its reservation. ``history=False`` keeps only how
    each negotiation ended (the per-round arrays of the trace have no rounds), for batches too
    large to record.
    """
    kind = np.array(kind, dtype=np.int64)
    exponent = np.array(exponent, dtype=float)
    res = np.array(reservation, dtype=float)
    rounds = np.asarray(rounds, dtype=np.int64)
    B, P = kind.shape
    if B == 1:
        return _run_one(schedule, kind, exponent, rounds, res, tolerance, history)
    R = int(rounds.max()) if B else 0
    tr = empty_trace(B, R if history else 0, P)
    standing = np.full(B, -1, dtype=np.int64)
    n_accepted = np.zeros(B, dtype=np.int64)
    done = np.zeros(B, dtype=bool)
    first_received = np.full((B, P), np.nan)
    best_received = np.full((B, P), -np.inf)
    for s in range(R):
        phase = schedule.apply(s, kind, exponent, res)
        live = ~done & (s < rounds)
        if not live.any():
            break
        tables = schedule.tables[phase]
        t = relative_time(s, rounds)
        U = tables.utilities
        for p in range(P):
            active = live & ~done
            if not active.any():
                break
            has_offer = standing >= 0
            u_offer = np.where(has_offer, U[p, np.maximum(standing, 0)], -np.inf)
            received = active & has_offer
            fresh = received & np.isnan(first_received[:, p])
            first_received[fresh, p] = u_offer[fresh]
            best_received[received, p] = np.maximum(best_received[received, p],
                                                    u_offer[received])
            u_res = np.maximum(res[:, p], tables.u_min[p])
            target = targets(kind[:, p], exponent[:, p], tables.u_max[p], u_res, t,
                             first_received[:, p], best_received[:, p])
            lower = np.maximum(target - tolerance, res[:, p])
            accept = received & (u_offer >= lower)
            reject = active & ~accept
            if history:
                tr.targets[active, s, p] = target[active]
            if accept.any():
                n_accepted[accept] += 1
                if history:
                    tr.actions[accept, s, p] = ACCEPT
                agreed = accept & (n_accepted == P)
                if agreed.any():
                    done |= agreed
                    tr.agreement[agreed] = standing[agreed]
                    tr.end(agreed, s, res, phase)
            # a party no outcome satisfies (its reservation above its best outcome, e.g. after
            # an intervention) walks away instead of offering what it would itself refuse
            walk = reject & (res[:, p] > tables.u_max[p])
            if walk.any():
                done |= walk
                reject &= ~walk
                if history:
                    tr.actions[walk, s, p] = WALK_AWAY
                tr.end(walk, s, res, phase)
            if reject.any():
                new = tables.closest_above(p, lower)
                pareto = reject & (kind[:, p] == PARETO)
                if pareto.any():
                    new = np.where(pareto, tables.frontier_closest_above(p, lower), new)
                standing = np.where(reject, new, standing)
                n_accepted[reject] = 1
                if history:
                    tr.actions[reject, s, p] = OFFER
                    tr.offers[reject, s, p] = new[reject]
        if history:
            on_table = live & (standing >= 0)
            tr.table[on_table, s] = standing[on_table]
            tr.table_utility[on_table, s] = U[:, standing[on_table]].T
        tr.end(live & ~done & (rounds == s + 1), s, res, phase)
    return tr


def _planned_targets(schedule: Schedule, kind, exponent, res, R: int, rounds: np.ndarray):
    """For one negotiation, every round's settings after that round's interventions — kind,
    reservation (R, P) and phase (R,) — and each party's bounds and time-curve target (R, P),
    computed as arrays exactly as :func:`run_alternating` computes them round by round
    (NumPy's vectorised ``power`` can differ in the last bit from its scalar one, so the
    curves are never evaluated on scalars)."""
    P = kind.shape[1]
    if not schedule.events and len(schedule.tables) == 1:
        kinds, exps = np.repeat(kind, R, axis=0), np.repeat(exponent, R, axis=0)
        reservations, phases = np.repeat(res, R, axis=0), np.zeros(R, np.int64)
    else:
        kinds, exps, reservations = np.empty((R, P), np.int64), np.empty((R, P)), np.empty((R, P))
        phases = np.empty(R, np.int64)
        for s in range(R):
            phases[s] = schedule.apply(s, kind, exponent, res)
            kinds[s], exps[s], reservations[s] = kind[0], exponent[0], res[0]
    t = np.minimum(1.0, (np.arange(R) + 1.0) / (rounds[0] + 1.0))
    bounds = {int(ph): (schedule.tables[int(ph)].u_max, schedule.tables[int(ph)].u_min)
              for ph in np.unique(phases)}
    u_max = np.stack([bounds[int(ph)][0] for ph in phases]) if len(bounds) > 1 else \
        np.broadcast_to(bounds[int(phases[0])][0], (R, P)) if R else np.empty((0, P))
    u_min = np.stack([bounds[int(ph)][1] for ph in phases]) if len(bounds) > 1 else \
        np.broadcast_to(bounds[int(phases[0])][1], (R, P)) if R else np.empty((0, P))
    u_res = np.maximum(reservations, u_min)
    timed = np.empty((R, P))
    for p in range(P):
        # one party at a time, as targets() is called (u_max is a scalar there; its value per
        # round is the same number here)
        timed[:, p] = concession_target(u_max[:, p], u_res[:, p], t, exps[:, p])
    return kinds, reservations, phases, u_max, u_res, timed


def _run_one(schedule: Schedule, kind, exponent, rounds, res, tolerance: float,
             history: bool) -> Trace:
    """:func:`run_alternating` for a single negotiation, on Python numbers: the same rules, the
    same arithmetic (targets from :func:`_planned_targets`, look-ups in the same tables), so
    the same trace — without a dozen NumPy calls per move."""
    P = kind.shape[1]
    R = int(rounds[0])
    tr = empty_trace(1, R if history else 0, P)
    kinds, reservations, phases, u_max, u_res, timed = _planned_targets(
        schedule, kind, exponent, res, R, rounds)
    kinds_l, res_l, phases_l = kinds.tolist(), reservations.tolist(), phases.tolist()
    u_max_l, u_res_l, timed_l = u_max.tolist(), u_res.tolist(), timed.tolist()
    standing, n_accepted, done = -1, 0, False
    first = [math.nan] * P
    best = [-math.inf] * P
    moves: list[tuple[int, int, int, float, int]] = []   # (round, party, action, target, offer)
    table: list[int] = []
    end = None
    phase, tables = -1, None
    for s in range(R):
        if phases_l[s] != phase:
            phase = phases_l[s]
            tables = schedule.tables[phase]
            U = tables.utilities
            sorted_u, order, f_sorted, f_order = tables.lists
            last, f_last = tables.n_outcomes - 1, tables.frontier.size - 1
        kinds_s, res_s, u_max_s, u_res_s, timed_s = (kinds_l[s], res_l[s], u_max_l[s],
                                                    u_res_l[s], timed_l[s])
        for p in range(P):
            received = standing >= 0
            if received:
                u_offer = U.item(p, standing)
                if first[p] != first[p]:
                    first[p] = u_offer
                if u_offer > best[p]:
                    best[p] = u_offer
            if kinds_s[p] == TIT_FOR_TAT:
                gained = best[p] - first[p]
                gained = 0.0 if gained != gained else max(0.0, gained)
                target = max(u_max_s[p] - gained, u_res_s[p])
            else:
                target = timed_s[p]
            lower = max(target - tolerance, res_s[p])
            if received and u_offer >= lower:
                n_accepted += 1
                moves.append((s, p, ACCEPT, target, -1))
                if n_accepted == P:
                    done = True
                    end = (s, standing)
                    break
                continue
            if res_s[p] > u_max_s[p]:
                moves.append((s, p, WALK_AWAY, target, -1))
                done = True
                end = (s, -1)
                break
            if kinds_s[p] == PARETO:
                i = bisect_left(f_sorted[p], lower)
                standing = f_order[p][i if i < f_last else f_last]
            else:
                i = bisect_left(sorted_u[p], lower)
                standing = order[p][i if i < last else last]
            n_accepted = 1
            moves.append((s, p, OFFER, target, standing))
        table.append(standing)
        if done:
            break
    if end is None and R:
        end = (R - 1, -1)
    if end is not None:
        s_end, agreement = end
        tr.agreement[0] = agreement
        tr.end(np.ones(1, bool), s_end, reservations[s_end][None], phases_l[s_end])
    if history and moves:
        s_m, p_m, a_m, t_m, o_m = (np.array(x) for x in zip(*moves))
        tr.targets[0, s_m, p_m] = t_m
        tr.actions[0, s_m, p_m] = a_m
        offered = a_m == OFFER
        tr.offers[0, s_m[offered], p_m[offered]] = o_m[offered]
    if history and table:
        on = np.array(table)
        rows = np.flatnonzero(on >= 0)
        tr.table[0, rows] = on[rows]
        for ph in set(phases_l[:len(table)]):
            here = rows[phases[rows] == ph]
            tr.table_utility[0, here] = schedule.tables[ph].utilities[:, on[here]].T
    return tr
