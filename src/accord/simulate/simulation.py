"""One simulated negotiation: settings, the offer history round by round, and how it ended."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np

from accord.errors import AccordError
from accord.simulate.batch import BatchResult, simulate_batch
from accord.simulate.interventions import Intervention, parse_intervention
from accord.simulate.strategies import Strategy, parse_strategy
from accord.simulate.trace import ACCEPT, OFFER, WALK_AWAY, relative_time

DEFAULT_STRATEGY = "linear"


def deal_space_of(ref, *, levels: int = 5):
    """An :class:`~accord.deals.space.OutcomeSpace` from a space, a scenario, a built-in id, a
    scenario file or a GENIUS folder (GENIUS semantics).

    Red lines are hard: a scenario's space is cut to every party's red lines, so no simulated
    party offers or accepts a package past one — unless they leave an issue without any option,
    when the whole space is kept (no agreement could respect them; ``accord deals`` says who
    blocks).
    """
    from accord.deals.red_lines import restrict
    from accord.deals.space import OutcomeSpace
    from accord.scenario.model import Scenario

    if isinstance(ref, OutcomeSpace):
        return ref
    if not isinstance(ref, Scenario):
        from accord.scenario import load

        ref = load(str(ref) if isinstance(ref, Path) else ref)
    space = OutcomeSpace.from_scenario(ref, levels=levels)
    restriction = restrict(space)
    return space if restriction.closed else restriction.space


def _r(x: float) -> float:
    """Rounded for the JSON output (utilities are sums of products of file values)."""
    return round(float(x), 6)


@dataclass
class Simulation:
    """One negotiation (a :class:`~accord.simulate.batch.BatchResult` of size 1), readable."""

    batch: BatchResult
    interventions: tuple[Intervention, ...] = ()
    scenario_id: str | None = None

    @property
    def space(self):
        return self.batch.space

    @property
    def agreement(self) -> int | None:
        a = int(self.batch.agreement[0])
        return None if a < 0 else a

    @property
    def rounds_played(self) -> int:
        return int(self.batch.trace.end_round[0]) + 1

    @property
    def utilities(self) -> np.ndarray:
        return self.batch.utilities[0]

    def deal(self) -> dict[str, str] | None:
        return None if self.agreement is None else self.space.describe(self.agreement)

    def utility_paths(self) -> np.ndarray:
        """(R_played, P): each party's utility of the outcome on the table after each round."""
        return self.batch.trace.table_utility[0, :self.rounds_played]

    def history(self) -> list[dict[str, Any]]:
        """Round by round: each party's move (offer with its utilities, or accept)."""
        tr, sp = self.batch.trace, self.space
        parties = sp.party_ids
        rows = []
        for s in range(self.rounds_played):
            row: dict[str, Any] = {"round": s + 1,
                                   "time": _r(relative_time(s, self.batch.rounds[:1])[0])}
            if self.batch.protocol == "alternating":
                moves = []
                for p, party in enumerate(parties):
                    a = int(tr.actions[0, s, p])
                    if a == OFFER:
                        o = int(tr.offers[0, s, p])
                        moves.append({"party": party, "action": "offer", "outcome": o,
                                      "target": _r(tr.targets[0, s, p]),
                                      "utilities": {q: _r(u) for q, u in
                                                    zip(parties, self._utilities_at(s, o))}})
                    elif a == ACCEPT:
                        moves.append({"party": party, "action": "accept",
                                      "target": _r(tr.targets[0, s, p])})
                    elif a == WALK_AWAY:
                        moves.append({"party": party, "action": "walk away",
                                      "target": _r(tr.targets[0, s, p])})
                row["moves"] = moves
            else:
                row["signers"] = [q for p, q in enumerate(parties)
                                  if tr.actions[0, s, p] == ACCEPT]
                row["targets"] = {q: _r(tr.targets[0, s, p]) for p, q in enumerate(parties)}
            o = int(tr.table[0, s])
            row["on_table"] = None if o < 0 else o
            row["on_table_utilities"] = (None if o < 0 else
                                         {q: _r(u) for q, u in zip(parties,
                                                                   tr.table_utility[0, s])})
            rows.append(row)
        return rows

    def _utilities_at(self, s: int, outcome: int) -> np.ndarray:
        schedule = self.batch.schedule
        return schedule.tables[schedule.phase(s)].utilities[:, outcome]

    def to_dict(self) -> dict[str, Any]:
        b, sp = self.batch, self.space
        parties = sp.party_ids
        ok = self.agreement is not None
        nash = int(b.nash_outcome[0])
        return {
            "scenario": self.scenario_id,
            "protocol": b.protocol,
            "rounds": int(b.rounds[0]),
            "seed": int(b.seeds[0]),
            "parties": list(parties),
            "strategies": {p: s.name for p, s in zip(parties, b.strategies[0])},
            "reservation": {p: _r(v) for p, v in zip(parties, b.reservation[0])},
            "discount": {p: _r(v) for p, v in zip(parties, b.discount)},
            "interventions": [iv.describe() for iv in self.interventions],
            "agreement": self.deal(),
            "agreement_outcome": self.agreement,
            "rounds_played": self.rounds_played,
            "utilities": ({p: _r(u) for p, u in zip(parties, self.utilities)} if ok else None),
            "payoff": {p: _r(u) for p, u in zip(parties, b.payoff[0])},
            "discounted_payoff": {p: _r(u) for p, u in zip(parties, b.discounted[0])},
            "reservation_at_end": {p: _r(v) for p, v in
                                   zip(parties, b.trace.end_reservation[0])},
            "distance_to_pareto": _r(b.pareto_distance[0]) if ok else None,
            "distance_to_nash": (_r(b.nash_distance[0])
                                 if ok and np.isfinite(b.nash_distance[0]) else None),
            "nash": sp.describe(nash) if nash >= 0 else None,
            "red_lines": self.red_line_warning(),
            "history": self.history(),
        }

    def red_line_warning(self) -> str | None:
        """When red lines leave an issue without any option, no agreement respects them: the
        negotiation ran on the whole space and any deal it reached crosses one."""
        from accord.deals.red_lines import restrict

        closed = restrict(self.space).closed
        if not closed:
            return None
        issue_names = dict(zip(self.space.issue_ids,
                               self.space.issue_names or self.space.issue_ids))
        return ("; ".join(c.headline(issue_names.get(c.issue)) for c in closed)
                + ": no agreement respects every red line")


