"""Importing a scenario file (any supported format) into the store: ``POST /scenarios``."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from fastapi import APIRouter, File, Request, UploadFile
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from accord.errors import AccordError, ScenarioError
from accord.scenario.model import Scenario
from accord.store import scenarios as stored
from accord.web.limits import too_large_message
from accord.web.render import is_htmx, render
from accord.web.views.common import store

router = APIRouter()


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


def check_addressable(scenario: Scenario, filename: str) -> None:
    """Refuse an id the workbench could not open: ``a.json`` names the JSON twin of ``a``
    (the import stored it and redirected to a 404), and ``.`` or ``..`` are path segments a
    browser resolves away before asking.

    >>> from accord.scenario.builtin import load_builtin
    >>> s = load_builtin("ec-emissions-1994").model_copy(update={"id": "ec.json"})
    >>> try:
    ...     check_addressable(s, "ec.yaml")
    ... except ScenarioError as exc:
    ...     print(exc.format()[:50])
    ec.yaml: id: 'ec.json' ends in .json, which the wo
    """
    sid = scenario.id
    if sid.endswith(".json"):
        stem = sid[: -len(".json")].strip(".") or "scenario"
        raise ScenarioError("id", f"{sid!r} ends in .json, which the workbench keeps for each "
                                  f"page's JSON twin; expected an id without it (e.g. {stem!r})",
                            file=filename)
    if set(sid) == {"."}:
        raise ScenarioError("id", f"{sid!r} is only dots, which a browser reads as a folder; "
                                  "expected an id with a letter or digit", file=filename)


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
        check_addressable(scenario, filename)
    except AccordError as exc:
        return failed(str(exc), 422)

    def save() -> int:
        with store(request).connection() as conn:
            return stored.save_version(conn, scenario, origin="import",
                                       note=f"imported from {filename}")
    version = await run_in_threadpool(save)
    imported = {"id": scenario.id, "title": scenario.title, "version": version,
                "filename": filename}
    if htmx:  # the list below the form shows the new version at once
        with store(request).connection() as conn:
            rows = stored.list_all(conn)
        return render(request, "partials/import_result.html", error=None, imported=imported,
                      rows=rows)
    return RedirectResponse(f"/scenarios/{scenario.id}", status_code=303)
