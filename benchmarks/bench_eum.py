"""Benchmark: 100,000 Monte Carlo variants of the EC emissions case through the vectorised EUM.

    .venv/bin/python benchmarks/bench_eum.py [--variants 100000] [--rounds 10]

One batched call of :func:`accord.models.eum.eum` on B jittered variants (positions ± N(0, 0.5)
years clipped to the 4–10 scale, saliences × U(0.8, 1.2) clipped to [0, 1]; capabilities as
published), then the same model as plain Python loops, one pair at a time
(``reference_eum`` in ``tests/models/test_eum.py``, written from the paper and checked there
against the replication's series), on a few of the same variants. Prints runs per second, peak
memory (``resource.getrusage``), the per-run speed ratio, and checks both agree.
Not a test: timings depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import resource
import time
from pathlib import Path

import numpy as np

import accord
from accord.models.eum import EUMParams, eum

ROOT = Path(__file__).resolve().parent.parent


def load_reference():
    # The plain-Python, pair-by-pair EUM written from the paper lives with the tests.
    import sys

    sys.path.insert(0, str(ROOT / "tests"))
    spec = importlib.util.spec_from_file_location("eum_oracles", ROOT / "tests/models/test_eum.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.reference_eum


def jittered(arrays, size, seed):
    rng = np.random.default_rng(seed)
    pos = np.clip(arrays.position + rng.normal(0.0, 0.5, (size,) + arrays.position.shape),
                  arrays.low, arrays.high)
    sal = np.clip(arrays.salience * rng.uniform(0.8, 1.2, (size,) + arrays.salience.shape), 0, 1)
    cap = np.broadcast_to(arrays.capability, (size,) + arrays.capability.shape).copy()
    return arrays.with_values(position=pos, salience=sal, capability=cap)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--reference-runs", type=int, default=5)
    args = parser.parse_args()

    base = accord.load("ec-emissions-1994").to_arrays()
    params = EUMParams(rounds=args.rounds)
    batch = jittered(base, args.variants, seed=1994)
    print(f"EUM (Scholz et al. 2011), EC emissions: {base.n_actors} actors, {args.rounds} rounds, "
          f"{args.variants:,} jittered variants in one call")

    eum(batch.unbatched(0), params)   # warm-up: imports, caches
    wall, cpu = time.perf_counter(), time.process_time()
    result = eum(batch, params)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    batched_per_run = wall / args.variants
    print(f"vectorised: {wall:.2f} s wall ({cpu:.2f} s CPU on {os.cpu_count()} cores), "
          f"{args.variants / wall:,.0f} runs/s, peak memory {peak_mib:,.0f} MiB")
    # Other processes share the cores: the load average says how much of them this run had.
    print(f"load average during the run: {os.getloadavg()[0]:.1f}")
    final = result.forecast[:, 0]
    lo, mid, hi = np.percentile(final, [5, 50, 95])
    print(f"forecast (median after round {args.rounds}): 5% {lo:.2f}, 50% {mid:.2f}, 95% {hi:.2f}")

    reference_eum = load_reference()
    k = args.reference_runs
    start = time.perf_counter()
    for b in range(k):
        hist = reference_eum(batch.position[b, :, 0], batch.salience[b, :, 0],
                             batch.capability[b, :, 0], float(base.scale_range[0]), params)
        np.testing.assert_allclose(np.array(hist), result.rounds.positions[b, :, :, 0], atol=1e-9)
    plain_per_run = (time.perf_counter() - start) / k
    print(f"plain Python (one pair at a time): {plain_per_run * 1000:.1f} ms per run "
          f"({k} runs, same positions to 1e-9)")
    print(f"per-run speed ratio: {plain_per_run / batched_per_run:,.0f}× "
          f"({plain_per_run * 1e3:.1f} ms vs {batched_per_run * 1e6:.1f} µs)")


if __name__ == "__main__":
    main()