def simulate(space, strategies: "Mapping[str, str | Strategy] | Sequence | None" = None, *,
             rounds: int = 100, seed: int = 0, protocol: str = "alternating",
             interventions: "Sequence[Intervention | str]" = (),
             discount: Mapping[str, float] | None = None,
             reservation: Mapping[str, float] | None = None,
             default_strategy: str = DEFAULT_STRATEGY, tolerance: float = 1e-4,
             candidates: int = 32, start=None, scenario_id: str | None = None) -> Simulation:
    """Simulate one negotiation.

    ``space``: an OutcomeSpace, a Scenario, a built-in id, a file or a GENIUS folder.
    ``strategies``: party → strategy name (parties not named use ``default_strategy``), or one
    per party in order. ``reservation`` overrides reservation values (party → value). ``start``:
    the mediator's first text — an outcome index or ``{issue: option label or id}`` (e.g. the
    status quo; default a random outcome). The other arguments are those of
    :func:`accord.simulate.batch.simulate_batch`.

    >>> sim = simulate("ukraine-talks-2026-01", {"russia": "boulware"}, rounds=60)
    >>> sim.agreement is None or all(sim.utilities >= sim.batch.trace.end_reservation[0])
    True
    """
    sp = deal_space_of(space)
    if reservation:
        sp = sp.with_reservation(dict(reservation))
    if strategies is None or isinstance(strategies, Mapping):
        given = dict(strategies or {})
        for party in given:
            sp.party_index(party)
        row = [parse_strategy(given.get(p, default_strategy)) for p in sp.party_ids]
    else:
        row = [parse_strategy(x) for x in strategies]
    ivs = tuple(parse_intervention(i) if isinstance(i, str) else i for i in interventions)
    for iv in ivs:
        sp.party_index(iv.party)
        if iv.round > rounds:
            raise AccordError(f"intervention {iv.describe()!r} comes after the last round "
                              f"({rounds}); expected a round from 1 to {rounds}")
    if start is not None:
        from accord.deals.trades import resolve_reference

        try:
            start = sp.outcome_index(resolve_reference(sp, start))
        except AccordError as exc:
            raise AccordError(f"the mediator's first text: {exc}") from None
    batch = simulate_batch(sp, [row], rounds=rounds, seeds=seed, protocol=protocol,
                           interventions=ivs, discount=discount, tolerance=tolerance,
                           candidates=candidates, start=start)
    return Simulation(batch, ivs, scenario_id)
