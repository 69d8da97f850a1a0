"""Accord's recommended forecast: the median of every model's and both baselines' forecasts.

Chosen once, by the cross-validation procedure of :mod:`accord.validity.crossval` (5 folds by
proposal, seed 0) on the 229 scoreable issues of the DEU training file and nothing else, among
the candidates of :func:`accord.validity.combine.candidates` — each forecaster alone, their
equal-weight mean, their median and a fitted convex stack — built from the nine registered
models of the time (compromise, weighted median, expected utility, exchange, Nash bargaining,
KTAB SMP, veto players, agenda setter, compromise with the reference point) and the two
baselines (salience-weighted mean, unweighted median). The definition is fixed here and never
re-fitted: ``accord backtest`` scores it as it is on any file, and says when the file is the
one it was chosen on (``docs/validity.md`` has the procedure and every figure).

On each issue it is the median of the forecasts of :data:`COMPONENTS` that give one there (the
status-quo models give none on an issue without a status quo): a robust combination that no
single model's failure — the expected-utility model's cycles, SMP's runs to the scale's end, a
status quo that holds in a model but not in the talks — can drag far. What it is worth, in
plain numbers: on the training file it was *not* better than the salience-weighted mean once
the choice itself is measured honestly (nested cross-validation); it is the forecast Accord
stands behind for its robustness, not one known to be more accurate.

>>> import accord
>>> res = recommended(accord.load("ec-emissions-1994").to_arrays())
>>> sorted(round(v[0], 3) for v in res.details["components"].values())
[5.975, 6.656, 7.0, 7.0, 7.254, 7.39, 7.39, 9.671, 10.0, 10.0, 10.0]
>>> round(float(res.forecast[0]), 5)    # the sixth of eleven: the compromise model's 7.38996
7.38996
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Mapping

import numpy as np

from accord.models.base import (ModelResult, ModelSpec, Oracle, get_model, register,
                                require_finite)
from accord.randomness import as_rng
from accord.scenario.arrays import ScenarioArrays

#: The registered models whose forecasts it combines (default parameters), then the baselines.
MODELS = ("agenda_setter", "compromise", "compromise_sq", "eum", "exchange", "median", "nash",
          "smp", "veto_players")
BASELINES = ("salience_weighted_mean", "median_unweighted")
COMPONENTS = MODELS + BASELINES


@dataclass(frozen=True)
class RecommendedParams:
    """No parameters: the combination is fixed (chosen once on the DEU training file); each
    component runs with its paper's defaults."""


def salience_weighted_mean(arrays: ScenarioArrays) -> np.ndarray:
    """Σ s x / Σ s per issue over the actors with a stance (capabilities ignored); NaN where
    every salience is 0. The reference of every back-test (Achen 2006).

    >>> from accord.scenario.builtin import load_builtin
    >>> round(float(salience_weighted_mean(load_builtin("ec-emissions-1994").to_arrays())[0]), 5)
    6.65574
    """
    s = np.where(arrays.has_stance, arrays.salience, 0.0)
    total = s.sum(axis=-2)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, (s * arrays.position).sum(axis=-2) / total, np.nan)


def unweighted_median(arrays: ScenarioArrays) -> np.ndarray:
    """The median position per issue over the actors with a stance; NaN where there is none.

    >>> from accord.scenario.builtin import load_builtin
    >>> unweighted_median(load_builtin("ec-emissions-1994").to_arrays())
    array([7.])
    """
    x = np.where(arrays.has_stance, arrays.position, np.nan)
    out = np.full(x.shape[:-2] + x.shape[-1:], np.nan)
    some = np.broadcast_to(arrays.has_stance.any(axis=-2), out.shape)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)   # all-NaN columns: no stance there
        med = np.nanmedian(x, axis=-2)
    out[some] = med[some]
    return out


def component_forecasts(arrays: ScenarioArrays, rng=None,
                        known: Mapping[str, np.ndarray] | None = None) -> dict[str, np.ndarray]:
    """Every component's forecast (..., I): the models with default parameters, each with its
    own generator spawned from ``rng`` (the defaults draw nothing), then the baselines.

    Parameters
    ----------
    arrays : ScenarioArrays
        The scenario, optionally batched.
    rng : numpy.random.Generator, LazyStream or int, optional
        Spawns one generator per component model (:func:`accord.randomness.as_rng`: ``None``
        is seed 0).
    known : mapping of str to array, optional
        Forecasts of component models already run on ``arrays`` with their default parameters
        (:func:`accord.api.forecast` runs them beside this model); these are used as given
        instead of running the model a second time. The defaults draw nothing, so which
        generator they ran with does not change them.

    Returns
    -------
    dict of str to numpy.ndarray
        Component name → its forecast, in the order of :data:`COMPONENTS`.
    """
    # Spawned whatever is known, so each model keeps its stream; from a forecast's LazyStream
    # the children are lazy too, and the defaults draw nothing: no generator is ever made.
    rngs = as_rng(rng).spawn(len(MODELS))
    known = known or {}
    out = {}
    for name, r in zip(MODELS, rngs):
        if name in known:
            out[name] = np.asarray(known[name], float)
            continue
        spec = get_model(name)
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            out[name] = np.asarray(spec.run(arrays, spec.default_params(), r).forecast, float)
    out["salience_weighted_mean"] = salience_weighted_mean(arrays)
    out["median_unweighted"] = unweighted_median(arrays)
    return out


