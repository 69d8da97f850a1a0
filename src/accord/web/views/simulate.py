"""The simulation page: rounds of offers between the parties (``accord simulate``) on the
scenario's deal space, with each party's strategy, interventions, and the utility path."""

from __future__ import annotations

from fastapi import APIRouter, Request

from accord.web.pages import Page, page
from accord.web.views.common import cached_value, clamp_seed, current_scenario

router = APIRouter()

MAX_ROUNDS = 1000
STRATEGY_CHOICES = ("linear", "boulware", "conceder", "hardheaded", "tit_for_tat", "pareto")


@page(router, "/scenarios/{scenario_id}/simulate")
async def simulate_page(request: Request, scenario_id: str, protocol: str = "alternating",
                        rounds: int = 100, seed: int = 0, default: str = "linear",
                        intervene: str = ""):
    """Strategies come as ``s.PARTY=NAME`` query parameters (``boulware``, ``time:E``, …);
    interventions one per line, ``ROUND:PARTY.FIELD=VALUE`` as in ``accord simulate``."""
    from accord.context.simulation import simulation_context
    from accord.deals.space import OutcomeSpace
    from accord.simulate import simulate
    from accord.simulate.plot import utility_figure

    entry = current_scenario(request, scenario_id)
    protocol = protocol if protocol in ("alternating", "mediator") else "alternating"
    rounds, seed = max(1, min(rounds, MAX_ROUNDS)), clamp_seed(seed)
    strategies = {k[2:]: v.strip() for k, v in request.query_params.items()
                  if k.startswith("s.") and v.strip()}
    interventions = tuple(line.strip() for line in intervene.splitlines() if line.strip())
    space, error = await cached_value(request, (entry.content_hash, "space"),
                                      lambda: OutcomeSpace.from_scenario(entry.scenario))

    def run() -> dict:
        sim = simulate(space, strategies, rounds=rounds, seed=seed, protocol=protocol,
                       interventions=interventions, default_strategy=default,
                       scenario_id=scenario_id)
        ctx = simulation_context(sim)
        ctx["figure"] = utility_figure(sim, title="Utility of the outcome on the table, by round")
        return ctx

    data = None
    if space is not None:
        key = (entry.content_hash, "simulate", protocol, rounds, seed, default,
               tuple(sorted(strategies.items())), interventions)
        data, error = await cached_value(request, key, run)
    parties = [(p, space.name_of(p)) for p in space.party_ids] if space is not None else []
    figure = data.get("figure") if data else None
    if data is not None:  # the cached dict stays whole; the twin leaves the chart out
        data = {k: v for k, v in data.items() if k != "figure"}
    return Page("simulate.html", {"simulation": data, "error": error, "protocol": protocol,
                                  "rounds": rounds, "seed": seed, "default": default,
                                  "strategies": strategies, "interventions": list(interventions)},
                {"entry": entry, "scenario": entry.scenario, "base": f"/scenarios/{scenario_id}",
                 "tab": "simulate", "parties": parties, "choices": STRATEGY_CHOICES,
                 "figure": figure, "intervene": intervene})
