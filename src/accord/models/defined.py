"""When a forecast is undefined, and the message that says why.

Every position model weighs an actor by capability × salience. When those weights are all 0 on
an issue — every salience 0, every capability 0, a scenario with a deal space and no stances, or
capabilities so small that the product underflows to 0 in floating point — no model has a
forecast there: a weighted mean or median of nothing is undefined. And a model whose arithmetic
leaves floating point's range (capabilities near 1e-160 whose products underflow inside the
model, say) returns NaN or infinity. Either way the answer is a located user error, raised
before anything prints a number: never ``nan`` with exit code 0, never a JSON writer failing on
it, never a 500 in the workbench.

>>> import accord
>>> s = accord.load("ec-emissions-1994")
>>> silent = s.model_copy(update={"stances": [st.model_copy(update={"salience": 0.0})
...                                           for st in s.stances]})
>>> check_weights(silent, silent.to_arrays())
Traceback (most recent call last):
...
accord.errors.AccordError: ec-emissions-1994: issues[0] 'emissions': no forecast: every weight
(capability × salience) on this issue is 0 — every salience is 0; expected at least one actor
with a positive capability and salience on it
"""

from __future__ import annotations

import numpy as np

from accord.errors import AccordError


def _why_zero(capability: np.ndarray, salience: np.ndarray, has_stance: np.ndarray) -> str:
    if not has_stance.any():
        return "nobody has a stance on it"
    cap, sal = capability[has_stance], salience[has_stance]
    if not np.any(sal > 0):
        return "every salience is 0"
    if not np.any(cap > 0):
        return "every capability is 0"
    if not np.any((cap > 0) & (sal > 0)):
        return "no actor has both a capability and a salience above 0"
    both = (cap > 0) & (sal > 0)
    return (f"capability × salience underflows to 0 in floating point (capabilities from "
            f"{cap[both].min():.3g}, saliences from {sal[both].min():.3g})")


def check_weights(scenario, arrays) -> None:
    """A located :class:`AccordError` for the first issue on which every weight is 0."""
    if not scenario.stances:
        raise AccordError(f"{scenario.id}: no forecast: the scenario has no stances (a deal space "
                          "only, as GENIUS and GeniusWeb files give); expected stances with "
                          "positions, saliences and capabilities — `accord deals` analyses a "
                          "deal space")
    weight = arrays.capability * arrays.salience
    total = weight.sum(axis=-2)
    for k, issue in enumerate(scenario.issues):
        if not total[..., k].min() > 0:
            why = _why_zero(arrays.capability[..., k], arrays.salience[..., k],
                            arrays.has_stance[:, k])
            raise AccordError(f"{scenario.id}: issues[{k}] {issue.id!r}: no forecast: every "
                              f"weight (capability × salience) on this issue is 0 — {why}; "
                              "expected at least one actor with a positive capability and "
                              "salience on it")


def check_forecast(scenario, arrays, model: str, forecast: np.ndarray) -> None:
    """A located :class:`AccordError` if ``model`` gave a forecast that is not a finite number."""
    bad = ~np.isfinite(np.asarray(forecast, dtype=float))
    if not bad.any():
        return
    k = int(np.argmax(bad.reshape(-1, bad.shape[-1]).any(axis=0)))
    issue = scenario.issues[k]
    weight = (arrays.capability * arrays.salience)[..., k]
    positive = weight[weight > 0]
    raise AccordError(f"{scenario.id}: issues[{k}] {issue.id!r}: model {model!r} has no finite "
                      "forecast: its arithmetic left floating point's range (weights capability "
                      f"× salience from {positive.min():.3g} to {positive.max():.3g}, scale "
                      f"{issue.low:g}–{issue.high:g}); expected capabilities of ordinary size — "
                      "rescale them, e.g. to 0–100 (only their ratios matter)")
