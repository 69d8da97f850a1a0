"""Stored runs: the list, one run (reopened from its stored JSON), its JSON, a comparison."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from accord.errors import AccordError
from accord.report.charts import issue_figures
from accord.store import runs as stored_runs
from accord.store import scenarios as stored
from accord.web.render import render
from accord.web.views.common import store

router = APIRouter()


def _run(request: Request, run_id: int):
    with store(request).connection() as conn:
        run = stored_runs.get_run(conn, run_id)
    if run is None:
        raise HTTPException(404, f"no stored run {run_id}")
    return run


@router.get("/runs")
def run_list(request: Request, scenario: str | None = None):
    with store(request).connection() as conn:
        runs = stored_runs.list_runs(conn, scenario_id=scenario or None)
    return render(request, "runs.html", runs=runs, scenario=scenario)


@router.get("/runs/compare")
def run_compare(request: Request, a: int, b: int):
    run_a, run_b = _run(request, a), _run(request, b)
    return render(request, "compare.html", a=run_a, b=run_b,
                  rows=stored_runs.compare_runs(run_a, run_b))


@router.get("/runs/{run_id}.json")
def run_json(request: Request, run_id: int):
    """The run's result exactly as it was produced (same bytes)."""
    run = _run(request, run_id)
    return Response(run.result.encode("utf-8"), media_type="application/json",
                    headers={"Content-Disposition": f'inline; filename="run-{run_id}.json"'})


@router.get("/runs/{run_id}")
def run_page(request: Request, run_id: int):
    run = _run(request, run_id)
    result = run.data()
    scenario, note = None, None
    try:
        with store(request).connection() as conn:
            entry = stored.resolve_version(conn, run.scenario_id, run.scenario_version)
        scenario = entry.scenario
        if entry.content_hash != run.scenario_hash:
            note = ("The scenario this run used has changed since (its content hash differs); "
                    "the charts place the actors as they are now.")
    except AccordError as exc:
        note = f"The scenario of this run is not available any more: {exc}"
    figures = issue_figures(scenario, result) if scenario is not None else []
    return render(request, "run.html", run=run, result=result, scenario=scenario, note=note,
                  figures=figures, errors={})
