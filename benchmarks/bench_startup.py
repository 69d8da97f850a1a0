"""Start-up and scenario loading, whole process: what a user waits for before a command works.

Prints the median wall time of 10 runs of each command (alternating the commands, so a burst
of load on this shared machine hits them alike), with ``python -c pass`` as the floor and the
load average beside the figures; then the built-in talks' load time in-process, through
ruamel's round-trip parser (before issue 18) and through the C parser Accord now uses.

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


def whole_process(runs: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for argv in COMMANDS.values():  # one warm-up each (page cache, .pyc files)
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    for _ in range(runs):
        for name, argv in COMMANDS.items():
            start = time.perf_counter()
            subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
            times[name].append(time.perf_counter() - start)
    return times


def yaml_load(runs: int) -> dict[str, list[float]]:
    """The built-in talks from text to a validated Scenario: ruamel round trip (before) and the
    C parser (now), in this process, after both are imported."""
    from accord.scenario.builtin import builtin_path
    from accord.scenario.io.yaml import _plain, fast_plain, read_tree
    from accord.scenario.model import Scenario

    path = builtin_path("ukraine-talks-2026-01")
    text = path.read_text(encoding="utf-8")
    ways = {"ruamel round trip + validate (before)":
            lambda: Scenario.model_validate(_plain(read_tree(text, str(path)))),
            "libyaml C parser + validate (now)":
            lambda: Scenario.model_validate(fast_plain(text, str(path)))}
    assert ways["ruamel round trip + validate (before)"]() == \
        ways["libyaml C parser + validate (now)"]()
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
    print(f"load average before: {load_average()}  ({os.cpu_count()} cores)")
    times = whole_process(args.runs)
    print(f"\nwhole process, median of {args.runs} runs (min … max):")
    for name, ts in times.items():
        target = TARGETS.get(name)
        verdict = "" if target is None else \
            f"   target ≤ {target:.2f} s: {'met' if statistics.median(ts) <= target else 'MISSED'}"
        print(f"  {name:38s} {statistics.median(ts):6.3f} s  ({min(ts):.3f} … {max(ts):.3f})"
              f"{verdict}")
    ytimes = yaml_load(args.runs)
    print(f"\nloading the built-in talks (89 KiB YAML), median of {args.runs}:")
    for name, ts in ytimes.items():
        print(f"  {name:42s} {1000 * statistics.median(ts):7.1f} ms")
    before, now = (statistics.median(ts) for ts in ytimes.values())
    print(f"  ratio before / now: {before / now:.1f}×")
    print(f"\nload average after: {load_average()}")


if __name__ == "__main__":
    main()
