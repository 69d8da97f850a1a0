"""How far forecasts were from what happened: error summaries and a cluster bootstrap.

Errors are absolute differences between forecast and outcome in points of a 0–100 scale (an
issue on another scale, such as the EC case's 4–10 years, is rescaled: a point is 1 % of the
issue's range). :func:`error_summary` gives the mean absolute error (MAE, the DEU literature's
measure: Achen 2006), the median absolute error, the root mean squared error and the shares
within ±5 and ±10 points. :func:`bootstrap_difference` puts a percentile interval on the
difference of two forecasts' MAE over the issues both forecast, resampling *clusters* (DEU
proposals) with replacement rather than issues: issues of one proposal are negotiated together
and their errors are correlated, so resampling issues alone would make the interval too narrow.

>>> f, o = np.array([10., 60., 30.]), np.array([0., 50., 30.])
>>> s = error_summary(f, o)
>>> s["n"], s["mae"], s["median_ae"], round(s["rmse"], 4), s["within_5"], s["within_10"]
(3, 6.666666666666667, 10.0, 8.165, 0.3333333333333333, 1.0)
"""

from __future__ import annotations

import numpy as np

from accord.randomness import stream


def absolute_errors(forecast: np.ndarray, outcome: np.ndarray) -> np.ndarray:
    """|forecast − outcome|, NaN where either is missing."""
    return np.abs(np.asarray(forecast, float) - np.asarray(outcome, float))


def error_summary(forecast: np.ndarray, outcome: np.ndarray) -> dict[str, float | int | None]:
    """MAE, median AE, RMSE and shares within ±5 and ±10 over the issues with both values.

    Parameters
    ----------
    forecast, outcome : ndarray
        Same shape, in points of a 0–100 scale; NaN means no forecast or no outcome.

    Returns
    -------
    dict
        ``n`` (issues scored) and the five measures (None when ``n`` is 0).
    """
    return summarise_errors(absolute_errors(forecast, outcome))


def summarise_errors(errors: np.ndarray) -> dict[str, float | int | None]:
    """:func:`error_summary` of absolute errors already computed (NaN: not scored)."""
    e = np.asarray(errors, float)
    e = e[np.isfinite(e)]
    if e.size == 0:
        return {"n": 0, "mae": None, "median_ae": None, "rmse": None, "within_5": None,
                "within_10": None}
    return {"n": int(e.size), "mae": float(e.mean()), "median_ae": float(np.median(e)),
            "rmse": float(np.sqrt((e ** 2).mean())), "within_5": float((e <= 5).mean()),
            "within_10": float((e <= 10).mean())}


def bootstrap_difference(errors: np.ndarray, reference_errors: np.ndarray, clusters: np.ndarray,
                         *, resamples: int = 2000, level: float = 0.95,
                         seed: int = 0) -> dict[str, float | int | None]:
    """MAE(errors) − MAE(reference_errors) over the issues both have, with a cluster-bootstrap
    percentile interval.

    Each resample draws as many clusters as there are, with replacement, and takes every issue
    of each drawn cluster (as often as it was drawn); the difference is the mean over those
    issues. Negative differences mean fewer errors than the reference.

    Parameters
    ----------
    errors, reference_errors : ndarray
        Absolute errors per issue (NaN: not forecast).
    clusters : ndarray
        A cluster label per issue (the DEU proposal).
    resamples, level, seed
        Number of bootstrap resamples, the interval's coverage, the generator's seed.

    Returns
    -------
    dict
        ``n`` (paired issues), ``clusters``, ``difference`` and ``low``, ``high`` (None with
        fewer than two clusters).

    Examples
    --------
    >>> e = np.array([1., 2., 3., 4.]); r = np.array([2., 3., 4., 5.])
    >>> d = bootstrap_difference(e, r, np.array([0, 0, 1, 1]))
    >>> d["difference"], d["low"], d["high"]
    (-1.0, -1.0, -1.0)
    """
    both = np.isfinite(errors) & np.isfinite(reference_errors)
    if not both.any():
        return {"n": 0, "clusters": 0, "difference": None, "low": None, "high": None}
    diff = (errors - reference_errors)[both]
    _, label = np.unique(np.asarray(clusters)[both], return_inverse=True)
    n_clusters = int(label.max()) + 1
    if n_clusters < 2:   # one case: nothing to resample, no interval
        return {"n": int(both.sum()), "clusters": n_clusters, "difference": float(diff.mean()),
                "low": None, "high": None}
    sums = np.bincount(label, weights=diff, minlength=n_clusters)
    counts = np.bincount(label, minlength=n_clusters).astype(float)
    rng = stream(seed)
    draws = rng.integers(0, n_clusters, size=(resamples, n_clusters))
    times = np.zeros((resamples, n_clusters))
    np.add.at(times, (np.arange(resamples)[:, None], draws), 1.0)
    boot = (times @ sums) / (times @ counts)
    alpha = (1.0 - level) / 2.0
    low, high = np.quantile(boot, [alpha, 1.0 - alpha])
    return {"n": int(both.sum()), "clusters": n_clusters, "difference": float(diff.mean()),
            "low": float(low), "high": float(high)}
