"""The contract every forecasting model keeps, as checks anyone can run on their own model.

In the manner of scikit-learn's ``check_estimator`` / ``parametrize_with_checks``: a model is a
:class:`~accord.models.base.ModelSpec` (run function, parameters, and the contract it
declares), and these checks hold it to that contract on a few cases — every registered model
in Accord's own suite (``tests/models/test_conformance.py``), and any model written elsewhere:

.. code-block:: python

    from accord.models.checks import check_model, parametrize_with_checks

    check_model(MY_SPEC)                 # raises AssertionError naming every failed check

    @parametrize_with_checks([MY_SPEC])  # or no argument: every registered model
    def test_conformance(spec, check):
        check(spec)

The checks (``docs/models/checks.md`` says why each exists):

- :func:`check_params` — frozen parameters with the paper's defaults; unknown names are a
  user error; every declared variant constructs.
- :func:`check_oracle` — the model reproduces the numbers named on its spec (``spec.oracle``:
  a paper's table, a reference implementation's output or a hand calculation).
- :func:`check_result_contract` — forecast (..., I); rounds (..., R, A, I) starting from the
  input; JSON-serialisable details (no NaN) for unbatched runs.
- :func:`check_deterministic` — the same seed gives the same result, details included.
- :func:`check_seed_matters` — a stochastic variant's result depends on the seed.
- :func:`check_batch_equals_loop` — variant b of a batch equals variant b run alone with its
  member stream (:func:`accord.randomness.member_streams`), for every parameter variant; the
  batch's variants differ, so the comparison is not vacuous.
- :func:`check_batch_members_independent` — identical variants of a batch get independent
  random streams under a stochastic variant (not one generator shared, not one seed copied).
- :func:`check_order` — actor order does not matter (or, for order-dependent models, the
  weaker property :class:`~accord.models.base.ModelSpec` documents, asserted on tie-free cases).
- :func:`check_scale_invariance` — the invariances the model's theory promises
  (``spec.scale_invariance``: units, capability, salience).
- :func:`check_bystanders` — actors with no stance change nothing.
- :func:`check_no_mutation` — the input arrays are left as they were.
- :func:`check_pickle` — run function, parameters and results survive pickling (what a process
  pool or a Dask cluster needs).
- :func:`check_nan_refused` — NaN or infinite inputs are refused with a user error
  (:class:`~accord.errors.AccordError`) naming the actor, the issue and the batch variant.

Known failures are declared on the spec (``expected_failures``, with the reason); they are run
and must fail (``xfail(strict=True)`` under pytest), so a fix is noticed.

>>> from accord.models import get_model
>>> report = check_model(get_model("median"))
>>> report["failed"], report["passed"] > 20
([], True)
"""

from __future__ import annotations

import copy
import dataclasses
import json
import pickle
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Iterable, Iterator, Sequence

import numpy as np

from accord.errors import AccordError
from accord.models.base import SCALE_INVARIANCES, ModelResult, ModelSpec, Variant
from accord.randomness import member_streams
from accord.scenario.arrays import ScenarioArrays

SEED = 7                # the seed of every checked run
BATCH = 4               # variants in a checked batch
ORDER_SEEDS = 16        # seeds over which a stochastic variant's order invariance is checked
TOLERANCE = 1e-9        # relative to each issue's scale (high − low): float rounding only

DEFAULT = Variant("default")


