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
import math
import pkgutil
import typing
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Sequence

import numpy as np

from accord.errors import AccordError
from accord.randomness import as_rng  # noqa: F401 (models import it from here)
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
class Variant:
    """A parameter setting the conformance checks run besides the defaults.

    ``params`` are overrides of the model's parameters; ``stochastic`` says that the model then
    draws from its ``rng``, so different seeds must be able to give different results (and the
    variants of a batch must draw from independent streams, :mod:`accord.randomness`).
    """

    name: str
    params: Mapping[str, Any] = field(default_factory=dict, hash=False)
    stochastic: bool = False


def _forecast(result: "ModelResult") -> np.ndarray:
    return result.forecast


@dataclass(frozen=True)
class Oracle:
    """Numbers from outside a model's code that the model must reproduce.

    ``source`` cites them (a paper's table, a reference implementation's output, or a hand
    calculation written out); ``arrays()`` builds the input, ``params`` are parameter overrides,
    ``select(result)`` picks the numbers compared (default: the forecast) and ``expected`` holds
    them; they must agree within ``atol``. :func:`accord.models.checks.check_oracle` runs it.
    """

    source: str
    arrays: Callable[[], ScenarioArrays]
    expected: Sequence[float]
    select: Callable[["ModelResult"], np.ndarray] = _forecast
    params: Mapping[str, Any] = field(default_factory=dict, hash=False)
    atol: float = 1e-9


# What a model's result may be invariant to, where its theory says so (``scale_invariance``):
# "units": a positive affine change of an issue's scale (x → a + b·x, b > 0, with its ends)
#          maps the forecast the same way;
# "capability": multiplying every capability by the same factor changes nothing;
# "salience": multiplying every salience by the same factor (within [0, 1]) changes nothing.
SCALE_INVARIANCES = ("units", "capability", "salience")


@dataclass(frozen=True)
class ModelSpec:
    """A registered model: its run function, parameters and the contract it declares.

    The contract is what :mod:`accord.models.checks` holds the model to:

    - ``permutation_invariant``: the result does not depend on the order of the actors. Some
      published models are not invariant (ties broken by list order in the reference
      implementation, sums rounded in actor order); for them (``False``) the checks assert the
      weaker property that the result does not depend on actor order where no ties arise —
      on tie-free inputs (distinct positions, saliences and capabilities), within
      ``order_tolerance`` of each issue's scale. Stochastic variants, whose draws may be dealt
      out in actor order, are checked in distribution (mean forecast over 16 seeds in either
      order within four standard errors).
    - ``variants``: the parameter settings that matter besides the defaults (each is run
      through every check); ``stochastic`` ones must depend on the seed.
    - ``scale_invariance``: which of :data:`SCALE_INVARIANCES` the model's theory promises.
    - ``oracle``: the numbers from outside the code it reproduces (:class:`Oracle`).
    - ``expected_failures``: known failures, by check name (``"check_seed_matters"``), check
      and variant (``"check_seed_matters:stochastic"``) or one check's id
      (``"check_order[least-move, ec-emissions-1994]"``), each with the reason; the checks run
      them and expect them to fail (pytest ``xfail(strict=True)``), so a fixed one is noticed.
    """

    name: str
    title: str
    run: Callable[..., ModelResult]
    params: type
    reference: str
    iterative: bool = False
    in_default_forecast: bool = True
    permutation_invariant: bool = True
    # Each issue's forecast depends on that issue's stances (and status quo and red lines) alone
    # — no trades or joint moves across issues, no decision rule — so issues of many scenarios
    # can run as one call (the back-tests do; tests/validity checks the flag).
    issue_separable: bool = False
    # A status-quo model (accord.models.status_quo) has no forecast on an issue without a status
    # quo: NaN there is its answer, not a numerical failure (accord.api.forecast reports null).
    needs_status_quo: bool = False
    description: str = ""
    order_tolerance: float = 1e-9
    variants: tuple[Variant, ...] = ()
    scale_invariance: tuple[str, ...] = ()
    oracle: Oracle | None = None
    expected_failures: Mapping[str, str] = field(default_factory=dict, hash=False)

    def default_params(self):
        return self.params()

    def make_params(self, **overrides):
        """Parameters with ``overrides``; an unknown name, a value of the wrong type (``q=abc``),
        a NaN or an infinity, or a count over :data:`MAX_COUNT` is a user error, not a crash."""
        names = {f.name for f in dataclasses.fields(self.params)}
        unknown = set(overrides) - names
        if unknown:
            # a model without parameters (compromise, median) said "expected some of: " and
            # then nothing
            expected = (f"expected some of: {', '.join(sorted(names))}" if names else
                        "it takes no parameters; expected no -p for it")
            raise AccordError(f"model {self.name!r} has no parameter(s) {', '.join(sorted(unknown))};"
                              f" {expected}")
        hints = typing.get_type_hints(self.params)
        for name, value in overrides.items():
            _check_parameter(f"{self.name}.{name}", hints[name], value)
        return self.params(**overrides)


