"""The evidence behind a number: one evidence item, a stance's, an actor's capability's."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request

from accord.report.sources import evidence_view
from accord.web.render import is_htmx, render
from accord.web.views.common import capability_of, current_scenario, stance_of

router = APIRouter()


def _evidence_page(request: Request, entry, title: str, evidence_ids: list[str]):
    views = []
    for eid in evidence_ids:
        try:
            views.append(evidence_view(entry.scenario, eid))
        except KeyError:
            raise HTTPException(404, f"scenario {entry.scenario.id!r} has no evidence {eid!r}") from None
    template = "partials/evidence_panel.html" if is_htmx(request) else "evidence.html"
    return render(request, template, scenario=entry.scenario, entry=entry, title=title,
                  evidence=views, base=f"/scenarios/{entry.scenario.id}", tab="overview")


@router.get("/scenarios/{scenario_id}/evidence/{evidence_id}")
def evidence_item(request: Request, scenario_id: str, evidence_id: str):
    entry = current_scenario(request, scenario_id)
    return _evidence_page(request, entry, f"Evidence {evidence_id}", [evidence_id])


@router.get("/scenarios/{scenario_id}/stances/{actor}/{issue}/evidence")
def stance_evidence(request: Request, scenario_id: str, actor: str, issue: str):
    entry = current_scenario(request, scenario_id)
    st = stance_of(entry, actor, issue)
    title = (f"{entry.scenario.actor(actor).name} on {entry.scenario.issue(issue).name}: "
             f"position {st.position:g}, salience {st.salience:g}")
    return _evidence_page(request, entry, title, st.evidence)


@router.get("/scenarios/{scenario_id}/capabilities/{actor}/evidence")
def capability_evidence(request: Request, scenario_id: str, actor: str):
    entry = current_scenario(request, scenario_id)
    cap = capability_of(entry, actor)
    title = f"Capability of {entry.scenario.actor(actor).name}: {cap.value:g}"
    return _evidence_page(request, entry, title, cap.evidence)
