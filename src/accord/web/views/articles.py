"""Sources and articles: a scenario's sources with their quotes; articles read into located,
attributed statements (``accord evidence add``); and the statements linked to stances
(``accord evidence link``), where a proposal can be cited as evidence (a new version).

The statements live in the workbench's own SQLite file (:mod:`accord.store.evidence`).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from accord.errors import AccordError
from accord.store import scenarios as stored
from accord.web.limits import too_large_message
from accord.web.pages import Page, page
from accord.web.views.common import current_scenario, store
from accord.web.views.imports import safe_filename

router = APIRouter()


def _evidence_conn(request: Request):
    from accord.store.evidence import connect_evidence

    return connect_evidence(store(request).path)


@page(router, "/scenarios/{scenario_id}/sources")
def sources_page(request: Request, scenario_id: str):
    """Each source's provenance once, its text with the quotes marked, its quotes under it."""
    import dataclasses

    from accord.report.sources import source_views

    entry = current_scenario(request, scenario_id)
    views = source_views(entry.scenario)
    data = {"scenario": scenario_id, "sources": [
        {"source": v.source.model_dump(mode="json", exclude_none=True) if v.source else None,
         "evidence": [dataclasses.asdict(i) | {"source": None} for i in v.items],
         "not_found": v.not_found} for v in views]}
    return Page("sources.html", data, {
        "entry": entry, "scenario": entry.scenario, "base": f"/scenarios/{scenario_id}",
        "tab": "evidence", "sources": views})


@page(router, "/evidence")
def articles_page(request: Request, scenario: str | None = None, source: str | None = None):
    """The articles read so far and their statements (filtered by scenario or article)."""
    from accord.store.evidence import list_sources, list_statements

    conn = _evidence_conn(request)
    try:
        sources = list_sources(conn)
        statements = list_statements(conn, scenario=scenario or None, source=source or None,
                                     kind=None)
    finally:
        conn.close()
    with store(request).connection() as c:
        scenarios = stored.list_all(c)
    return Page("articles.html", {"sources": sources, "statements": statements,
                                  "scenario": scenario, "source": source},
                {"scenarios": scenarios, "error": None})


@router.post("/evidence")
async def article_add(request: Request, file: UploadFile = File(...), scenario: str = Form(...)):
    """Read an uploaded article (text or HTML) into statements, attributed with the
    scenario's actors and issues; adding the same bytes twice adds nothing."""
    from accord.evidence.extract import Extractor
    from accord.evidence.ingest import check_text
    from accord.store.evidence import add_file

    entry = current_scenario(request, scenario)
    limit = request.app.state.max_upload
    content = await file.read(limit + 1)
    if len(content) > limit:
        raise HTTPException(413, too_large_message(limit))
    name = safe_filename(file.filename)
    # empty, binary (a PNG, a zip) or undecodable: refused by name before anything is written
    check_text(content, name)
    uploads = store(request).data_dir / "uploads"

    def work():
        uploads.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix="article-", dir=uploads))
        try:
            path = staging / name
            path.write_bytes(content)
            conn = _evidence_conn(request)
            try:
                return add_file(conn, path, entry.scenario, Extractor(entry.scenario))
            finally:
                conn.close()
        except AccordError as exc:
            raise AccordError(str(exc).replace(str(staging) + "/", "")) from None
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    added = await run_in_threadpool(work)
    return RedirectResponse(f"/evidence?source={added.source_id}&scenario={scenario}",
                            status_code=303)


@page(router, "/scenarios/{scenario_id}/links")
def links_page(request: Request, scenario_id: str):
    """For each stance, the stored statements that bear on it, and whether it is supported
    (cited evidence, or a statement by the actor or a member)."""
    from accord.evidence.link import link_stances
    from accord.store.evidence import list_statements

    entry = current_scenario(request, scenario_id)
    conn = _evidence_conn(request)
    try:
        rows = list_statements(conn, scenario=scenario_id)
    finally:
        conn.close()
    links = link_stances(entry.scenario, rows)
    s = entry.scenario
    names = {a.id: a.name for a in s.actors}
    issues = {i.id: i.name for i in s.issues}
    data = {"scenario": scenario_id, "version": entry.version, "statements": len(rows),
            "unsupported": [f"{x.actor}/{x.issue}" for x in links if not x.supported],
            "stances": [x.to_dict() | {"actor_name": names.get(x.actor, x.actor),
                                       "issue_name": issues.get(x.issue, x.issue)}
                        for x in links]}
    return Page("links.html", data, {"entry": entry, "scenario": s,
                                     "base": f"/scenarios/{scenario_id}", "tab": "evidence"})


@router.post("/scenarios/{scenario_id}/links")
def link_cite(request: Request, scenario_id: str, version: int = Form(...),
              actor: str = Form(...), issue: str = Form(...), statement: str = Form(...)):
    """Cite a stored statement for a stance: a new version of the scenario."""
    from accord.evidence.cite import cite_statement
    from accord.store.evidence import get_source, get_statement

    conn = _evidence_conn(request)
    try:
        st = get_statement(conn, statement)
        src = get_source(conn, st["source_id"]) if st else None
    finally:
        conn.close()
    if st is None:
        raise HTTPException(404, f"no stored statement {statement!r}")
    with store(request).connection() as c:
        entry = stored.resolve_version(c, scenario_id, version)
        new = cite_statement(entry.scenario, st, (src or {}).get("source") or {}, actor, issue)
        origin = entry.origin if entry.version else "builtin"
        stored.save_version(c, new, origin=origin, expected_version=version,
                            note=f"{actor} on {issue}: cites {statement}")
    return RedirectResponse(f"/scenarios/{scenario_id}/links", status_code=303)
