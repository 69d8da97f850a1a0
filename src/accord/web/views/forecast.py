"""The forecast page (every registered model, charts per issue) and storing a run."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from markupsafe import Markup

from accord.report.charts import issue_figures
from accord.store import runs as stored_runs
from accord.store import scenarios as stored
from accord.web.render import render, render_fragment
from accord.web.views.common import (NoForecast, clamp_seed, current_scenario, forecast_async,
                                     store)

router = APIRouter()


@router.get("/scenarios/{scenario_id}/forecast")
async def forecast_page(request: Request, scenario_id: str, seed: int = 0):
    seed = clamp_seed(seed)
    entry = current_scenario(request, scenario_id)
    content = await forecast_async(request, entry, seed)
    if isinstance(content, NoForecast):
        body = Markup('<p class="error" id="no-forecast">{}</p>').format(content.message)
    else:
        body = request.app.state.forecasts.fragment(
            (entry.content_hash, seed, "forecast"),
            lambda: render_fragment("_forecast.html", scenario=entry.scenario,
                                    errors=content.errors,
                                    figures=issue_figures(entry.scenario, content.result)))
    return render(request, "forecast.html", entry=entry, scenario=entry.scenario,
                  base=f"/scenarios/{scenario_id}", tab="forecast", seed=seed,
                  result=content.result, forecast_body=body)


@router.post("/scenarios/{scenario_id}/runs")
def store_run(request: Request, scenario_id: str, version: int = Form(...),
              seed: int = Form(0)):
    """Run every registered model on the version the page showed and keep the result."""
    seed = clamp_seed(seed)
    with store(request).connection() as conn:
        entry = stored.resolve_version(conn, scenario_id, version)
        content = request.app.state.forecasts.get(entry.scenario, entry.content_hash, seed)
        run_id = stored_runs.save_forecast_run(conn, content.forecast, scenario_version=version,
                                               models=content.models)
    return RedirectResponse(f"/runs/{run_id}", status_code=303)
