"""Scoring forecasts once the world has answered: Brier, ranked probability and log scores.

For a question with K categories, a forecast p (K probabilities summing to 1) and the category
that happened (o, the one-hot vector of the resolution):

- **Brier score** (Brier 1950, the multi-category form Good Judgment uses):
  ``Σ_k (p_k − o_k)²``, from 0 (certain and right) to 2 (certain and wrong).
- **Ranked probability score** (Epstein 1969; Murphy 1971) for ordered categories
  (ceasefire < armistice < treaty): with cumulative P_k = Σ_{j≤k} p_j and O_k likewise,
  ``Σ_{k=1}^{K−1} (P_k − O_k)² / (K − 1)``, from 0 to 1. A forecast near the answer scores
  better than one far from it, which the Brier score does not see.
- **Log score**: ``ln p_o`` (0 is best, lower is worse).
- **Baseline score** (Metaculus style): ``100 · log2(p_o / q)`` with q = 1/K, the chance
  forecast: positive when the forecast beat chance. (Metaculus divides multiple-choice
  baseline scores by log2 K; this is the plain form of research/models.md §7.)

Probabilities below 0.001 count as 0.001 in the log and baseline scores, the smallest
probability Metaculus accepts: a forecast of 0 for what happened would otherwise score −∞.

The ledger file (YAML) lists questions with ordered categories, dated forecasts by forecaster
and, once known, the resolution; see ``docs/ensembles.md`` and ``tests/ensemble/ledger.yaml``.

>>> round(brier([0.2, 0.5, 0.3], 1), 2), round(rps([0.2, 0.5, 0.3], 1), 3)
(0.38, 0.065)
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any, Sequence

import numpy as np
from pydantic import Field, ValidationError, model_validator

from accord.errors import AccordError, ScenarioError
from accord.scenario.model import Id, Number, _Strict

LOG_FLOOR = 0.001


def _one_hot(outcome: int, k: int) -> np.ndarray:
    o = np.zeros(k)
    o[outcome] = 1.0
    return o


def brier(p: Sequence[float], outcome: int) -> float:
    """Multi-category Brier score, 0 (best) to 2."""
    p = np.asarray(p, dtype=float)
    return float(((p - _one_hot(outcome, p.size)) ** 2).sum())


def rps(p: Sequence[float], outcome: int) -> float:
    """Ranked probability score for ordered categories, 0 (best) to 1."""
    p = np.asarray(p, dtype=float)
    k = p.size
    cum_p = np.cumsum(p)[:-1]
    cum_o = np.cumsum(_one_hot(outcome, k))[:-1]
    return float(((cum_p - cum_o) ** 2).sum() / (k - 1))


def log_score(p: Sequence[float], outcome: int) -> float:
    """Natural log of the probability given to what happened (floored at 0.001)."""
    return math.log(max(float(p[outcome]), LOG_FLOOR))


def baseline_score(p: Sequence[float], outcome: int) -> float:
    """100 · log2(p_o / (1/K)): how much better than chance, in Metaculus's units."""
    k = len(p)
    return 100.0 * math.log2(max(float(p[outcome]), LOG_FLOOR) * k)


# --- the ledger --------------------------------------------------------------------------------


class LedgerForecast(_Strict):
    forecaster: str = Field(min_length=1)
    date: dt.date
    probabilities: dict[str, Number] | list[Number]
    note: str | None = None


