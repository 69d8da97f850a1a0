"""The ensemble page: a Monte Carlo ensemble with its progress, a tornado, storing it as a run.

Feature-detected: without an importable ``accord.ensemble`` the page says it is not available.
``GET /scenarios/{id}/ensemble?model=&n=&seed=`` shows the form and, once run, the result (and
its ``.json`` twin); ``POST`` to the same address starts the ensemble in the background
(CSRF-checked, like every form), and the page polls ``…/ensemble/progress`` for a progress bar
until the result replaces it. ``POST …/ensemble/runs`` keeps the result as a stored run.

The variants are written to a temporary folder and removed once summarised: the page shows the
summary, and a stored run keeps it; ``accord ensemble`` keeps the Parquet file of variants.
"""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from accord.report.charts import histogram_figure, tornado_figure
from accord.report.content import all_model_names
from accord.web.pages import Page, page
from accord.web.render import is_htmx, render, render_fragment
from accord.web.views.common import clamp_seed, current_scenario, optional_module, store

router = APIRouter()

#: The largest ensemble the workbench runs (in the server process): seconds, not minutes.
#: ``accord ensemble`` has no such limit.
MAX_VARIANTS = 20_000
MIN_VARIANTS = 10


def _models() -> list[str]:
    names = all_model_names()
    if optional_module("accord.deals.solutions") is not None:
        from accord.ensemble import DEAL_MODEL

        names.append(DEAL_MODEL)
    return names


def ensemble_content(scenario, model: str, n: int, seed: int, progress=None) -> dict:
    """The ensemble's summary in the scenario's words, with its charts and the tornado."""
    import tempfile

    from accord.context.ensemble import ensemble_context
    from accord.context.names import input_label
    from accord.ensemble import run_ensemble
    from accord.ensemble.sensitivity import sensitivity

    with tempfile.TemporaryDirectory(prefix="accord-web-ensemble-") as tmp:
        result = run_ensemble(scenario, model, n, seed=seed, executor="inline", out=tmp,
                              progress=progress)
    context = ensemble_context(scenario, result.summary)
    tornado = sensitivity(scenario, model, sobol_n=0, seed=seed)
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
    """The request's model, size and seed within bounds, and a note when n was capped."""
    note = None
    if n > MAX_VARIANTS:
        note = (f"{n:,} variants asked; the workbench runs at most {MAX_VARIANTS:,} "
                f"(`accord ensemble -n {n}` runs any size), so this is {MAX_VARIANTS:,}.")
    elif n < MIN_VARIANTS:
        note = f"{n:,} variants asked; an ensemble here has at least {MIN_VARIANTS}."
    return model, max(MIN_VARIANTS, min(n, MAX_VARIANTS)), clamp_seed(seed), note


def _key(entry, model: str, n: int, seed: int) -> tuple:
    return (entry.content_hash, "ensemble", model, n, seed)


def _query(model: str, n: int, seed: int) -> str:
    from urllib.parse import urlencode

    return urlencode({"model": model, "n": n, "seed": seed})


def _fragment(request: Request, entry, job, model: str, n: int, seed: int):
    """The progress bar while the job runs, the result when it is done."""
    base = f"/scenarios/{entry.scenario.id}"
    common = {"base": base, "entry": entry, "model": model, "n": n, "seed": seed,
              "query": _query(model, n, seed)}
    if job is None:
        return None
    from markupsafe import Markup

    if not job.finished.is_set() or job.error:
        return Markup(render_fragment("partials/ensemble_progress.html", job=job, **common))
    from accord.web import csrf

    # Not cached: the store-run form carries this reader's CSRF token.
    return Markup(render_fragment("partials/ensemble_body.html", **job.result, **common,
                                  csrf_token=csrf.token_for(request), csrf_field=csrf.FIELD))


