"""The ensemble page: Monte Carlo results from :mod:`accord.ensemble`, when it is installed."""

from __future__ import annotations

from fastapi import APIRouter, Request

from accord.web.render import render
from accord.web.views.common import current_scenario, optional_module

router = APIRouter()


@router.get("/scenarios/{scenario_id}/ensemble")
def ensemble_page(request: Request, scenario_id: str):
    entry = current_scenario(request, scenario_id)
    ensemble = optional_module("accord.ensemble")
    return render(request, "ensemble.html", entry=entry, scenario=entry.scenario,
                  base=f"/scenarios/{scenario_id}", tab="ensemble",
                  available=ensemble is not None, summary=None, error=None)