# --- the cases the checks run on --------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """An input the checks run models on. ``tie_free``: distinct positions, saliences and
    capabilities, so that no tie arises for an order-dependent model to break by actor order."""

    name: str
    make: Callable[[], ScenarioArrays]
    tie_free: bool = False


def _builtin(scenario_id: str) -> Callable[[], ScenarioArrays]:
    def make() -> ScenarioArrays:
        from accord.scenario.builtin import load_builtin

        return load_builtin(scenario_id).to_arrays()
    return make


def five_actors_two_issues() -> ScenarioArrays:
    """Five actors on two 0–100 issues, distinct positions and saliences."""
    position = np.array([[5.0, 80.0], [22.0, 61.0], [47.0, 33.0], [71.0, 12.0], [93.0, 55.0]])
    salience = np.array([[0.9, 0.3], [0.5, 0.7], [0.6, 0.4], [0.8, 0.9], [0.3, 0.6]])
    capability = np.repeat(np.array([[1.0], [0.6], [0.45], [0.8], [0.35]]), 2, axis=1)
    return ScenarioArrays(("a", "b", "c", "d", "e"), ("x", "y"), position, salience, capability,
                          np.ones((5, 2), bool), np.array([0.0, 0.0]), np.array([100.0, 100.0]))


def six_actors_three_scales() -> ScenarioArrays:
    """Six actors on three issues with their own units (0–100, −5–12, years 1990–2030),
    positions, saliences and capabilities all distinct (drawn once and written down)."""
    share = np.array([[0.676, 0.214, 0.309], [0.799, 0.996, 0.142], [0.079, 0.181, 0.36],
                      [0.17, 0.589, 0.617], [0.105, 0.566, 0.005], [0.465, 0.976, 0.799]])
    salience = np.array([[0.627, 0.41, 0.315], [0.504, 0.372, 0.85], [0.321, 0.369, 0.796],
                         [0.365, 0.364, 0.207], [0.524, 0.361, 0.861], [0.379, 0.769, 0.54]])
    capability = np.repeat(np.array([[0.574], [0.972], [0.919], [0.263], [0.396], [0.348]]), 3,
                           axis=1)
    low, high = np.array([0.0, -5.0, 1990.0]), np.array([100.0, 12.0, 2030.0])
    return ScenarioArrays(tuple(f"actor{k}" for k in range(6)), ("share", "index", "year"),
                          low + share * (high - low), salience, capability, np.ones((6, 3), bool),
                          low, high)


def expert_coded_grid() -> ScenarioArrays:
    """Six actors on three 0–100 issues coded on a grid, as experts code (positions in tens,
    saliences in tenths, capabilities in quarters): ties in gains and positions arise."""
    position = np.array([[70, 30, 20], [100, 10, 30], [70, 80, 70], [90, 0, 40], [60, 40, 40],
                         [40, 0, 10]], dtype=float)
    salience = np.array([[5, 5, 9], [3, 8, 3], [2, 2, 4], [2, 9, 8], [8, 4, 1], [3, 5, 6]]) / 10
    capability = np.repeat(np.array([[2], [3], [2], [3], [1], [4]]) / 4, 3, axis=1)
    return ScenarioArrays(tuple(f"expert{k}" for k in range(6)), ("p", "q", "r"), position,
                          salience, capability, np.ones((6, 3), bool), np.zeros(3),
                          np.full(3, 100.0))


CASES: tuple[Case, ...] = (
    Case("ec-emissions-1994", _builtin("ec-emissions-1994")),
    Case("ukraine-talks-2026-01", _builtin("ukraine-talks-2026-01")),
    Case("five-actors-two-issues", five_actors_two_issues, tie_free=True),
    Case("six-actors-three-scales", six_actors_three_scales, tie_free=True),
    Case("expert-coded-grid", expert_coded_grid),
)


def jittered_batch(arrays: ScenarioArrays, size: int = BATCH, seed: int = 11) -> ScenarioArrays:
    """``size`` variants of ``arrays``: positions moved by up to 10% of the scale, saliences and
    capabilities by up to ±20% (within their ranges)."""
    rng = np.random.default_rng(seed)
    span = arrays.high - arrays.low
    pos = np.clip(arrays.position + rng.uniform(-0.1, 0.1, (size,) + arrays.position.shape) * span,
                  arrays.low, arrays.high)
    sal = np.clip(arrays.salience * rng.uniform(0.8, 1.2, (size,) + arrays.salience.shape), 0, 1)
    cap = arrays.capability * rng.uniform(0.8, 1.2, (size,) + arrays.capability.shape)
    if arrays.status_quo is None:
        return arrays.with_values(position=pos, salience=sal, capability=cap)
    # a stated status quo moves too (by up to 10% of the scale), or a status-quo model would
    # answer every variant with the same stable status quo
    sq = np.clip(arrays.status_quo + rng.uniform(-0.1, 0.1, (size, arrays.n_issues)) * span,
                 arrays.low, arrays.high)
    return arrays.with_values(position=pos, salience=sal, capability=cap, status_quo=sq)


# --- helpers ----------------------------------------------------------------------------------


def _variants(spec: ModelSpec) -> tuple[Variant, ...]:
    return (DEFAULT, *spec.variants)


def _run(spec: ModelSpec, arrays: ScenarioArrays, variant: Variant = DEFAULT, rng=None
         ) -> ModelResult:
    params = spec.make_params(**dict(variant.params))
    if spec.needs_status_quo and arrays.status_quo is None:
        # a status-quo model has nothing to say without one: a case that states none gets one
        # a tenth of the way along each scale (the same in every check, batch or not)
        sq = arrays.low + 0.1 * (arrays.high - arrays.low)
        arrays = arrays.with_values(status_quo=np.broadcast_to(
            sq, arrays.position.shape[:-2] + sq.shape).copy())
    return spec.run(arrays, params, np.random.default_rng(SEED) if rng is None else rng)


def _close(a, b, span, what: str, tol: float = TOLERANCE) -> None:
    """``a`` and ``b`` agree within ``tol`` of each issue's scale (NaN where both are NaN)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    assert a.shape == b.shape, f"{what}: shapes {a.shape} and {b.shape} differ"
    _within(a, b, span, tol, what)


