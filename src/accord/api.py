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
    """Every requested model's result on one scenario, ready for tables and JSON, with the
    scenario's whether (:class:`~accord.whether.agreement.Agreement`: P(agreement by the
    horizon), the status quo and zone of every issue) and each model's convergence."""

    scenario: Scenario
    results: dict[str, ModelResult]
    seed: int
    params: dict[str, dict[str, Any]] = field(default_factory=dict)
    agreement: Any = None

    def value(self, model: str, issue: str) -> float:
        k = [i.id for i in self.scenario.issues].index(issue)
        return float(self.results[model].forecast[k])

    def convergence(self, model: str):
        """:class:`~accord.models.convergence.Convergence` of a model's result, per issue."""
        from accord.models.convergence import assess

        return assess(self.results[model], self.scenario.to_arrays())

    def unstable(self) -> list[str]:
        """One line per model and issue that did not converge ("eum on Security guarantees:
        unstable: cycles between 15 and 85 (period 4)")."""
        out = []
        for name in self.results:
            c = self.convergence(name)
            for k, issue in enumerate(self.scenario.issues):
                if not c.converged[k]:
                    out.append(f"{name} on {issue.name}: {c.describe(k)}")
        return out

    def outcome_classes(self) -> dict[str, dict[str, float]]:
        """Per model, each outcome class's probability: P(agreement) if the model's forecast
        (where, if agreement) lies in the class, else 0; and ``no-agreement``: 1 − P."""
        if self.agreement is None:
            return {}
        p = self.agreement.probability
        ids = [i.id for i in self.scenario.issues]
        out = {}
        for name, res in self.results.items():
            row = {}
            for oc in self.scenario.outcome_classes:
                inside = all(lo <= float(res.forecast[ids.index(iid)]) <= hi
                             for iid, (lo, hi) in oc.ranges.items())
                row[oc.id] = p if inside else 0.0
            row[NO_AGREEMENT] = round(1.0 - p, 12)
            out[name] = row
        return out

    def whether_line(self) -> str:
        """P(agreement by date); issues without a zone and who blocks them; models that did not
        converge — the first line of every forecast."""
        line = self.agreement.line() if self.agreement is not None else ""
        models = sorted({u.split(" on ")[0] for u in self.unstable()})
        if models:
            line += ("; " if line else "") + "did not converge: " + ", ".join(models)
        return line

    def to_dict(self) -> dict[str, Any]:
        actors = [a.id for a in self.scenario.actors]
        out: dict[str, Any] = {"scenario": self.scenario.id, "forecasts": []}
        details: dict[str, Any] = {}
        if self.agreement is not None:
            out["agreement"] = self.agreement.to_dict()
        for name, res in self.results.items():
            conv = self.convergence(name)
            for k, issue in enumerate(self.scenario.issues):
                value = _num(res.forecast[k])
                entry: dict[str, Any] = {"model": name, "issue": issue.id, "value": value,
                                         "converged": bool(conv.converged[k]),
                                         "cycle": conv.cycle(k)}
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
        if self.agreement is not None:
            out["whether"] = {**self.agreement.details(), "line": self.whether_line(),
                              "unstable": self.unstable(),
                              "outcome_classes": self.outcome_classes()}
        out["run"] = {"accord_version": __version__, "seed": self.seed,
                      "scenario_hash": self.scenario.content_hash(), "params": self.params}
        return out


def _resolve_models(models) -> list[ModelSpec]:
    if models is None:
        return default_models()
    return [m if isinstance(m, ModelSpec) else get_model(m) for m in models]


#: The outcome class every forecast adds: no agreement by the horizon (probability 1 − P).
NO_AGREEMENT = "no-agreement"


def forecast(scenario: "str | Path | Scenario", models=None, *, seed: int = 0,
             params: dict[str, dict[str, Any]] | None = None, whether: bool = True,
             variants: int | None = None, fallback: str = "stated",
             simulate: bool = False, interventions=()) -> Forecast:
    """Run ``models`` (default: every model in the default forecast) on ``scenario``.

    ``params`` maps a model name to parameter overrides, e.g. ``{"eum": {"rounds": 8}}``.
    Every model gets its own generator seeded from ``seed`` and its name, so adding a model
    never changes another model's result. With ``whether`` (the default) the forecast also
    carries the scenario's :func:`accord.whether.agreement.assess` — P(agreement by the
    horizon) from ``variants`` ensemble draws (default 1000), the ``fallback`` rule for what no
    deal is worth, and optionally the simulated time to agreement (``simulate``, with
    ``interventions`` from a given round as in ``accord simulate --intervene``).
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
    agreement = None
    if whether:
        from accord.whether.agreement import DEFAULT_VARIANTS, assess

        agreement = assess(scenario, n=DEFAULT_VARIANTS if variants is None else variants,
                           seed=seed, fallback=fallback, simulate=simulate,
                           interventions=interventions)
    return Forecast(scenario, results, seed, used, agreement)
