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

from accord.models.base import ModelResult, ModelSpec, register, weighted_mean, weighted_median, weights
from accord.scenario.arrays import ScenarioArrays


@dataclass(frozen=True)
class NoParams:
    """These models have no parameters."""


def compromise(arrays: ScenarioArrays, params: NoParams | None = None, rng=None) -> ModelResult:
    """Weighted mean Σ c s x / Σ c s per issue, over an optional batch axis."""
    return ModelResult("compromise", weighted_mean(arrays.position, weights(arrays)))


def median(arrays: ScenarioArrays, params: NoParams | None = None, rng=None) -> ModelResult:
    """Weighted median per issue (lower median on an exact tie), over an optional batch axis."""
    return ModelResult("median", weighted_median(arrays.position, weights(arrays)))


register(ModelSpec(
    name="compromise", title="Compromise model (weighted mean)", run=compromise, params=NoParams,
    issue_separable=True,
    reference="Achen (2006), in Thomson et al., The European Union Decides, ch. 10",
    description="Capability- and salience-weighted mean of the positions.",
))
register(ModelSpec(
    name="median", title="Weighted median", run=median, params=NoParams,
    issue_separable=True,
    reference="Black (1948); Achen (2006)",
    description="Position where the cumulative capability × salience weight reaches half.",
))
