"""The ensemble page: a Monte Carlo ensemble with its progress, a tornado, storing it as a run.

Feature-detected: without an importable ``accord.ensemble`` the page says it is not available.
``GET /scenarios/{id}/ensemble?model=&n=&seed=`` shows the form and, when this ensemble of this
scenario version was run, its result (and its ``.json`` twin) — a GET never computes or writes
anything (an ``<img>`` on another site could make a browser request one). Running it is
``POST`` with the CSRF token, like every form: the request runs the ensemble and answers with
its result (HTMX, which then shows the GET address) or a redirect to the GET address. While it
runs, the page polls ``…/ensemble/progress`` for a progress bar (``accord.js``).
``POST …/ensemble/runs`` keeps a finished result as a stored run.

A run is bounded: between 1 and :data:`MAX_VARIANTS` variants (a GET's form states the cap; a
POST outside it is refused), in this process, one at a time (a second is refused with 503 at
once rather than queued), stopped after :data:`accord.web.jobs.MAX_SECONDS` or as soon as the
client goes away (it checks between chunks of :data:`CHUNK` variants). Its Parquet file is
written to a private folder under ``DATA/ensemble-runs/`` and removed once summarised, so a
page leaves nothing on disk — a stored run keeps the summary, ``accord ensemble`` keeps the
variants; the folder is emptied when the workbench starts, after a crash.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlencode

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from markupsafe import Markup

from accord.errors import AccordError
from accord.report.charts import histogram_figure, tornado_figure
from accord.report.content import all_model_names
from accord.web.jobs import Busy, Cancelled
from accord.web.pages import Page, page, render_page
from accord.web.render import is_htmx, render, render_fragment
from accord.web.views.common import (bounded, check_seed, current_scenario, one_of,
                                     optional_module, store)

router = APIRouter()

#: The largest ensemble the workbench runs (in the server process): seconds, not minutes.
#: ``accord ensemble`` runs up to :data:`accord.ensemble.MAX_VARIANTS`.
MAX_VARIANTS = 20_000
MIN_VARIANTS = 1
#: Variants per chunk: how often a run reports its progress and checks whether it should stop.
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
                     checkpoint=lambda done=None, total=None: None) -> dict:
    """The ensemble's summary in the scenario's words, with its charts and the tornado,
    computed in a private folder under ``folder`` (removed afterwards). ``checkpoint(done,
    total)`` is called after each chunk (:class:`accord.web.jobs.Jobs`). Except for the deal
    solver, the run carries the scenario's whether (P(agreement by the horizon)), which the
    outcome classes are read with."""
    from accord.context.ensemble import ensemble_context
    from accord.context.names import input_label
    from accord.ensemble import DEAL_MODEL, run_ensemble
    from accord.ensemble.sensitivity import sensitivity
    from accord.whether.agreement import whether_record

    folder.mkdir(parents=True, exist_ok=True)
    out = Path(tempfile.mkdtemp(dir=folder))
    try:
        result = run_ensemble(scenario, model, n, seed=seed, executor="inline", out=out,
                              chunk_size=CHUNK, journal=False, progress=checkpoint,
                              whether=None if model == DEAL_MODEL else
                              whether_record(scenario, seed))
    finally:
        shutil.rmtree(out, ignore_errors=True)
    checkpoint()
    context = ensemble_context(scenario, result.summary)
    tornado = sensitivity(scenario, model, sobol_n=0, seed=seed)
    checkpoint()
    labels = {x["name"]: input_label(scenario, x["name"]) for x in result.summary["inputs"]}
    figures = []
    for output in context["outputs_named"]:
        rows = tornado["tornado"].get(output["output"], [])
        labels[output["output"]] = output["label"]
        figures.append({"output": output,
                        "histogram": histogram_figure(output, output["label"]),
                        "tornado": tornado_figure(output["output"],
                                                  tornado["base"].get(output["output"]), rows,
                                                  labels=labels) if rows else None})
    return {"summary": result.summary, "context": context, "figures": figures,
            "elapsed": result.elapsed}


def _ask(model: str, n: int, seed: int) -> tuple[str, int, int, str | None]:
    """A GET's model, size and seed for the form, and a note when n was capped: the page
    states the cap and shows the form at it (documented in docs/web.md; a POST outside the
    bounds is refused: :func:`_problem`). A seed outside [0, MAX_SEED] is refused (422)."""
    note = None
    if n > MAX_VARIANTS:
        note = (f"{n:,} variants asked; the workbench runs at most {MAX_VARIANTS:,} "
                f"(`accord ensemble -n {n}` runs more), so this is {MAX_VARIANTS:,}.")
    elif n < MIN_VARIANTS:
        note = f"{n:,} variants asked; an ensemble here has at least {MIN_VARIANTS}."
    return model, max(MIN_VARIANTS, min(n, MAX_VARIANTS)), check_seed(seed), note


def _problem(entry, model: str, n: int, models: list[str]) -> str | None:
    """Why this ensemble cannot run, or None (cheap: nothing is drawn)."""
    from accord.ensemble import InputSpace

    if model not in models:
        return f"unknown model {model!r}; expected one of: {', '.join(models)}"
    if not MIN_VARIANTS <= n <= MAX_VARIANTS:
        return (f"{n:,} variants: a page runs between {MIN_VARIANTS:,} and {MAX_VARIANTS:,}; "
                "`accord ensemble` runs more")
    try:
        InputSpace.from_scenario(entry.scenario, require=True)
    except AccordError as exc:
        return str(exc)
    return None


def _key(entry, model: str, n: int, seed: int) -> tuple:
    return (entry.content_hash, "ensemble", model, n, seed, CHUNK)


def _query(model: str, n: int, seed: int) -> str:
    return urlencode({"model": model, "n": n, "seed": seed})


def _fragment(request: Request, entry, job, model: str, n: int, seed: int):
    """The progress bar while the job runs, its error if it failed, the result when done."""
    if job is None:
        return None
    common = {"base": f"/scenarios/{entry.scenario.id}", "entry": entry, "model": model,
              "n": n, "seed": seed, "query": _query(model, n, seed)}
    if not job.finished.is_set() or job.error:
        return Markup(render_fragment("partials/ensemble_progress.html", job=job, **common))
    from accord.web import csrf

    # Not cached: the store-run form carries this reader's CSRF token.
    return Markup(render_fragment("partials/ensemble_body.html", **job.result, **common,
                                  csrf_token=csrf.token_for(request), csrf_field=csrf.FIELD))


def _page(request: Request, entry, model: str, n: int, seed: int, note: str | None = None,
          error: str | None = None, status: int = 200) -> Page:
    available = optional_module("accord.ensemble") is not None
    models, body, job = [], None, None
    if available:
        models = _models()
        error = error or _problem(entry, model, n, models)
        if error is None:
            job = request.app.state.jobs.get(_key(entry, model, n, seed))
            body = _fragment(request, entry, job, model, n, seed)
    state = "not run" if job is None else (
        "failed" if job.error else "finished" if job.finished.is_set() else "running")
    data = {"scenario": entry.scenario.id, "version": entry.version, "model": model, "n": n,
            "seed": seed, "max_variants": MAX_VARIANTS, "note": note, "status": state,
            "progress": job.status() if job else None, "error": error or (job and job.error),
            "ensemble": job.result["context"] if job is not None and job.result else None}
    base = f"/scenarios/{entry.scenario.id}"
    return Page("ensemble.html", data, {
        "entry": entry, "scenario": entry.scenario, "base": base, "tab": "ensemble",
        "available": available, "body": body, "models": models, "error": error,
        "busy": request.app.state.jobs.busy, "query": _query(model, n, seed)}, status=status)


@page(router, "/scenarios/{scenario_id}/ensemble")
async def ensemble_page(request: Request, scenario_id: str, model: str = "compromise",
                        n: int = 2000, seed: int = 0):
    entry = current_scenario(request, scenario_id)
    model, n, seed, note = _ask(model, n, seed)
    # an unknown model is the query's fault: 422 as on the other pages (it was 200 with the
    # refusal on the page); a scenario with nothing to vary stays a page that says so
    unknown = optional_module("accord.ensemble") is not None and model not in _models()
    return _page(request, entry, model, n, seed, note, status=422 if unknown else 200)


def _refused(request: Request, entry, model: str, n: int, seed: int, error: str, status: int,
             headers: dict[str, str] | None = None):
    """The page (or, for HTMX, the result slot) saying why the ensemble did not run."""
    if is_htmx(request):
        return render(request, "partials/ensemble_slot.html", status_code=status,
                      headers=headers, body=Markup('<p class="error">{}</p>').format(error))
    response = render_page(request, _page(request, entry, model, n, seed, error=error,
                                          status=status))
    response.headers.update(headers or {})
    return response


@router.post("/scenarios/{scenario_id}/ensemble")
async def ensemble_run(request: Request, scenario_id: str, model: str = Form("compromise"),
                       n: int = Form(2000), seed: int = Form(0)):
    """Run the ensemble (CSRF-checked like every form), unless this one has already run."""
    seed = check_seed(seed)
    entry = current_scenario(request, scenario_id)
    if optional_module("accord.ensemble") is None:
        return render_page(request, _page(request, entry, model, n, seed))
    problem = _problem(entry, model, n, _models())
    if problem:
        return _refused(request, entry, model, n, seed, problem, 422)
    jobs, key = request.app.state.jobs, _key(entry, model, n, seed)
    job = jobs.get(key)
    if job is None or job.error or not job.finished.is_set():
        folder = store(request).data_dir / RUNS_FOLDER
        scenario = entry.scenario

        def work(checkpoint) -> dict:
            return ensemble_content(scenario, model, n, seed, folder, checkpoint)

        try:
            await jobs.run(request, work, key=key)
        except Busy as exc:
            return _refused(request, entry, model, n, seed, exc.detail, 503, exc.headers)
        except Cancelled as exc:
            return _refused(request, entry, model, n, seed, f"The ensemble was stopped: "
                            f"{exc.reason}. Nothing was kept.", 503)
        except AccordError as exc:
            return _refused(request, entry, model, n, seed, str(exc), 422)
    address = f"/scenarios/{scenario_id}/ensemble?{_query(model, n, seed)}"
    if not is_htmx(request):
        return RedirectResponse(address, status_code=303)
    return render(request, "partials/ensemble_slot.html", headers={"HX-Push-Url": address},
                  body=_fragment(request, entry, jobs.get(key), model, n, seed))


@router.get("/scenarios/{scenario_id}/ensemble/progress")
def ensemble_progress(request: Request, scenario_id: str, model: str = "compromise",
                      n: int = 2000, seed: int = 0):
    """How far the running ensemble is (the page polls this while its POST runs), or its
    result once it finished. Before the POST has started it, a waiting line that polls."""
    # the page polls with the n its POST ran; another n would silently show that one's job
    n, seed = bounded("n", n, MIN_VARIANTS, MAX_VARIANTS), check_seed(seed)
    model = one_of("model", model, _models())  # an unknown one polled "Starting…" for ever
    entry = current_scenario(request, scenario_id)
    job = request.app.state.jobs.get(_key(entry, model, n, seed))
    if job is None:
        return HTMLResponse(render_fragment(
            "partials/ensemble_progress.html", job=None, base=f"/scenarios/{scenario_id}",
            model=model, n=n, seed=seed, query=_query(model, n, seed)))
    return HTMLResponse(str(_fragment(request, entry, job, model, n, seed)))


@router.post("/scenarios/{scenario_id}/ensemble/runs")
def ensemble_store(request: Request, scenario_id: str, version: int = Form(...),
                   model: str = Form(...), n: int = Form(...), seed: int = Form(0)):
    """Keep a finished ensemble of the version the page showed as a stored run."""
    from accord.store import runs as stored_runs
    from accord.store import scenarios as stored

    with store(request).connection() as conn:
        entry = stored.resolve_version(conn, scenario_id, version)
    seed = check_seed(seed)
    job = request.app.state.jobs.get(_key(entry, model, n, seed))
    if job is None or not job.finished.is_set() or job.error:
        raise HTTPException(409, "this ensemble has not finished; run it, then store it")
    with store(request).connection() as conn:
        run_id = stored_runs.save_ensemble_run(conn, job.result["summary"],
                                               scenario_id=scenario_id, scenario_version=version)
    return RedirectResponse(f"/runs/{run_id}", status_code=303)
