"""Many negotiations at once: B settings (strategies, deadlines, seeds, reservations) in one call.

Everything runs as (B, …) arrays (see :mod:`accord.simulate.offers`); nothing is a Python
object per negotiation or per step. A negotiation's result depends only on its own settings and
seed, so a batch gives exactly what running each negotiation alone gives.

>>> from accord.deals.space import OutcomeSpace
>>> pie = OutcomeSpace.from_tables({"share": [str(k) for k in range(11)]},
...     {"A": {"share": [k / 10 for k in range(11)]},
...      "B": {"share": [1 - k / 10 for k in range(11)]}})
>>> res = simulate_batch(pie, [["linear", "linear"], ["boulware", "conceder"]], rounds=20)
>>> res.agreed.tolist(), res.summary()["agreement_rate"]
([True, True], 1.0)
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import numpy as np

from accord.deals.solutions import nash_points
from accord.errors import AccordError
from accord.simulate.interventions import Intervention, Schedule
from accord.simulate.strategies import Strategy, parse_strategy
from accord.simulate.trace import Trace, relative_time

PROTOCOLS = ("alternating", "mediator")
#: Agreements compared with the frontier per block (bounds the (block, K, P) temporary).
_BLOCK = 512


def strategy_profiles(names: Sequence[str], n_parties: int) -> list[tuple[str, ...]]:
    """Every assignment of the named strategies to ``n_parties`` parties (``len(names)^P``)."""
    return list(itertools.product(names, repeat=n_parties))


def _strategy_rows(space, strategies) -> list[list[Strategy]]:
    rows = []
    for row in strategies:
        if isinstance(row, Mapping):
            unknown = [p for p in row if p not in space.party_ids]
            if unknown:
                space.party_index(unknown[0])
            missing = [p for p in space.party_ids if p not in row]
            if missing:
                raise AccordError(f"no strategy for {', '.join(missing)}; expected one per party")
            row = [row[p] for p in space.party_ids]
        if isinstance(row, (str, Strategy)):
            raise AccordError("strategies must hold one row (a strategy per party) per "
                              "negotiation")
        row = [parse_strategy(x) for x in row]
        if len(row) != space.n_parties:
            raise AccordError(f"{len(row)} strategies for {space.n_parties} parties "
                              f"({', '.join(space.party_ids)})")
        rows.append(row)
    if not rows:
        raise AccordError("no negotiations to run")
    return rows


def _per_negotiation(space, B: int, rounds, seeds, reservation):
    """(B,) deadlines, (B,) seeds and (B, P) reservations from one value for all or one per
    negotiation (reservations default to the space's)."""
    rounds_arr = np.broadcast_to(np.asarray(rounds, dtype=np.int64), (B,)).copy()
    if np.any(rounds_arr < 1):
        raise AccordError("rounds must be at least 1")
    seeds_arr = np.broadcast_to(np.asarray(seeds, dtype=np.int64), (B,)).copy()
    res = space.reservation if reservation is None else np.asarray(reservation, dtype=float)
    res = np.broadcast_to(res, (B, space.n_parties)).astype(float)
    return rounds_arr, seeds_arr, res


def _discounts(space, discount) -> np.ndarray:
    """(P,) discount factors from a mapping party → δ or a (P,) sequence (default 1)."""
    P = space.n_parties
    if discount is None:
        delta = np.ones(P)
    elif isinstance(discount, Mapping):
        delta = np.ones(P)
        for party, d in discount.items():
            delta[space.party_index(party)] = float(d)
    else:
        delta = np.asarray(discount, dtype=float).reshape(P)
    if not np.all((delta > 0) & (delta <= 1)):  # NaN fails too
        raise AccordError("discount factors must lie in (0, 1]")
    return delta


def _schedule(space, interventions, schedule: Schedule | None) -> Schedule:
    """The prebuilt ``schedule``, or one built from ``interventions`` (not both)."""
    if schedule is None:
        return Schedule.build(space, interventions)
    if interventions:
        raise AccordError("give either interventions or a prebuilt schedule, not both")
    return schedule


@dataclass
class BatchResult:
    """B negotiations: settings, raw :class:`~accord.simulate.trace.Trace`, and per negotiation
    the utilities at the agreement and their distances to the Pareto frontier and Nash point.

    ``utilities`` (B, P): utility of the agreement to each party (NaN on breakdown);
    ``payoff`` (B, P): the utility, or the reservation on breakdown; ``discounted`` (B, P): the
    payoff times ``δ_p^t`` at the relative time t the talks ended (GENIUS's discounting);
    ``pareto_distance`` (B,): Euclidean distance in utility space from the agreement to the
    nearest Pareto-optimal outcome; ``nash_distance`` (B,): to the Nash point of the preferences
    and reservations in force at the end (NaN on breakdown or when the zone of agreement is
    empty); ``nash_outcome`` (B,): that Nash point (−1 if none).
    """

    space: Any
    schedule: Schedule
    protocol: str
    strategies: list[list[Strategy]]
    rounds: np.ndarray
    seeds: np.ndarray
    reservation: np.ndarray
    discount: np.ndarray
    trace: Trace
    utilities: np.ndarray = field(init=False)
    payoff: np.ndarray = field(init=False)
    discounted: np.ndarray = field(init=False)
    pareto_distance: np.ndarray = field(init=False)
    nash_distance: np.ndarray = field(init=False)
    nash_outcome: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        _measure(self)

    @property
    def agreed(self) -> np.ndarray:
        return self.trace.agreed

    @property
    def agreement(self) -> np.ndarray:
        return self.trace.agreement

    @property
    def size(self) -> int:
        return self.trace.batch_size

    def summary(self) -> dict[str, Any]:
        """Agreement rate, mean utilities (over agreements), mean rounds and distances."""
        ok = self.agreed
        parties = self.space.party_ids
        out: dict[str, Any] = {
            "negotiations": self.size,
            "agreements": int(ok.sum()),
            "agreement_rate": float(ok.mean()),
            "mean_utility": {p: (float(self.utilities[ok, k].mean()) if ok.any() else None)
                             for k, p in enumerate(parties)},
            "mean_payoff": {p: float(self.payoff[:, k].mean()) for k, p in enumerate(parties)},
            "mean_rounds": float((self.trace.end_round + 1).mean()),
            "mean_pareto_distance": (float(self.pareto_distance[ok].mean())
                                     if ok.any() else None),
        }
        nd = self.nash_distance[ok]
        nd = nd[np.isfinite(nd)]
        out["mean_nash_distance"] = float(nd.mean()) if nd.size else None
        return out


def _measure(r: BatchResult) -> None:
    tr = r.trace
    B, P = tr.agreement.shape[0], r.space.n_parties
    r.utilities = np.full((B, P), np.nan)
    r.pareto_distance = np.full(B, np.nan)
    r.nash_distance = np.full(B, np.nan)
    r.nash_outcome = np.full(B, -1, dtype=np.int64)
    ok = tr.agreed
    for ph in np.unique(tr.end_phase[ok]):
        tables = r.schedule.tables[int(ph)]
        U = tables.utilities
        idx = np.flatnonzero(ok & (tr.end_phase == ph))
        u = U[:, tr.agreement[idx]].T                                   # (b, P)
        r.utilities[idx] = u
        F = U[:, tables.frontier].T                                     # (K, P)
        for s in range(0, idx.size, _BLOCK):
            d = u[s:s + _BLOCK, None, :] - F[None, :, :]
            r.pareto_distance[idx[s:s + _BLOCK]] = np.sqrt((d * d).sum(axis=2)).min(axis=1)
        res = tr.end_reservation[idx]
        if idx.size == 1:  # one negotiation: nothing to share between rows
            points = nash_points(U, tables.frontier, res)
        else:
            rows, inverse = np.unique(res, axis=0, return_inverse=True)
            points = nash_points(U, tables.frontier, rows)[inverse.ravel()]
        has = points >= 0
        sel = idx[has]
        r.nash_outcome[sel] = points[has]
        diff = r.utilities[sel] - U[:, points[has]].T
        r.nash_distance[sel] = np.sqrt((diff * diff).sum(axis=1))
    r.payoff = np.where(ok[:, None], r.utilities, tr.end_reservation)
    t_end = relative_time(tr.end_round, r.rounds)
    r.discounted = r.payoff * np.power(r.discount[None, :], t_end[:, None])


def simulate_batch(space, strategies, *, rounds: "int | Sequence[int]" = 100,
                   seeds: "int | Sequence[int]" = 0, reservation=None,
                   protocol: str = "alternating",
                   interventions: "Sequence[Intervention | str]" = (),
                   discount: "Mapping[str, float] | Sequence[float] | None" = None,
                   tolerance: float = 1e-4, candidates: int = 32, changes: int = 2,
                   start=None, history: bool = True,
                   schedule: Schedule | None = None) -> BatchResult:
    """Run B negotiations on one deal space.

    Parameters
    ----------
    space : :class:`~accord.deals.space.OutcomeSpace`.
    strategies : B rows, each a strategy per party (names such as ``"boulware"``,
        :class:`~accord.simulate.strategies.Strategy` objects, or a mapping party → name).
    rounds : deadline in rounds, one for all or (B,).
    seeds : per-negotiation seeds (the mediator's random drafts), one for all or (B,).
    reservation : (P,) or (B, P) reservation values (default: the space's).
    protocol : ``"alternating"`` (stacked alternating offers) or ``"mediator"`` (single text).
    interventions : changes from a given round, the same for every negotiation of the batch
        (:mod:`accord.simulate.interventions`).
    discount : δ per party (mapping or (P,)), default 1 (no discounting).
    tolerance : how far below its target a party still accepts (NegMAS's 1e-4).
    candidates, changes, start : mediator only — drafts per round, the most issues a draft
        changes, and the first text (default random).
    history : record every round (default); ``False`` keeps only how each negotiation ended,
        for batches too large to record round by round.
    schedule : a prebuilt :class:`~accord.simulate.interventions.Schedule` (saves rebuilding the
        look-up tables when the same space is run many times).
    """
    if protocol not in PROTOCOLS:
        raise AccordError(f"unknown protocol {protocol!r}; expected one of: {', '.join(PROTOCOLS)}")
    if space.n_parties < 2:
        raise AccordError("a negotiation needs at least two parties")
    rows = _strategy_rows(space, strategies)
    B = len(rows)
    kind = np.array([[s.code for s in row] for row in rows], dtype=np.int64)
    exponent = np.array([[s.exponent for s in row] for row in rows], dtype=float)
    rounds_arr, seeds_arr, res = _per_negotiation(space, B, rounds, seeds, reservation)
    delta = _discounts(space, discount)
    schedule = _schedule(space, interventions, schedule)
    if protocol == "alternating":
        from accord.simulate.offers import run_alternating

        trace = run_alternating(schedule, kind, exponent, rounds_arr, res, tolerance=tolerance,
                                history=history)
    else:
        from accord.simulate.mediator import run_mediator

        if candidates < 1 or changes < 1:
            raise AccordError("the mediator needs at least one draft per round, changing at "
                              "least one issue")
        trace = run_mediator(schedule, kind, exponent, rounds_arr, res, seeds_arr,
                             tolerance=tolerance, candidates=candidates, changes=changes,
                             start=start, history=history)
    return BatchResult(space, schedule, protocol, rows, rounds_arr, seeds_arr, res, delta, trace)


# --- chunks on any executor ---------------------------------------------------------------------


def _run_chunk(task: tuple) -> Trace:
    """One chunk (module-level, so process pools can pickle it): its trace."""
    space, strategies, kwargs = task
    return simulate_batch(space, strategies, **kwargs).trace


def _concat(traces: Sequence[Trace]) -> Trace:
    """One trace from chunk traces (round axes padded to the longest with their empty values)."""
    R = max(t.table.shape[1] for t in traces)
    fills = {"table": -1, "table_utility": np.nan, "actions": 0, "offers": -1, "targets": np.nan}
    parts: dict[str, Any] = {}
    for name in Trace.__dataclass_fields__:
        arrays = [getattr(t, name) for t in traces]
        if name in fills:
            arrays = [np.pad(a, [(0, 0), (0, R - a.shape[1])] + [(0, 0)] * (a.ndim - 2),
                             constant_values=fills[name]) for a in arrays]
        parts[name] = np.concatenate(arrays)
    return Trace(**parts)


def simulate_chunked(space, strategies, *, chunk_size: int = 1000, executor=None,
                     rounds: "int | Sequence[int]" = 100, seeds: "int | Sequence[int]" = 0,
                     reservation=None, interventions: "Sequence[Intervention | str]" = (),
                     **kwargs) -> BatchResult:
    """:func:`simulate_batch` cut into chunks of ``chunk_size`` negotiations, run on any
    :class:`concurrent.futures.Executor` (``None``: in this process, through
    :func:`accord.parallel.run_blocks` — a thread per core).

    A negotiation's result depends only on its own settings and seed, so the result is the same
    as one :func:`simulate_batch` call, whatever the chunk size or executor.
    """
    rows = _strategy_rows(space, strategies)
    B = len(rows)
    if chunk_size < 1:
        raise AccordError("chunk_size must be at least 1")
    rounds_arr, seeds_arr, res = _per_negotiation(space, B, rounds, seeds, reservation)
    # one schedule (its look-up tables) for every chunk, built once
    schedule = _schedule(space, interventions, kwargs.pop("schedule", None))
    tasks = [(space, rows[s:s + chunk_size],
              dict(kwargs, rounds=rounds_arr[s:s + chunk_size], seeds=seeds_arr[s:s + chunk_size],
                   reservation=res[s:s + chunk_size], schedule=schedule))
             for s in range(0, B, chunk_size)]
    if executor is None:
        from accord.parallel import run_blocks

        traces = run_blocks(_run_chunk, tasks)
    else:
        traces = list(executor.map(_run_chunk, tasks))
    return BatchResult(space, schedule, kwargs.get("protocol", "alternating"), rows, rounds_arr,
                       seeds_arr, res, _discounts(space, kwargs.get("discount")), _concat(traces))
