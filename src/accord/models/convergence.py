"""Did an iterative model settle? Fixed points, cycles and runs stopped while still moving.

Iterative models (the expected-utility model, the exchange model, KTAB's SMP) report their
state round by round (:class:`~accord.models.base.Rounds`); their forecast is the last round's.
That is only a forecast if the process has settled. Two ways it may not have:

- a **cycle**: the state returns to where it was k rounds earlier, so the "last round" is an
  arbitrary phase of an oscillation (the expected-utility model on the 2026 talks: security
  guarantees 85 → 68 → 28 → 15 → 85, period 4);
- **still moving**: the run ended at its round or turn limit while positions still changed.

:func:`assess` reads the rounds array of any model (per issue: the positions of every actor,
round by round) and, where a model states its own stopping verdict (``details["converged"]``,
as the SMP does with KTAB's rule), uses it. A period-k cycle is found when the last k states
repeat the k before them (so at least 2k + 1 states are needed to see one); a fixed point is
the period-1 case.

>>> import numpy as np

One actor on one issue, medians 60, 85, 68, 28, 15, 85, 68, 28, 15 (a period-4 cycle)
>>> pos = np.array([60, 85, 68, 28, 15, 85, 68, 28, 15], float)[:, None, None]
>>> c = assess_positions(pos, pos[:, 0, :], low=np.array([0.]), high=np.array([100.]))
>>> c.period.tolist(), c.low.tolist(), c.high.tolist(), c.converged.tolist()
([4], [15.0], [85.0], [False])
>>> c.describe(0)
'unstable: cycles between 15 and 85 (period 4)'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

#: States closer than this share of the issue's scale count as the same state.
STATE_TOLERANCE = 1e-9
#: A cycle whose forecast stays within this share of the scale (0.1 on a 0–100 scale) leaves
#: the forecast steady: positions swap round, the median or mean does not move. It counts as
#: converged.
STEADY_FORECAST = 1e-3


@dataclass(frozen=True)
class Convergence:
    """Per issue (..., I): ``converged``; ``period`` (0: no repetition found, 1: fixed point,
    k ≥ 2: a cycle of k rounds); ``low``/``high``/``mean``: the range and mean of the forecast
    series over the last cycle (NaN without one); ``moving``: the last round's largest move."""

    converged: np.ndarray
    period: np.ndarray
    low: np.ndarray
    high: np.ndarray
    mean: np.ndarray
    moving: np.ndarray

    def status(self, i: int) -> str:
        """``converged``, ``cycle`` or ``still moving`` for issue ``i`` (unbatched)."""
        if self.period[i] >= 2:
            return "cycle"
        return "converged" if self.converged[i] else "still moving"

    def describe(self, i: int) -> str:
        """In words, for issue ``i`` (unbatched)."""
        s = self.status(i)
        if s == "cycle":
            return (f"unstable: cycles between {_g(self.low[i])} and {_g(self.high[i])} "
                    f"(period {int(self.period[i])})")
        if s == "still moving":
            return f"did not converge: still moving at the last round (by {_g(self.moving[i])})"
        return "converged"

    def cycle(self, i: int) -> dict[str, Any] | None:
        """JSON for issue ``i``: ``{"period", "low", "high", "mean"}`` or None."""
        if self.period[i] < 2:
            return None
        return {"period": int(self.period[i]), "low": float(self.low[i]),
                "high": float(self.high[i]), "mean": float(self.mean[i])}


def _g(x: float) -> str:
    return f"{x:.3f}".rstrip("0").rstrip(".")


def cycle_period(positions: np.ndarray, span: np.ndarray,
                 tolerance: float = STATE_TOLERANCE) -> np.ndarray:
    """(..., I) smallest k such that the last k states repeat the k before them (0: none).

    ``positions`` (..., R, A, I); ``span`` (I,) the issues' scale ranges.
    """
    R = positions.shape[-3]
    period = np.zeros(positions.shape[:-3] + positions.shape[-1:], dtype=np.int64)
    tol = tolerance * np.asarray(span, dtype=float)
    for k in range(1, R // 2 + 1):
        recent = positions[..., R - k:, :, :]
        before = positions[..., R - 2 * k:R - k, :, :]
        same = np.all(np.abs(recent - before) <= tol, axis=(-3, -2))
        period = np.where((period == 0) & same, k, period)
    return period


def assess_positions(positions, series, low, high, *, own_verdict=None,
                     tolerance: float = STATE_TOLERANCE) -> Convergence:
    """:class:`Convergence` of a rounds array.

    ``positions`` (..., R, A, I) every actor's position each round; ``series`` (..., R, I) the
    forecast each round (the model's median or mean); ``own_verdict`` optional (...,) or
    (..., I) bool: the model's own stopping verdict, used where no repetition is found.
    """
    positions = np.asarray(positions, dtype=float)
    series = np.asarray(series, dtype=float)
    span = np.asarray(high, dtype=float) - np.asarray(low, dtype=float)
    period = cycle_period(positions, span, tolerance)
    R = positions.shape[-3]
    moving = np.abs(positions[..., -1, :, :] - positions[..., -2, :, :]).max(axis=-2) \
        if R >= 2 else np.zeros(period.shape)
    if own_verdict is None:
        converged = period == 1
    else:
        v = np.asarray(own_verdict, dtype=bool)
        v = np.broadcast_to(v[..., None] if v.ndim < period.ndim else v, period.shape)
        converged = np.where(period >= 2, False, v | (period == 1))
    low_c = np.full(period.shape, np.nan)
    high_c = np.full(period.shape, np.nan)
    mean_c = np.full(period.shape, np.nan)
    for k in sorted(set(period[period >= 2].tolist())):  # not np.unique: it imports numpy.ma
        window = series[..., R - k:, :]
        hit = period == k
        low_c = np.where(hit, window.min(axis=-2), low_c)
        high_c = np.where(hit, window.max(axis=-2), high_c)
        mean_c = np.where(hit, window.mean(axis=-2), mean_c)
    steady = (period >= 2) & (high_c - low_c <= STEADY_FORECAST * span)
    period = np.where(steady, 1, period)
    converged = converged | steady
    nan = np.where(steady, np.nan, 0.0)
    return Convergence(converged, period, low_c + nan, high_c + nan, mean_c + nan, moving)


def assess(result, arrays) -> Convergence:
    """:class:`Convergence` of a :class:`~accord.models.base.ModelResult` on ``arrays``.

    A model without rounds (a closed form) has converged by definition. The forecast series is
    the model's median, or its mean when the last round's mean (and not its median) is the
    forecast.
    """
    shape = np.shape(result.forecast)
    if result.rounds is None:
        nan = np.full(shape, np.nan)
        return Convergence(np.ones(shape, bool), np.zeros(shape, np.int64), nan, nan, nan,
                           np.zeros(shape))
    r = result.rounds
    last_mean, last_median = r.mean[..., -1, :], r.median[..., -1, :]
    use_mean = np.allclose(result.forecast, last_mean, equal_nan=True) and \
        not np.allclose(result.forecast, last_median, equal_nan=True)
    series = r.mean if use_mean else r.median
    verdict = (result.details or {}).get("converged")
    return assess_positions(r.positions, series, arrays.low, arrays.high,
                            own_verdict=None if verdict is None else bool(verdict))


def cycle_mean(positions, series, forecast, low, high) -> np.ndarray:
    """``forecast`` (..., I) with every cycling issue's value replaced by the mean of the
    forecast series over one period of its cycle (the centre of what it oscillates over)."""
    c = assess_positions(positions, series, low, high)
    return np.where(c.period >= 2, c.mean, forecast)
