"""The forecast page (every registered model, charts per issue) and storing a run."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from markupsafe import Markup

from accord.report.charts import issue_figures
from accord.store import runs as stored_runs
from accord.store import scenarios as stored
from accord.web.pages import Page, page
from accord.web.render import render_fragment
from accord.web.views.common import (NoForecast, check_seed, current_scenario, forecast_async,
                                     store, summary_of)

router = APIRouter()


@page(router, "/scenarios/{scenario_id}/forecast")
async def forecast_page(request: Request, scenario_id: str, seed: int = 0):
    """The summary, then every model per issue with its charts; the twin is what ``accord
    forecast --format json`` prints (with the summary)."""
    seed = check_seed(seed)
    entry = current_scenario(request, scenario_id)
    content = await forecast_async(request, entry, seed)
    if isinstance(content, NoForecast):
        body = Markup('<p class="error" id="no-forecast">{}</p>').format(content.message)
    else:
        body = request.app.state.forecasts.fragment(
            (entry.content_hash, seed, "forecast"),
            lambda: render_fragment("_forecast.html", scenario=entry.scenario,
                                    errors=content.errors,
                                    figures=issue_figures(entry.scenario, content.result),
                                    rounds_open=True))
    data = {**content.result, "summary": summary_of(content),
            "model_errors": content.errors, "version": entry.version}
    return Page("forecast.html", data, {
        "entry": entry, "scenario": entry.scenario, "base": f"/scenarios/{scenario_id}",
        "tab": "forecast", "seed": seed, "result": content.result, "forecast_body": body})


@router.post("/scenarios/{scenario_id}/runs")
def store_run(request: Request, scenario_id: str, version: int = Form(...),
              seed: int = Form(0)):
    """Run every registered model on the version the page showed and keep the result (what
    ``accord forecast -f json`` prints: the forecast with its summary)."""
    from accord.context.forecast import forecast_json

    seed = check_seed(seed)
    with store(request).connection() as conn:
        entry = stored.resolve_version(conn, scenario_id, version)
        content = request.app.state.forecasts.get(entry.scenario, entry.content_hash, seed)
        run_id = stored_runs.save_forecast_run(conn, content.forecast, scenario_version=version,
                                               models=content.models,
                                               result=forecast_json(content.forecast))
    return RedirectResponse(f"/runs/{run_id}", status_code=303)