def _within(a, b, span, tol, what) -> None:
    both_nan = np.isnan(a) & np.isnan(b)
    gap = np.where(both_nan, 0.0, np.abs(a - b) / np.asarray(span))
    if not (np.all(np.isfinite(gap) | both_nan) and np.all(gap <= tol)):
        worst = np.unravel_index(np.nanargmax(np.where(np.isnan(gap), np.inf, gap)), gap.shape)
        raise AssertionError(f"{what}: {a[worst]!r} and {b[worst]!r} differ at {worst} by "
                             f"{gap[worst]:.3g} of the scale (allowed {tol:g})")


def _positions(result: ModelResult) -> np.ndarray | None:
    return None if result.rounds is None else result.rounds.positions


def _same_result(a: ModelResult, b: ModelResult, what: str) -> None:
    np.testing.assert_array_equal(a.forecast, b.forecast, err_msg=f"{what}: forecast")
    if a.rounds is not None or b.rounds is not None:
        assert a.rounds is not None and b.rounds is not None, f"{what}: rounds in one run only"
        np.testing.assert_array_equal(a.rounds.positions, b.rounds.positions,
                                      err_msg=f"{what}: rounds.positions")
    assert json.dumps(a.details, sort_keys=True, default=repr) == \
        json.dumps(b.details, sort_keys=True, default=repr), f"{what}: details differ"


def _outcome(result: ModelResult) -> np.ndarray:
    """What a run produced, flattened: forecast and positions by round."""
    parts = [np.asarray(result.forecast, dtype=float).reshape(-1)]
    if result.rounds is not None:
        parts.append(np.asarray(result.rounds.positions, dtype=float).reshape(-1))
    return np.concatenate(parts)


def _cases(cases: Iterable[Case] | None) -> tuple[Case, ...]:
    return CASES if cases is None else tuple(cases)


# --- the checks -------------------------------------------------------------------------------


