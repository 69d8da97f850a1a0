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


def _child(seed: int, name: str, k: int) -> np.random.Generator:
    # The k-th child of stream(seed, name), from NumPy's own seed sequence: a name extends the
    # entropy with its bytes (docs/randomness.md, rule 2), spawning numbers the children.
    return np.random.default_rng(np.random.SeedSequence([seed, *name.encode()]).spawn(k + 1)[k])


def test_a_lazy_spawn_gives_the_streams_children_without_making_it():
    # The recommended model spawns one stream per component from a forecast's LazyStream; the
    # components draw nothing with their defaults, so no generator need be made at all.
    lazy = LazyStream(9, ("recommended",))
    first = lazy.spawn(3)
    assert "not made yet" in repr(lazy)
    assert all(isinstance(c, LazyStream) and "not made yet" in repr(c) for c in first)
    second = lazy.spawn(2)                      # a second spawn: the next children, as NumPy's
    for k, child in enumerate(first + second):
        np.testing.assert_array_equal(child.random(4), _child(9, "recommended", k).random(4))
    # The generator made after lazy spawns counts them: its own next children are 5 and 6.
    assert lazy.random() == stream(9, "recommended").random()
    for k, child in zip((5, 6), lazy.spawn(2)):
        assert isinstance(child, np.random.Generator)
        assert child.random() == _child(9, "recommended", k).random()


def test_a_lazy_spawn_counts_in_a_pickle_and_a_copy():
    lazy = LazyStream(4, ("smp",))
    lazy.spawn(2)
    for other in (pickle.loads(pickle.dumps(lazy)), copy.deepcopy(lazy)):
        assert other.spawn(1)[0].random() == _child(4, "smp", 2).random()


def test_a_bad_spawn_count_fails_as_numpys_does():
    with pytest.raises(TypeError):
        stream(0, "x").spawn("2")
    with pytest.raises(TypeError):
        LazyStream(0, ("x",)).spawn("2")


def _draw(rng) -> float:
    return float(rng.random())


def test_a_lazy_stream_and_its_children_draw_in_a_worker_process_as_at_home():
    # A process pool pickles what it sends: the stream as it stands (made on the way), and a
    # lazy child as its own generator. The worker's draws are those of the same streams here.
    from concurrent.futures import ProcessPoolExecutor

    lazy = LazyStream(12, ("exchange",))
    child = lazy.spawn(1)[0]
    with ProcessPoolExecutor(max_workers=1) as pool:
        got = list(pool.map(_draw, [lazy, child]))
    assert got == [stream(12, "exchange").random(), _child(12, "exchange", 0).random()]
    assert lazy.random() == got[0]              # the worker drew from a copy, not from it
