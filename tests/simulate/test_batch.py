"""Batch == loop, determinism by seed, and the summary figures."""

from __future__ import annotations

import json

import numpy as np
import pytest

from accord.deals.space import OutcomeSpace
from accord.simulate import simulate, simulate_batch, strategy_profiles
from accord.simulate.interventions import Schedule


def random_space(seed: int, P: int = 3, options=(3, 4, 5, 3)) -> OutcomeSpace:
    rng = np.random.default_rng(seed)
    n = list(options)
    return OutcomeSpace(tuple(f"p{k}" for k in range(P)), tuple(f"i{k}" for k in range(len(n))),
                        tuple(tuple(str(j) for j in range(k)) for k in n), np.array(n),
                        rng.dirichlet(np.ones(len(n)), P), tuple(rng.random((P, k)) for k in n),
                        rng.uniform(0.1, 0.5, P))


TRACE_FIELDS = ("agreement", "end_round", "end_reservation", "end_phase")
ROUND_FIELDS = ("table", "table_utility", "actions", "offers", "targets")


def configs(P: int, B: int, seed: int):
    rng = np.random.default_rng(seed)
    names = ["boulware", "linear", "conceder", "tit_for_tat", "pareto", "time:0.5", "hardheaded"]
    strategies = [[names[k] for k in rng.integers(len(names), size=P)] for _ in range(B)]
    rounds = rng.integers(5, 80, size=B)
    seeds = rng.integers(0, 10_000, size=B)
    reservation = rng.uniform(0.0, 0.6, size=(B, P))
    return strategies, rounds, seeds, reservation


@pytest.mark.parametrize("protocol", ["alternating", "mediator"])
def test_batch_equals_loop(protocol):
    space = random_space(1)
    strategies, rounds, seeds, reservation = configs(3, 40, 2)
    ivs = ["6:p1.reservation=0.2", "9:p0.strategy=conceder", "12:p2.weights=i0:0.5"]
    batch = simulate_batch(space, strategies, rounds=rounds, seeds=seeds, reservation=reservation,
                           protocol=protocol, interventions=ivs)
    sched = Schedule.build(space, ivs)
    for b in range(len(strategies)):
        one = simulate_batch(space, [strategies[b]], rounds=rounds[b], seeds=seeds[b],
                             reservation=reservation[b], protocol=protocol, schedule=sched)
        R = int(rounds[b])
        for f in TRACE_FIELDS:
            assert np.array_equal(getattr(batch.trace, f)[b], getattr(one.trace, f)[0]), f
        for f in ROUND_FIELDS:
            assert np.array_equal(getattr(batch.trace, f)[b, :R], getattr(one.trace, f)[0, :R],
                                  equal_nan=True), f
        for f in ("utilities", "payoff", "pareto_distance", "nash_distance", "nash_outcome"):
            assert np.array_equal(getattr(batch, f)[b], getattr(one, f)[0], equal_nan=True), f


def test_same_seed_same_json_different_seed_different_path():
    space = random_space(5, options=(5, 5, 5, 5))
    a = simulate(space, ["linear", "boulware", "conceder"], protocol="mediator", seed=3, rounds=60)
    b = simulate(space, ["linear", "boulware", "conceder"], protocol="mediator", seed=3, rounds=60)
    c = simulate(space, ["linear", "boulware", "conceder"], protocol="mediator", seed=4, rounds=60)
    assert json.dumps(a.to_dict()) == json.dumps(b.to_dict())
    assert a.batch.trace.table[0].tolist() != c.batch.trace.table[0].tolist()


def test_alternating_offers_are_deterministic():
    space = random_space(8)
    profiles = strategy_profiles(["boulware", "linear", "conceder"], 3)
    a = simulate_batch(space, profiles, rounds=50, seeds=1)
    b = simulate_batch(space, profiles, rounds=50, seeds=99)   # no randomness in SAOP
    assert np.array_equal(a.trace.offers, b.trace.offers)


