"""Choosing the recommended forecast by cross-validation, and measuring the choice honestly.

The procedure (written down in ``docs/validity.md``):

1. **Folds by proposal.** The proposals (clusters) are shuffled with a seeded generator and dealt
   to K folds in turn; every issue of a proposal lands in the same fold, because issues of one
   proposal are negotiated together and share information.
2. **Cross-validated error of each candidate** (:mod:`accord.validity.combine`): for each fold,
   the candidate is fitted on the other folds (only a stack has anything to fit) and forecasts
   the fold; the candidate's CV MAE is over every scoreable issue, each forecast once, by a fit
   that never saw its proposal. A candidate that does not forecast every scoreable issue cannot
   be chosen.
3. **Selection**: the candidate with the lowest CV MAE (ties to the earlier, simpler one).
4. **Nested cross-validation** measures the whole procedure: for each outer fold, steps 1–3 run
   on the other folds alone (inner folds from the same seed) and the chosen candidate, fitted on
   them, forecasts the outer fold. Choosing the best of many candidates on the same issues that
   score it flatters it; the nested figure does not, and it is the one to quote.

>>> import numpy as np
>>> folds = proposal_folds(np.array(["p1", "p1", "p2", "p3", "p3"]), 2, seed=0)
>>> folds.tolist()
[1, 1, 0, 0, 0]
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from accord.randomness import stream
from accord.validity.combine import Combination


def proposal_folds(clusters: np.ndarray, k: int, seed: int = 0) -> np.ndarray:
    """A fold number (0 … k−1) per issue; issues of one cluster share their fold."""
    labels = list(dict.fromkeys(np.asarray(clusters).tolist()))   # first-appearance order
    order = stream(seed).permutation(len(labels))
    fold_of = {labels[j]: n % k for n, j in enumerate(order)}
    return np.array([fold_of[c] for c in np.asarray(clusters).tolist()])


@dataclass
class Selection:
    """The outcome of steps 1–3 on some issues."""

    chosen: Combination
    cv_mae: dict[str, float]
    heldout: dict[str, np.ndarray]
    excluded: dict[str, str] = field(default_factory=dict)


def _errors(pred: np.ndarray, outcome: np.ndarray, scale: np.ndarray) -> np.ndarray:
    return np.abs(pred - outcome) * scale


def select(candidates: list[Combination], forecasts: dict[str, np.ndarray], outcome: np.ndarray,
           scale: np.ndarray, clusters: np.ndarray, mask: np.ndarray, k: int,
           seed: int = 0) -> Selection:
    """Steps 1–3 on the issues in ``mask``; held-out forecasts outside ``mask`` are NaN."""
    folds = proposal_folds(clusters[mask], k, seed)
    index = np.flatnonzero(mask)
    cv_mae: dict[str, float] = {}
    heldout: dict[str, np.ndarray] = {}
    excluded: dict[str, str] = {}
    for cand in candidates:
        full = cand.predict(forecasts) if not cand.learns else None
        pred = np.full(outcome.shape, np.nan)
        for f in range(k):
            test = index[folds == f]
            if cand.learns:
                train = np.zeros(outcome.shape, bool)
                train[index[folds != f]] = True
                pred[test] = cand.fit(forecasts, outcome, train).predict(forecasts)[test]
            else:
                pred[test] = full[test]
        if not np.isfinite(pred[mask]).all():
            excluded[cand.name] = "does not forecast every scoreable issue"
            continue
        heldout[cand.name] = pred
        cv_mae[cand.name] = float(_errors(pred[mask], outcome[mask], scale[mask]).mean())
    if not cv_mae:
        raise ValueError("no candidate forecasts every scoreable issue")
    best = min(cv_mae, key=lambda name: cv_mae[name])   # min keeps the first of equals
    chosen = next(c for c in candidates if c.name == best)
    return Selection(chosen, cv_mae, heldout, excluded)


@dataclass
class NestedResult:
    """Held-out forecasts of the whole selection procedure, and what each outer fold chose."""

    forecast: np.ndarray
    chosen: list[str]


def nested(candidates: list[Combination], forecasts: dict[str, np.ndarray], outcome: np.ndarray,
           scale: np.ndarray, clusters: np.ndarray, mask: np.ndarray, k: int,
           seed: int = 0) -> NestedResult:
    """Step 4: each outer fold forecast by the candidate chosen (and fitted) without it."""
    folds = proposal_folds(clusters[mask], k, seed)
    index = np.flatnonzero(mask)
    pred = np.full(outcome.shape, np.nan)
    chosen = []
    for f in range(k):
        train = np.zeros(outcome.shape, bool)
        train[index[folds != f]] = True
        inner = select(candidates, forecasts, outcome, scale, clusters, train, k, seed)
        fitted = inner.chosen.fit(forecasts, outcome, train)
        test = index[folds == f]
        pred[test] = fitted.predict(forecasts)[test]
        chosen.append(inner.chosen.name)
    return NestedResult(pred, chosen)
