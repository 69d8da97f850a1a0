"""The ensemble page: a Monte Carlo ensemble and a tornado from :mod:`accord.ensemble`.

Feature-detected: without an importable ``accord.ensemble`` the page says it is not available.
``GET /scenarios/{id}/ensemble?model=&n=&seed=`` shows the form and, when this ensemble of this
scenario version was computed, its result — a GET never computes or writes anything (an
``<img>`` on another site could make a browser request one). Running it is ``POST`` with the
CSRF token; the page then redirects to the GET address, which finds the result in the cache.

A run is bounded: at most :data:`MAX_VARIANTS` variants, in this process, one at a time (a
second is refused with 503 at once rather than queued), stopped after
:data:`accord.web.jobs.MAX_SECONDS` or as soon as the client goes away (it checks between
chunks of :data:`CHUNK` variants). Its Parquet file is written to a private folder under
``DATA/ensemble-runs/`` and removed once summarised, so a page leaves nothing on disk; the
folder is emptied when the workbench starts, after a crash.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from accord.errors import AccordError
from accord.report.charts import histogram_figure, tornado_figure
from accord.report.content import all_model_names
from accord.web.jobs import Cancelled
from accord.web.render import render, render_fragment
from accord.web.views.common import clamp_seed, current_scenario, optional_module, store

router = APIRouter()

#: The most variants a page may ask for: it runs in the server process.
MAX_VARIANTS = 20_000
#: Variants per chunk: how often a run checks whether it should stop.
CHUNK = 1_000
RUNS_FOLDER = "ensemble-runs"


def _models() -> list[str]:
    names = all_model_names()
    if optional_module("accord.deals.solutions") is not None:
        from accord.ensemble import DEAL_MODEL

        names.append(DEAL_MODEL)
    return names


def clear_runs(data_dir: Path) -> None:
    """Remove what runs of an earlier server left (it was killed before cleaning up)."""
    shutil.rmtree(Path(data_dir) / RUNS_FOLDER, ignore_errors=True)


def ensemble_content(scenario, model: str, n: int, seed: int, folder: Path,
                     checkpoint=lambda: None) -> dict:
    """The summary and figures of one ensemble, computed in ``folder`` (removed afterwards)."""
    from accord.ensemble import DEAL_MODEL, run_ensemble
    from accord.ensemble.sensitivity import sensitivity
    from accord.whether.agreement import whether_record

    folder.mkdir(parents=True, exist_ok=True)
    out = Path(tempfile.mkdtemp(dir=folder))
    try:
        result = run_ensemble(scenario, model, n, seed=seed, executor="inline", out=out,
                              chunk_size=CHUNK, journal=False,
                              progress=lambda done, total: checkpoint(),
                              whether=None if model == DEAL_MODEL else
                              whether_record(scenario, seed))
    finally:
        shutil.rmtree(out, ignore_errors=True)
    checkpoint()
    summary = result.summary
    tornado = sensitivity(scenario, model, sobol_n=0, seed=seed)
    checkpoint()
    figures = []
    for output in summary["outputs"]:
        rows = tornado["tornado"].get(output["output"], [])
        figures.append({"output": output,
                        "histogram": histogram_figure(output),
                        "tornado": tornado_figure(output["output"],
                                                  tornado["base"].get(output["output"]), rows)
                        if rows else None})
    return {"summary": summary, "figures": figures}


def _problem(entry, model: str, n: int, models: list[str]) -> str | None:
    """Why this ensemble cannot run, or None (cheap: nothing is drawn)."""
    from accord.ensemble import InputSpace

    if model not in models:
        return f"unknown model {model!r}; expected one of: {', '.join(models)}"
    if not 1 <= n <= MAX_VARIANTS:
        return (f"{n:,} variants: a page runs between 1 and {MAX_VARIANTS:,}; `accord "
                "ensemble` runs more")
    try:
        InputSpace.from_scenario(entry.scenario, require=True)
    except AccordError as exc:
        return str(exc)
    return None


def _key(entry, model: str, n: int, seed: int) -> tuple:
    return (entry.content_hash, "ensemble", model, n, seed, CHUNK)


def _page(request: Request, entry, model: str, n: int, seed: int, *, body=None, error=None,
          status_code: int = 200):
    available = optional_module("accord.ensemble") is not None
    models = _models() if available else []
    if available and error is None and body is None:
        error = _problem(entry, model, n, models)
        if error is None:
            body = request.app.state.forecasts.peek_fragment(_key(entry, model, n, seed))
    return render(request, "ensemble.html", status_code=status_code, entry=entry,
                  scenario=entry.scenario, base=f"/scenarios/{entry.scenario.id}",
                  tab="ensemble", available=available, body=body, error=error, models=models,
                  model=model, n=n, seed=seed, max_variants=MAX_VARIANTS,
                  busy=request.app.state.jobs.busy)


@router.get("/scenarios/{scenario_id}/ensemble")
async def ensemble_page(request: Request, scenario_id: str, model: str = "compromise",
                        n: int = 2000, seed: int = 0):
    entry = current_scenario(request, scenario_id)
    return _page(request, entry, model, n, clamp_seed(seed))


@router.post("/scenarios/{scenario_id}/ensemble")
async def ensemble_run(request: Request, scenario_id: str, model: str = Form("compromise"),
                       n: int = Form(2000), seed: int = Form(0)):
    entry = current_scenario(request, scenario_id)
    seed = clamp_seed(seed)
    if optional_module("accord.ensemble") is None:
        return _page(request, entry, model, n, seed)
    problem = _problem(entry, model, n, _models())
    if problem:
        return _page(request, entry, model, n, seed, error=problem, status_code=422)
    key = _key(entry, model, n, seed)
    cache = request.app.state.forecasts
    if cache.peek_fragment(key) is None:
        folder = store(request).data_dir / RUNS_FOLDER

        def work(checkpoint) -> str:
            content = ensemble_content(entry.scenario, model, n, seed, folder, checkpoint)
            return render_fragment("partials/ensemble_body.html", **content)

        try:
            fragment = await request.app.state.jobs.run(request, work)
        except Cancelled as exc:
            return _page(request, entry, model, n, seed, status_code=503,
                         error=f"The ensemble was stopped: {exc.reason}. Nothing was kept.")
        except AccordError as exc:
            return _page(request, entry, model, n, seed, error=str(exc), status_code=422)
        cache.fragment(key, lambda: fragment)
    query = urlencode({"model": model, "n": n, "seed": seed})
    return RedirectResponse(f"/scenarios/{scenario_id}/ensemble?{query}", status_code=303)