def test_summary_figures():
    space = random_space(3)
    profiles = strategy_profiles(["boulware", "linear", "conceder"], 3)
    r = simulate_batch(space, profiles, rounds=60)
    s = r.summary()
    ok = r.agreed
    assert s["negotiations"] == 27 and s["agreements"] == int(ok.sum())
    assert s["agreement_rate"] == pytest.approx(ok.mean())
    for k, p in enumerate(space.party_ids):
        assert s["mean_utility"][p] == pytest.approx(r.utilities[ok, k].mean())
    assert s["mean_rounds"] == pytest.approx((r.trace.end_round + 1).mean())
    json.dumps(s)


def test_mapping_rows_and_bad_rows():
    from accord.errors import AccordError

    space = random_space(3)
    r = simulate_batch(space, [{"p0": "linear", "p1": "boulware", "p2": "pareto"}], rounds=10)
    assert [s.name for s in r.strategies[0]] == ["linear", "boulware", "pareto"]
    with pytest.raises(AccordError, match="no strategy for p2"):
        simulate_batch(space, [{"p0": "linear", "p1": "boulware"}])
    with pytest.raises(AccordError, match="2 strategies for 3 parties"):
        simulate_batch(space, [["linear", "linear"]])
    with pytest.raises(AccordError, match="unknown protocol"):
        simulate_batch(space, [["linear"] * 3], protocol="auction")


@pytest.mark.parametrize("protocol", ["alternating", "mediator"])
def test_without_history_the_outcomes_are_the_same(protocol):
    space = random_space(4)
    strategies, rounds, seeds, reservation = configs(3, 30, 9)
    full = simulate_batch(space, strategies, rounds=rounds, seeds=seeds, reservation=reservation,
                          protocol=protocol)
    lean = simulate_batch(space, strategies, rounds=rounds, seeds=seeds, reservation=reservation,
                          protocol=protocol, history=False)
    assert lean.trace.offers.shape == (30, 0, 3)
    for f in TRACE_FIELDS:
        assert np.array_equal(getattr(full.trace, f), getattr(lean.trace, f)), f
    assert np.array_equal(full.utilities, lean.utilities, equal_nan=True)
    assert full.summary() == lean.summary()


@pytest.mark.parametrize("protocol", ["alternating", "mediator"])
def test_chunks_on_an_executor_equal_one_batch(protocol):
    from concurrent.futures import ThreadPoolExecutor

    from accord.simulate import simulate_chunked

    space = random_space(6)
    strategies, rounds, seeds, reservation = configs(3, 25, 12)
    ivs = ["7:p2.reservation=0.3"]
    one = simulate_batch(space, strategies, rounds=rounds, seeds=seeds, reservation=reservation,
                         protocol=protocol, interventions=ivs)
    with ThreadPoolExecutor(2) as ex:
        chunked = simulate_chunked(space, strategies, chunk_size=7, executor=ex, rounds=rounds,
                                   seeds=seeds, reservation=reservation, protocol=protocol,
                                   interventions=ivs)
    inline = simulate_chunked(space, strategies, chunk_size=10, rounds=rounds, seeds=seeds,
                              reservation=reservation, protocol=protocol, interventions=ivs)
    for res in (chunked, inline):
        for f in TRACE_FIELDS + ROUND_FIELDS:
            assert np.array_equal(getattr(one.trace, f), getattr(res.trace, f), equal_nan=True), f
        assert np.array_equal(one.nash_distance, res.nash_distance, equal_nan=True)
        assert one.summary() == res.summary()


def test_tables_are_built_once_per_utility_function():
    """One negotiation at a time on the same space reuses its look-up tables; another
    reservation does not change them (they depend on the utilities only), other weights do."""
    from dataclasses import replace

    from accord.simulate.tables import PartyTables

    space = random_space(11)
    tables = PartyTables.for_space(space)
    assert PartyTables.for_space(space.with_reservation(np.array([0.2, 0.3, 0.1]))) is tables
    w = space.weights.copy()
    w[0] = w[0][::-1]
    other = PartyTables.for_space(replace(space, weights=w))
    assert other is not tables
    assert not np.array_equal(other.utilities, tables.utilities)
