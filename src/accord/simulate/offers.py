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

import numpy as np

from accord.simulate.interventions import Schedule
from accord.simulate.strategies import PARETO, targets
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
