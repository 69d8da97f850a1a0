"""A simulated negotiation, for reading: who used which strategy, what each got, the deal.

:func:`simulation_context` takes :meth:`accord.simulate.simulation.Simulation.to_dict` and the
simulation's deal space and adds the parties' and issues' names and the sentences that open the
web page and the report section; ``accord simulate --format json`` prints the dict itself.
"""

from __future__ import annotations

from typing import Any


def simulation_context(sim, data: dict[str, Any] | None = None) -> dict[str, Any]:
    """``sim.to_dict()`` with ``parties_named`` (name, strategy, reservation, utility, margin),
    ``deal`` (per issue: name, agreed option, Nash point) and two sentences."""
    data = data if data is not None else sim.to_dict()
    sp = sim.space
    utilities = data["utilities"] or {}
    parties = []
    for p in sp.party_ids:
        r = data["reservation_at_end"][p]
        u = utilities.get(p)
        parties.append({"id": p, "name": sp.name_of(p), "strategy": data["strategies"][p],
                        "reservation": r, "utility": u,
                        "margin": None if u is None or r is None else u - r})
    issue_names = list(sp.issue_names or sp.issue_ids)
    deal = []
    if data["agreement"] is not None:
        for iid, name in zip(sp.issue_ids, issue_names):
            deal.append({"id": iid, "issue": name, "agreed": data["agreement"][iid],
                         "nash": (data["nash"] or {}).get(iid, "—")})
    protocol = ("stacked alternating offers" if data["protocol"] == "alternating"
                else "a single-text mediator")
    protocol_text = (f"{protocol}, deadline {data['rounds']} rounds, "
                     f"{sp.n_outcomes:,} possible deals")
    if data["interventions"]:
        protocol_text += "; interventions: " + ", ".join(data["interventions"])
    if data["agreement"] is None:
        outcome = (f"no agreement after {data['rounds_played']} rounds: every party falls back "
                   "on its reservation.")
    else:
        nash = data["distance_to_nash"]
        outcome = (f"agreement in round {data['rounds_played']}"
                   + (", past a red line (no agreement respects every red line)"
                      if data.get("red_lines") else "")
                   + ", at distance "
                   f"{data['distance_to_pareto']:.3f} from the Pareto frontier and "
                   + (f"{nash:.3f} from the Nash point." if nash is not None
                      else "no Nash point to compare with."))
    return {**data, "parties_named": parties, "deal": deal,
            "protocol_text": protocol_text, "outcome_text": outcome}
