"""Forecasts by every registered model, cached per scenario content and seed.

A scenario version's content hash fixes its forecast (models are pure and seeded), so pages
that show the same version share one computation; an edit makes a new hash and a new entry.
"""

from __future__ import annotations

from collections import OrderedDict
from threading import Lock

from accord.report.content import ForecastContent, all_model_names, forecast_content
from accord.scenario.model import Scenario


class ForecastCache:
    def __init__(self, size: int = 128):
        self.size = size
        self._entries: "OrderedDict[tuple, ForecastContent]" = OrderedDict()
        self._lock = Lock()

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