#: The largest count a parameter may set (rounds, iterations, turns). Counts size arrays
#: (rounds × variants × actors × issues): eum.rounds = 100,000,000 asked for 7 GiB. The papers'
#: values are 8 (EUM), 10 (exchange), 80 (Nash), 100 (SMP turns).
MAX_COUNT = 10_000


def _check_parameter(where: str, kind, value) -> None:
    """``value`` fits the parameter's annotated type; an :class:`AccordError` saying what is
    expected otherwise."""
    if typing.get_origin(kind) is typing.Literal:
        choices = typing.get_args(kind)
        if value not in choices:
            raise AccordError(f"{where}: {value!r} is not a choice; expected one of: "
                              f"{', '.join(map(str, choices))}")
        return
    if kind is bool:
        if not isinstance(value, bool):
            raise AccordError(f"{where}: {value!r}; expected True or False")
    elif kind is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise AccordError(f"{where}: {value!r} is not a whole number; expected a whole number")
        if where.endswith("seed"):
            if not 0 <= value < 2 ** 64:
                raise AccordError(f"{where}: {value} is not an unsigned 64-bit integer; expected "
                                  "a seed in [0, 2**64)")
        elif value > MAX_COUNT:
            raise AccordError(f"{where}: {value:,} is over {MAX_COUNT:,}; expected at most "
                              f"{MAX_COUNT:,} (it sets the size of the model's arrays)")
        elif value < 0:  # nash.iterations=-1 ran range(-1): no iteration, and no word
            raise AccordError(f"{where}: {value} is negative; expected a count from 0 to "
                              f"{MAX_COUNT:,}")
    elif kind is float:
        if isinstance(value, str) and value.strip().lower() in ("nan", "inf", "-inf",
                                                                "infinity", "-infinity"):
            raise AccordError(f"{where}: {value!r} is not finite; expected a real number")
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise AccordError(f"{where}: {value!r} is not a number; expected a real number")
        if not math.isfinite(value):
            raise AccordError(f"{where}: {value!r} is not finite; expected a real number")
    elif kind is str and not isinstance(value, str):
        raise AccordError(f"{where}: {value!r} is not text; expected one of the documented "
                          "names")


_REGISTRY: dict[str, ModelSpec] = {}
_DISCOVERED = False
#: What the module of a model's name registered when :func:`get_model` imported it alone
#: (:func:`_module_model`), held back from the registry until discovery puts it where a
#: discovery from scratch would: the registry's order is that of :func:`available_models` and
#: :func:`default_models` (a default forecast's models), which must not depend on the model a
#: process happened to ask for first.
_HELD: dict[str, list[ModelSpec]] = {}


def register(spec: ModelSpec) -> ModelSpec:
    """Add a model to the registry every interface reads (CLI, web, ensembles, checks).

    Parameters
    ----------
    spec : ModelSpec
        The model: run function, parameters, and the contract it declares.

    Returns
    -------
    ModelSpec
        ``spec``, so that a module can write ``SPEC = register(ModelSpec(...))``.

    Raises
    ------
    RuntimeError
        When another run function is already registered under the same name (a programming
        error: two modules claim one name).

    References
    ----------
    The registry follows scikit-learn's estimator conventions (one small surface, one shared
    conformance suite, ``accord.models.checks``); see ``docs/models/checks.md``.

    Examples
    --------
    >>> spec = get_model("median")
    >>> register(spec) is spec          # registering the same model again changes nothing
    True
    """
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
            module = f"accord.models.{info.name}"
            for spec in _HELD.pop(module, ()):  # imported already: registered at its turn
                _REGISTRY.setdefault(spec.name, spec)
            importlib.import_module(module)
    for specs in _HELD.values():  # pragma: no cover - every held module is one of the above
        for spec in specs:
            _REGISTRY.setdefault(spec.name, spec)
    _HELD.clear()
    # A model module imported before discovery (``accord.models.recommended`` by the back-test,
    # which imports the models it combines) registered at that moment, ahead of modules that
    # come before it: put every built-in model at its module's turn, in the order the modules
    # are discovered, so that the order never depends on what a process imported first. Models
    # registered from outside Accord follow, in their own registration order.
    turn = {f"{pkg.__name__}.{info.name}": k for k, info in enumerate(pkgutil.iter_modules(pkg.__path__))}

    def rank(item: tuple[int, ModelSpec]) -> tuple[int, int]:
        k, spec = item
        parts = getattr(spec.run, "__module__", "").split(".")
        return turn.get(".".join(parts[:3]), len(turn)), k

    ordered = sorted(enumerate(_REGISTRY.values()), key=rank)
    _REGISTRY.clear()
    _REGISTRY.update((spec.name, spec) for _, spec in ordered)


