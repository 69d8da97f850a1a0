"""What several views need: the store, the current scenario, its forecast."""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import HTTPException, Request

from accord.report.templating import general_capability
from accord.store import scenarios as stored
from accord.store.scenarios import StoredScenario

MAX_SEED = 2**32 - 1


def bounded(field: str, value: int, low: int, high: int, note: str = "") -> int:
    """``value`` when it lies in [low, high], else 422 naming the field, the value given and
    the range (the pages clamped such values without a word: ``rounds=0`` ran one round).

    >>> bounded("rounds", 20, 1, 1000)
    20
    >>> try:
    ...     bounded("rounds", 0, 1, 1000)
    ... except HTTPException as exc:
    ...     print(exc.status_code, exc.detail)
    422 rounds = 0 is outside [1, 1,000]; expected a whole number from 1 to 1,000
    """
    if not low <= value <= high:
        raise HTTPException(422, f"{field} = {value} is outside [{low:,}, {high:,}]; expected a "
                                 f"whole number from {low:,} to {high:,}{note}")
    return value


def one_of(field: str, value: str, choices) -> str:
    """``value`` when it is one of ``choices``, else 422 naming the field, the value and the
    choices (an unknown protocol or variant silently became the default)."""
    if value not in choices:
        raise HTTPException(422, f"{field} = {value!r} is not known; expected one of: "
                                 f"{', '.join(choices)}")
    return value


def check_seed(seed: int) -> int:
    """A seed from a query or a form, in [0, MAX_SEED] (the pages' seed range), else 422."""
    return bounded("seed", seed, 0, MAX_SEED)


def store(request: Request):
    return request.app.state.store


def current_scenario(request: Request, scenario_id: str) -> StoredScenario:
    """The scenario's current version (stored, else the packaged built-in); AccordError if none."""
    with store(request).connection() as conn:
        return stored.resolve(conn, scenario_id)


@dataclass
class NoForecast:
    """What the pages show when a scenario has no forecast (every weight 0 on an issue, a deal
    space without stances): the scenario still opens and says why, instead of an error page."""

    message: str
    forecast = None
    models: tuple = ()
    errors: dict = field(default_factory=dict)

    @property
    def result(self) -> dict:
        return {"forecasts": [], "no_forecast": self.message, "run": {}}


def forecast_of(request: Request, entry: StoredScenario, seed: int = 0):
    """The forecast of every model, or a :class:`NoForecast` saying why there is none."""
    from accord.errors import AccordError

    try:
        return request.app.state.forecasts.get(entry.scenario, entry.content_hash, seed)
    except AccordError as exc:
        return NoForecast(str(exc))


def summary_of(content) -> dict | None:
    """The summary on top of a forecast (:func:`accord.context.forecast.forecast_summary`,
    kept with the cached forecast), or None for a :class:`NoForecast`."""
    return None if content.forecast is None else content.summary


async def forecast_async(request: Request, entry: StoredScenario, seed: int = 0):
    """The forecast from the cache, or computed in a worker thread so the event loop stays free.

    The pages that show forecasts are ``async``: once a version's results are cached they are
    served in order on the event loop, which keeps tail latency low under many clients.
    """
    from starlette.concurrency import run_in_threadpool

    cached = request.app.state.forecasts.peek(entry.content_hash, seed)
    if cached is not None:
        return cached
    return await run_in_threadpool(forecast_of, request, entry, seed)


def optional_module(name: str):
    """``accord.deals`` or ``accord.ensemble`` if it can be imported, else None."""
    import importlib

    try:
        return importlib.import_module(name)
    except ImportError:
        return None


async def cached_value(request: Request, key: tuple, build):
    """``(value, None)`` from the cache, else built by ``build`` in a worker thread (an
    analysis can take seconds); ``(None, message)`` when the analysis refuses the scenario."""
    from starlette.concurrency import run_in_threadpool

    from accord.errors import AccordError

    try:
        return await run_in_threadpool(request.app.state.forecasts.value, key, build), None
    except AccordError as exc:
        return None, str(exc)


def stance_of(entry, actor: str, issue: str):
    st = entry.scenario.stance(actor, issue)
    if st is None:
        raise HTTPException(404, f"scenario {entry.scenario.id!r} has no stance of {actor!r} on "
                                 f"{issue!r}")
    return st


def capability_of(entry, actor: str):
    """The actor's capability on every issue (the one the actors table shows and edits)."""
    cap = general_capability(entry.scenario, actor)
    if cap is None:
        raise HTTPException(404, f"actor {actor!r} has no capability in {entry.scenario.id!r}")
    return cap
