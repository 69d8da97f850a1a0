"""The deals page: zone of agreement, frontier and fair deals from :mod:`accord.deals`.

Feature-detected: without an importable ``accord.deals`` the page says it is not available.
The analysis is the one ``accord deals`` prints (:func:`accord.deals.summary.deal_summary`,
through :func:`accord.report.content.deal_analysis`), cached per scenario content, drawn by
``report/templates/_deals.html`` (the report's deals section) and served as the ``.json`` twin.
"""

from __future__ import annotations

from fastapi import APIRouter, Request

from accord.report.charts import deal_utilities_figure
from accord.report.content import deal_analysis
from accord.web.pages import Page, page
from accord.web.render import render_fragment
from accord.web.views.common import cached_value, current_scenario, optional_module

router = APIRouter()

#: The most outcomes the deals page enumerates: 10⁷ take about 8 s here.
WEB_MAX_OUTCOMES = 10_000_000


def _available() -> bool:
    return (optional_module("accord.deals.space") is not None
            and optional_module("accord.deals.solutions") is not None)


@page(router, "/scenarios/{scenario_id}/deals")
async def deals_page(request: Request, scenario_id: str):
    entry = current_scenario(request, scenario_id)
    available = _available()
    data, body, error = None, None, None
    if available:
        def analyse() -> dict:
            from accord.deals.space import OutcomeSpace, check_size

            # a page runs in the server: at most WEB_MAX_OUTCOMES (about 8 s), not the CLI's 10⁸
            check_size(OutcomeSpace.from_scenario(entry.scenario), WEB_MAX_OUTCOMES,
                       "analyse on a page (`accord deals` analyses up to 100,000,000)")
            return deal_analysis(entry.scenario)

        data, error = await cached_value(request, (entry.content_hash, "deals"), analyse)
        if data is not None:
            body = request.app.state.forecasts.fragment(
                (entry.content_hash, "deals-html"),
                lambda: render_fragment("_deals.html", analysis=data,
                                        figure=deal_utilities_figure(data)))
    return Page("deals.html", {"deals": data, "error": error, "available": available},
                {"entry": entry, "scenario": entry.scenario, "base": f"/scenarios/{scenario_id}",
                 "tab": "deals", "body": body})
