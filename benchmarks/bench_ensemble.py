"""Ensemble throughput: variants per second per model and per executor, and 1 → 2 worker scaling.

    .venv/bin/python benchmarks/bench_ensemble.py            # the issue's sizes
    .venv/bin/python benchmarks/bench_ensemble.py --quick    # a tenth of them
    .venv/bin/python benchmarks/bench_ensemble.py --memory   # peak memory per process only

``--memory`` (issue 18: an EUM ensemble of 10⁵ variants in ≤ 300 MiB per process): runs
``run_ensemble(talks, "eum", 100_000)`` on a pool of 2, twice, each in a fresh interpreter —
once with the model given whole chunks (``sub_batch`` = the chunk size, what Accord did before
sub-batches: the reference) and once with the default sub-batch — and prints each process's
peak resident set (the calling process from ``RUSAGE_SELF``, the largest worker from
``RUSAGE_CHILDREN``), that both runs wrote the same numbers, and the ratio.

Targets (issue #7, on a 2-core machine): 10⁶ variants of the 2026 talks (the EC case with
ranges when that scenario is absent) with the compromise model in under 10 s, end to end
(draws, model, Parquet, DuckDB summary); 10⁵ variants with the EUM in under 60 s (run on the EC
case; on the talks — 29 actors, the EUM being O(A³) per issue — a 2,000-variant run is
extrapolated unless --full-eum); throughput from 1 to 2 workers within 80 % of linear.

"End to end" starts a fresh process pool (as `accord ensemble` does). The per-executor
throughput runs on an executor that is already up (pool or Dask cluster started and warmed
with one small ensemble), so it measures the ensemble, not process start-up; the scaling from
1 to 2 workers compares the chunk phase (draws, model, Parquet writing: the part that runs in
parallel), without the summary computed once at the end. Every figure is
the best of ``--repeat`` runs: other work on the machine only ever slows a run down.
There is no reference implementation to compare against; the figures are absolute.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time

from accord.ensemble import run_ensemble, with_ranges
from accord.ensemble.executors import open_executor
from accord.models import available_models
from accord.scenario.builtin import builtin_ids, load_builtin


def talks():
    """The 2026 talks, or the EC case with ranges when that scenario is absent."""
    if "ukraine-talks-2026-01" in builtin_ids():
        return load_builtin("ukraine-talks-2026-01")
    return ec()


def ec():
    return with_ranges(load_builtin("ec-emissions-1994"), position=0.1, salience=0.2,
                       capability=0.25)


def best_of(repeat, fn):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
        assert result.summary["complete"]
    return min(times)


def chunk_phase(run):
    """(whole run, chunk phase) in seconds: the chunk phase ends when the last chunk is written."""
    marks = {}

    def progress(done, total):
        marks["last"] = time.perf_counter()

    t0 = time.perf_counter()
    result = run(progress)
    assert result.summary["complete"]
    return time.perf_counter() - t0, marks["last"] - t0


def describe(s) -> str:
    return f"{s.id} ({len(s.actors)} actors × {len(s.issues)} issues)"


_MEMORY_RUN = """
import hashlib, json, resource, sys, tempfile, time
import pyarrow.parquet as pq
from accord.ensemble import run_ensemble
from accord.ensemble.executors import default_chunk_size
from accord.ensemble.sample import InputSpace
from accord.scenario.builtin import load_builtin
n, whole = int(sys.argv[1]), sys.argv[2] == "whole"
s = load_builtin("ukraine-talks-2026-01")
chunk = default_chunk_size(InputSpace.from_scenario(s))
t = time.perf_counter()
with tempfile.TemporaryDirectory() as d:
    r = run_ensemble(s, "eum", n, seed=0, workers=2, out=d, sub_batch=chunk if whole else None)
    seconds = time.perf_counter() - t
    parent = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    digest = hashlib.sha256()
    f = pq.ParquetFile(r.parquet)
    for g in range(f.num_row_groups):  # one row group at a time: the check adds no peak
        for column in f.read_row_group(g).columns:
            digest.update(column.to_numpy().tobytes())
print(json.dumps({"seconds": seconds, "digest": digest.hexdigest(), "parent": parent,
                  "worker": worker}))
