"""Stored runs: the list, one run (reopened from its stored JSON), a comparison of two runs
with a chart and the inputs that changed between them. Each page has its ``.json`` twin; a
run's twin is its stored bytes."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from accord.errors import AccordError
from accord.report.charts import compare_figure, issue_figures
from accord.store import runs as stored_runs
from accord.store import scenarios as stored
from accord.web.pages import Page, page
from accord.web.views.common import store

router = APIRouter()


def _run(request: Request, run_id: int):
    with store(request).connection() as conn:
        run = stored_runs.get_run(conn, run_id)
    if run is None:
        raise HTTPException(404, f"no stored run {run_id}")
    return run


def _scenario_of(request: Request, run):
    """The scenario version a run used, and a note when it is gone or has changed."""
    try:
        with store(request).connection() as conn:
            entry = stored.resolve_version(conn, run.scenario_id, run.scenario_version)
    except AccordError as exc:
        return None, f"The scenario of run {run.id} is not available any more: {exc}"
    if entry.content_hash != run.scenario_hash:
        return entry.scenario, (f"The scenario run {run.id} used has changed since (its "
                                "content hash differs); names and charts use it as it is now.")
    return entry.scenario, None


def _listing(run) -> dict:
    return {"id": run.id, "kind": run.kind, "scenario": run.scenario_id,
            "version": run.scenario_version, "hash": run.scenario_hash, "models": run.models,
            "seed": run.seed, "accord_version": run.accord_version, "created": run.created}


@page(router, "/runs")
def run_list(request: Request, scenario: str | None = None):
    with store(request).connection() as conn:
        runs = stored_runs.list_runs(conn, scenario_id=scenario or None)
    return Page("runs.html", {"scenario": scenario, "runs": [_listing(r) for r in runs]},
                {"runs": runs})


@page(router, "/runs/compare")
def run_compare(request: Request, a: int, b: int):
    from accord.context.compare import compare_context

    run_a, run_b = _run(request, a), _run(request, b)
    scenario_a, note_a = _scenario_of(request, run_a)
    scenario_b, note_b = _scenario_of(request, run_b)
    data = compare_context(run_a, run_b, stored_runs.compare_runs(run_a, run_b), scenario_a,
                           scenario_b)
    data["notes"] = [n for n in (note_a, note_b) if n]
    # a forecast and an ensemble say different things: each column says what it holds
    data["basis"] = {"a": stored_runs.run_basis(run_a), "b": stored_runs.run_basis(run_b)}
    data["comparable"] = stored_runs.comparable(run_a, run_b, data["rows"])
    figure = compare_figure(data) if any(r["a"] is not None or r["b"] is not None
                                         for r in data["rows"]) else None
    return Page("compare.html", data, {"run_a": run_a, "run_b": run_b, "figure": figure})


@router.get("/runs/{run_id}.json")
def run_json(request: Request, run_id: int):
    """The run's result exactly as it was produced (same bytes)."""
    run = _run(request, run_id)
    return Response(run.result.encode("utf-8"), media_type="application/json",
                    headers={"Content-Disposition": f'inline; filename="run-{run_id}.json"'})


@router.get("/runs/{run_id}")
def run_page(request: Request, run_id: int):
    from accord.web.render import render

    run = _run(request, run_id)
    result = run.data()
    scenario, note = _scenario_of(request, run)
    context: dict = {"run": run, "result": result, "scenario": scenario, "note": note,
                     "errors": {}, "figures": [], "ensemble": None, "summary": None}
    if run.kind == "ensemble":
        if scenario is not None:
            from accord.context.ensemble import ensemble_context

            context["ensemble"] = ensemble_context(scenario, result)
    elif scenario is not None:
        context["figures"] = issue_figures(scenario, result)
        context["summary"] = result.get("summary")
    return render(request, "run.html", json_url=f"/runs/{run_id}.json", **context)