@page(router, "/scenarios/{scenario_id}/ensemble")
async def ensemble_page(request: Request, scenario_id: str, model: str = "compromise",
                        n: int = 2000, seed: int = 0):
    entry = current_scenario(request, scenario_id)
    available = optional_module("accord.ensemble") is not None
    model, n, seed, note = _ask(model, n, seed)
    models, error, body, job = [], None, None, None
    if available:
        models = _models()
        if model not in models:
            error = f"unknown model {model!r}; expected one of: {', '.join(models)}"
        else:
            job = request.app.state.jobs.get(_key(entry, model, n, seed))
            body = _fragment(request, entry, job, model, n, seed)
    status = "not run" if job is None else (
        "failed" if job.error else "finished" if job.finished.is_set() else "running")
    data = {"scenario": scenario_id, "version": entry.version, "model": model, "n": n,
            "seed": seed, "max_variants": MAX_VARIANTS, "note": note, "status": status,
            "progress": job.status() if job else None, "error": error or (job and job.error),
            "ensemble": job.result["context"] if job is not None and job.result else None}
    return Page("ensemble.html", data, {
        "entry": entry, "scenario": entry.scenario, "base": f"/scenarios/{scenario_id}",
        "tab": "ensemble", "available": available, "body": body, "models": models,
        "query": _query(model, n, seed)})


@router.post("/scenarios/{scenario_id}/ensemble")
def ensemble_start(request: Request, scenario_id: str, model: str = Form("compromise"),
                   n: int = Form(2000), seed: int = Form(0)):
    """Start the ensemble (or join the one running); HTMX gets the progress bar."""
    entry = current_scenario(request, scenario_id)
    model, n, seed, note = _ask(model, n, seed)
    if model not in _models():
        from fastapi import HTTPException

        raise HTTPException(422, f"unknown model {model!r}; expected one of: "
                                 f"{', '.join(_models())}")
    scenario = entry.scenario
    job = request.app.state.jobs.start(
        _key(entry, model, n, seed),
        lambda progress: ensemble_content(scenario, model, n, seed, progress))
    if not is_htmx(request):
        return RedirectResponse(f"/scenarios/{scenario_id}/ensemble?{_query(model, n, seed)}",
                                status_code=303)
    body = _fragment(request, entry, job, model, n, seed)
    return render(request, "partials/ensemble_slot.html", body=body, note=note)


@router.get("/scenarios/{scenario_id}/ensemble/progress")
def ensemble_progress(request: Request, scenario_id: str, model: str = "compromise",
                      n: int = 2000, seed: int = 0):
    entry = current_scenario(request, scenario_id)
    model, n, seed, _ = _ask(model, n, seed)
    job = request.app.state.jobs.get(_key(entry, model, n, seed))
    from fastapi.responses import HTMLResponse

    if job is None:
        return HTMLResponse('<div id="ensemble-result"><p class="muted">Not run yet.</p></div>')
    return HTMLResponse(str(_fragment(request, entry, job, model, n, seed)))


@router.post("/scenarios/{scenario_id}/ensemble/runs")
def ensemble_store(request: Request, scenario_id: str, version: int = Form(...),
                   model: str = Form(...), n: int = Form(...), seed: int = Form(0)):
    """Keep a finished ensemble of the version the page showed as a stored run."""
    from fastapi import HTTPException

    from accord.store import runs as stored_runs
    from accord.store import scenarios as stored

    with store(request).connection() as conn:
        entry = stored.resolve_version(conn, scenario_id, version)
    model, n, seed, _ = _ask(model, n, seed)
    job = request.app.state.jobs.get(_key(entry, model, n, seed))
    if job is None or not job.finished.is_set() or job.error:
        raise HTTPException(409, "this ensemble has not finished; run it, then store it")
    with store(request).connection() as conn:
        run_id = stored_runs.save_ensemble_run(conn, job.result["summary"],
                                               scenario_id=scenario_id, scenario_version=version)
    return RedirectResponse(f"/runs/{run_id}", status_code=303)
