"""Scenario pages: the list of scenarios and one scenario (its summary, its numbers, its YAML).

Importing a file is :mod:`accord.web.views.imports`, the evidence behind a number
:mod:`accord.web.views.evidence`, and in-place edits :mod:`accord.web.views.edit`. Each page has
its ``.json`` twin (:mod:`accord.web.pages`).
"""

from __future__ import annotations

from fastapi import APIRouter, Request

from accord.store import scenarios as stored
from accord.web.pages import Page, page
from accord.web.render import render_fragment
from accord.web.views.common import current_scenario, forecast_async, store, summary_of

router = APIRouter()


def scenario_rows(request: Request) -> list[dict]:
    with store(request).connection() as conn:
        return stored.list_all(conn)


@page(router, "/scenarios")
def scenario_list(request: Request):
    return Page("scenarios.html", {"scenarios": scenario_rows(request)},
                {"rows": scenario_rows(request), "error": None, "imported": None})


def version_data(entry, history: list[dict]) -> dict:
    """The version shown and the versions table: what an edit or import makes stale."""
    return {"id": entry.scenario.id, "version": entry.version, "content_hash": entry.content_hash,
            "origin": entry.origin, "versions": history}


@page(router, "/scenarios/{scenario_id}")
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
    summary = summary_of(content)
    data = {**version_data(entry, history), "summary": summary,
            "forecast": content.result, "model_errors": content.errors,
            "scenario": entry.scenario.model_dump(mode="json", exclude_none=True)}
    return Page("scenario.html", data, {
        "entry": entry, "scenario": entry.scenario, "base": base, "tab": "overview",
        "result": content.result, "history": history, "scenario_body": body})


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
