"""Benchmark: Accord's port of KTAB's SMP on the KTAB dummy data sets (not a test).

Prints wall time and turns for dummyData-a080 (80 actors × 1 dimension, target < 2 s) and
dummyData-a160 (160 × 1, target < 20 s), the actor scaling (the first 20, 40, 80 and 160
actors of a160), the peak memory (NumPy allocations traced with tracemalloc, target < 2 GiB,
and the process's peak resident set), and the ratio against KTAB's published times
(research/models.md §4: 40 × 1 in 7.1 s at -O2; 80 × 1 in about 217 s unoptimised). KTAB itself
is not built or run here (project rule); the ratios are against those figures.

    .venv/bin/python benchmarks/bench_smp.py [--data /work/shared/data/ktab] [--repeat 3]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc
from pathlib import Path

import accord
from accord.models.smp import SMPParams, ktab_inputs, run_smp

KTAB_PUBLISHED = {40: (7.1, "KTAB C++ -O2, 40 × 1"), 80: (217.0, "KTAB C++ unoptimised, 80 × 1")}


def inputs(path: Path, n_actors: int | None = None):
    x, sal, cap, _ = ktab_inputs(accord.load(path).to_arrays())
    if n_actors is not None:
        x, sal, cap = x[:n_actors], sal[:n_actors], cap[:n_actors]
    return x, sal, cap


def timed(x, sal, cap, repeat: int):
    best, run = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        run = run_smp(x, sal, cap, SMPParams())
        best = min(best, time.perf_counter() - t0)
    return best, run


def peak_traced(x, sal, cap) -> int:
    tracemalloc.start()
    run_smp(x, sal, cap, SMPParams())
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path("/work/shared/data/ktab"))
    ap.add_argument("--repeat", type=int, default=3, help="best of N runs (default 3)")
    args = ap.parse_args(argv)

    print("KTAB SMP port — default parameters, seed 15455440707583219804")
    print(f"{'data':<22}{'actors':>7}{'turns':>7}{'time s':>9}{'target':>9}")
    results = {}
    for name, target in (("dummyData-a080.csv", 2.0), ("dummyData-a160.csv", 20.0)):
        x, sal, cap = inputs(args.data / name)
        t, run = timed(x, sal, cap, args.repeat if len(x) <= 80 else 1)
        results[len(x)] = t
        flag = "ok" if t < target else "SLOW"
        print(f"{name:<22}{len(x):>7}{run.n_states - 1:>7}{t:>9.3f}{target:>8.0f}s {flag}")

    print("\nActor scaling (first N actors of dummyData-a160):")
    print(f"{'actors':>7}{'turns':>7}{'time s':>9}{'s/turn':>9}{'peak MiB':>10}")
    prev = None
    for n in (20, 40, 80, 160):
        x, sal, cap = inputs(args.data / "dummyData-a160.csv", n)
        t, run = timed(x, sal, cap, args.repeat if n <= 80 else 1)
        peak = peak_traced(x, sal, cap) / 2 ** 20
        per_turn = t / (run.n_states - 1)
        growth = "" if prev is None else f"  ×{per_turn / prev:.1f} per turn for ×2 actors"
        prev = per_turn
        print(f"{n:>7}{run.n_states - 1:>7}{t:>9.3f}{per_turn:>9.4f}{peak:>10.1f}{growth}")
        results.setdefault(n, t)

    x, sal, cap = inputs(args.data / "dummyData-a160.csv", 40)
    t40, _ = timed(x, sal, cap, args.repeat)
    print("\nAgainst KTAB's published times (models.md §4; not re-measured here):")
    for n, t_ours in ((40, t40), (80, results[80])):
        t_ktab, what = KTAB_PUBLISHED[n]
        note = " (first 40 actors of a160; KTAB's figure is for dummyData-a040)" if n == 40 else ""
        print(f"  {what}: {t_ktab:7.1f} s   Accord: {t_ours:7.3f} s   ratio KTAB/Accord "
              f"{t_ktab / t_ours:7.1f}×{note}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nPeak resident set of this process: {rss:.0f} MiB (target < 2048 MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
