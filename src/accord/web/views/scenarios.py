"""Scenario pages: the list, import, one scenario, its evidence, and in-place edits."""

from __future__ import annotations

import math
import re
import shutil
import tempfile
from pathlib import Path

from fastapi import APIRouter, File, HTTPException, Request, UploadFile
from fastapi.responses import RedirectResponse
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from accord.errors import AccordError, ScenarioError
from accord.report.sources import evidence_view
from accord.report.templating import general_capability
from accord.scenario.model import Scenario
from accord.store import scenarios as stored
from accord.store.scenarios import VersionConflict
from accord.web.limits import too_large_message
from accord.web.render import is_htmx, render, render_fragment
from accord.web.views.common import current_scenario, forecast_async, forecast_of, store

router = APIRouter()


# --- list and import --------------------------------------------------------------------------

@router.get("/scenarios")
def scenario_list(request: Request):
    with store(request).connection() as conn:
        rows = stored.list_all(conn)
    return render(request, "scenarios.html", rows=rows, error=None, imported=None)


def safe_filename(name: str | None) -> str:
    """The uploaded name reduced to a harmless base name (no directories, no odd characters).

    >>> safe_filename("../../etc/passwd"), safe_filename("C:\\\\x\\\\talks 2026.yaml"), safe_filename("")
    ('passwd', 'talks_2026.yaml', 'upload')
    """
    base = re.split(r"[\\\\/]", name or "")[-1]
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", base).strip("._") or "upload"
    return base[:100]


def _read_upload(data_dir: Path, filename: str, content: bytes) -> Scenario:
    """Parse an upload from a private temporary directory inside the data directory."""
    from accord.scenario.io import load_scenario_file

    uploads = data_dir / "uploads"
    uploads.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="import-", dir=uploads))
    path = staging / filename
    try:
        path.write_bytes(content)
        try:
            return load_scenario_file(path)
        except ScenarioError as exc:
            raise ScenarioError(exc.field, exc.message.replace(str(path), filename),
                                file=filename, line=exc.line) from None
        except AccordError as exc:
            raise AccordError(str(exc).replace(str(path), filename)) from None
        except Exception as exc:  # noqa: BLE001 - a reader choking on garbage is the user's file
            detail = str(exc).replace(str(path), filename).replace(str(staging), "")
            raise AccordError(f"{filename}: could not be read as a scenario "
                              f"({type(exc).__name__}: {detail}); expected a valid YAML, KTAB, "
                              "decide or simple CSV scenario file") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


@router.post("/scenarios")
async def scenario_import(request: Request, file: UploadFile = File(...)):
    filename = safe_filename(file.filename)
    limit = request.app.state.max_upload
    content = await file.read(limit + 1)
    htmx = is_htmx(request)

    def failed(message: str, status: int):
        if htmx:
            return render(request, "partials/import_result.html", status_code=status,
                          error=message, imported=None)
        with store(request).connection() as conn:
            rows = stored.list_all(conn)
        return render(request, "scenarios.html", status_code=status, rows=rows, error=message,
                      imported=None)

    if len(content) > limit:
        return failed(too_large_message(limit), 413)
    if not content.strip():
        return failed(f"{filename}: the file is empty; expected a scenario file", 422)
    try:
        # Parsing and the write happen in a worker thread: a large file must not stall the
        # event loop that serves the other pages.
        scenario = await run_in_threadpool(_read_upload, store(request).data_dir, filename,
                                           content)
    except AccordError as exc:
        return failed(str(exc), 422)

    def save() -> int:
        with store(request).connection() as conn:
            return stored.save_version(conn, scenario, origin="import",
                                       note=f"imported from {filename}")
    version = await run_in_threadpool(save)
    imported = {"id": scenario.id, "title": scenario.title, "version": version,
                "filename": filename}
    if htmx:
        return render(request, "partials/import_result.html", error=None, imported=imported)
    return RedirectResponse(f"/scenarios/{scenario.id}", status_code=303)


# --- one scenario -----------------------------------------------------------------------------

@router.get("/scenarios/{scenario_id}")
async def scenario_page(request: Request, scenario_id: str):
    entry = current_scenario(request, scenario_id)
    content = await forecast_async(request, entry)
    with store(request).connection() as conn:
        history = stored.versions(conn, scenario_id)
    base = f"/scenarios/{scenario_id}"
    body = request.app.state.forecasts.fragment(
        (entry.content_hash, base, "scenario"),
        lambda: render_fragment("_scenario.html", scenario=entry.scenario, base=base,
                                interactive=True))
    return render(request, "scenario.html", entry=entry, scenario=entry.scenario, base=base,
                  tab="overview", result=content.result, history=history, scenario_body=body)


