"""Analysis pages beside the forecast: why (explain), trades, the war fallback, sensitivity.

Each computes through the library (the contexts of :mod:`accord.context`), is cached per
scenario version and parameters, and has its ``.json`` twin.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request

from accord.web.pages import Page, page
from accord.web.views.common import bounded, cached_value, check_seed, current_scenario, one_of

router = APIRouter()

#: Bounds of the Sobol design the sensitivity page runs in the server process.
MAX_SOBOL_N = 4096
MAX_TOP = 10
MAX_TRADES = 50
VARIANTS = ("equal-gain", "random-rate")


def _tab(entry, tab: str) -> dict:
    return {"entry": entry, "scenario": entry.scenario,
            "base": f"/scenarios/{entry.scenario.id}", "tab": tab}


def _model_names() -> list[str]:
    from accord.report.content import all_model_names

    return all_model_names()


def _unknown(model: str, models: list[str]) -> str | None:
    """The page's message for a model that is not registered, else None."""
    return None if model in models else \
        f"unknown model {model!r}; expected one of: {', '.join(models)}"


@page(router, "/scenarios/{scenario_id}/explain")
async def explain_page(request: Request, scenario_id: str, model: str = "eum",
                       round: int = 1, top: int = 5):
    """Why a model lands where it does (:func:`accord.explain`), in the scenario's words."""
    from accord.api import explain
    from accord.context.explain import explain_context

    top = bounded("top", top, 1, MAX_TOP)
    if round < 1:   # the page showed "--round 0: …", the CLI's flag, with a 200
        raise HTTPException(422, f"round = {round} is below 1; expected a whole number from 1 "
                                 "(the first round of offers) to the rounds the model ran")
    entry = current_scenario(request, scenario_id)
    models = _model_names()
    data, error = None, _unknown(model, models)
    if error is None:
        data, error = await cached_value(
            request, (entry.content_hash, "explain", model, round, top),
            lambda: explain_context(entry.scenario, explain(entry.scenario, model, round,
                                                            top=top)))
    # the model is known and the scenario valid, so a refusal (a round the run does not have,
    # round=9999) is the parameters' fault, as on the simulation page: a 4xx, not a page that
    # looks fine
    status = 422 if error else 200
    return Page("explain.html", {"explain": data, "error": error, "model": model,
                                 "round": round, "top": top},
                {**_tab(entry, "explain"), "models": models}, status=status)


@page(router, "/scenarios/{scenario_id}/trades")
async def trades_page(request: Request, scenario_id: str, variant: str = "equal-gain",
                      top: int = 10, seed: int = 0):
    """Stokman's most profitable trades of positions (what ``accord trades`` lists)."""
    from accord.context.analyses import trades_context

    variant = one_of("variant", variant, VARIANTS)
    top, seed = bounded("top", top, 1, MAX_TRADES), check_seed(seed)
    entry = current_scenario(request, scenario_id)
    data, error = await cached_value(request, (entry.content_hash, "trades", variant, top, seed),
                                     lambda: trades_context(entry.scenario, variant, top, seed))
    return Page("trades.html", {**(data or {}), "error": error, "variant": variant, "top": top,
                                "seed": seed}, _tab(entry, "trades"))


def _war_query(request: Request) -> tuple[dict[str, float], list[str]]:
    """The calculator's numbers, and a message per field that is not a number (it was left
    out without a word, so the model it belongs to silently showed nothing)."""
    out, problems = {}, []
    for key in ("p", "cost_a", "cost_b", "q_a", "q_b", "c_a", "c_b", "discount", "p_a", "p_b"):
        raw = request.query_params.get(key, "").strip()
        if raw:
            try:
                out[key] = float(raw)
            except ValueError:
                problems.append(f"{key}: {raw!r} is not a number; expected a real number")
    return out, problems


@page(router, "/scenarios/{scenario_id}/war")
async def war_page(request: Request, scenario_id: str):
    """What no deal is worth to each party under each fallback rule, and the war models'
    calculator (``accord war fearon|attrition|optimism``)."""
    from accord.context.analyses import war_context, war_models

    entry = current_scenario(request, scenario_id)
    data, error = await cached_value(request, (entry.content_hash, "war"),
                                     lambda: war_context(entry.scenario))
    query, query_errors = _war_query(request)
    models = war_models(query)
    # a number that is not one, or one a model refuses (a NaN cost, p = 2), is the parameters'
    # fault: 422 with the message, as every other page (docs/web.md), not a 200 that looks fine
    refused = bool(query_errors) or any("error" in m for m in models)
    return Page("war.html", {**(data or {}), "error": error, "query": query,
                             "query_errors": query_errors, "models": models},
                _tab(entry, "war"), status=422 if refused else 200)


@page(router, "/scenarios/{scenario_id}/sensitivity")
async def sensitivity_page(request: Request, scenario_id: str, model: str = "compromise",
                           sobol_n: int = 512, top: int = 5, seed: int = 0):
    """Which inputs move each forecast: the tornado and Sobol indices (``accord
    sensitivity``), N bounded to keep the page to seconds."""
    from accord.context.analyses import sensitivity_context
    from accord.report.charts import tornado_figure

    sobol_n = bounded("sobol_n", sobol_n, 0, MAX_SOBOL_N,
                      " on a page, 0 for the tornado alone (`accord sensitivity` runs up to "
                      "100,000)")
    top, seed = bounded("top", top, 1, MAX_TOP), check_seed(seed)
    entry = current_scenario(request, scenario_id)
    models = _model_names()
    data, error = None, _unknown(model, models)
    status = 422 if error else 200
    if error is None:
        data, error = await cached_value(
            request, (entry.content_hash, "sensitivity", model, sobol_n, top, seed),
            lambda: sensitivity_context(entry.scenario, model, sobol_n, top, seed))
    figures = []
    if data:
        figures = [tornado_figure(name, data["base"].get(name), rows, labels=data["labels"])
                   for name, rows in data["tornado"].items()]
    return Page("sensitivity.html", {"sensitivity": data, "error": error, "model": model,
                                     "sobol_n": sobol_n, "top": top, "seed": seed,
                                     "max_sobol_n": MAX_SOBOL_N},
                {**_tab(entry, "sensitivity"), "models": models, "figures": figures},
                status=status)
