"""Forecasts by every registered model, cached per scenario content and seed.

A scenario version's content hash fixes its forecast (models are pure and seeded), so pages
that show the same version share one computation; an edit makes a new hash and a new entry.
"""

from __future__ import annotations

from collections import OrderedDict
from threading import Lock
from typing import Any, Callable

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

    def _lookup(self, table: OrderedDict, key: tuple):
        with self._lock:
            hit = table.get(key)
            if hit is not None:
                table.move_to_end(key)
            return hit

    def _cached(self, table: OrderedDict, key: tuple, build: Callable[[], Any]):
        """``table[key]``, built outside the lock on a miss; the least recently used go first.

        Two threads that miss the same key both build it; the values are equal (a key fixes
        its content), so the second store only replaces the first.
        """
        hit = self._lookup(table, key)
        if hit is not None:
            return hit
        value = build()
        with self._lock:
            table[key] = value
            while len(table) > self.size:
                table.popitem(last=False)
        return value

    def fragment(self, key: tuple, build: Callable[[], str]) -> Markup:
        return self._cached(self._fragments, key, lambda: Markup(build()))

    def peek_fragment(self, key: tuple) -> Markup | None:
        """The cached fragment, or None (nothing is built)."""
        return self._lookup(self._fragments, key)

    @staticmethod
    def _key(content_hash: str, seed: int) -> tuple:
        # A forecast runs every registered model, so the models registered are part of its key.
        return (content_hash, seed, tuple(all_model_names()))

    def peek(self, content_hash: str, seed: int = 0) -> ForecastContent | None:
        """The cached forecast, or None (the caller then computes it off the event loop)."""
        return self._lookup(self._entries, self._key(content_hash, seed))

    def get(self, scenario: Scenario, content_hash: str, seed: int = 0) -> ForecastContent:
        return self._cached(self._entries, self._key(content_hash, seed),
                            lambda: forecast_content(scenario, seed=seed))
