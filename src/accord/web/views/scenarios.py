"""Scenario pages: the list of scenarios and one scenario (its overview and its YAML).

Importing a file is :mod:`accord.web.views.imports`, the evidence behind a number
:mod:`accord.web.views.evidence`, and in-place edits :mod:`accord.web.views.edit`.
"""

from __future__ import annotations

from fastapi import APIRouter, Request

from accord.store import scenarios as stored
from accord.web.render import render, render_fragment
from accord.web.views.common import current_scenario, forecast_async, store

router = APIRouter()


@router.get("/scenarios")
def scenario_list(request: Request):
    with store(request).connection() as conn:
        rows = stored.list_all(conn)
    return render(request, "scenarios.html", rows=rows, error=None, imported=None)


@router.get("/scenarios/{scenario_id}")
async def scenario_page(request: Request, scenario_id: str):
    entry = current_scenario(request, scenario_id)
    content = await forecast_async(request, entry)
    with store(request).connection() as conn:
        history = stored.versions(conn, scenario_id)
    base = f"/scenarios/{scenario_id}"
    body = request.app.state.forecasts.fragment(
        (entry.content_hash, base, "scenario"),
        lambda: render_fragment("_scenario.html", scenario=entry.scenario, base=base,
                                interactive=True))
    return render(request, "scenario.html", entry=entry, scenario=entry.scenario, base=base,
                  tab="overview", result=content.result, history=history, scenario_body=body)


@router.get("/scenarios/{scenario_id}/scenario.yaml")
def scenario_yaml(request: Request, scenario_id: str):
    """The current version as YAML, the authoring format (what `accord show` reads back)."""
    from fastapi.responses import Response

    from accord.scenario.io.yaml import scenario_to_yaml_text

    entry = current_scenario(request, scenario_id)
    name = f"{scenario_id}-v{entry.version}.yaml"
    return Response(scenario_to_yaml_text(entry.scenario).encode("utf-8"),
                    media_type="application/yaml; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
