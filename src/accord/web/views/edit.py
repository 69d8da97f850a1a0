"""In-place edits of a scenario's numbers (a stance's position and salience, an actor's
capability): each edit re-validates the whole scenario and stores a new version."""

from __future__ import annotations

import math
import re

from fastapi import APIRouter, HTTPException, Request
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from accord.errors import ScenarioError
from accord.scenario.model import Scenario
from accord.store import scenarios as stored
from accord.store.scenarios import VersionConflict
from accord.web.render import render
from accord.web.views.common import (capability_of, current_scenario, forecast_of, stance_of,
                                     store, summary_of)

router = APIRouter()


async def _in_thread(request: Request, save, *args):
    """Read the form, then validate, write and forecast in a worker thread, off the event
    loop: ``save(request, *args, form)``."""
    form = await request.form()
    return await run_in_threadpool(save, request, *args, form)


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
    after_edit = {}
    if edited:
        content = forecast_of(request, entry)
        with store(request).connection() as conn:
            history = stored.versions(conn, entry.scenario.id)
        after_edit = {"entry": entry, "result": content.result, "history": history,
                      "summary": summary_of(content)}
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
    return {"st": stance_of(entry, actor, issue), "issue": entry.scenario.issue(issue)}


@router.get("/scenarios/{scenario_id}/stances/{actor}/{issue}")
def stance_row(request: Request, scenario_id: str, actor: str, issue: str):
    entry = current_scenario(request, scenario_id)
    return _row(request, entry, "partials/stance_row.html", **_stance_context(entry, actor, issue))


@router.get("/scenarios/{scenario_id}/stances/{actor}/{issue}/edit")
def stance_edit_form(request: Request, scenario_id: str, actor: str, issue: str):
    entry = current_scenario(request, scenario_id)
    context = _stance_context(entry, actor, issue)
    st = context["st"]
    values = {"position": f"{st.position:g}", "salience": f"{st.salience:g}"}
    for name, (lo, hi) in STANCE_RANGES.items():
        rng = getattr(st, name)
        values[lo], values[hi] = (f"{rng[0]:g}", f"{rng[1]:g}") if rng else ("", "")
    return _edit_form(request, entry, "partials/stance_edit.html", values, **context)


#: A range's form fields: its low and its high end (both blank: no range).
STANCE_RANGES = {"position_range": ("position_low", "position_high"),
                 "salience_range": ("salience_low", "salience_high")}


@router.post("/scenarios/{scenario_id}/stances/{actor}/{issue}")
async def stance_save(request: Request, scenario_id: str, actor: str, issue: str):
    return await _in_thread(request, _stance_save, scenario_id, actor, issue)


def _stance_save(request: Request, scenario_id: str, actor: str, issue: str, form):
    entry = current_scenario(request, scenario_id)
    context = _stance_context(entry, actor, issue)
    n = entry.scenario.stances.index(context["st"])
    return _edit(
        request, entry, form, collection="stances", index=n, fields=("position", "salience"),
        ranges=STANCE_RANGES, edit_template="partials/stance_edit.html", edit_context=context,
        row_template="partials/stance_row.html",
        row_context=lambda fresh: _stance_context(fresh, actor, issue),
        note=lambda v: f"{actor} on {issue}: position {v['position']:g}, "
                       f"salience {v['salience']:g}" + _ranges_note(v))


def _ranges_note(v: dict) -> str:
    parts = [f"{k.replace('_', ' ')} {'none' if v[k] is None else f'{v[k][0]:g}–{v[k][1]:g}'}"
             for k in STANCE_RANGES if k in v]
    return (", " + ", ".join(parts)) if parts else ""


def _edit(request: Request, entry, form, *, collection: str, index: int,
          fields: tuple[str, ...], edit_template: str, edit_context: dict, row_template: str,
          row_context, note, optional: tuple[str, ...] = (),
          ranges: dict[str, tuple[str, str]] | None = None, check=None):
    """Change ``fields`` of ``scenario.<collection>[index]`` to the form's numbers and save.

    The form's field names are the entry's own; ``optional`` fields may be left blank (no
    value); each of ``ranges`` is edited as two fields, its low and high end (both blank: no
    range). ``check(numbers, errors)`` adds what the scenario's own validation does not see.
    Returns the edit row again with messages (422 invalid, 409 stale version) or the saved row
    with out-of-band updates.
    """
    ranges = ranges or {}
    range_fields = tuple(f for pair in ranges.values() for f in pair)
    version = _version(form)
    errors: dict[str, str] = {}
    values = {f: str(form.get(f, "")) for f in (*fields, *optional, *range_fields)}

    def again(status: int):
        return _edit_form(request, entry, edit_template, values, errors=errors, version=version,
                          status_code=status, **edit_context)

    if version != entry.version:
        errors["_form"] = str(VersionConflict(entry.scenario.id, version, entry.version))
        return again(409)
    numbers = {f: _number(form, f, errors) for f in fields}
    for f in (*optional, *range_fields):
        numbers[f] = None if not values[f].strip() else _number(form, f, errors)
    for name, (lo, hi) in ranges.items():
        low, high = numbers.pop(lo), numbers.pop(hi)
        if (low is None) != (high is None):
            errors.setdefault(lo, f"{name.replace('_', ' ')}: give both ends, or neither for "
                                  "no range")
        numbers[name] = None if low is None or high is None else (low, high)
    if check is not None and not errors:
        check(numbers, errors)
    if errors:
        return again(422)
    data = entry.scenario.model_dump()
    data[collection][index].update(numbers)
    new = _validate(data, f"{collection}[{index}]", errors, (*fields, *optional, *ranges))
    for name, (lo, _) in ranges.items():  # a range's problem goes next to its low end
        if name in errors:
            errors.setdefault(lo, errors.pop(name))
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
    capability_of(entry, actor)
    return _row(request, entry, "partials/actor_row.html", actor=entry.scenario.actor(actor))


