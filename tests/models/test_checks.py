"""The conformance checks catch what they are meant to catch.

Each test puts a known defect into a model (the exchange model's old batch bug, a model that
copies one seed to every variant, one that ignores NaN, one that writes into its input…) and
requires the matching check to fail, and the check to pass on the model without it.
"""

from __future__ import annotations

import copy
import dataclasses

import numpy as np
import pytest

from accord.errors import AccordError
from accord.models import checks, get_model
from accord.models.base import ModelResult, ModelSpec, Oracle, Variant, weighted_mean, weights
from accord.models.checks import CASES, check_model

FIVE = next(c for c in CASES if c.name == "five-actors-two-issues")
RANDOM_RATE = Variant("random-rate", {"variant": "random-rate"}, stochastic=True)


def test_random_rate_batch_bug_put_back_is_caught(monkeypatch):
    # The exchange model before the fix ran a batch's variants one after the other on one
    # generator: variant 1 of the conformance batch gave [25.447, 37.411] batched and
    # [26.672, 38.004] alone. Put that back and check_batch_equals_loop must fail.
    from accord.models.exchange import model as exchange_model

    spec = get_model("exchange")
    checks.check_batch_equals_loop(spec, RANDOM_RATE, FIVE)          # fixed: passes
    monkeypatch.setattr(exchange_model, "member_streams", lambda rng, size: [rng] * size)
    with pytest.raises(AssertionError, match="batch variant 0 vs alone|batch variant 1 vs alone"):
        checks.check_batch_equals_loop(spec, RANDOM_RATE, FIVE)
    with pytest.raises(AssertionError, match="exchange fails"):
        check_model(spec, cases=[FIVE])


def test_one_seed_copied_to_every_variant_is_caught(monkeypatch):
    # The other wrong fix: every variant of a batch gets a fresh copy of the caller's stream.
    # Batch == loop cannot tell (each variant then equals itself alone with that stream), but
    # identical variants then draw identical numbers.
    from accord.models.exchange import model as exchange_model

    spec = get_model("exchange")
    checks.check_batch_members_independent(spec, RANDOM_RATE, [FIVE])
    monkeypatch.setattr(exchange_model, "member_streams",
                        lambda rng, size: [copy.deepcopy(rng) for _ in range(size)])
    with pytest.raises(AssertionError, match="identical results"):
        checks.check_batch_members_independent(spec, RANDOM_RATE, [FIVE])


# --- small models with one defect each (the compromise model underneath) -------------------

@dataclasses.dataclass(frozen=True)
class Jitter:
    noise: float = 0.0


def _mean(arrays) -> np.ndarray:
    return weighted_mean(arrays.position, weights(arrays))


def ignores_nan(arrays, params=None, rng=None):
    return ModelResult("ignores_nan", _mean(arrays))


def mutates(arrays, params=None, rng=None):
    arrays.position[...] = np.round(arrays.position)     # the defect: writes into its input
    return ModelResult("mutates", _mean(arrays))


def first_actor_wins(arrays, params=None, rng=None):
    return ModelResult("first_actor_wins", arrays.position[..., 0, :].copy())


def shared_noise(arrays, params=None, rng=None):
    """Adds noise drawn from one generator for the whole batch (the exchange bug, in small)."""
    params = params or Jitter()
    rng = np.random.default_rng(rng) if not isinstance(rng, np.random.Generator) else rng
    mean = _mean(arrays)
    return ModelResult("shared_noise", mean + params.noise * rng.normal(size=mean.shape))


def spec_of(run, params=Jitter, **kwargs) -> ModelSpec:
    return ModelSpec(name=run.__name__, title=run.__name__, run=run, params=params,
                     reference="test", **kwargs)


def test_nan_accepted_is_caught():
    with pytest.raises(AssertionError, match="was accepted; expected an AccordError"):
        checks.check_nan_refused(spec_of(ignores_nan), FIVE)
    checks.check_nan_refused(get_model("compromise"), FIVE)


def test_input_mutation_is_caught():
    with pytest.raises(AssertionError, match="changed its input position"):
        checks.check_no_mutation(spec_of(mutates), checks.DEFAULT, CASES[3])


def test_order_dependence_is_caught():
    with pytest.raises(AssertionError, match="actors reordered"):
        checks.check_order(spec_of(first_actor_wins), checks.DEFAULT, FIVE)


def test_shared_generator_is_caught_for_a_model_whose_batch_is_vectorised():
    spec = spec_of(shared_noise, variants=(Variant("noisy", {"noise": 1.0}, stochastic=True),))
    noisy = spec.variants[0]
    with pytest.raises(AssertionError, match="batch variant"):
        checks.check_batch_equals_loop(spec, noisy, FIVE)
    checks.check_seed_matters(spec, noisy, [FIVE])


def test_a_model_without_an_oracle_fails_and_a_wrong_oracle_fails():
    with pytest.raises(AssertionError, match="names no oracle"):
        checks.check_oracle(spec_of(ignores_nan))
    wrong = Oracle(source="a deliberately wrong figure", arrays=FIVE.make, expected=[0.0, 0.0])
    with pytest.raises(AssertionError, match="deliberately wrong"):
        checks.check_oracle(dataclasses.replace(get_model("compromise"), oracle=wrong))


def test_a_fixed_known_failure_is_reported():
    # A known failure that passes must be noticed, so that its entry is removed.
    spec = dataclasses.replace(get_model("median"),
                               expected_failures={"check_bystanders": "no longer true"})
    with pytest.raises(AssertionError, match="passes, but is declared a known failure"):
        check_model(spec, cases=[FIVE])


def test_declared_stochastic_variant_that_ignores_the_seed_is_caught():
    spec = dataclasses.replace(get_model("compromise"),
                               variants=(Variant("claims-noise", {}, stochastic=True),))
    with pytest.raises(AssertionError, match="declared stochastic"):
        checks.check_seed_matters(spec, spec.variants[0], [FIVE])


def test_nan_error_names_actor_issue_and_variant():
    arrays = FIVE.make().broadcast_batch(3)
    arrays.salience[1, 3, 1] = np.nan
    with pytest.raises(AccordError, match=r"salience of actor 'd' on issue 'y' is nan "
                                          r"\(variant 1 of the batch\)"):
        get_model("nash").run(arrays)


def test_the_documented_outside_model_passes_every_check():
    # docs/models/checks.md shows how to write and check a model outside Accord: its code must
    # run and pass (in a fresh process, so that its registration stays out of this one).
    import re
    import subprocess
    import sys
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "models" / "checks.md").read_text(
        encoding="utf-8")
    model_code = re.findall(r"```python\n(.*?)```", doc, re.S)[0]
    script = model_code + "\nfrom accord.models.checks import check_model\n" \
                          "print(check_model(SPEC)['failed'])\n"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
