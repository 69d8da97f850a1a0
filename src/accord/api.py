"""Accord's public Python API: the functions the CLI and the web app are thin layers over.

>>> import accord
>>> fc = accord.forecast("ec-emissions-1994", models=["compromise", "median"])
>>> [(f["model"], round(f["value"], 5)) for f in fc.to_dict()["forecasts"]]
[('compromise', 7.38996), ('median', 7.0)]
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from accord._version import __version__
from accord.errors import AccordError
from accord.models.base import ModelResult, ModelSpec, default_models, get_model
from accord.scenario import load, save
from accord.scenario.model import Scenario


def _num(x) -> float | None:
    x = float(x)
    return x if math.isfinite(x) else None


def _per_actor_extras(extra: dict, t: int, k: int, actors: list[str]) -> dict:
    """Per-round, per-actor arrays a model adds (e.g. the EUM's risk exponents r_i)."""
    out = {}
    for name, arr in extra.items():
        arr = np.asarray(arr)
        if arr.ndim == 3 and arr.shape[1] == len(actors):
            out[name] = {a: _num(arr[t, j, k]) for j, a in enumerate(actors)}
        elif arr.ndim == 2 and arr.shape[1] == len(actors):
            out[name] = {a: _num(arr[t, j]) for j, a in enumerate(actors)}
    return out


@dataclass
class Forecast:
    """Every requested model's result on one scenario, ready for tables and JSON."""

    scenario: Scenario
    results: dict[str, ModelResult]
    seed: int
    params: dict[str, dict[str, Any]] = field(default_factory=dict)

    def value(self, model: str, issue: str) -> float:
        k = [i.id for i in self.scenario.issues].index(issue)
        return float(self.results[model].forecast[k])

    def to_dict(self) -> dict[str, Any]:
        actors = [a.id for a in self.scenario.actors]
        out: dict[str, Any] = {"scenario": self.scenario.id, "forecasts": []}
        details: dict[str, Any] = {}
        for name, res in self.results.items():
            for k, issue in enumerate(self.scenario.issues):
                value = _num(res.forecast[k])
                entry: dict[str, Any] = {"model": name, "issue": issue.id, "value": value}
                label = issue.anchor_label(value) if value is not None else None
                if label:
                    entry["label"] = label
                if res.rounds is not None:
                    r = res.rounds
                    entry["rounds"] = [
                        {"positions": {a: _num(r.positions[t, j, k]) for j, a in enumerate(actors)},
                         "median": _num(r.median[t, k]), "mean": _num(r.mean[t, k]),
                         **_per_actor_extras(r.extra, t, k, actors)}
                        for t in range(r.positions.shape[0])]
                out["forecasts"].append(entry)
            if res.details:
                details[name] = res.details
        if details:
            out["details"] = details
        out["run"] = {"accord_version": __version__, "seed": self.seed,
                      "scenario_hash": self.scenario.content_hash(), "params": self.params}
        return out


def _resolve_models(models) -> list[ModelSpec]:
    if models is None:
        return default_models()
    return [m if isinstance(m, ModelSpec) else get_model(m) for m in models]


def forecast(scenario: "str | Path | Scenario", models=None, *, seed: int = 0,
             params: dict[str, dict[str, Any]] | None = None) -> Forecast:
    """Run ``models`` (default: every model in the default forecast) on ``scenario``.

    ``params`` maps a model name to parameter overrides, e.g. ``{"eum": {"rounds": 8}}``.
    Every model gets its own generator seeded from ``seed`` and its name, so adding a model
    never changes another model's result.
    """
    scenario = load(scenario)
    arrays = scenario.to_arrays()
    params = params or {}
    results: dict[str, ModelResult] = {}
    used: dict[str, dict[str, Any]] = {}
    for spec in _resolve_models(models):
        p = spec.make_params(**params.get(spec.name, {}))
        rng = np.random.default_rng([seed, *spec.name.encode()])
        results[spec.name] = spec.run(arrays, p, rng)
        used[spec.name] = asdict(p)
    return Forecast(scenario, results, seed, used)
