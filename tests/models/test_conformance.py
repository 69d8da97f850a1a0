"""The contract every registered model keeps (in the spirit of scikit-learn's check_estimator).

For each model in the registry: the same seed gives the same output; the order of the actors
does not matter; a batch of B variants gives what B single runs give; and the model has an
oracle from outside its own code (ORACLES below, each pointing at a paper's table, a reference
implementation's output or a hand calculation). A new model is held to all of it for free —
and fails here until someone names its oracle.
"""

from __future__ import annotations

import numpy as np
import pytest

import accord
from accord.models import available_models
from accord.scenario.arrays import ScenarioArrays

MODELS = [m.name for m in available_models()]

# model name → test that holds its oracle (module::function under tests/models/).
ORACLES = {
    "compromise": "test_baseline.py::test_ec_weighted_mean_matches_models_md",
    "median": "test_baseline.py::test_ec_weighted_median_is_seven",
    "nash": "test_baseline.py::test_nash_quadratic_two_actors_hand_calculation",
    "eum": "test_eum.py",
    "exchange": "test_exchange.py",
    "smp": "test_smp.py",
    "veto_players": "test_status_quo.py::test_veto_players_by_hand",
    "agenda_setter": "test_status_quo.py::test_romer_rosenthal_on_both_sides_of_the_pivot",
    "compromise_sq": "test_status_quo.py::test_compromise_with_the_reference_point_by_hand",
}


def two_issue_case() -> ScenarioArrays:
    """Five actors on two issues with distinct positions (no ties that would make order matter)."""
    position = np.array([[5.0, 80.0], [22.0, 61.0], [47.0, 33.0], [71.0, 12.0], [93.0, 55.0]])
    salience = np.array([[0.9, 0.3], [0.5, 0.7], [0.6, 0.4], [0.8, 0.9], [0.3, 0.6]])
    capability = np.repeat(np.array([[1.0], [0.6], [0.45], [0.8], [0.35]]), 2, axis=1)
    return ScenarioArrays(("a", "b", "c", "d", "e"), ("x", "y"), position, salience, capability,
                          np.ones((5, 2), bool), np.array([0.0, 0.0]), np.array([100.0, 100.0]))


def two_issue_case_with_status_quo() -> ScenarioArrays:
    """The same with a status quo on each issue, red lines for two actors and a weighted
    qualified majority with an agenda setter on the second issue (the whether inputs)."""
    from dataclasses import replace

    from accord.scenario.arrays import RuleArrays

    base = two_issue_case()
    rule = RuleArrays(np.array([0, 1], np.int8),
                      np.array([[True] * 5, [False, False, False, True, False]]),
                      np.array([[0.0] * 5, [3.0, 2.0, 2.0, 1.0, 1.0]]), np.array([np.nan, 0.6]),
                      np.array([False, False]), np.array([0, 2]), np.array([-1, 2]))
    red_low = np.full((5, 2), -np.inf)
    red_high = np.full((5, 2), np.inf)
    red_high[0, 0], red_low[3, 1] = 40.0, 5.0
    return replace(base, status_quo=np.array([15.0, 90.0]), red_low=red_low, red_high=red_high,
                   rule=rule)


CASES = {
    "ec-emissions-1994": lambda: accord.load("ec-emissions-1994").to_arrays(),
    "five-actors-two-issues": two_issue_case,
    "five-actors-with-status-quo": two_issue_case_with_status_quo,
}


def jittered_batch(arrays: ScenarioArrays, size: int, seed: int) -> ScenarioArrays:
    rng = np.random.default_rng(seed)
    span = arrays.high - arrays.low
    pos = arrays.position + rng.uniform(-0.1, 0.1, (size,) + arrays.position.shape) * span
    pos = np.clip(pos, arrays.low, arrays.high)
    sal = np.clip(arrays.salience * rng.uniform(0.8, 1.2, (size,) + arrays.salience.shape), 0, 1)
    cap = arrays.capability * rng.uniform(0.8, 1.2, (size,) + arrays.capability.shape)
    return arrays.with_values(position=pos, salience=sal, capability=cap)


def run(spec, arrays, seed=7):
    return spec.run(arrays, spec.default_params(), np.random.default_rng(seed))


def spec_of(name):
    return next(m for m in available_models() if m.name == name)


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("name", MODELS)
def test_same_seed_same_output(name, case):
    spec, arrays = spec_of(name), CASES[case]()
    a, b = run(spec, arrays), run(spec, arrays)
    np.testing.assert_array_equal(a.forecast, b.forecast)
    if a.rounds is not None:
        np.testing.assert_array_equal(a.rounds.positions, b.rounds.positions)


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("name", MODELS)
def test_actor_order_does_not_matter(name, case):
    spec, arrays = spec_of(name), CASES[case]()
    if not spec.permutation_invariant:
        pytest.skip(f"{name} documents why it depends on actor order")
    order = np.random.default_rng(3).permutation(arrays.n_actors)
    a, b = run(spec, arrays), run(spec, arrays.permuted(order))
    np.testing.assert_allclose(a.forecast, b.forecast, rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("name", MODELS)
def test_batch_equals_loop(name, case):
    spec, arrays = spec_of(name), CASES[case]()
    batch = jittered_batch(arrays, 4, seed=11)
    together = run(spec, batch)
    assert together.forecast.shape == (4, arrays.n_issues)
    for b in range(4):
        alone = run(spec, batch.unbatched(b))
        np.testing.assert_allclose(together.forecast[b], alone.forecast, rtol=1e-9, atol=1e-9)
        if together.rounds is not None and alone.rounds is not None:
            r = min(together.rounds.positions.shape[1], alone.rounds.positions.shape[0])
            np.testing.assert_allclose(together.rounds.positions[b, :r],
                                       alone.rounds.positions[:r], rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("name", MODELS)
def test_every_model_has_an_oracle(name):
    from pathlib import Path

    assert name in ORACLES, f"model {name!r} has no oracle: add one and name it in ORACLES"
    module, _, func = ORACLES[name].partition("::")
    path = Path(__file__).parent / module
    assert path.exists(), f"{path} is missing"
    if func:
        assert f"def {func}(" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("name", MODELS)
def test_bystanders_change_nothing(name, case):
    """Actors with no stance anywhere (people, media) must not move any forecast."""
    spec, arrays = spec_of(name), CASES[case]()
    mid = (arrays.low + arrays.high) / 2
    with_bystander = arrays.with_bystander()
    a, b = run(spec, arrays), run(spec, with_bystander)
    np.testing.assert_allclose(a.forecast, b.forecast, rtol=1e-9, atol=1e-9)
    if b.rounds is not None:
        # The bystander stands still.
        np.testing.assert_array_equal(b.rounds.positions[..., -1, :],
                                      np.broadcast_to(mid, b.rounds.positions[..., -1, :].shape))
