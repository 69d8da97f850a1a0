"""The Jinja2 environment shared by the HTML report and the web pages.

The partials in ``report/templates`` (scenario, stance table, evidence, forecast charts) are
the same for both; the web app puts its own templates first in the search path and renders
them with ``interactive=True`` (edit buttons, HTMX links) where the report links to anchors.
Autoescaping is always on: every text from a source or an upload is shown as text.
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

import jinja2

TEMPLATES = Path(__file__).parent / "templates"


def pct(value: float | None, low: float, high: float) -> float:
    """Where ``value`` sits on [low, high], in percent, clamped (for CSS bars)."""
    if value is None or not math.isfinite(value) or high <= low:
        return 0.0
    return round(min(100.0, max(0.0, 100.0 * (value - low) / (high - low))), 2)


def fmt(value: Any, digits: int = 2) -> str:
    if value is None:
        return "—"
    try:
        x = float(value)
    except (TypeError, ValueError):
        return str(value)
    if not math.isfinite(x):
        return "—"
    return f"{x:.{digits}f}"


def zone_range(zone, closed=None, digits: int = 1) -> str:
    """A zone ``[lo, hi]`` as printed, an end left out in words ("above 0.0 to 100.0"):
    :func:`accord.whether.winset.zone_text` with :func:`fmt`'s numbers."""
    from accord.whether.winset import zone_text

    return zone_text(zone[0], zone[1], *(closed or (True, True)), num=lambda v: fmt(v, digits))


def model_title(name: str) -> str:
    from accord.models.base import available_models

    for spec in available_models():
        if spec.name == name:
            return spec.title
    return name


def forecast_table(result: dict) -> tuple[list[str], dict[str, dict[str, float | None]]]:
    """The models of a forecast result, in order, and its values as issue → model → value."""
    models: list[str] = []
    table: dict[str, dict[str, float | None]] = {}
    for f in result.get("forecasts", []):
        if f["model"] not in models:
            models.append(f["model"])
        table.setdefault(f["issue"], {})[f["model"]] = f.get("value")
    return models, table


def forecast_groups(result: dict) -> list[tuple[str, list[str], dict]]:
    """:func:`forecast_table` in groups, each a table of its own in a narrow panel: the
    recommended forecast, the models that say where the parties settle if they agree, and the status-quo models (issue
    13: veto players, agenda setter, compromise with the reference point), which start from
    what holds without agreement. ``[(title, models, table)]``, empty groups left out."""
    from accord.models import get_model

    models, table = forecast_table(result)

    def from_status_quo(name: str) -> bool:
        try:
            return bool(get_model(name).needs_status_quo)
        except Exception:  # noqa: BLE001 - a model no longer registered: shown with the others
            return False

    # The recommended forecast (docs/validity.md) leads on its own: it is the one number
    # Accord stands behind, and a seventh column would not fit the side panel at 1280 px.
    groups = [("Recommended (median of every model)", [m for m in models if m == "recommended"]),
              ("Where, if they agree",
               [m for m in models if m != "recommended" and not from_status_quo(m)]),
              ("Status-quo models", [m for m in models if from_status_quo(m)])]
    return [(title, ms, table) for title, ms in groups if ms]


def general_capability(scenario, actor_id: str):
    """The actor's capability entry that applies to every issue, or None."""
    for c in scenario.capabilities:
        if c.actor == actor_id and c.issue is None:
            return c
    return None


def issue_capabilities(scenario, actor_id: str) -> list:
    return [c for c in scenario.capabilities if c.actor == actor_id and c.issue is not None]


def actor_names(scenario) -> dict[str, str]:
    return {a.id: a.name for a in scenario.actors}


def _basis_flag(scenario, evidence_ids):
    from accord.scenario.reliability import basis_flag

    return basis_flag(scenario, evidence_ids)


def _evidence_view(scenario, evidence_id: str):
    from accord.report.sources import evidence_view

    return evidence_view(scenario, evidence_id)


def _bytecode_cache() -> "jinja2.BytecodeCache | None":
    """Compiled templates kept between runs, so a command compiles each template once, not
    once per process (50–65 ms of ``accord report`` otherwise).

    In ``ACCORD_CACHE_DIR`` (default ``$XDG_CACHE_HOME/accord`` or ``~/.cache/accord``), under
    ``jinja2-VERSION``; Jinja2 keys each entry by the template's name and a checksum of its
    source, so an edited template is compiled afresh. Set ``ACCORD_CACHE_DIR`` to an empty
    string to keep nothing on disk; a directory that cannot be written is the same as none.
    """
    import os

    root = os.environ.get("ACCORD_CACHE_DIR")
    if root is None:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        root = os.path.join(base, "accord")
    if not root:
        return None
    directory = Path(root) / f"jinja2-{jinja2.__version__}"
    try:
        directory.mkdir(parents=True, exist_ok=True)
        if not os.access(directory, os.W_OK):
            return None
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(directory))


@lru_cache(maxsize=4)
def environment(extra_dirs: tuple[str, ...] = ()) -> jinja2.Environment:
    """The shared environment (one per process and search path): templates are compiled on
    first use in the process, from the bytecode cache when an earlier run left them there."""
    loaders: Iterable[jinja2.BaseLoader] = [jinja2.FileSystemLoader(d) for d in extra_dirs]
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([*loaders, jinja2.FileSystemLoader(str(TEMPLATES))]),
        autoescape=True, trim_blocks=True, lstrip_blocks=True,
        auto_reload=False, bytecode_cache=_bytecode_cache())
    env.globals.update(pct=pct, fmt=fmt, zone_range=zone_range, model_title=model_title,
                       evidence_view=_evidence_view,
                       forecast_table=forecast_table, forecast_groups=forecast_groups,
                       general_capability=general_capability,
                       issue_capabilities=issue_capabilities, basis_flag=_basis_flag, actor_names=actor_names)
    return env
