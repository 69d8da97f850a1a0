"""The deals page: whatever :mod:`accord.deals` provides, when it is installed."""

from __future__ import annotations

from fastapi import APIRouter, Request

from accord.web.render import render
from accord.web.views.common import current_scenario, optional_module

router = APIRouter()


@router.get("/scenarios/{scenario_id}/deals")
def deals_page(request: Request, scenario_id: str):
    entry = current_scenario(request, scenario_id)
    deals = optional_module("accord.deals")
    return render(request, "deals.html", entry=entry, scenario=entry.scenario,
                  base=f"/scenarios/{scenario_id}", tab="deals", available=deals is not None,
                  summary=None, error=None)