def check_params(spec: ModelSpec) -> None:
    """Parameters are a frozen dataclass whose defaults construct; unknown names are a user
    error; every declared variant constructs and names a known parameter."""
    assert dataclasses.is_dataclass(spec.params), f"{spec.name}: params must be a dataclass"
    params = spec.default_params()
    names = [f.name for f in dataclasses.fields(params)]
    if names:
        try:
            setattr(params, names[0], getattr(params, names[0]))
        except dataclasses.FrozenInstanceError:
            pass
        else:
            raise AssertionError(f"{spec.name}: parameters must be frozen (a frozen dataclass)")
    try:
        spec.make_params(no_such_parameter=1)
    except AccordError:
        pass
    else:
        raise AssertionError(f"{spec.name}: an unknown parameter name must be an AccordError")
    seen = set()
    for variant in spec.variants:
        assert variant.name not in seen and variant.name != DEFAULT.name, \
            f"{spec.name}: variant names must be unique and not 'default' ({variant.name!r})"
        seen.add(variant.name)
        spec.make_params(**dict(variant.params))
    ids = {check.id for check in checks_for(spec)}
    for key in spec.expected_failures:
        name, _, variant = key.partition(":")
        if "[" in key:
            assert key in ids, f"{spec.name}: expected failure {key!r} names no check"
            continue
        assert name in CHECKS, f"{spec.name}: expected failure {key!r} names no check"
        assert not variant or variant in {v.name for v in _variants(spec)}, \
            f"{spec.name}: expected failure {key!r} names no variant"
    for kind in spec.scale_invariance:
        assert kind in SCALE_INVARIANCES, \
            f"{spec.name}: scale_invariance {kind!r}; expected some of {SCALE_INVARIANCES}"


def check_oracle(spec: ModelSpec) -> None:
    """The model reproduces the numbers from outside its code named on its spec."""
    oracle = spec.oracle
    assert oracle is not None, (f"model {spec.name!r} names no oracle: give its ModelSpec an "
                                "Oracle (a paper's table, a reference output, a hand calculation)")
    assert oracle.source.strip(), f"{spec.name}: the oracle must cite its source"
    result = spec.run(oracle.arrays(), spec.make_params(**dict(oracle.params)),
                      np.random.default_rng(SEED))
    got = np.asarray(oracle.select(result), dtype=float)
    np.testing.assert_allclose(got, np.asarray(oracle.expected, dtype=float), rtol=0,
                               atol=oracle.atol, err_msg=f"{spec.name} against {oracle.source}")


