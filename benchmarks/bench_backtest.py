"""Benchmark: every model on all 240 issues of the DEU training file (not a test).

Target (issue 14): every registered model on all 240 training issues in under 10 s on 2 cores.
Prints the machine's load (``os.getloadavg``: the machine is shared, so timings are noisy), each
model's time in one process — issue-separable models in one call over all issues, the others
proposal by proposal; the recommended model as the back-test computes it, the median of its
components' forecasts (running it would run every component again) — the same with the
case-by-case models in a pool of ``--workers`` processes, the whole ``accord backtest`` (models,
baselines, bootstrap, 5-fold and nested cross-validation), and, as the reference, every model
run proposal by proposal through ``accord.forecast`` (what a user would do without the
back-test), with the ratio.

    .venv/bin/python benchmarks/bench_backtest.py [--data ../shared/data/deu3/deu3_train.tsv]
        [--workers 2] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import resource
import time
from pathlib import Path

import accord
from accord.models import available_models
from accord.validity.recommended import NAME as RECOMMENDED, RECOMMENDED as COMBINATION
from accord.validity.backtest import backtest, run_models
from accord.validity.baselines import salience_weighted_mean, unweighted_median
from accord.validity.cases import IssueTable, deu_dataset

TARGET_S = 10.0
# The shared folder: $ACCORD_SHARED, else ../shared beside the repository (as the tests find it).
SHARED = (Path(os.environ["ACCORD_SHARED"]) if os.environ.get("ACCORD_SHARED")
          else Path(__file__).resolve().parents[1].parent / "shared")


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} on {os.cpu_count()} cores"


def cpu() -> float:
    """CPU seconds of this process and its finished children (pool workers)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def best_of(repeat: int, fn):
    """Best wall time of ``repeat`` runs, the CPU time of that run, and the value."""
    best, best_cpu, value = float("inf"), float("inf"), None
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), cpu()
        value = fn()
        wall, used = time.perf_counter() - t0, cpu() - c0
        if wall < best:
            best, best_cpu = wall, used
    return best, best_cpu, value


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=SHARED / "data" / "deu3" / "deu3_train.tsv")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3, help="best of N runs (default 3)")
    args = ap.parse_args(argv)

    print(f"DEU back-test benchmark — {args.data.name}; {load()}")
    t_read, _, ds = best_of(args.repeat, lambda: deu_dataset(args.data))
    table = IssueTable.of(ds)
    print(f"read + {len(ds.cases)} proposal scenarios + stacked arrays: {t_read:.2f} s "
          f"({len(table.ids)} issues)")
    specs = [s for s in available_models() if s.name != RECOMMENDED]
    total = total_cpu = 0.0
    forecasts = {}
    print(f"{'model':<16}{'how':<14}{'wall s':>8}{'CPU s':>8}")
    for spec in specs:
        t, c, out = best_of(args.repeat, lambda spec=spec: run_models(ds, table, [spec]))
        forecasts.update(out)
        total, total_cpu = total + t, total_cpu + c
        how = "all issues" if spec.issue_separable else "by proposal"
        print(f"{spec.name:<16}{how:<14}{t:>8.2f}{c:>8.2f}")
    forecasts["salience_weighted_mean"] = salience_weighted_mean(table.arrays)
    forecasts["median_unweighted"] = unweighted_median(table.arrays)
    t, c, _ = best_of(args.repeat, lambda: COMBINATION.predict(forecasts))
    total, total_cpu = total + t, total_cpu + c
    print(f"{RECOMMENDED:<16}{'from the above':<14}{t:>8.2f}{c:>8.2f}")
    print(f"{'every model, one process':<30}{total:>8.2f}{total_cpu:>8.2f}")

    def every_model_in_a_pool():
        out = run_models(ds, table, specs, workers=args.workers)
        out["salience_weighted_mean"] = salience_weighted_mean(table.arrays)
        out["median_unweighted"] = unweighted_median(table.arrays)
        out[RECOMMENDED] = COMBINATION.predict(out)
        return out
    t_pool, c_pool, _ = best_of(args.repeat, every_model_in_a_pool)
    verdict = "meets" if t_pool < TARGET_S else "MISSES"
    print(f"{'every model, ' + str(args.workers) + ' processes':<30}{t_pool:>8.2f}{c_pool:>8.2f}"
          f"  ({verdict} the {TARGET_S:g} s target: {t_pool / TARGET_S:.2f} of it)")
    t_full, c_full, _ = best_of(1, lambda: backtest(args.data, folds=5, workers=args.workers))
    print(f"{'accord backtest (all)':<30}{t_full:>8.2f}{c_full:>8.2f}  (models, baselines, "
          "bootstrap, 5-fold + nested CV)")
    names = [s.name for s in specs]   # accord.forecast would run the recommended's components twice
    t_ref, c_ref, _ = best_of(1, lambda: [accord.forecast(c.scenario, models=names)
                                          for c in ds.cases])
    print(f"{'reference: accord.forecast':<30}{t_ref:>8.2f}{c_ref:>8.2f}  per proposal, every "
          f"model; ratio {t_ref / t_pool:.1f}x wall, {c_ref / c_pool:.1f}x CPU")
    print(f"after: {load()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