@router.get("/scenarios/{scenario_id}/scenario.yaml")
def scenario_yaml(request: Request, scenario_id: str):
    """The current version as YAML, the authoring format (what `accord show` reads back)."""
    from fastapi.responses import Response

    from accord.scenario.io.yaml import scenario_to_yaml_text

    entry = current_scenario(request, scenario_id)
    name = f"{scenario_id}-v{entry.version}.yaml"
    return Response(scenario_to_yaml_text(entry.scenario).encode("utf-8"),
                    media_type="application/yaml; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _evidence_page(request: Request, entry, title: str, evidence_ids: list[str]):
    views = []
    for eid in evidence_ids:
        try:
            views.append(evidence_view(entry.scenario, eid))
        except KeyError:
            raise HTTPException(404, f"scenario {entry.scenario.id!r} has no evidence {eid!r}")
    template = "partials/evidence_panel.html" if is_htmx(request) else "evidence.html"
    return render(request, template, scenario=entry.scenario, entry=entry, title=title,
                  evidence=views, base=f"/scenarios/{entry.scenario.id}", tab="overview")


@router.get("/scenarios/{scenario_id}/evidence/{evidence_id}")
def evidence_item(request: Request, scenario_id: str, evidence_id: str):
    entry = current_scenario(request, scenario_id)
    return _evidence_page(request, entry, f"Evidence {evidence_id}", [evidence_id])


def _stance(entry, actor: str, issue: str):
    st = entry.scenario.stance(actor, issue)
    if st is None:
        raise HTTPException(404, f"scenario {entry.scenario.id!r} has no stance of {actor!r} on "
                                 f"{issue!r}")
    return st


def _capability(entry, actor: str):
    """The actor's capability on every issue (the one the actors table shows and edits)."""
    cap = general_capability(entry.scenario, actor)
    if cap is None:
        raise HTTPException(404, f"actor {actor!r} has no capability in {entry.scenario.id!r}")
    return cap


@router.get("/scenarios/{scenario_id}/stances/{actor}/{issue}/evidence")
def stance_evidence(request: Request, scenario_id: str, actor: str, issue: str):
    entry = current_scenario(request, scenario_id)
    st = _stance(entry, actor, issue)
    title = (f"{entry.scenario.actor(actor).name} on {entry.scenario.issue(issue).name}: "
             f"position {st.position:g}, salience {st.salience:g}")
    return _evidence_page(request, entry, title, st.evidence)


@router.get("/scenarios/{scenario_id}/capabilities/{actor}/evidence")
def capability_evidence(request: Request, scenario_id: str, actor: str):
    entry = current_scenario(request, scenario_id)
    cap = _capability(entry, actor)
    title = f"Capability of {entry.scenario.actor(actor).name}: {cap.value:g}"
    return _evidence_page(request, entry, title, cap.evidence)


# --- editing ----------------------------------------------------------------------------------

def _number(form, name: str, errors: dict[str, str]) -> float | None:
    raw = form.get(name)
    raw = raw.strip() if isinstance(raw, str) else ""
    try:
        value = float(raw)
    except ValueError:
        errors[name] = f"{raw!r} is not a number; expected a real number"
        return None
    if not math.isfinite(value):
        errors[name] = f"{raw!r} is not finite; expected a real number"
        return None
    return value


def _version(form) -> int:
    try:
        return int(str(form.get("version", "")).strip())
    except ValueError:
        raise HTTPException(422, "the form carries no scenario version; expected the version "
                                 "the edit was made to — reload the page") from None


def _validate(data: dict, prefix: str, errors: dict[str, str],
              form_fields: tuple[str, ...]) -> Scenario | None:
    """Re-validate the whole scenario; put each problem next to the form field it concerns.

    ``prefix`` is the edited entry's field path (``stances[3]``); a problem under it goes next
    to the form field of the same name, any other problem to the top of the form.
    """
    from accord.scenario.io.yaml import validation_errors

    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        problems = validation_errors(exc, None, None)
    except ScenarioError as exc:
        problems = [exc]
    for p in problems:
        target = "_form"
        if p.field == prefix or (p.field or "").startswith(prefix + "."):
            tail = p.field[len(prefix):].lstrip(".").split(".")[0].split("[")[0]
            # A problem with the entry as a whole ("salience 0.5 is outside its
            # salience_range") goes next to the first field it names.
            named = [f for f in form_fields if f == tail] or \
                [f for f in form_fields if re.search(rf"\b{f}\b", p.message)]
            target = named[0] if named else "_form"
        errors.setdefault(target, p.format())
    return None


def _save(request: Request, entry, new: Scenario, version: int, note: str):
    """Store ``new`` as the version after ``version``; the stored scenario exactly as saved."""
    with store(request).connection() as conn:
        origin = entry.origin if entry.version else "builtin"
        saved = stored.save_version(conn, new, origin=origin, expected_version=version, note=note)
        return stored.resolve_version(conn, new.id, saved)


def _row(request: Request, entry, template: str, *, edited: bool = False, **context):
    """An entry's table row; after an edit, with out-of-band updates of the version field and
    the forecast summary (for which the new version's forecast is needed)."""
    after_edit = {"entry": entry, "result": forecast_of(request, entry).result} if edited else {}
    return render(request, template, scenario=entry.scenario,
                  base=f"/scenarios/{entry.scenario.id}", interactive=True, oob=edited,
                  **after_edit, **context)


def _edit_form(request: Request, entry, template: str, values: dict[str, str], *,
               errors: dict[str, str] | None = None, version: int | None = None,
               status_code: int = 200, **context):
    """An entry's row as a form: ``values`` in its fields, ``errors`` next to them."""
    return render(request, template, status_code=status_code, scenario=entry.scenario,
                  base=f"/scenarios/{entry.scenario.id}", values=values, errors=errors or {},
                  version=entry.version if version is None else version, **context)


def _stance_context(entry, actor: str, issue: str) -> dict:
    return {"st": _stance(entry, actor, issue), "issue": entry.scenario.issue(issue)}


@router.get("/scenarios/{scenario_id}/stances/{actor}/{issue}")
def stance_row(request: Request, scenario_id: str, actor: str, issue: str):
    entry = current_scenario(request, scenario_id)
    return _row(request, entry, "partials/stance_row.html", **_stance_context(entry, actor, issue))


@router.get("/scenarios/{scenario_id}/stances/{actor}/{issue}/edit")
def stance_edit_form(request: Request, scenario_id: str, actor: str, issue: str):
    entry = current_scenario(request, scenario_id)
    context = _stance_context(entry, actor, issue)
    st = context["st"]
    return _edit_form(request, entry, "partials/stance_edit.html",
                      {"position": f"{st.position:g}", "salience": f"{st.salience:g}"}, **context)


@router.post("/scenarios/{scenario_id}/stances/{actor}/{issue}")
async def stance_save(request: Request, scenario_id: str, actor: str, issue: str):
    form = await request.form()
    # Validation, the write and the new forecast run in a worker thread, off the event loop.
    return await run_in_threadpool(_stance_save, request, scenario_id, actor, issue, form)


def _stance_save(request: Request, scenario_id: str, actor: str, issue: str, form):
    entry = current_scenario(request, scenario_id)
    context = _stance_context(entry, actor, issue)
    n = entry.scenario.stances.index(context["st"])
    return _edit(
        request, entry, form, collection="stances", index=n, fields=("position", "salience"),
        edit_template="partials/stance_edit.html", edit_context=context,
        row_template="partials/stance_row.html",
        row_context=lambda fresh: _stance_context(fresh, actor, issue),
        note=lambda v: f"{actor} on {issue}: position {v['position']:g}, "
                       f"salience {v['salience']:g}")


def _edit(request: Request, entry, form, *, collection: str, index: int,
          fields: tuple[str, ...], edit_template: str, edit_context: dict, row_template: str,
          row_context, note):
    """Change ``fields`` of ``scenario.<collection>[index]`` to the form's numbers and save.

    The form's field names are the entry's own. Returns the edit row again with messages
    (422 invalid, 409 stale version) or the saved row with out-of-band updates.
    """
    version = _version(form)
    errors: dict[str, str] = {}
    values = {f: str(form.get(f, "")) for f in fields}

    def again(status: int):
        return _edit_form(request, entry, edit_template, values, errors=errors, version=version,
                          status_code=status, **edit_context)

    if version != entry.version:
        errors["_form"] = str(VersionConflict(entry.scenario.id, version, entry.version))
        return again(409)
    numbers = {f: _number(form, f, errors) for f in fields}
    if errors:
        return again(422)
    data = entry.scenario.model_dump()
    data[collection][index].update(numbers)
    new = _validate(data, f"{collection}[{index}]", errors, fields)
    if new is None:
        return again(422)
    try:
        fresh = _save(request, entry, new, version, note(numbers))
    except VersionConflict as exc:
        errors["_form"] = str(exc)
        return again(409)
    return _row(request, fresh, row_template, edited=True, **row_context(fresh))


@router.get("/scenarios/{scenario_id}/capabilities/{actor}")
def capability_row(request: Request, scenario_id: str, actor: str):
    entry = current_scenario(request, scenario_id)
    _capability(entry, actor)
    return _row(request, entry, "partials/actor_row.html", actor=entry.scenario.actor(actor))


@router.get("/scenarios/{scenario_id}/capabilities/{actor}/edit")
def capability_edit_form(request: Request, scenario_id: str, actor: str):
    entry = current_scenario(request, scenario_id)
    cap = _capability(entry, actor)
    return _edit_form(request, entry, "partials/capability_edit.html", {"value": f"{cap.value:g}"},
                      actor=entry.scenario.actor(actor))


@router.post("/scenarios/{scenario_id}/capabilities/{actor}")
async def capability_save(request: Request, scenario_id: str, actor: str):
    form = await request.form()
    return await run_in_threadpool(_capability_save, request, scenario_id, actor, form)


def _capability_save(request: Request, scenario_id: str, actor: str, form):
    entry = current_scenario(request, scenario_id)
    n = entry.scenario.capabilities.index(_capability(entry, actor))
    return _edit(
        request, entry, form, collection="capabilities", index=n, fields=("value",),
        edit_template="partials/capability_edit.html",
        edit_context={"actor": entry.scenario.actor(actor)},
        row_template="partials/actor_row.html",
        row_context=lambda fresh: {"actor": fresh.scenario.actor(actor)},
        note=lambda v: f"capability of {actor}: {v['value']:g}")
