"""Forecasts by every registered model, cached per scenario content and seed.

A scenario version's content hash fixes its forecast (models are pure and seeded), so pages
that show the same version share one computation; an edit makes a new hash and a new entry.
"""

from __future__ import annotations

from collections import OrderedDict
from threading import Lock
from typing import Callable

from markupsafe import Markup

from accord.report.content import ForecastContent, all_model_names, forecast_content
from accord.scenario.model import Scenario


class ForecastCache:
    """Forecasts, and the HTML fragments drawn from them, per scenario content and seed.

    Fragments hold no per-user data (no CSRF token, no form): only what the content hash fixes.
    """

    def __init__(self, size: int = 128):
        self.size = size
        self._entries: "OrderedDict[tuple, ForecastContent]" = OrderedDict()
        self._fragments: "OrderedDict[tuple, Markup]" = OrderedDict()
        self._lock = Lock()

    def fragment(self, key: tuple, build: Callable[[], str]) -> Markup:
        with self._lock:
            hit = self._fragments.get(key)
            if hit is not None:
                self._fragments.move_to_end(key)
                return hit
        html = Markup(build())
        with self._lock:
            self._fragments[key] = html
            while len(self._fragments) > self.size:
                self._fragments.popitem(last=False)
        return html

    def peek(self, content_hash: str, seed: int = 0) -> ForecastContent | None:
        """The cached forecast, or None (the caller then computes it off the event loop)."""
        with self._lock:
            return self._entries.get((content_hash, seed, tuple(all_model_names())))

    def get(self, scenario: Scenario, content_hash: str, seed: int = 0) -> ForecastContent:
        key = (content_hash, seed, tuple(all_model_names()))
        with self._lock:
            hit = self._entries.get(key)
            if hit is not None:
                self._entries.move_to_end(key)
                return hit
        content = forecast_content(scenario, seed=seed)
        with self._lock:
            self._entries[key] = content
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return content
