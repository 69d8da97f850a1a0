"""accord.randomness: a stream made on first use (LazyStream) draws what stream() draws."""

from __future__ import annotations

import copy
import pickle

import numpy as np
import pytest

import accord
from accord.models.exchange import ExchangeParams, exchange
from accord.randomness import LazyStream, as_rng, member_streams, stream
from shared_data import require_shared


@pytest.mark.parametrize("seed, key", [(0, ()), (7, ("eum",)), (2**40, ("exchange",)),
                                       (3, (1, 0)), (5, ("ensemble", 2))])
def test_a_lazy_stream_draws_what_the_stream_draws(seed, key):
    lazy, eager = LazyStream(seed, key), stream(seed, *key)
    np.testing.assert_array_equal(lazy.random(5), eager.random(5))
    assert lazy.integers(1000) == eager.integers(1000)   # the same generator, drawn on
    assert as_rng(lazy) is lazy
    for a, b in zip(member_streams(lazy, 3), member_streams(eager, 3)):
        np.testing.assert_array_equal(a.uniform(size=4), b.uniform(size=4))
    assert isinstance(lazy.generator, np.random.Generator)


def test_a_deep_copy_or_pickle_of_a_lazy_stream_is_its_generator_where_it_stands():
    lazy = LazyStream(11, ("smp",))
    lazy.random(3)
    expected = stream(11, "smp")
    expected.random(3)
    for other in (copy.deepcopy(lazy), pickle.loads(pickle.dumps(lazy))):
        assert isinstance(other, np.random.Generator)
        assert other.random() == copy.deepcopy(expected).random()
    assert lazy.random() == expected.random()   # the copies took nothing from it


@pytest.mark.parametrize("seed, key", [(-1, ()), (True, ()), (1.5, ()), (0, (-2,))])
def test_a_bad_seed_fails_when_the_lazy_stream_is_made(seed, key):
    with pytest.raises(ValueError):
        LazyStream(seed, key)


def test_a_forecast_draws_each_models_stream_as_before():
    # accord.forecast hands each model LazyStream(seed, (name,)): a model that draws (Random
    # Rate, random tie-breaks) gets exactly the numbers of stream(seed, name) it got before.
    s = accord.load(require_shared("data", "decide", "cop21.csv"))
    params = {"variant": "random-rate", "tie_break": "random", "rounds": 2}
    fc = accord.forecast(s, models=["exchange"], seed=5, params={"exchange": params},
                         whether=False)
    direct = exchange(s.to_arrays(), ExchangeParams(**params), stream(5, "exchange"))
    np.testing.assert_array_equal(fc.results["exchange"].forecast, direct.forecast)
    np.testing.assert_array_equal(fc.results["exchange"].rounds.positions,
                                  direct.rounds.positions)
    other = exchange(s.to_arrays(), ExchangeParams(**params), stream(6, "exchange"))
    assert not np.array_equal(other.rounds.positions, direct.rounds.positions)