class LedgerQuestion(_Strict):
    id: Id
    question: str
    categories: list[str] = Field(min_length=2)
    ordered: bool = True
    resolution: str | None = None
    resolved_on: dt.date | None = None
    forecasts: list[LedgerForecast] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> "LedgerQuestion":
        cats = self.categories
        if len(set(cats)) != len(cats):
            raise ValueError(f"categories {cats} repeat a name; expected distinct categories")
        if self.resolution is not None and self.resolution not in cats:
            raise ValueError(f"resolution {self.resolution!r} is not a category; expected one of: "
                             f"{', '.join(cats)}")
        for n, f in enumerate(self.forecasts):
            where = f"forecasts[{n}]"
            try:
                p = self.vector(f)
            except ValueError as exc:
                raise ValueError(f"{where}: {exc}") from None
            if any(x < 0 or x > 1 for x in p):
                raise ValueError(f"{where}: probabilities {p} leave [0, 1]")
            if abs(sum(p) - 1.0) > 1e-6:
                raise ValueError(f"{where}: probabilities sum to {sum(p):g}; expected 1")
            if self.resolved_on is not None and f.date > self.resolved_on:
                raise ValueError(f"{where}: dated {f.date}, after the resolution on "
                                 f"{self.resolved_on}; expected forecasts made before it")
        return self

    def vector(self, f: LedgerForecast) -> list[float]:
        """The forecast's probabilities in category order."""
        cats = self.categories
        if isinstance(f.probabilities, list):
            if len(f.probabilities) != len(cats):
                raise ValueError(f"{len(f.probabilities)} probabilities for {len(cats)} "
                                 "categories; expected one per category, in order")
            return list(f.probabilities)
        extra = set(f.probabilities) - set(cats)
        if extra:
            raise ValueError(f"probability for unknown category {sorted(extra)[0]!r}; expected "
                             f"categories among: {', '.join(cats)}")
        missing = [c for c in cats if c not in f.probabilities]
        if missing:
            raise ValueError(f"no probability for category {missing[0]!r}; expected one for "
                             f"each of: {', '.join(cats)}")
        return [f.probabilities[c] for c in cats]


class Ledger(_Strict):
    """Questions, their categories, dated forecasts and resolutions."""

    title: str | None = None
    questions: list[LedgerQuestion] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> "Ledger":
        seen: set[str] = set()
        for q in self.questions:
            if q.id in seen:
                raise ValueError(f"question id {q.id!r} is used twice; expected unique ids")
            seen.add(q.id)
        return self


def load_ledger(path: "str | Path") -> Ledger:
    """Read and validate a ledger; problems are reported with file, line and field."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    from accord.scenario.io.yaml import _plain, validation_errors

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise AccordError(f"{path}: cannot read the ledger ({exc}); expected a UTF-8 YAML file") \
            from None
    try:
        tree = YAML(typ="rt").load(text)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ScenarioError(None, f"YAML syntax error: {getattr(exc, 'problem', exc)}; "
                            "expected valid YAML", file=str(path),
                            line=mark.line + 1 if mark else None) from None
    if not isinstance(tree, dict):
        raise ScenarioError(None, "expected a mapping with a 'questions' list", file=str(path),
                            line=1)
    try:
        return Ledger.model_validate(_plain(tree))
    except ValidationError as exc:
        raise validation_errors(exc, tree, str(path))[0] from None


def score_ledger(ledger: Ledger) -> dict[str, Any]:
    """Every resolved forecast's scores, and each forecaster's means."""
    rows = []
    for q in ledger.questions:
        if q.resolution is None:
            continue
        outcome = q.categories.index(q.resolution)
        for f in q.forecasts:
            p = q.vector(f)
            rows.append({"question": q.id, "forecaster": f.forecaster, "date": f.date.isoformat(),
                         "resolution": q.resolution, "probability": p[outcome],
                         "brier": brier(p, outcome),
                         "rps": rps(p, outcome) if q.ordered else None,
                         "log": log_score(p, outcome), "baseline": baseline_score(p, outcome)})
    by: dict[str, list[dict]] = {}
    for r in rows:
        by.setdefault(r["forecaster"], []).append(r)
    forecasters = []
    for name, rs in by.items():
        entry: dict[str, Any] = {"forecaster": name, "forecasts": len(rs)}
        for key in ("brier", "rps", "log", "baseline"):
            vals = [r[key] for r in rs if r[key] is not None]
            entry[key] = sum(vals) / len(vals) if vals else None
        forecasters.append(entry)
    forecasters.sort(key=lambda e: (e["brier"], e["forecaster"]))
    open_questions = [q.id for q in ledger.questions if q.resolution is None]
    return {"title": ledger.title, "scored": rows, "forecasters": forecasters,
            "open_questions": open_questions}
