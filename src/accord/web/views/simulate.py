"""The simulation page: rounds of offers between the parties (``accord simulate``) on the
scenario's deal space, with each party's strategy, interventions, and the utility path."""

from __future__ import annotations

from fastapi import APIRouter, Request

from accord.web.pages import Page, page
from accord.web.views.common import bounded, cached_value, check_seed, current_scenario, one_of

router = APIRouter()

#: The longest simulation a page runs in the server (``accord simulate`` runs up to 10,000).
MAX_ROUNDS = 1000
PROTOCOLS = ("alternating", "mediator")
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

    protocol = one_of("protocol", protocol, PROTOCOLS)
    rounds = bounded("rounds", rounds, 1, MAX_ROUNDS,
                     " on a page (`accord simulate --rounds` runs up to 10,000)")
    seed = check_seed(seed)
    entry = current_scenario(request, scenario_id)
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

    data, status = None, 200
    if space is not None:
        key = (entry.content_hash, "simulate", protocol, rounds, seed, default,
               tuple(sorted(strategies.items())), interventions)
        data, error = await cached_value(request, key, run)
        # the deal space is there, so a refused run is its parameters' fault (an unknown
        # strategy or party, a bad intervention): a 4xx, not a page that looks fine
        status = 422 if error else 200
    parties = [(p, space.name_of(p)) for p in space.party_ids] if space is not None else []
    figure = data.get("figure") if data else None
    if data is not None:  # the cached dict stays whole; the twin leaves the chart out
        data = {k: v for k, v in data.items() if k != "figure"}
    return Page("simulate.html", {"simulation": data, "error": error, "protocol": protocol,
                                  "rounds": rounds, "seed": seed, "default": default,
                                  "strategies": strategies, "interventions": list(interventions)},
                {"entry": entry, "scenario": entry.scenario, "base": f"/scenarios/{scenario_id}",
                 "tab": "simulate", "parties": parties, "choices": STRATEGY_CHOICES,
                 "figure": figure, "intervene": intervene}, status=status)
