"""The ensemble page: a Monte Carlo ensemble and a tornado from :mod:`accord.ensemble`.

Feature-detected: without an importable ``accord.ensemble`` the page says it is not available.
``/scenarios/{id}/ensemble?model=&n=&seed=`` is a plain, bookmarkable query: the ensemble is a
pure function of the scenario version, model, size and seed, so a GET may compute it; its
Parquet file goes to ``ensembles/`` in the data directory and the page is cached per version.
"""

from __future__ import annotations

import threading

from fastapi import APIRouter, Request

from accord.report.charts import histogram_figure, tornado_figure
from accord.report.content import all_model_names
from accord.web.render import render, render_fragment
from accord.web.views.common import (
    cached_analysis,
    clamp_seed,
    current_scenario,
    optional_module,
    store,
)

router = APIRouter()

# A page request runs in the server process (inline executor): keep it to seconds.
MAX_VARIANTS = 20_000
# One ensemble at a time: two requests for the same one must not write the same file at once,
# and two different ones would only share the same cores.
_RUNNING = threading.Lock()


def _models() -> list[str]:
    names = all_model_names()
    if optional_module("accord.deals.solutions") is not None:
        from accord.ensemble import DEAL_MODEL

        names.append(DEAL_MODEL)
    return names


def ensemble_content(scenario, content_hash: str, model: str, n: int, seed: int, out) -> dict:
    from accord.ensemble import DEAL_MODEL, run_ensemble
    from accord.ensemble.sensitivity import sensitivity
    from accord.whether.agreement import whether_record

    result = run_ensemble(scenario, model, n, seed=seed, executor="inline", out=out,
                          name=f"{scenario.id}-{content_hash[:12]}-{model}-n{n}-seed{seed}",
                          whether=None if model == DEAL_MODEL else whether_record(scenario, seed))
    summary = result.summary
    tornado = sensitivity(scenario, model, sobol_n=0, seed=seed)
    figures = []
    for output in summary["outputs"]:
        rows = tornado["tornado"].get(output["output"], [])
        figures.append({"output": output,
                        "histogram": histogram_figure(output),
                        "tornado": tornado_figure(output["output"],
                                                  tornado["base"].get(output["output"]), rows)
                        if rows else None})
    return {"summary": summary, "figures": figures}


@router.get("/scenarios/{scenario_id}/ensemble")
async def ensemble_page(request: Request, scenario_id: str, model: str = "compromise",
                        n: int = 2000, seed: int = 0):
    entry = current_scenario(request, scenario_id)
    available = optional_module("accord.ensemble") is not None
    n = max(10, min(n, MAX_VARIANTS))
    seed = clamp_seed(seed)
    body, error, models = None, None, []
    if available:
        models = _models()
        if model not in models:
            error = f"unknown model {model!r}; expected one of: {', '.join(models)}"
        else:
            out = store(request).data_dir / "ensembles"

            def build() -> str:
                with _RUNNING:
                    content = ensemble_content(entry.scenario, entry.content_hash, model, n,
                                               seed, out)
                return render_fragment("partials/ensemble_body.html", **content)
            body, error = await cached_analysis(
                request, (entry.content_hash, "ensemble", model, n, seed), build)
    return render(request, "ensemble.html", entry=entry, scenario=entry.scenario,
                  base=f"/scenarios/{scenario_id}", tab="ensemble", available=available,
                  body=body, error=error, models=models, model=model, n=n, seed=seed,
                  max_variants=MAX_VARIANTS)
