"""The one concurrency path (accord.parallel): same results whatever the threads."""

from __future__ import annotations

import numpy as np

from accord import parallel


def test_blocks_come_back_in_order_and_the_thread_count_is_capped(monkeypatch):
    monkeypatch.setenv("ACCORD_THREADS", "2")
    assert parallel.block_threads(1) == 1          # one block: no pool
    assert parallel.block_threads(5) == min(2, parallel.available_cores())
    assert parallel.run_blocks(lambda k: k * 10, range(7)) == [0, 10, 20, 30, 40, 50, 60]
    monkeypatch.setenv("ACCORD_THREADS", "1")
    assert parallel.block_threads(5) == 1


def test_smp_challenges_are_the_same_on_one_thread_or_several(monkeypatch):
    from accord.models.smp import SMPParams, _state_utilities
    from accord.models.smp_challenges import BLOCK_PAIRS, all_challenges

    a = BLOCK_PAIRS // 60 + 50                     # several row blocks
    g = np.random.default_rng(9)
    x, s, c = g.uniform(0, 1, (a, 1)), g.uniform(0.1, 0.9, (a, 1)), g.uniform(1, 5, a)
    _, _, ut = _state_utilities(x, x, s, c, SMPParams())
    results = []
    for threads in ("1", "2"):
        monkeypatch.setenv("ACCORD_THREADS", threads)
        results.append(all_challenges(ut, s[:, 0] * c, s[:, 0], SMPParams()))
    for one, two in zip(*results):
        assert np.array_equal(one, two)
