"""Start-up and scenario loading, whole process: what a user waits for before a command works.

First byte-compiles ``src`` (``python -m compileall -q src``): with ``PYTHONDONTWRITEBYTECODE``
set, as on the shared machines, no ``.pyc`` is ever written and every run would compile
Accord's modules afresh — a cost no installed copy pays. Then prints the median wall time of
``--runs`` runs of each command (alternating the commands, so a burst of load on this shared
machine hits them alike), with ``python -c pass`` as the floor and the load average beside the
figures; then the built-in talks' load time in-process: through ruamel's round-trip parser
(before issue 18), through the C parser, and from the validated form kept in the cache folder
(:mod:`accord.scenario.builtin.validated`, what a run after the first does).

The warm-up run of each command fills the cache folder (``ACCORD_CACHE_DIR`` or the user's),
as any first run does.

Targets (issue 18): ``accord --help`` ≤ 0.15 s, ``accord scenarios`` ≤ 0.3 s, ``accord
forecast`` on the built-in talks with every model ≤ 0.5 s.

    .venv/bin/python benchmarks/bench_startup.py [--runs 10]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ACCORD = str(BIN / "accord")
COMMANDS = {
    "python -c pass (floor)": [sys.executable, "-c", "pass"],
    "accord --help": [ACCORD, "--help"],
    "accord scenarios": [ACCORD, "scenarios"],
    "accord forecast (talks, all models)": [ACCORD, "forecast"],
}
TARGETS = {"accord --help": 0.15, "accord scenarios": 0.3,
           "accord forecast (talks, all models)": 0.5}


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def whole_process(runs: int) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Wall time and CPU time (user + system of the child) of each run. On a shared, loaded
    machine the wall time waits for the cores; the CPU time is what the command itself costs."""
    import resource

    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    cpu: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for argv in COMMANDS.values():  # one warm-up each (page cache, .pyc files, caches)
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    for _ in range(runs):
        for name, argv in COMMANDS.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
            times[name].append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu[name].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return times, cpu


def byte_compile() -> None:
    """Write the ``.pyc`` of every module under ``src`` (see the module docstring)."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src")], check=True)


def yaml_load(runs: int) -> dict[str, list[float]]:
    """The built-in talks from bytes to a validated Scenario, in this process, after every
    parser is imported: ruamel round trip, the C parser, the cache folder's validated form."""
    from accord.scenario.builtin import builtin_path
    from accord.scenario.builtin.validated import entry_key
    from accord.scenario.io.yaml import _plain, fast_plain, read_tree
    from accord.scenario.model import Scenario

    path = builtin_path("ukraine-talks-2026-01")
    text = path.read_text(encoding="utf-8")
    payload = Scenario.model_validate(fast_plain(text, str(path))).model_dump_json()
    ways = {"ruamel round trip + validate (before)":
            lambda: Scenario.model_validate(_plain(read_tree(text, str(path)))),
            "libyaml C parser + validate":
            lambda: Scenario.model_validate(fast_plain(text, str(path))),
            # what a cache hit does: hash the file (its key) and validate the kept JSON
            "hash + cached validated JSON (now)":
            lambda: (entry_key(path.read_bytes()), Scenario.model_validate_json(payload))[1]}
    results = [way() for way in ways.values()]
    assert all(r == results[0] for r in results)
    times: dict[str, list[float]] = {name: [] for name in ways}
    for _ in range(runs):
        for name, fn in ways.items():
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    byte_compile()
    print(f"load average before: {load_average()}  ({os.cpu_count()} cores)")
    times, cpu = whole_process(args.runs)
    print(f"\nwhole process, median of {args.runs} runs: wall (min … max), CPU (user + sys):")
    for name, ts in times.items():
        target = TARGETS.get(name)
        verdict = "" if target is None else \
            f"   target ≤ {target:.2f} s: {'met' if statistics.median(ts) <= target else 'MISSED'}"
        print(f"  {name:38s} {statistics.median(ts):6.3f} s  ({min(ts):.3f} … {max(ts):.3f})  "
              f"CPU {statistics.median(cpu[name]):.3f} s{verdict}")
    ytimes = yaml_load(args.runs)
    print(f"\nloading the built-in talks (89 KiB YAML), median of {args.runs}:")
    for name, ts in ytimes.items():
        print(f"  {name:42s} {1000 * statistics.median(ts):7.1f} ms")
    medians = [statistics.median(ts) for ts in ytimes.values()]
    print(f"  ratio before / now: {medians[0] / medians[-1]:.1f}×")
    print(f"\nload average after: {load_average()}")


if __name__ == "__main__":
    main()