def _module_model(name: str) -> ModelSpec | None:
    """The model ``name`` as registered by the module ``accord.models.NAME`` imported alone
    (without the other model modules: some 20 ms that `accord forecast --model exchange` does
    not need, issue 18), held back (:data:`_HELD`); None when there is no such module or it
    registers no model of that name."""
    module = f"{__package__}.{name}"
    if module not in _HELD:
        before = set(_REGISTRY)
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
            return None
        _HELD[module] = [_REGISTRY.pop(n) for n in list(_REGISTRY) if n not in before]
    return next((spec for spec in _HELD[module] if spec.name == name), None)


def available_models() -> list[ModelSpec]:
    """Every registered model, discovering the modules of ``accord.models`` on first use.

    Returns
    -------
    list of ModelSpec
        In registration order.

    References
    ----------
    See ``docs/models/`` (one page per model, with its paper).

    Examples
    --------
    >>> sorted(m.name for m in available_models())[:3]
    ['agenda_setter', 'compromise', 'compromise_sq']
    """
    _discover()
    return list(_REGISTRY.values())


def get_model(name: str) -> ModelSpec:
    """The registered model called ``name``.

    Parameters
    ----------
    name : str
        A registry name (``accord.models.available_models()``).

    Returns
    -------
    ModelSpec

    Raises
    ------
    AccordError
        When no model has that name (the message lists those that exist).

    References
    ----------
    See ``docs/models/`` (one page per model, with its paper).

    Examples
    --------
    >>> get_model("eum").iterative
    True
    >>> try:
    ...     get_model("bdm")
    ... except AccordError as exc:
    ...     print(str(exc)[:29])
    unknown model 'bdm'; expected
    """
    spec = _REGISTRY.get(name)
    if spec is not None:  # registered already (its module imported): nothing else to import
        return spec
    if name.isidentifier() and not _DISCOVERED:
        spec = _module_model(name)  # the module of its name alone; any other name: discover
        if spec is not None:
            return spec
    _discover()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise AccordError(f"unknown model {name!r}; expected one of: "
                          f"{', '.join(sorted(_REGISTRY))}") from None


def default_models() -> list[ModelSpec]:
    """The models ``accord forecast`` runs when none is named.

    Returns
    -------
    list of ModelSpec
        The registered models with ``in_default_forecast``.

    References
    ----------
    See ``docs/models/`` (one page per model, with its paper).

    Examples
    --------
    >>> "compromise" in [m.name for m in default_models()]
    True
    """
    return [m for m in available_models() if m.in_default_forecast]


def require_finite(arrays: ScenarioArrays, model: str) -> None:
    """Refuse NaN or infinite inputs with a user error that names the value.

    Every model calls this first: a NaN would otherwise flow silently into a forecast.

    Parameters
    ----------
    arrays : ScenarioArrays
        Optionally batched.
    model : str
        The model's name, for the message.

    Returns
    -------
    None

    Raises
    ------
    AccordError
        When a position, salience, capability or an issue's scale end is not a finite number;
        the message names the actor, the issue and, in a batch, the variant.

    References
    ----------
    The project's rule for user errors (``docs/CONTRIBUTING.md``); ``accord.models.checks``
    (``check_nan_refused``) holds every model to it.

    Examples
    --------
    >>> from accord.scenario.builtin import load_builtin
    >>> arrays = load_builtin("ec-emissions-1994").to_arrays()
    >>> require_finite(arrays, "compromise")
    >>> bad = arrays.with_values(position=np.where(np.arange(10)[:, None] == 2, np.nan,
    ...                                            arrays.position))
    >>> try:
    ...     require_finite(bad, "compromise")
    ... except AccordError as exc:
    ...     print(exc)
    compromise: the position of actor 'Luxembourg' on issue 'emissions' is nan; expected a
    finite number
    """
    for name in ("position", "salience", "capability"):
        values = np.asarray(getattr(arrays, name))
        bad = ~np.isfinite(values)
        if bad.any():
            first = tuple(int(k) for k in np.argwhere(bad)[0])
            *variant, actor, issue = first
            where = f" (variant {variant[0]} of the batch)" if variant else ""
            more = int(bad.sum()) - 1
            raise AccordError(
                f"{model}: the {name} of actor {arrays.actor_ids[actor]!r} on issue "
                f"{arrays.issue_ids[issue]!r} is {values[first]}{where}; expected a finite number"
                + (f" ({more} more values are not finite)" if more else ""))
    for name in ("low", "high"):
        values = np.asarray(getattr(arrays, name))
        bad = ~np.isfinite(values)
        if bad.any():
            issue = int(np.argwhere(bad)[0][0])
            raise AccordError(f"{model}: the {name} end of issue {arrays.issue_ids[issue]!r} is "
                              f"{values[issue]}; expected a finite number")