def check_result_contract(spec: ModelSpec, variant: Variant = DEFAULT, case: Case = CASES[0]
                          ) -> None:
    """Forecast (I,) or (B, I); rounds (…, R, A, I) from the input positions, with median and
    mean (…, R, I); unbatched details serialise to strict JSON (no NaN)."""
    arrays = case.make()
    result = _run(spec, arrays, variant)
    assert result.model == spec.name, f"result.model {result.model!r} is not {spec.name!r}"
    assert np.shape(result.forecast) == (arrays.n_issues,), \
        f"forecast shape {np.shape(result.forecast)}; expected ({arrays.n_issues},)"
    span = arrays.high - arrays.low
    if result.rounds is not None:
        r = result.rounds
        assert r.positions.ndim == 3 and r.positions.shape[1:] == arrays.position.shape, \
            f"rounds.positions shape {r.positions.shape}; expected (R, A, I)"
        assert r.median.shape == r.mean.shape == (r.positions.shape[0], arrays.n_issues)
        _close(r.positions[0], arrays.position, span, "round 0 is the input positions")
    try:
        json.dumps(result.details, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise AssertionError(f"details are not strict JSON: {exc}") from None
    batch = jittered_batch(arrays, 2)
    batched = _run(spec, batch, variant)
    assert np.shape(batched.forecast) == (2, arrays.n_issues), \
        f"batched forecast shape {np.shape(batched.forecast)}; expected (2, {arrays.n_issues})"
    if batched.rounds is not None:
        assert batched.rounds.positions.shape[0] == 2 and \
            batched.rounds.positions.shape[2:] == arrays.position.shape


def check_deterministic(spec: ModelSpec, variant: Variant = DEFAULT, case: Case = CASES[0]
                        ) -> None:
    """The same inputs and seed give the same result: forecast, rounds and details."""
    arrays = case.make()
    _same_result(_run(spec, arrays, variant), _run(spec, arrays, variant),
                 f"{spec.name} [{variant.name}] run twice with seed {SEED}")
    batch = jittered_batch(arrays)
    _same_result(_run(spec, batch, variant), _run(spec, batch, variant),
                 f"{spec.name} [{variant.name}] batch run twice with seed {SEED}")


def check_seed_matters(spec: ModelSpec, variant: Variant, cases: Iterable[Case] | None = None
                       ) -> None:
    """A stochastic variant draws from its ``rng``: on some case, other seeds give other results
    (a model that ignores ``rng`` would give a Monte Carlo the same draws in every variant)."""
    for case in _cases(cases):
        arrays = case.make()
        outcomes = {_outcome(_run(spec, arrays, variant, np.random.default_rng(s))).tobytes()
                    for s in range(4)}
        if len(outcomes) > 1:
            return
    raise AssertionError(f"{spec.name} [{variant.name}] is declared stochastic, but seeds 0–3 "
                         "give the same result on every case: does it draw from rng?")


def check_batch_equals_loop(spec: ModelSpec, variant: Variant = DEFAULT, case: Case = CASES[0]
                            ) -> None:
    """Variant b of a batch run with ``rng`` equals variant b run alone with its member stream,
    ``member_streams(rng, B)[b]`` (:mod:`accord.randomness`, rule 3), forecast and rounds."""
    arrays = case.make()
    batch = jittered_batch(arrays)
    together = _run(spec, batch, variant, np.random.default_rng(SEED))
    streams = member_streams(np.random.default_rng(SEED), BATCH)
    span = arrays.high - arrays.low
    forecasts = []
    for b in range(BATCH):
        alone = _run(spec, batch.unbatched(b), variant, streams[b])
        what = f"{spec.name} [{variant.name}] on {case.name}: batch variant {b} vs alone"
        _close(together.forecast[b], alone.forecast, span, f"{what}, forecast")
        if together.rounds is not None and alone.rounds is not None:
            # A batch pads shorter runs with their last state: compare the rounds both have.
            r = alone.rounds.positions.shape[0]
            _close(together.rounds.positions[b, :r], alone.rounds.positions, span,
                   f"{what}, rounds.positions")
            _close(together.rounds.positions[b, r:],
                   np.broadcast_to(alone.rounds.positions[-1],
                                   together.rounds.positions[b, r:].shape), span,
                   f"{what}, padding after the last round")
        forecasts.append(np.asarray(alone.forecast))
    # Not vacuous: the batch's variants are different problems with different answers.
    assert any(not np.allclose(forecasts[0], f, equal_nan=True) for f in forecasts[1:]), \
        f"{spec.name} [{variant.name}] on {case.name}: every variant of the batch gave the same " \
        "forecast, so batch == loop compared nothing"


def check_batch_members_independent(spec: ModelSpec, variant: Variant,
                                    cases: Iterable[Case] | None = None) -> None:
    """Under a stochastic variant, identical variants of a batch draw independent streams: on
    some case their results differ (one seed copied to every variant would make them equal)."""
    for case in _cases(cases):
        arrays = case.make()
        copies = arrays.broadcast_batch(BATCH)
        result = _run(spec, copies, variant)
        rows = {np.concatenate([np.asarray(result.forecast[b], dtype=float).reshape(-1)]
                               + ([] if result.rounds is None else
                                  [result.rounds.positions[b].reshape(-1)])).tobytes()
                for b in range(BATCH)}
        if len(rows) > 1:
            return
    raise AssertionError(f"{spec.name} [{variant.name}]: {BATCH} identical variants of a batch "
                         "gave identical results on every case: do they share one seed?")


def check_order(spec: ModelSpec, variant: Variant = DEFAULT, case: Case = CASES[0]) -> None:
    """Actor order does not matter — or, for an order-dependent model, not where no ties arise
    (tie-free cases, within ``spec.order_tolerance``); a stochastic variant in distribution."""
    arrays = case.make()
    if not spec.permutation_invariant and not case.tie_free:
        raise AssertionError(f"{case.name} has ties; an order-dependent model is checked on "
                             "tie-free cases only (see checks_for)")
    span = arrays.high - arrays.low
    order = np.random.default_rng(3).permutation(arrays.n_actors)
    if order.tolist() == list(range(arrays.n_actors)):
        order = order[::-1]
    permuted = arrays.permuted(order)
    tol = spec.order_tolerance
    what = f"{spec.name} [{variant.name}] on {case.name}, actors reordered"
    if not variant.stochastic:
        a, b = _run(spec, arrays, variant), _run(spec, permuted, variant)
        _close(a.forecast, b.forecast, span, f"{what}: forecast", tol)
        if a.rounds is not None and b.rounds is not None:
            r = min(a.rounds.positions.shape[0], b.rounds.positions.shape[0])
            _close(a.rounds.positions[:r, order], b.rounds.positions[:r], span,
                   f"{what}: each actor's positions by round", tol)
        return
    # Draws may be dealt out in actor order, so compare distributions: the mean forecast over
    # ORDER_SEEDS seeds in either order must agree within four standard errors.
    a = np.array([_run(spec, arrays, variant, np.random.default_rng(s)).forecast
                  for s in range(ORDER_SEEDS)], dtype=float)
    b = np.array([_run(spec, permuted, variant, np.random.default_rng(1000 + s)).forecast
                  for s in range(ORDER_SEEDS)], dtype=float)
    error = np.sqrt((a.var(axis=0, ddof=1) + b.var(axis=0, ddof=1)) / ORDER_SEEDS)
    gap = np.abs(a.mean(axis=0) - b.mean(axis=0))
    allowed = 4 * error + tol * span
    assert np.all((gap <= allowed) | (np.isnan(gap) & np.isnan(allowed))), \
        f"{what}: mean forecasts over {ORDER_SEEDS} seeds differ by {gap} (allowed {allowed})"


def _scaled(arrays: ScenarioArrays, kind: str) -> tuple[ScenarioArrays, Callable]:
    """The case transformed, and the map that takes the original forecast to the new one."""
    if kind == "units":
        # Each issue its own positive affine map x → a + b·x.
        b = np.linspace(2.5, 0.4, arrays.n_issues)
        a = np.linspace(-30.0, 7.0, arrays.n_issues)
        moved = replace(arrays, position=a + b * arrays.position, low=a + b * arrays.low,
                        high=a + b * arrays.high)
        return moved, lambda x: a + b * x
    if kind == "capability":
        return arrays.with_values(capability=arrays.capability * 3.7), lambda x: x
    if kind == "salience":
        return arrays.with_values(salience=arrays.salience * 0.6), lambda x: x
    raise ValueError(f"unknown scale invariance {kind!r}; expected one of {SCALE_INVARIANCES}")


def check_scale_invariance(spec: ModelSpec, variant: Variant = DEFAULT, case: Case = CASES[0],
                           kind: str = "units") -> None:
    """What the theory promises (``spec.scale_invariance``): a positive affine change of each
    issue's units maps the forecast the same way; a common factor on every capability, or on
    every salience, changes nothing."""
    arrays = case.make()
    scaled, expect = _scaled(arrays, kind)
    a, b = _run(spec, arrays, variant), _run(spec, scaled, variant)
    _close(expect(np.asarray(a.forecast)), b.forecast, scaled.high - scaled.low,
           f"{spec.name} [{variant.name}] on {case.name} under a change of {kind}")
    if a.rounds is not None and b.rounds is not None and kind == "units":
        r = min(a.rounds.positions.shape[0], b.rounds.positions.shape[0])
        _close(expect(a.rounds.positions[:r]), b.rounds.positions[:r], scaled.high - scaled.low,
               f"{spec.name} [{variant.name}] on {case.name}: positions under a change of units")


def check_bystanders(spec: ModelSpec, variant: Variant = DEFAULT, case: Case = CASES[0]) -> None:
    """An actor with no stance on any issue (people, media) moves no forecast and stays put."""
    arrays = case.make()
    mid = (arrays.low + arrays.high) / 2
    # every per-actor array grows by one (red lines, decision rules too): ScenarioArrays knows how
    with_bystander = arrays.with_bystander()
    a, b = _run(spec, arrays, variant), _run(spec, with_bystander, variant)
    span = arrays.high - arrays.low
    _close(a.forecast, b.forecast, span, f"{spec.name} [{variant.name}] with a bystander")
    if b.rounds is not None:
        _close(b.rounds.positions[-1, -1], mid, span, "the bystander's last position")


def check_no_mutation(spec: ModelSpec, variant: Variant = DEFAULT, case: Case = CASES[0]) -> None:
    """The model leaves its input arrays (and the batch's) exactly as they were."""
    arrays = case.make()
    for given in (arrays, jittered_batch(arrays)):
        before = copy.deepcopy(given)
        _run(spec, given, variant)
        for name in ("position", "salience", "capability", "has_stance", "low", "high"):
            old, new = getattr(before, name), getattr(given, name)
            assert old.dtype == new.dtype and old.shape == new.shape, f"{name} was replaced"
            np.testing.assert_array_equal(new, old, err_msg=f"{spec.name} changed its input "
                                                            f"{name}")
        assert given.actor_ids == before.actor_ids and given.issue_ids == before.issue_ids


def check_pickle(spec: ModelSpec, variant: Variant = DEFAULT, case: Case = CASES[0]) -> None:
    """What an executor ships to a worker and back survives pickling: the run function (by
    reference), the parameters and the result."""
    run = pickle.loads(pickle.dumps(spec.run))
    assert run is spec.run, f"{spec.name}: the run function must pickle by reference " \
                            "(a module-level function, not a lambda or closure)"
    params = spec.make_params(**dict(variant.params))
    assert pickle.loads(pickle.dumps(params)) == params, f"{spec.name}: parameters round-trip"
    result = _run(spec, case.make(), variant)
    _same_result(pickle.loads(pickle.dumps(result)), result, f"{spec.name}: pickled result")


def check_nan_refused(spec: ModelSpec, case: Case = CASES[0]) -> None:
    """NaN or infinite inputs are refused with a user error (AccordError) that names the actor,
    the issue and, in a batch, the variant — never a NaN forecast or a crash."""
    arrays = case.make()
    actor, issue = (int(k) for k in np.argwhere(arrays.has_stance)[0])
    for name, bad in (("position", np.nan), ("salience", np.nan), ("capability", np.inf)):
        values = getattr(arrays, name).copy()
        values[actor, issue] = bad
        for given, variant_no in ((arrays.with_values(**{name: values}), None),
                                  (_batch_with(arrays, name, values), 2)):
            try:
                _run(spec, given)
            except AccordError as exc:
                text = str(exc)
                for part in (arrays.actor_ids[actor], arrays.issue_ids[issue], name):
                    assert part in text, f"{spec.name}: the error for a bad {name} should " \
                                         f"name {part!r}: {text}"
                if variant_no is not None:
                    assert f"variant {variant_no}" in text, \
                        f"{spec.name}: the error should name the batch variant: {text}"
            except Exception as exc:  # noqa: BLE001 (any other error is the failure reported)
                raise AssertionError(f"{spec.name}: a {bad} {name} raised {type(exc).__name__} "
                                     f"({exc}); expected an AccordError") from exc
            else:
                raise AssertionError(f"{spec.name}: a {bad} {name} was accepted; expected an "
                                     "AccordError naming the actor and issue")


def _batch_with(arrays: ScenarioArrays, name: str, values: np.ndarray) -> ScenarioArrays:
    """A batch of identical copies whose variant 2 carries ``values`` for ``name``."""
    batch = arrays.broadcast_batch(BATCH)
    getattr(batch, name)[2] = values
    return batch


# --- running them -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    """One check of one model, bound to a variant and a case where it takes them."""

    name: str
    func: Callable[..., None] = field(repr=False, compare=False)
    variant: Variant | None = None
    case: Case | None = None
    kind: str | None = None
    cases: tuple[Case, ...] | None = field(default=None, repr=False, compare=False)

    @property
    def id(self) -> str:
        where = [x for x in (self.variant and self.variant.name, self.case and self.case.name,
                             self.kind) if x]
        return f"{self.name}[{', '.join(where)}]" if where else self.name

    def expected_failure(self, spec: ModelSpec) -> str | None:
        """The reason declared on the spec if this check is a known failure, else None."""
        keys = [self.id, self.name] + ([f"{self.name}:{self.variant.name}"] if self.variant
                                       else [])
        for key in keys:
            if key in spec.expected_failures:
                return spec.expected_failures[key]
        return None

    def __call__(self, spec: ModelSpec) -> None:
        kwargs: dict[str, Any] = {}
        if self.variant is not None:
            kwargs["variant"] = self.variant
        if self.case is not None:
            kwargs["case"] = self.case
        if self.kind is not None:
            kwargs["kind"] = self.kind
        if self.cases is not None:
            kwargs["cases"] = self.cases
        self.func(spec, **kwargs)


CHECKS = ("check_params", "check_oracle", "check_pickle", "check_nan_refused",
          "check_seed_matters", "check_batch_members_independent", "check_result_contract",
          "check_deterministic", "check_batch_equals_loop", "check_order",
          "check_scale_invariance", "check_bystanders", "check_no_mutation")


def checks_for(spec: ModelSpec, cases: Sequence[Case] | None = None) -> Iterator[Check]:
    """Every check of ``spec``: per model, per stochastic variant, and per variant and case."""
    cases = _cases(cases)
    yield Check("check_params", check_params)
    yield Check("check_oracle", check_oracle)
    yield Check("check_pickle", check_pickle, case=cases[0])
    for case in cases[:2]:
        yield Check("check_nan_refused", check_nan_refused, case=case)
    for variant in _variants(spec):
        if variant.stochastic:
            yield Check("check_seed_matters", check_seed_matters, variant=variant, cases=cases)
            yield Check("check_batch_members_independent", check_batch_members_independent,
                        variant=variant, cases=cases)
        for case in cases:
            for name, func in (("check_result_contract", check_result_contract),
                               ("check_deterministic", check_deterministic),
                               ("check_batch_equals_loop", check_batch_equals_loop),
                               ("check_no_mutation", check_no_mutation),
                               ("check_bystanders", check_bystanders)):
                yield Check(name, func, variant=variant, case=case)
            if spec.permutation_invariant or case.tie_free:
                yield Check("check_order", check_order, variant=variant, case=case)
            for kind in spec.scale_invariance:
                yield Check("check_scale_invariance", check_scale_invariance, variant=variant,
                            case=case, kind=kind)


def check_model(spec: ModelSpec, cases: Sequence[Case] | None = None) -> dict[str, Any]:
    """Run every check on ``spec``; raise AssertionError naming each unexpected result.

    Known failures (``spec.expected_failures``) must fail; one that passes is reported too, so
    that its entry is removed. Returns counts of passed checks and the expected failures.
    """
    passed, expected, failed = 0, [], []
    for check in checks_for(spec, cases):
        reason = check.expected_failure(spec)
        try:
            check(spec)
        except AssertionError as exc:
            if reason:
                expected.append(check.id)
            else:
                failed.append(f"{check.id}: {str(exc).strip().splitlines()[0]}")
            continue
        if reason:
            failed.append(f"{check.id}: passes, but is declared a known failure ({reason})")
        else:
            passed += 1
    if failed:
        raise AssertionError(f"{spec.name} fails {len(failed)} check(s):\n  " + "\n  ".join(failed))
    return {"model": spec.name, "passed": passed, "expected_failures": expected, "failed": failed}


def parametrize_with_checks(specs: Iterable[ModelSpec] | None = None,
                            cases: Sequence[Case] | None = None):
    """A ``pytest.mark.parametrize("spec, check", …)`` over every check of every spec (default:
    every registered model); known failures are marked ``xfail(strict=True)`` with their reason.
    """
    import pytest

    from accord.models.base import available_models

    params = []
    for spec in (available_models() if specs is None else specs):
        for check in checks_for(spec, cases):
            reason = check.expected_failure(spec)
            marks = (pytest.mark.xfail(reason=reason, strict=True, raises=AssertionError),) \
                if reason else ()
            params.append(pytest.param(spec, check, id=f"{spec.name}:{check.id}", marks=marks))
    return pytest.mark.parametrize("spec, check", params)
