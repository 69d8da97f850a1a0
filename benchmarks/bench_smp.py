"""Benchmark: Accord's port of KTAB's SMP against KTAB itself (not a test).

    .venv/bin/python benchmarks/bench_smp.py [--repeat 5] [--large] [--small-only] [--scaling 20,40,...]

1. **Whole process, every KTAB example** in ``../shared/data/ktab`` (CSV and XML): ``accord smp
   FILE --format log`` against KTAB's ``smpc --logmin``, the same file, run in turn (A, B, A,
   B, …) ``--repeat`` times; wall time, CPU time and peak memory of each process come from the
   kernel (``wait4``, what ``/usr/bin/time -v`` reads). The floor of any Python tool is printed
   beside them: ``python -c pass`` and ``python -c "import numpy"``.
   ``smpExample.xml`` has Alice's first coordinate blank; KTAB's own log of it shows 52.8, which
   both programs are given (a temporary copy). KTAB on dummyData-a080 takes minutes: it runs
   once, and Accord's ratio on it is against that run (``--large`` adds a160, longer still;
   ``--small-only`` leaves a080 out).
2. **Actor scaling**, Accord in this process: the first N actors of dummyData-a160, and for
   N > 160 that set extended with actors drawn like it (seed 2026: capability, position and
   salience uniform over a160's own ranges, rounded as in the file). Per-turn wall and CPU
   time, the growth per doubling, and the full run at 320 actors (target ≤ 15 s).
4. Batches (ensembles): ``--batch B`` variants of the 2026 talks drawn from its ranges, the
   model on the whole batch (variants turn by turn together) against one variant at a time,
   same numbers checked (default 256).
3. With ``--against SRC`` (the ``src`` folder of another Accord, e.g. ``git archive main |
   tar -x -C /tmp/base`` → ``/tmp/base/src``): the model alone, in-process, on every KTAB
   example with the file's own parameters, seed and ideal adjustment (as ``accord smp FILE``
   runs it: smpExample.xml is Stochastic, MarkovIncentive, PropCbc), this tree against that
   one in turn (best CPU time of ``--repeat``) — "no loss on small inputs" — and the same
   numbers from both (every position and win probability of every state). ``--small-only``
   leaves a080 out here too. Part 1 then also runs that tree's ``accord smp`` whole process
   in the same alternation (one more column).

KTAB is not shipped with Accord: build ``smpc`` from KTAB's repository (KAPSARC/KTAB,
``examples/smp``; it needs Qt5 Core/Sql, TinyXML2, easylogging++) and point ``KTAB_SMPC`` at it.
Without it the KTAB columns say so and only Accord's figures are printed.

Targets (issue 18): whole process no slower than KTAB on every example (where the interpreter
and NumPy's import alone take longer than KTAB, that floor is the answer); ≥ 100× on a080;
320 actors ≤ 15 s. The machine is shared: the load average is printed; the lead re-runs the
benchmark on a quiet machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _measure import Series, alternate, load, ratio  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ACCORD_SHARED", ROOT.parent / "shared"))
DATA = SHARED / "data" / "ktab"
SMALL = ["dummyData_3Dim.csv", "dummyData_3Dim.xml", "smpExample.xml", "SOE-Pol-Comp.csv",
         "SOE-Competitive.csv"]
LARGE = ["dummyData-a080.csv"]
LARGER = ["dummyData-a160.csv"]


def prepared(name: str, tmp: Path) -> Path:
    """The input file as both programs read it (smpExample.xml's blank coordinate filled)."""
    path = DATA / name
    if name == "smpExample.xml":
        fixed = tmp / name
        fixed.write_text(path.read_text(encoding="utf-8-sig").replace(
            "<dCoord></dCoord>", "<dCoord>52.8</dCoord>", 1), encoding="utf-8")
        return fixed
    return path


def ktab_command(smpc: Path, path: Path, workdir: Path) -> dict:
    """``smpc --logmin`` in its own directory (it writes a log file and a SQLite database
    there, and reads its logger configuration from the working directory)."""
    conf = smpc.parent / "smpc-logger.conf"
    if conf.exists() and not (workdir / conf.name).exists():
        shutil.copy(conf, workdir / conf.name)
    kind = "--xml" if path.suffix == ".xml" else "--csv"
    return {"cmd": [str(smpc), "--logmin", kind, str(path), "--connstr",
                    f"Driver=QSQLITE;Database={workdir / 'ktab'}"], "cwd": str(workdir)}


def ktab_error(workdir: Path) -> str | None:
    """The first ``Error:`` line of smpc's log files in ``workdir``, if any. smpc exits with
    status 0 after some input errors (dummyData_3Dim.xml lacks the ``<IdealAdjustment>``
    element KTAB's XML reader requires), so its time would be that of an error message."""
    for log in sorted(workdir.glob("smpc-*log*.txt")):
        for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.lstrip().startswith("Error"):
                return line.strip()[:120]
    return None


def accord_command(path: Path, src: Path | None = None) -> dict:
    """``accord smp FILE --format log``; with ``src``, that tree's Accord (its ``src`` first on
    the path)."""
    cmd = {"cmd": [sys.executable, "-m", "accord", "smp", str(path), "--format", "log"]}
    if src is not None:
        cmd["env"] = dict(os.environ, PYTHONPATH=str(src))
    return cmd


def whole_process(smpc: Path | None, repeat: int, large: bool, small_only: bool = False,
                  other: Path | None = None) -> None:
    print("1. Whole process: `accord smp FILE --format log` vs KTAB `smpc --logmin` "
          f"(alternating, {repeat} runs each; median wall, CPU, peak RSS)")
    # `accord` run as a command gives OpenBLAS one thread (accord.cli.one_blas_thread), so its
    # floor is NumPy's import with one thread; the default pool's is printed beside it
    numpy_import = [sys.executable, "-c", "import numpy"]
    one_thread = dict(os.environ, OPENBLAS_NUM_THREADS=os.environ.get("OPENBLAS_NUM_THREADS",
                                                                      "1"))
    floors = alternate({"python -c pass": {"cmd": [sys.executable, "-c", "pass"]},
                        "python -c 'import numpy' (one BLAS thread, as accord runs it)":
                            {"cmd": numpy_import, "env": one_thread},
                        "python -c 'import numpy' (OpenBLAS's default pool)":
                            {"cmd": numpy_import}}, repeat)
    for s in floors.values():
        print(f"   floor  {s.describe()}")
    print(f"   {'file':<22}{'Accord s':>10}{'KTAB s':>9}{'KTAB/Accord':>13}"
          f"{'Accord CPU':>12}{'KTAB CPU':>10}{'Accord MiB':>12}{'KTAB MiB':>10}"
          + (f"{'other tree s':>14}{'CPU':>7}" if other else ""))
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        names = SMALL + ([] if small_only else LARGE) + (LARGER if large else [])
        for name in names:
            if not (DATA / name).exists():
                print(f"   {name:<22}(missing in {DATA})")
                continue
            path = prepared(name, tmp)
            big = name in LARGE + LARGER
            cmds = {"accord": accord_command(path)}
            if other is not None:
                cmds["other"] = accord_command(path, other)
            if smpc is not None:
                work = tmp / f"ktab-{name}"
                work.mkdir(exist_ok=True)
                cmds["ktab"] = ktab_command(smpc, path, work)
            runs = alternate(cmds, 1 if big else repeat, warm=not big)
            a: Series = runs["accord"]
            k: Series | None = runs.get("ktab")
            o: Series | None = runs.get("other")
            tail = f"{o.wall:>14.3f}{o.cpu:>7.3f}" if o is not None else ""
            failed = ktab_error(tmp / f"ktab-{name}") if k is not None else None
            if failed:
                print(f"   {name:<22}{a.wall:>10.3f}   KTAB stopped at once with exit status 0 "
                      f"and, in its log: {failed!r} — no ratio"
                      + (f"; other tree {o.wall:.3f} s, {o.cpu:.3f} s CPU" if o else ""))
            elif k is None:
                print(f"   {name:<22}{a.wall:>10.3f}{'—':>9}{'—':>13}{a.cpu:>12.3f}{'—':>10}"
                      f"{a.rss:>12.0f}{'—':>10}{tail}")
            else:
                print(f"   {name:<22}{a.wall:>10.3f}{k.wall:>9.3f}{ratio(k.wall, a.wall):>13}"
                      f"{a.cpu:>12.3f}{k.cpu:>10.3f}{a.rss:>12.0f}{k.rss:>10.0f}{tail}")
    if other is not None:
        print(f"   other tree: the same command with PYTHONPATH={other}, in the same alternation")
    if smpc is None:
        print("   KTAB not run: set KTAB_SMPC to a built `smpc` (see this script's docstring)")
    print(f"   {load()}")


def a160_inputs(n: int):
    import accord
    from accord.models.smp import ktab_inputs

    x, s, c, _ = ktab_inputs(accord.load(DATA / "dummyData-a160.csv").to_arrays())
    if n > len(x):
        g = np.random.default_rng(2026)
        extra = n - len(x)
        x = np.vstack([x, np.round(g.uniform(x.min(), x.max(), (extra, 1)), 4)])
        s = np.vstack([s, np.round(g.uniform(s.min(), s.max(), (extra, 1)), 4)])
        c = np.concatenate([c, np.round(g.uniform(c.min(), c.max(), extra), 2)])
    return x[:n], s[:n], c[:n]


def scaling(sizes: list[int], full_at: int, turns: int) -> None:
    from accord.models.smp import SMPParams, run_smp

    print(f"\n2. Actor scaling, Accord in-process (a160, extended beyond 160 actors; first "
          f"{turns} turns per size)")
    print(f"   {'actors':>7}{'s/turn wall':>13}{'s/turn CPU':>12}{'growth ×2 actors':>18}"
          f"{'exponent':>10}")
    prev = None
    for n in sizes:
        x, s, c = a160_inputs(n)
        run_smp(x[:8], s[:8], c[:8], SMPParams(max_turns=1))     # warm (imports, caches)
        w0, c0 = time.perf_counter(), time.process_time()
        run = run_smp(x, s, c, SMPParams(max_turns=turns))
        wall, cpu = time.perf_counter() - w0, time.process_time() - c0
        steps = run.n_states - 1
        per, per_cpu = wall / steps, cpu / steps
        growth = "" if prev is None else f"×{per_cpu / prev[1]:.1f}"
        expo = "" if prev is None else f"{np.log(per_cpu / prev[1]) / np.log(n / prev[0]):.2f}"
        print(f"   {n:>7}{per:>13.4f}{per_cpu:>12.4f}{growth:>18}{expo:>10}")
        prev = (n, per_cpu)
    print("   (CPU time includes the threads of the challenge blocks; wall is what a user "
          "waits)")
    x, s, c = a160_inputs(full_at)
    w0, c0 = time.perf_counter(), time.process_time()
    run = run_smp(x, s, c, SMPParams())
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    print(f"   full run at {full_at} actors: {run.n_states - 1} turns, {wall:.1f} s wall, "
          f"{cpu:.1f} s CPU; target ≤ 15 s: {'met' if wall <= 15 else 'NOT met'}")
    print(f"   {load()}")


_MODEL_ONLY = """
import sys, time, hashlib, json
import numpy as np
import accord
from accord.cli.direct import smp_params_from_cli
from accord.models.smp import KTAB_PARAM_NAMES, run_smp_arrays
from accord.scenario.io.ktab_read import ktab_settings
s = accord.load(sys.argv[1])
arrays = s.to_arrays()
# the file's own parameters, seed and ideal adjustment, as `accord smp FILE` reads them
settings = ktab_settings(s)
base = {KTAB_PARAM_NAMES.get(k, k): v for k, v in settings.parameters.items()}
if settings.seed:
    base["seed"] = settings.seed
params = smp_params_from_cli([], base)
acc = None
if settings.ideal_adjustment:
    index = {a.name: k for k, a in enumerate(s.actors)}
    acc = np.eye(len(s.actors))
    for who, ref, adj in settings.ideal_adjustment:
        acc[index[who], index[ref]] = adj
best = float("inf")
for _ in range(int(sys.argv[2])):
    t = time.process_time()
    run = run_smp_arrays(arrays, params, acc).run
    best = min(best, time.process_time() - t)
h = hashlib.sha256()
for a in (run.positions, run.win_probability, np.asarray(run.fractional_change)):
    h.update(np.ascontiguousarray(a).tobytes())
print(json.dumps({"cpu": best, "states": run.n_states, "digest": h.hexdigest()}))
"""


def against(src: Path, repeat: int, small_only: bool = False) -> None:
    import json
    import subprocess

    print(f"\n3. The model alone (the file's own parameters, as `accord smp FILE` runs it), "
          f"in-process, best CPU of {repeat}, the two trees in turn: this tree vs {src}")
    print(f"   {'file':<22}{'this s':>10}{'other s':>10}{'other/this':>12}  same numbers")
    here = str(ROOT / "src")
    with tempfile.TemporaryDirectory() as tmp:
        for name in SMALL + ([] if small_only else LARGE):
            path = prepared(name, Path(tmp))
            out = {}
            for label, tree in (("this", here), ("other", str(src))):
                env = dict(os.environ, PYTHONPATH=tree, ACCORD_THREADS="1")
                res = subprocess.run([sys.executable, "-c", _MODEL_ONLY, str(path),
                                      str(1 if name in LARGE else repeat)],
                                     env=env, capture_output=True, text=True, check=True)
                out[label] = json.loads(res.stdout.strip().splitlines()[-1])
            a, b = out["this"], out["other"]
            print(f"   {name:<22}{a['cpu']:>10.4f}{b['cpu']:>10.4f}{ratio(b['cpu'], a['cpu']):>12}"
                  f"  {'yes' if a['digest'] == b['digest'] else 'NO'}")
    print(f"   (one thread each: ACCORD_THREADS=1) {load()}")


def batch(n: int) -> None:
    from accord.ensemble.sample import InputSpace
    from accord.models import get_model
    from accord.scenario.builtin import load_builtin

    space = InputSpace.from_scenario(load_builtin("ukraine-talks-2026-01"))
    arrays = space.sample(n, np.random.default_rng(2026)).arrays
    spec = get_model("smp")
    c0 = time.process_time()
    together = spec.run(arrays, spec.default_params())
    t_batch = time.process_time() - c0
    c0 = time.process_time()
    alone = [spec.run(arrays.unbatched(b), spec.default_params()) for b in range(n)]
    t_loop = time.process_time() - c0
    same = all(np.array_equal(together.forecast[b], a.forecast) for b, a in enumerate(alone))
    print(f"\n4. {n} variants of the 2026 talks (SMP, default parameters), CPU: one batch "
          f"{t_batch:.2f} s, one at a time {t_loop:.2f} s: {ratio(t_loop, t_batch)}; same "
          f"forecasts: {'yes' if same else 'NO'}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5, help="runs per small example (default 5)")
    ap.add_argument("--large", action="store_true", help="also dummyData-a160 (KTAB: long)")
    ap.add_argument("--small-only", action="store_true",
                    help="part 1 without dummyData-a080 (KTAB takes about a minute on it)")
    ap.add_argument("--scaling", default="20,40,80,160,320,640",
                    help="actor counts for part 2 (default 20,40,80,160,320,640)")
    ap.add_argument("--full-at", type=int, default=320, help="actors of the full run (320)")
    ap.add_argument("--turns", type=int, default=4, help="turns per size in part 2 (4)")
    ap.add_argument("--skip-whole", action="store_true")
    ap.add_argument("--skip-scaling", action="store_true")
    ap.add_argument("--against", type=Path, help="src folder of another Accord (part 3)")
    ap.add_argument("--batch", type=int, default=256, help="variants in part 4 (0: skip)")
    args = ap.parse_args(argv)
    smpc = os.environ.get("KTAB_SMPC")
    smpc_path = Path(smpc) if smpc else None
    if smpc_path is not None and not smpc_path.is_file():
        print(f"KTAB_SMPC={smpc} is not a file; KTAB not run")
        smpc_path = None
    print(f"KTAB SMP port vs KTAB — default parameters; data {DATA}")
    if not args.skip_whole:
        whole_process(smpc_path, args.repeat, args.large, args.small_only, args.against)
    if not args.skip_scaling:
        scaling([int(v) for v in args.scaling.split(",") if v], args.full_at, args.turns)
    if args.against:
        against(args.against, args.repeat, args.small_only)
    if args.batch:
        batch(args.batch)
    return 0


if __name__ == "__main__":
    sys.exit(main())
