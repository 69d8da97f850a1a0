"""The what-if page: change some numbers, compare P(agreement), zones and forecasts.

The same computation as ``accord whatif`` (:func:`accord.whatif.whatif`), drawn by
``whatif.html``. A GET form (nothing is stored): ``?set=russia.donbas.red_line=none&set=…``.
Its ``.json`` twin (:mod:`accord.web.pages`) answers the settings and, under ``"whatif"``, what
``accord whatif --format json`` prints.
"""

from __future__ import annotations

from fastapi import APIRouter, Query, Request

from accord.errors import AccordError
from accord.web.pages import Page, page
from accord.web.views.common import check_seed, current_scenario

router = APIRouter()

#: Settings accepted per request (each one reruns nothing by itself, but keeps forms sane).
MAX_SETTINGS = 20


@page(router, "/scenarios/{scenario_id}/whatif")
async def whatif_page(request: Request, scenario_id: str, set: list[str] = Query(default=[]),
                      seed: int = 0):
    from starlette.concurrency import run_in_threadpool

    from accord.whatif import settable_fields, whatif

    seed = check_seed(seed)
    entry = current_scenario(request, scenario_id)
    settings = [line.strip() for item in set for line in item.splitlines() if line.strip()]
    result, error = None, None   # a refused setting answers 422, as every page (docs/web.md)
    if len(settings) > MAX_SETTINGS:
        error = f"{len(settings)} settings; expected at most {MAX_SETTINGS}"
    elif settings:
        try:
            result = await run_in_threadpool(whatif, entry.scenario, settings, seed=seed)
        except AccordError as exc:
            error = str(exc)
    data = {"scenario": scenario_id, "version": entry.version, "settings": settings,
            "seed": seed, "error": error, "fields": settable_fields(),
            "whatif": result.to_dict() if result else None}
    return Page("whatif.html", data, {
        "entry": entry, "scenario": entry.scenario, "base": f"/scenarios/{scenario_id}",
        "tab": "whatif", "result": result}, status=422 if error else 200)