@router.get("/scenarios/{scenario_id}/capabilities/{actor}/edit")
def capability_edit_form(request: Request, scenario_id: str, actor: str):
    entry = current_scenario(request, scenario_id)
    cap = capability_of(entry, actor)
    return _edit_form(request, entry, "partials/capability_edit.html", {"value": f"{cap.value:g}"},
                      actor=entry.scenario.actor(actor))


@router.post("/scenarios/{scenario_id}/capabilities/{actor}")
async def capability_save(request: Request, scenario_id: str, actor: str):
    return await _in_thread(request, _capability_save, scenario_id, actor)


def _capability_save(request: Request, scenario_id: str, actor: str, form):
    entry = current_scenario(request, scenario_id)
    n = entry.scenario.capabilities.index(capability_of(entry, actor))
    return _edit(
        request, entry, form, collection="capabilities", index=n, fields=("value",),
        edit_template="partials/capability_edit.html",
        edit_context={"actor": entry.scenario.actor(actor)},
        row_template="partials/actor_row.html",
        row_context=lambda fresh: {"actor": fresh.scenario.actor(actor)},
        note=lambda v: f"capability of {actor}: {v['value']:g}")


# --- outside options: what each party falls back on -----------------------------------------

OUTSIDE_FIELDS = ("reservation", "win_probability", "cost", "per_period_win", "per_period_cost",
                  "discount")


def _outside_of(entry, actor: str):
    for n, o in enumerate(entry.scenario.outside_options):
        if o.actor == actor:
            return n, o
    raise HTTPException(404, f"actor {actor!r} has no outside option in {entry.scenario.id!r}")


@router.get("/scenarios/{scenario_id}/outside/{actor}")
def outside_row(request: Request, scenario_id: str, actor: str):
    entry = current_scenario(request, scenario_id)
    _, o = _outside_of(entry, actor)
    return _row(request, entry, "partials/outside_row.html", o=o)


@router.get("/scenarios/{scenario_id}/outside/{actor}/edit")
def outside_edit_form(request: Request, scenario_id: str, actor: str):
    entry = current_scenario(request, scenario_id)
    _, o = _outside_of(entry, actor)
    values = {f: "" if getattr(o, f) is None else f"{getattr(o, f):g}" for f in OUTSIDE_FIELDS}
    return _edit_form(request, entry, "partials/outside_edit.html", values, o=o)


@router.post("/scenarios/{scenario_id}/outside/{actor}")
async def outside_save(request: Request, scenario_id: str, actor: str):
    return await _in_thread(request, _outside_save, scenario_id, actor)


def _within_ranges(o, n: int):
    """A number of an outside option must stay inside the plausible range the scenario gives
    it (``ranges``, which the form does not edit): the ensembles behind P(agreement) draw from
    that range around the stated value, and every forecast would fail."""

    def check(numbers: dict, errors: dict[str, str]) -> None:
        for f, (lo, hi) in o.ranges.items():
            v = numbers.get(f)
            if v is not None and not lo <= v <= hi:
                errors[f] = (f"{v:g} is outside its plausible range [{lo:g}, {hi:g}] "
                             f"(outside_options[{n}].ranges.{f}); expected a value within it, "
                             "or change the range in the scenario's YAML")

    return check


def _outside_save(request: Request, scenario_id: str, actor: str, form):
    entry = current_scenario(request, scenario_id)
    n, o = _outside_of(entry, actor)
    return _edit(
        request, entry, form, collection="outside_options", index=n, fields=(),
        optional=OUTSIDE_FIELDS, check=_within_ranges(o, n),
        edit_template="partials/outside_edit.html",
        edit_context={"o": o}, row_template="partials/outside_row.html",
        row_context=lambda fresh: {"o": _outside_of(fresh, actor)[1]},
        note=lambda v: f"outside option of {actor}: " + ", ".join(
            f"{k.replace('_', ' ')} {'none' if x is None else f'{x:g}'}" for k, x in v.items()))
