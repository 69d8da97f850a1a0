"""The contract every forecasting model keeps, and the registry that finds them.

A model is a pure function ``run(arrays, params=None, rng=None) -> ModelResult`` over
:class:`~accord.scenario.arrays.ScenarioArrays`, vectorised over an optional leading batch
axis. Parameters are a frozen dataclass whose defaults are the paper's. Modules in
``accord.models`` register themselves with :func:`register`; the CLI, the web app, the
ensembles and the conformance suite (``tests/models/test_conformance.py``) all go through
:func:`get_model` and :func:`available_models`, so a new model is picked up everywhere.

>>> from accord.models import get_model
>>> get_model("compromise").title
'Compromise model (weighted mean)'
"""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from accord.errors import AccordError
from accord.scenario.arrays import ScenarioArrays


@dataclass
class Rounds:
    """What an iterative model did, round by round (round 0 is the starting point).

    ``positions`` (..., R, A, I); ``median`` and ``mean`` (..., R, I): the capability- and
    salience-weighted median and mean of the positions after each round. ``extra`` holds other
    per-round arrays (e.g. the EUM's risk exponents, shape (..., R, A, I)).
    """

    positions: np.ndarray
    median: np.ndarray
    mean: np.ndarray
    extra: dict[str, np.ndarray] = field(default_factory=dict)


@dataclass
class ModelResult:
    """A model's forecast per issue (..., I), with its rounds and model-specific details.

    ``details`` is JSON-serialisable and describes an unbatched run (an interaction log, the
    exchanges made); batched runs may leave it empty.
    """

    model: str
    forecast: np.ndarray
    rounds: Rounds | None = None
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ModelSpec:
    name: str
    title: str
    run: Callable[..., ModelResult]
    params: type
    reference: str
    iterative: bool = False
    in_default_forecast: bool = True
    # Some published models are not invariant to actor order (e.g. ties broken by list order
    # in the reference implementation); the conformance suite then checks a weaker property.
    permutation_invariant: bool = True
    # Each issue's forecast depends on that issue's stances (and status quo and red lines) alone
    # — no trades or joint moves across issues, no decision rule — so issues of many scenarios
    # can run as one call (the back-tests do; tests/validity checks the flag).
    issue_separable: bool = False
    description: str = ""

    def default_params(self):
        return self.params()

    def make_params(self, **overrides):
        """Parameters with ``overrides``; unknown names are a user error, not a crash."""
        names = {f.name for f in dataclasses.fields(self.params)}
        unknown = set(overrides) - names
        if unknown:
            raise AccordError(f"model {self.name!r} has no parameter(s) {', '.join(sorted(unknown))};"
                              f" expected some of: {', '.join(sorted(names))}")
        return self.params(**overrides)


_REGISTRY: dict[str, ModelSpec] = {}
_DISCOVERED = False


def register(spec: ModelSpec) -> ModelSpec:
    if spec.name in _REGISTRY and _REGISTRY[spec.name].run is not spec.run:
        raise RuntimeError(f"two models registered as {spec.name!r}")
    _REGISTRY[spec.name] = spec
    return spec


def _discover() -> None:
    global _DISCOVERED
    if _DISCOVERED:
        return
    _DISCOVERED = True
    import accord.models as pkg

    for info in pkgutil.iter_modules(pkg.__path__):
        if info.name not in ("base",):
            importlib.import_module(f"accord.models.{info.name}")


def available_models() -> list[ModelSpec]:
    _discover()
    return list(_REGISTRY.values())


def get_model(name: str) -> ModelSpec:
    _discover()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise AccordError(f"unknown model {name!r}; expected one of: "
                          f"{', '.join(sorted(_REGISTRY))}") from None


def default_models() -> list[ModelSpec]:
    return [m for m in available_models() if m.in_default_forecast]


def weights(arrays: ScenarioArrays) -> np.ndarray:
    """Capability × salience, the weight of each actor on each issue (..., A, I)."""
    return arrays.capability * arrays.salience


def weighted_mean(position: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Σ w x / Σ w over the actor axis (-2); NaN where the total weight is 0."""
    total = weight.sum(axis=-2)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (weight * position).sum(axis=-2) / total


def weighted_median(position: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """The position at which the cumulative weight, in order of position, first reaches half.

    Over the actor axis (-2). With an exact tie at half this is the lower weighted median (the
    convention of Achen 2006 and of the expected-utility literature's "median voter position").
    NaN where the total weight is 0, as :func:`weighted_mean`: nobody's weight, no median.

    >>> weighted_median(np.array([[4.], [7.], [10.]]), np.array([[1.], [1.], [1.]]))
    array([7.])
    >>> weighted_median(np.array([[4.], [7.]]), np.zeros((2, 1)))
    array([nan])
    """
    order = np.argsort(position, axis=-2, kind="stable")
    x = np.take_along_axis(position, order, axis=-2)
    w = np.take_along_axis(weight, order, axis=-2)
    cum = np.cumsum(w, axis=-2)
    half = cum[..., -1:, :] / 2.0
    # A relative tolerance keeps float noise in the cumulative sum from moving the median.
    reached = cum >= half * (1 - 1e-12)
    k = np.argmax(reached, axis=-2)
    median = np.take_along_axis(x, k[..., None, :], axis=-2)[..., 0, :]
    return np.where(cum[..., -1, :] > 0, median, np.nan)


def rounds_from_positions(positions: np.ndarray, weight: np.ndarray, **extra) -> Rounds:
    """Build :class:`Rounds` from (..., R, A, I) positions and (..., A, I) or (..., R, A, I) weights."""
    if weight.ndim == positions.ndim - 1:
        weight = np.broadcast_to(weight[..., None, :, :], positions.shape)
    return Rounds(positions=positions, median=weighted_median(positions, weight),
                  mean=weighted_mean(positions, weight), extra=dict(extra))


def as_rng(rng) -> np.random.Generator:
    if isinstance(rng, np.random.Generator):
        return rng
    return np.random.default_rng(rng)