"""


def memory(n: int) -> None:
    import json
    import subprocess

    print(f"peak memory per process, EUM ensemble of {n:,} variants of the 2026 talks, "
          "pool of 2 (fresh interpreter each):")
    out = {}
    for label in ("whole", "sub"):
        res = subprocess.run([sys.executable, "-c", _MEMORY_RUN, str(n), label],
                             capture_output=True, text=True, check=True)
        out[label] = json.loads(res.stdout.strip().splitlines()[-1])
        what = ("model given whole chunks (before)" if label == "whole"
                else "default sub-batch (now)")
        r = out[label]
        print(f"  {what:<36} largest worker {r['worker']:6.0f} MiB, calling process "
              f"{r['parent']:5.0f} MiB, {r['seconds']:6.1f} s")
    same = out["whole"]["digest"] == out["sub"]["digest"]
    worst = max(out["sub"]["worker"], out["sub"]["parent"])
    print(f"  same numbers in both files: {'yes' if same else 'NO'}; largest process "
          f"{out['whole']['worker'] / out['sub']['worker']:.1f}× smaller; target ≤ 300 MiB per "
          f"process: {'met' if worst <= 300 else 'MISSED'} ({worst:.0f} MiB)")
    print(f"  load average {os.getloadavg()[0]:.2f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="a tenth of the sizes")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--skip-dask", action="store_true")
    ap.add_argument("--full-eum", action="store_true",
                    help="run the EUM on 10⁵ variants of the talks instead of extrapolating")
    ap.add_argument("--memory", action="store_true",
                    help="only the peak memory per process of a 10⁵-variant EUM ensemble")
    args = ap.parse_args()
    if args.memory:
        memory(100_000 // (10 if args.quick else 1))
        return
    scale = 10 if args.quick else 1
    n_fast, n_eum, n_tp = 1_000_000 // scale, 100_000 // scale, 500_000 // scale
    s, s_ec = talks(), ec()
    models = {m.name for m in available_models()}
    out = tempfile.mkdtemp(prefix="accord-bench-")
    print(f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f} at start "
          f"(other work on the machine slows every figure); best of {args.repeat}")

    def record(label, model, executor, workers, n, seconds, target=None, note=""):
        verdict = "" if target is None else "  target < %g s: %s" % (
            target, "met" if seconds < target else "MISSED")
        print(f"  {label:<24} {model:<10} {executor:<7} ×{workers}  {n:>9,} variants "
              f"{seconds:8.2f} s {n / seconds:>11,.0f} variants/s{verdict}{note}", flush=True)

    print("end to end (fresh process pool; draws, model, Parquet, DuckDB summary):")
    t = best_of(args.repeat, lambda: run_ensemble(s, "compromise", n_fast, seed=1, workers=2,
                                                  out=out))
    record(s.id, "compromise", "process", 2, n_fast, t, target=10.0 if scale == 1 else None)
    if "eum" in models:
        t = best_of(1, lambda: run_ensemble(s_ec, "eum", n_eum, seed=1, workers=2, out=out))
        record(s_ec.id, "eum", "process", 2, n_eum, t, target=60.0 if scale == 1 else None)
        n_talks = n_eum if args.full_eum else max(200, n_eum // 50)
        t = best_of(1, lambda: run_ensemble(s, "eum", n_talks, seed=1, workers=2, out=out))
        note = "" if n_talks == n_eum else \
            f"  → {n_eum:,} variants ≈ {t * n_eum / n_talks:,.0f} s (extrapolated)"
        record(s.id, "eum", "process", 2, n_talks, t, note=note)
    else:
        print("  eum: not registered in this checkout, skipped")

    print(f"throughput of {describe(s)}, compromise, on a running executor "
          "(whole run; in brackets the chunk phase — draws, model, Parquet — without the "
          "summary):")
    executors = [("inline", 1), ("process", 1), ("process", 2)]
    if not args.skip_dask:
        try:
            import distributed  # noqa: F401
            executors += [("dask", 1), ("dask", 2)]
        except ImportError:
            print("  dask: not installed, skipped")
    rates = {}
    for kind, workers in executors:
        with open_executor(kind, workers) as (warm, _):
            run_ensemble(s, "compromise", 20_000, seed=0, executor=warm, workers=workers,
                         out=out)
            runs = [chunk_phase(lambda progress: run_ensemble(  # run at once, in this iteration
                s, "compromise", n_tp, seed=1, executor=warm, workers=workers,  # noqa: B023
                out=out, progress=progress)) for _ in range(args.repeat)]
            total, chunks = min(r[0] for r in runs), min(r[1] for r in runs)
            record(s.id, "compromise", kind, workers, n_tp, total,
                   note=f"  [{n_tp / chunks:,.0f} variants/s]")
            rates[kind, workers] = n_tp / chunks
    for kind in ("process", "dask"):
        if (kind, 1) in rates and (kind, 2) in rates:
            ratio = rates[kind, 2] / rates[kind, 1]
            print(f"scaling {kind} 1 → 2 workers, chunk phase: ×{ratio:.2f} ({ratio / 2:.0%} of "
                  f"linear; target ≥ 80%: {'met' if ratio / 2 >= 0.8 else 'MISSED'})")
    print(f"load average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    sys.exit(main())