def combine(parts: dict[str, np.ndarray]) -> np.ndarray:
    """The median, issue by issue, of the components that forecast it (NaN where none does)."""
    stacked = np.stack([np.asarray(parts[c], float) for c in COMPONENTS])
    out = np.full(stacked.shape[1:], np.nan)
    some = np.isfinite(stacked).any(axis=0)
    out[some] = np.nanmedian(stacked[:, some], axis=0)
    return out


def recommended(arrays: ScenarioArrays, params: RecommendedParams | None = None,
                rng=None, *, known: Mapping[str, np.ndarray] | None = None) -> ModelResult:
    """The recommended forecast of every issue (..., I): the median of the components'.

    Parameters
    ----------
    arrays : ScenarioArrays
        Optionally batched (B, A, I); a status quo and decision rules, where given, reach the
        status-quo models.
    params : RecommendedParams, optional
        Nothing to set.
    rng : numpy.random.Generator, optional
        Spawns one generator per component model.
    known : mapping of str to array, optional
        Component models' forecasts already computed with default parameters on ``arrays``
        (see :func:`component_forecasts`): not run again.

    Returns
    -------
    ModelResult
        ``forecast`` (..., I); for unbatched runs ``details["components"]`` (component → its
        forecast per issue, null where it gives none) and a ``summary``.

    Raises
    ------
    AccordError
        When an input is NaN or infinite.

    References
    ----------
    Bates, J. M. & Granger, C. W. J. (1969). The combination of forecasts. Operational Research
    Quarterly 20(4), 451–468; Achen, C. H. (2006), in Thomson et al. (eds.), The European Union
    Decides, Cambridge UP (the salience-weighted mean as the bar); ``docs/validity.md`` (the
    choice and its cross-validated figures).

    Examples
    --------
    Three actors at 0, 40 and 80 with equal weights and the status quo at 40 (see
    :data:`ORACLE`): nine of the eleven components give 40 by hand, so the median is 40.

    >>> float(recommended(_symmetric_case()).forecast[0])
    40.0
    """
    require_finite(arrays, "recommended")
    parts = component_forecasts(arrays, rng, known)
    forecast = combine(parts)
    details = {}
    if not arrays.is_batched:
        def num(v):
            return float(v) if np.isfinite(v) else None
        details = {"components": {c: [num(v) for v in parts[c]] for c in COMPONENTS},
                   "summary": f"median of {len(COMPONENTS)} forecasts (every registered model "
                              "and both baselines; status-quo models only where a status quo "
                              "is stated), chosen by cross-validation on the DEU training file "
                              "(docs/validity.md)"}
    return ModelResult("recommended", forecast, details=details)


def _symmetric_case() -> ScenarioArrays:
    """Actors at 0, 40, 80 on a 0–100 issue, salience and capability 1, status quo 40."""
    return ScenarioArrays(("a", "b", "c"), ("x",), np.array([[0.0], [40.0], [80.0]]),
                          np.ones((3, 1)), np.ones((3, 1)), np.ones((3, 1), bool),
                          np.array([0.0]), np.array([100.0]), status_quo=np.array([40.0]))


ORACLE = Oracle(
    source="hand calculation: actors at 0, 40, 80 with equal weights, status quo 40 under "
           "unanimity. The weighted and unweighted means and medians are 40; Nash bargaining is "
           "40 by symmetry; the exchange model has no second issue to trade on, so its mean "
           "stays 40; the win-set of 40 is empty (b stands at it), so the veto-player, agenda-"
           "setter and reference-point models keep 40. Nine of eleven components are 40, so "
           "their median is 40 whatever the expected-utility model and SMP give",
    arrays=_symmetric_case, expected=[40.0], atol=1e-9)


register(ModelSpec(
    name="recommended", title="Recommended: median of every model and both baselines",
    run=recommended, params=RecommendedParams,
    reference="docs/validity.md (chosen by cross-validation on the DEU III training file); "
              "Bates & Granger (1969) on combining forecasts",
    description="On each issue the median of the forecasts of every registered model (default "
                "parameters) and of the salience-weighted mean and unweighted median; fixed, "
                "chosen once by cross-validation on DEU training data.",
    # exchange and SMP break ties by actor order (their specs say so); no scale invariance is
    # shared by every component (the status-quo models' is not in units, SMP's only in units)
    permutation_invariant=False, oracle=ORACLE,
))
