"""What every benchmark here needs: whole-process timings taken fairly on a shared machine.

- :func:`run_process` runs one command under ``/usr/bin/time`` (GNU time) and reads what it
  prints: wall time, CPU time (user + system) and peak resident set of exactly that process
  and its children. Without GNU time it falls back on ``wait4`` from this process, whose peak
  resident set also counts the copy of this interpreter the child is forked from.
- :func:`alternate` runs two or more commands in turn (A, B, A, B, …) so that a change in the
  machine's load hits all of them alike, and keeps every run.
- :func:`load` is the load average to print beside the figures: the machine is shared, so a
  figure without it means little; the lead re-runs the benchmarks on a quiet machine.
- Every command runs once unmeasured first, and without ``PYTHONDONTWRITEBYTECODE`` (:func:`
  child_env`): an installed Accord has its bytecode compiled, and a shell that sets that
  variable made each run compile every module it imports again (0.3–0.5 s more per run).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from dataclasses import dataclass, field


@dataclass
class Run:
    wall: float        # seconds
    cpu: float         # user + system seconds, the process and its children
    max_rss_mib: float
    returncode: int


@dataclass
class Series:
    name: str
    runs: list[Run] = field(default_factory=list)

    @property
    def wall(self) -> float:
        """Median wall time."""
        return statistics.median(r.wall for r in self.runs)

    @property
    def best(self) -> float:
        return min(r.wall for r in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs)

    @property
    def rss(self) -> float:
        return max(r.max_rss_mib for r in self.runs)

    def describe(self) -> str:
        return (f"{self.name}: median {self.wall:.3f} s wall (best {self.best:.3f}), "
                f"{self.cpu:.3f} s CPU, peak RSS {self.rss:.0f} MiB, {len(self.runs)} runs")


def load() -> str:
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "load average unknown"
    return (f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs "
            "(shared machine: re-run on a quiet one for the figures that count)")


GNU_TIME = "/usr/bin/time"


def child_env(env: dict | None = None) -> dict:
    """``env`` (default: this process's environment) without ``PYTHONDONTWRITEBYTECODE``, so
    that Python's bytecode is compiled once and reused, as in an installed Accord."""
    out = dict(os.environ if env is None else env)
    out.pop("PYTHONDONTWRITEBYTECODE", None)
    return out


def run_process(cmd: list[str], *, cwd=None, env=None, stdout=subprocess.DEVNULL) -> Run:
    """Run ``cmd`` to completion; its wall time, CPU time and peak RSS (see the module doc)."""
    env = child_env(env)
    if os.path.exists(GNU_TIME):
        import tempfile

        with tempfile.NamedTemporaryFile("r", suffix=".time") as out:
            t0 = time.perf_counter()   # GNU time prints wall time to 10 ms only
            proc = subprocess.run([GNU_TIME, "-q", "-f", "%U %S %M", "-o", out.name, *cmd],
                                  cwd=cwd, env=env, stdout=stdout, stderr=subprocess.DEVNULL)
            wall = time.perf_counter() - t0
            fields = out.read().split()
        if len(fields) >= 3:
            user, system, kib = (float(v) for v in fields[-3:])
            return Run(wall, user + system, kib / 1024, proc.returncode)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=stdout, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode)


def alternate(commands: dict[str, dict], repeat: int, warm: bool = True) -> dict[str, Series]:
    """Run each named command ``repeat`` times, in turn; ``commands[name]`` holds the keyword
    arguments of :func:`run_process` (``cmd``, ``cwd``, ``env``). A failed run raises. With
    ``warm``, each command first runs once unmeasured (bytecode compiled, files cached)."""
    if warm:
        for kw in commands.values():
            run_process(**kw)
    out = {name: Series(name) for name in commands}
    for _ in range(repeat):
        for name, kw in commands.items():
            run = run_process(**kw)
            if run.returncode != 0:
                raise RuntimeError(f"{name}: {' '.join(kw['cmd'])} exited {run.returncode}")
            out[name].runs.append(run)
    return out


def ratio(reference: float, ours: float) -> str:
    return f"{reference / ours:.2f}×" if ours > 0 else "∞"
