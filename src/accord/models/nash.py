"""The asymmetric Nash bargaining solution on each issue.

Nash (1950); asymmetric form Kalai (1977), Roth (1979). On each issue the outcome maximises

    Π_i (u_i(x) − d_i)^{w_i},   w_i = c_i s_i,

over the issue's scale, where u_i(x) = 1 − (|x − x_i| / R)^p is actor i's utility for outcome
x (R = high − low; p = 2, quadratic loss, the usual spatial-model choice; p = 1 is linear),
d_i = 0 is the utility of the worst point on the scale — the disagreement point when nothing
better is known — and the bargaining power w_i is capability times salience (an actor that
cares little about an issue does not fight for it). Every u_i − d_i is non-negative and
concave on the scale, so the log-objective Σ w_i log(u_i − d_i) is concave and its maximum is
the unique root of its derivative, found by bisection — vectorised over batch and issues.

With p = 2 and two actors of equal weight the solution is the midpoint:

>>> import numpy as np
>>> from accord.scenario.arrays import ScenarioArrays
>>> arr = ScenarioArrays(("a", "b"), ("x",), np.array([[0.], [100.]]), np.ones((2, 1)),
...     np.ones((2, 1)), np.ones((2, 1), bool), np.array([0.]), np.array([100.]))
>>> round(float(nash(arr).forecast[0]), 6)
50.0
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.models import oracles
from accord.models.base import ModelResult, ModelSpec, Variant, register, require_finite, weights
from accord.scenario.arrays import ScenarioArrays


@dataclass(frozen=True)
class NashParams:
    loss_exponent: float = 2.0
    """p in u_i(x) = 1 − (|x − x_i|/R)^p; 2 is quadratic loss, 1 linear."""
    iterations: int = 80
    """Bisection steps; 80 halvings of R are below float precision."""


def _gain_slope(x, position, span, p):
    """d/dx log(u_i(x)) for u_i = 1 − (|x − x_i|/R)^p (..., A, I)."""
    d = (x[..., None, :] - position) / span
    ad = np.abs(d)
    with np.errstate(divide="ignore", invalid="ignore"):
        u = 1.0 - ad ** p
        du = -p * ad ** (p - 1) * np.sign(d) / span
        return np.where(u > 0, du / u, -np.sign(d) * np.inf)


def nash(arrays: ScenarioArrays, params: NashParams | None = None, rng=None) -> ModelResult:
    """The asymmetric Nash bargaining solution on each issue.

    Maximises Π_i (u_i(x) − d_i)^{w_i} over the issue's scale with u_i(x) = 1 − (|x − x_i|/R)^p,
    d_i = 0 (the worst point of the scale) and bargaining power w_i = c_i s_i, by bisection on the
    derivative of the concave log-objective, vectorised over batch and issues.

    Parameters
    ----------
    arrays : ScenarioArrays
        Positions, saliences and capabilities, optionally batched (B, A, I).
    params : NashParams, optional
        ``loss_exponent`` p (2: quadratic loss, 1: linear) and the bisection steps.
    rng : optional
        Unused (the model draws nothing).

    Returns
    -------
    ModelResult
        ``forecast`` (..., I); NaN on an issue nobody weighs.

    Raises
    ------
    AccordError
        When an input is NaN or infinite.

    References
    ----------
    Nash, J. F. (1950). The bargaining problem. Econometrica 18(2), 155–162. Kalai, E. (1977).
    Nonsymmetric Nash solutions and replications of 2-person bargaining. International Journal
    of Game Theory 6, 129–133. Roth, A. E. (1979). Axiomatic Models of Bargaining. Springer.

    Examples
    --------
    Two actors at 0 and 100 with weights 2 and 1: under linear loss the solution is the power
    share, maximising 2·log(1 − t) + log(t) at t = 1/3.

    >>> from accord.scenario.arrays import ScenarioArrays
    >>> two = ScenarioArrays(("a", "b"), ("x",), np.array([[0.], [100.]]), np.ones((2, 1)),
    ...                      np.array([[2.], [1.]]), np.ones((2, 1), bool), np.array([0.]),
    ...                      np.array([100.]))
    >>> round(float(nash(two, NashParams(loss_exponent=1.0)).forecast[0]), 9)
    33.333333333
    """
    require_finite(arrays, "nash")
    params = params or NashParams()
    w = weights(arrays)
    lo = np.broadcast_to(arrays.low, w.shape[:-2] + (arrays.n_issues,)).astype(float).copy()
    hi = np.broadcast_to(arrays.high, lo.shape).astype(float).copy()
    span = arrays.scale_range
    for _ in range(params.iterations):
        mid = (lo + hi) / 2.0
        slope = np.nansum(np.where(w > 0, w * _gain_slope(mid, arrays.position, span,
                                                          params.loss_exponent), 0.0), axis=-2)
        up = slope > 0
        lo = np.where(up, mid, lo)
        hi = np.where(up, hi, mid)
    x = (lo + hi) / 2.0
    x = np.where(w.sum(axis=-2) > 0, x, np.nan)
    return ModelResult("nash", x)


register(ModelSpec(
    name="nash", title="Nash bargaining (asymmetric, per issue)", run=nash, params=NashParams,
    issue_separable=True,
    reference="Nash (1950); Kalai (1977); bargaining power = capability × salience",
    description="Maximises the weighted product of utility gains over the worst point of the scale.",
    variants=(Variant("linear-loss", {"loss_exponent": 1.0}),),
    # Utilities depend on |x − x_i|/R only; the powers c·s enter as exponents of a product,
    # whose maximiser a common factor does not move.
    scale_invariance=("units", "capability", "salience"), oracle=oracles.NASH,
))
