"""Combinations of forecasts: the candidates for Accord's recommended forecast.

Forecast combination (Bates & Granger 1969; Clemen 1989): an equal-weight mean or the median of
several models' forecasts often beats each of them, because their errors are not perfectly
correlated; fitted weights rarely beat equal ones out of sample ("the forecast combination
puzzle", Smith & Wallis 2009). The candidates are

- ``single``: one forecast as it is;
- ``mean`` / ``median``: of the components' forecasts on each issue (over those that forecast it);
- ``stack``: convex weights (non-negative, summing to 1) minimising the absolute error on the
  issues it is fitted on — a least-absolute-deviations fit, a linear programme — then applied to
  other issues (components without a forecast drop out and the rest are re-normalised).

Only ``stack`` learns anything from outcomes; :mod:`accord.validity.crossval` fits it on
training folds only.

>>> F = {"a": np.array([0., 10.]), "b": np.array([20., 30.])}
>>> Combination("mean", ("a", "b")).predict(F)
array([10., 20.])
>>> fitted = Combination("stack", ("a", "b")).fit(F, np.array([20., 30.]), np.array([True, True]))
>>> [round(w, 6) for w in fitted.weights], fitted.predict(F)
([0.0, 1.0], array([20., 30.]))
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

RULES = ("single", "mean", "median", "stack")


@dataclass(frozen=True)
class Combination:
    """``rule`` applied to the forecasts named in ``components`` (``weights`` once a stack is fitted)."""

    rule: str
    components: tuple[str, ...]
    weights: tuple[float, ...] | None = None

    @property
    def name(self) -> str:
        if self.rule == "single":
            return self.components[0]
        return f"{self.rule}({', '.join(self.components)})"

    @property
    def learns(self) -> bool:
        return self.rule == "stack"

    def fit(self, forecasts: dict[str, np.ndarray], outcome: np.ndarray,
            train: np.ndarray) -> "Combination":
        """The combination fitted on the issues in ``train`` (only a stack has anything to fit)."""
        if self.rule != "stack":
            return self
        X = np.column_stack([forecasts[c] for c in self.components])
        rows = train & np.isfinite(outcome) & np.isfinite(X).all(axis=1)
        return replace(self, weights=tuple(float(w) for w in lad_convex_weights(X[rows], outcome[rows])))

    def predict(self, forecasts: dict[str, np.ndarray]) -> np.ndarray:
        X = np.column_stack([forecasts[c] for c in self.components])
        ok = np.isfinite(X)
        with np.errstate(invalid="ignore", divide="ignore"):
            if self.rule == "single":
                return X[:, 0]
            if self.rule == "mean":
                return np.where(ok.any(axis=1), np.where(ok, X, 0).sum(axis=1) / ok.sum(axis=1),
                                np.nan)
            if self.rule == "median":
                out = np.full(X.shape[0], np.nan)
                some = ok.any(axis=1)
                out[some] = np.nanmedian(X[some], axis=1)
                return out
            if self.weights is None:
                raise ValueError(f"{self.name} must be fitted before it predicts")
            w = np.where(ok, np.asarray(self.weights), 0.0)
            total = w.sum(axis=1)
            return np.where(total > 0, (w * np.where(ok, X, 0)).sum(axis=1) / total, np.nan)


def lad_convex_weights(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Weights w ≥ 0, Σ w = 1 minimising Σ_n |y_n − X_n · w| (a linear programme, HiGHS).

    Ties between optimal weight vectors are broken by the solver; with a single column the
    weight is 1.
    """
    from scipy.optimize import linprog

    n, k = X.shape
    if k == 1 or n == 0:
        return np.full(k, 1.0 / k)
    # variables: w (k), under-shoot u (n), over-shoot v (n); X w + u − v = y
    cost = np.concatenate([np.zeros(k), np.ones(2 * n)])
    a_eq = np.vstack([np.hstack([X, np.eye(n), -np.eye(n)]),
                      np.concatenate([np.ones(k), np.zeros(2 * n)])[None]])
    b_eq = np.append(y, 1.0)
    res = linprog(cost, A_eq=a_eq, b_eq=b_eq, bounds=[(0, None)] * (k + 2 * n), method="highs")
    if not res.success:  # cannot happen for a feasible, bounded LAD; keep equal weights
        return np.full(k, 1.0 / k)
    w = np.clip(res.x[:k], 0.0, None)
    return w / w.sum()


def candidates(forecasters: list[str]) -> list[Combination]:
    """The candidate set: each forecaster alone, then the equal-weight mean, the median and the
    stack of all of them (simpler first, so that a tie goes to the simpler).

    A larger set — the mean of every pair and triple as well, 95 candidates for eight
    forecasters — was tried first on the DEU training file: the best of it looked better in
    cross-validation (23.01 against 23.49), but nested cross-validation showed the choice
    itself overfitting (0.38 points *worse* than the salience-weighted mean on average over
    ten fold assignments). See ``docs/validity.md``.

    >>> [c.name for c in candidates(["a", "b", "c"])]
    ['a', 'b', 'c', 'mean(a, b, c)', 'median(a, b, c)', 'stack(a, b, c)']
    """
    out = [Combination("single", (f,)) for f in forecasters]
    if len(forecasters) > 1:
        out.append(Combination("mean", tuple(forecasters)))
    if len(forecasters) > 2:
        out.append(Combination("median", tuple(forecasters)))
    if len(forecasters) > 1:
        out.append(Combination("stack", tuple(forecasters)))
    return out