def weights(arrays: ScenarioArrays) -> np.ndarray:
    """Capability × salience: the weight of each actor on each issue.

    The weight of the compromise model, the weighted median and the expected-utility model's votes
    (Achen 2006; Bueno de Mesquita 1994).

    Parameters
    ----------
    arrays : ScenarioArrays
        Optionally batched.

    Returns
    -------
    ndarray
        (..., A, I).

    References
    ----------
    Achen, C. H. (2006). Evaluating political decision-making models. In Thomson et al. (eds.),
    The European Union Decides, ch. 10. Cambridge University Press.

    Examples
    --------
    >>> from accord.scenario.builtin import load_builtin
    >>> float(weights(load_builtin("ec-emissions-1994").to_arrays())[0, 0])   # Netherlands .08 × .8
    0.064
    """
    return arrays.capability * arrays.salience


def weighted_mean(position: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Σ w x / Σ w over the actor axis (−2): the compromise model's outcome.

    Parameters
    ----------
    position : ndarray
        (..., A, I) positions.
    weight : ndarray
        (..., A, I) non-negative weights.

    Returns
    -------
    ndarray
        (..., I); NaN where the total weight is 0 (nobody's weight, no outcome).

    References
    ----------
    Achen, C. H. (2006). Evaluating political decision-making models. In Thomson et al. (eds.),
    The European Union Decides, ch. 10. Cambridge University Press.

    Examples
    --------
    >>> weighted_mean(np.array([[0.], [100.]]), np.array([[1.], [3.]]))
    array([75.])
    >>> weighted_mean(np.array([[0.], [100.]]), np.zeros((2, 1)))
    array([nan])
    """
    total = weight.sum(axis=-2)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (weight * position).sum(axis=-2) / total


def weighted_median(position: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """The position at which the cumulative weight, in order of position, first reaches half.

    Over the actor axis (−2): the Condorcet winner under weighted voting with single-peaked
    preferences (Black 1948). With an exact tie at half this is the lower weighted median (the
    convention of Achen 2006 and of the expected-utility literature's "median voter position").

    Parameters
    ----------
    position : ndarray
        (..., A, I) positions.
    weight : ndarray
        (..., A, I) non-negative weights.

    Returns
    -------
    ndarray
        (..., I); NaN where the total weight is 0, as :func:`weighted_mean`.

    References
    ----------
    Black, D. (1948). On the rationale of group decision-making. Journal of Political Economy
    56(1), 23–34. Achen (2006), in Thomson et al., The European Union Decides, ch. 10.

    Examples
    --------
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
    """:class:`Rounds` from positions by round, with the weighted median and mean of each round.

    Parameters
    ----------
    positions : ndarray
        (..., R, A, I) positions after each round (round 0: the start).
    weight : ndarray
        (..., A, I), the same in every round, or (..., R, A, I).
    **extra
        Other per-round arrays to keep (e.g. the EUM's risk exponents).

    Returns
    -------
    Rounds

    References
    ----------
    The median and mean of the expected-utility literature's round tables (Scholz, Calbert &
    Smith 2011, Table 2).

    Examples
    --------
    >>> r = rounds_from_positions(np.array([[[0.], [10.]], [[5.], [10.]]]), np.ones((2, 1)))
    >>> r.mean[:, 0].tolist(), r.median[:, 0].tolist()
    ([5.0, 7.5], [0.0, 5.0])
    """
    if weight.ndim == positions.ndim - 1:
        weight = np.broadcast_to(weight[..., None, :, :], positions.shape)
    return Rounds(positions=positions, median=weighted_median(positions, weight),
                  mean=weighted_mean(positions, weight), extra=dict(extra))


