"""The compromise model (weighted mean) and the weighted median.

Achen (2006), "Evaluating political decision-making models", in Thomson, Stokman, Achen &
König (eds.), *The European Union Decides*, Cambridge University Press: the outcome is the
capability- and salience-weighted mean of the actors' positions,

    x̂ = Σ_i c_i s_i x_i / Σ_i c_i s_i,

the baseline every other model is judged against (on the DEU data it has the lowest mean
absolute error of all published models). The weighted median is the position at which the
cumulative c·s weight, in order of position, reaches half: the Condorcet winner under
weighted voting with single-peaked preferences (Black 1948).

>>> from accord.scenario.builtin import load_builtin
>>> arrays = load_builtin("ec-emissions-1994").to_arrays()
>>> round(float(compromise(arrays).forecast[0]), 5), float(median(arrays).forecast[0])
(7.38996, 7.0)
"""

from __future__ import annotations

from dataclasses import dataclass

from accord.models.base import (ModelResult, ModelSpec, register, require_finite, weighted_mean,
                                weighted_median, weights)
from accord.models import oracles
from accord.scenario.arrays import ScenarioArrays


@dataclass(frozen=True)
class NoParams:
    """These models have no parameters."""


def compromise(arrays: ScenarioArrays, params: NoParams | None = None, rng=None) -> ModelResult:
    """The compromise model: the capability- and salience-weighted mean of the positions.

    x̂_d = Σ_i c_id s_id x_id / Σ_i c_id s_id on each issue d, over an optional batch axis; the
    baseline every other model is judged against (on the DEU data it has the lowest mean absolute
    error of the published models).

    Parameters
    ----------
    arrays : ScenarioArrays
        Positions, saliences and capabilities, optionally batched (B, A, I).
    params : NoParams, optional
        The model has none.
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
    Achen, C. H. (2006). Evaluating political decision-making models. In R. Thomson, F. N.
    Stokman, C. H. Achen & T. König (eds.), The European Union Decides, ch. 10. Cambridge
    University Press.

    Examples
    --------
    research/models.md §1: the EC car-emissions weighted mean is 7.38996 years.

    >>> from accord.scenario.builtin import load_builtin
    >>> round(float(compromise(load_builtin("ec-emissions-1994").to_arrays()).forecast[0]), 5)
    7.38996
    """
    require_finite(arrays, "compromise")
    return ModelResult("compromise", weighted_mean(arrays.position, weights(arrays)))


def median(arrays: ScenarioArrays, params: NoParams | None = None, rng=None) -> ModelResult:
    """The weighted median: where the cumulative c·s weight, in order of position, reaches half.

    The Condorcet winner under weighted voting with single-peaked preferences; the lower median
    on an exact tie at half. Over an optional batch axis.

    Parameters
    ----------
    arrays : ScenarioArrays
        Positions, saliences and capabilities, optionally batched (B, A, I).
    params : NoParams, optional
        The model has none.
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
    Black, D. (1948). On the rationale of group decision-making. Journal of Political Economy
    56(1), 23–34. Achen (2006), in Thomson et al., The European Union Decides, ch. 10.

    Examples
    --------
    research/models.md §1: the EC case's weighted median is 7 (by hand: the weight at 4 years,
    .248, is below half of .677; with the 7-year block, .341, it is above).

    >>> from accord.scenario.builtin import load_builtin
    >>> float(median(load_builtin("ec-emissions-1994").to_arrays()).forecast[0])
    7.0
    """
    require_finite(arrays, "median")
    return ModelResult("median", weighted_median(arrays.position, weights(arrays)))


register(ModelSpec(
    name="compromise", title="Compromise model (weighted mean)", run=compromise, params=NoParams,
    issue_separable=True,
    reference="Achen (2006), in Thomson et al., The European Union Decides, ch. 10",
    description="Capability- and salience-weighted mean of the positions.",
    # A mean of positions with relative weights c·s: affine in the units, homogeneous of
    # degree 0 in c and in s.
    scale_invariance=("units", "capability", "salience"), oracle=oracles.COMPROMISE,
))
register(ModelSpec(
    name="median", title="Weighted median", run=median, params=NoParams,
    issue_separable=True,
    reference="Black (1948); Achen (2006)",
    description="Position where the cumulative capability × salience weight reaches half.",
    # An order statistic (monotone maps of the units keep it) with relative weights c·s.
    scale_invariance=("units", "capability", "salience"), oracle=oracles.MEDIAN,
))
