"""The deals page: zone of agreement, frontier and fair deals from :mod:`accord.deals`.

Feature-detected: without an importable ``accord.deals`` the page says it is not available.
The analysis is the one ``accord deals`` prints (``OutcomeSpace.from_scenario`` then
``analyse``, :func:`accord.report.content.deal_analysis`), cached per scenario content, and
drawn by ``report/templates/_deals.html``, the partial the report's deals section uses too.
"""

from __future__ import annotations

from fastapi import APIRouter, Request

from accord.report.charts import deal_utilities_figure
from accord.report.content import deal_analysis
from accord.web.render import render, render_fragment
from accord.web.views.common import cached_analysis, current_scenario, optional_module

router = APIRouter()

#: The most outcomes the deals page enumerates: 10⁷ take about 8 s here.
WEB_MAX_OUTCOMES = 10_000_000


def _available() -> bool:
    return (optional_module("accord.deals.space") is not None
            and optional_module("accord.deals.solutions") is not None)


@router.get("/scenarios/{scenario_id}/deals")
async def deals_page(request: Request, scenario_id: str):
    entry = current_scenario(request, scenario_id)
    available = _available()
    body, error = None, None
    if available:
        def build() -> str:
            from accord.deals.space import OutcomeSpace, check_size

            # a page runs in the server: at most WEB_MAX_OUTCOMES (about 8 s), not the CLI's 10⁸
            check_size(OutcomeSpace.from_scenario(entry.scenario), WEB_MAX_OUTCOMES,
                       "analyse on a page (`accord deals` analyses up to 100,000,000)")
            data = deal_analysis(entry.scenario)
            return render_fragment("_deals.html", analysis=data,
                                   figure=deal_utilities_figure(data))
        body, error = await cached_analysis(request, (entry.content_hash, "deals"), build)
    return render(request, "deals.html", entry=entry, scenario=entry.scenario,
                  base=f"/scenarios/{scenario_id}", tab="deals", available=available,
                  body=body, error=error)
