"""Start-up: ``accord --help`` lists every command without importing the heavy libraries.

Every command pays for what ``accord`` imports before it starts (issue 18 measured 0.56–0.66 s
for ``--help`` when ``import accord`` pulled in NumPy and the pydantic model). The figures are
printed by ``benchmarks/bench_startup.py``; this test holds the cause: what gets imported.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ["numpy", "scipy", "pandas", "pydantic", "pyarrow", "duckdb", "plotly", "spacy",
         "fastapi", "jinja2", "ruamel", "yaml", "rich.markdown", "markdown_it"]

PROBE = """
import json, sys
from accord.cli import main
try:
    main(ARGS)
except SystemExit as exc:
    code = exc.code
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def imported_by(args: list[str], env: dict | None = None) -> tuple[int, set[str], str]:
    import os

    proc = subprocess.run([sys.executable, "-c", PROBE.replace("ARGS", repr(args))],
                          capture_output=True, text=True, check=True,
                          env=None if env is None else {**os.environ, **env})
    last = json.loads(proc.stdout.strip().splitlines()[-1])
    return last["code"], set(last["modules"]), proc.stdout


def test_help_imports_no_heavy_library():
    code, modules, out = imported_by(["--help"])
    assert code == 0
    for name in ("forecast", "deals", "trades", "explain", "simulate", "ensemble", "evidence"):
        assert f"  {name} " in out  # every command is listed
    loaded = [h for h in HEAVY if h in modules]
    assert loaded == [], f"`accord --help` imported {loaded}"


def test_a_command_help_imports_no_heavy_library(tmp_path):
    """A command's own help builds its parameters, for which Typer (≥ 0.2x) imports pydantic's
    TypeAdapter itself; nothing else heavy may come with it. Its lists of model and parameter
    names come from the model registry (NumPy) the first time, then from the cache folder."""
    env = {"ACCORD_CACHE_DIR": str(tmp_path)}
    imported_by(["forecast", "--help"], env)  # fills the cache
    code, modules, out = imported_by(["forecast", "--help"], env)
    assert code == 0 and "--model" in out
    assert "eum (Expected-utility model" in " ".join(out.split())
    assert "eum: rounds, tolerance, q," in " ".join(out.split())
    loaded = [h for h in HEAVY if h in modules and h != "pydantic"]
    assert loaded == [], f"`accord forecast --help` imported {loaded}"


def test_scenarios_imports_no_scenario_model(tmp_path):
    """`accord scenarios` lists the built-ins from their cached summaries (keyed by each file's
    hash): no pydantic, no YAML parser, no NumPy once the cache holds them."""
    env = {"ACCORD_CACHE_DIR": str(tmp_path)}
    imported_by(["scenarios"], env)  # fills the cache
    code, modules, out = imported_by(["scenarios"], env)
    assert code == 0 and "ukraine-talks-2026-01" in out or "ec-emissions-1994" in out
    loaded = [h for h in HEAVY if h in modules]
    assert loaded == [], f"`accord scenarios` imported {loaded}"


def test_forecast_imports_neither_scipy_nor_pyarrow(tmp_path):
    """`accord forecast` on the built-in talks with every model draws its P(agreement) ensemble
    in memory: no Parquet file (pyarrow) and no inverse CDF (scipy) is needed, so neither is
    imported (issue 18: a third of the command's time). With the built-in's validated form in
    the cache folder, no YAML parser either."""
    env = {"ACCORD_CACHE_DIR": str(tmp_path)}
    imported_by(["forecast"], env)  # fills the cache
    code, modules, out = imported_by(["forecast"], env)
    assert code == 0 and "recommended" in out
    loaded = [h for h in ("scipy", "pyarrow", "duckdb", "ruamel", "yaml", "plotly", "fastapi",
                          "jinja2") if h in modules]
    assert loaded == [], f"`accord forecast` imported {loaded}"


def test_sensitivity_still_reaches_scipy():
    """The lazy imports are only deferred: sensitivity's inverse CDFs still reach scipy."""
    import numpy as np

    import accord
    from accord.ensemble import with_ranges
    from accord.ensemble.sample import InputSpace

    space = InputSpace.from_scenario(with_ranges(accord.load("ec-emissions-1994"), position=0.1))
    median = space.from_unit(np.full((1, len(space.inputs)), 0.5))[0]
    # By hand, PERT medians: the Netherlands at 4 on [4, 4.6] has its mode at the low end,
    # α = 1 + 4 (m − a) / (b − a) = 1, β = 5, and Beta(1, 5)'s median is 1 − 0.5^(1/5), so
    # 4 + 0.6 (1 − 0.5^0.2) = 4.0776697; an actor at 7 on [6.4, 7.6] is symmetric: 7.
    names = [x.name for x in space.inputs]
    assert median[names.index("position[Netherlands,emissions]")] == \
        pytest.approx(4.0776697, abs=1e-7)
    at_seven = median[space.base_values == 7.0]
    assert at_seven.size == 3 and at_seven.tolist() == pytest.approx([7.0] * 3)


def test_a_read_only_command_loads_only_its_own_module(tmp_path):
    """`accord forecast` imports accord.cli.commands.core and no other command module, and
    accord.cli.COMMAND_MODULES names the module that really defines each such command."""
    from accord.cli import COMMAND_MODULES, _load_commands
    from accord.cli.app import app

    env = {"ACCORD_CACHE_DIR": str(tmp_path)}
    code, modules, _ = imported_by(["forecast", "--help"], env)
    assert code == 0
    assert sorted(m for m in modules if m.startswith("accord.cli.commands.")) == \
        ["accord.cli.commands.core"]
    _load_commands()
    defined = {}
    for c in app.registered_commands:
        defined[c.name] = c.callback.__module__.rsplit(".", 1)[-1]
    assert {name: defined[name] for name in COMMAND_MODULES} == COMMAND_MODULES
    for module in set(COMMAND_MODULES.values()):   # a group, never a lone command (see there)
        assert sum(m == module for m in defined.values()) >= 2


def test_a_command_alone_has_the_same_help_and_errors(tmp_path):
    """Built from its own module only or with every command loaded first, a command prints
    the same help and the same usage errors (each in a fresh process: the model lists in the
    help follow the order the model modules were first imported)."""
    import os

    env = {**os.environ, "ACCORD_CACHE_DIR": str(tmp_path)}
    alone = "from accord.cli import main; main()"
    loaded = "from accord.cli import _load_commands, main; _load_commands(); main()"
    for args in (["forecast", "--help"], ["smp", "--help"], ["show", "--nope"],
                 ["validate"], ["forecast", "--format", "xml"]):
        a, b = (subprocess.run([sys.executable, "-c", code, *args], capture_output=True,
                               text=True, env=env) for code in (alone, loaded))
        assert (a.returncode, a.stdout, a.stderr) == (b.returncode, b.stdout, b.stderr), args
        assert a.stdout or a.stderr


BLAS_PROBE = """
import os, sys
sys.argv = ["accord", "--version"]
from accord.cli import main
try:
    main()  # the console entry point: not a read-only command, so it ends with SystemExit
except SystemExit:
    pass
import numpy
print(os.environ.get("OPENBLAS_NUM_THREADS"), len(os.listdir("/proc/self/task")))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="counts threads in /proc")
@pytest.mark.parametrize("given, expected", [
    ({}, ("1", 1)),
    ({"OPENBLAS_NUM_THREADS": "2"}, ("2", 2)),
    # OpenBLAS reads GOTO_NUM_THREADS, then OMP_NUM_THREADS, when OPENBLAS_NUM_THREADS is unset
    # (its openblas_env.c): a user's choice there is theirs too, and Accord sets nothing.
    ({"OMP_NUM_THREADS": "2"}, (None, 2)),
    ({"GOTO_NUM_THREADS": "2"}, (None, 2)),
])
def test_the_command_line_gives_numpy_one_blas_thread_unless_told(given, expected):
    # OpenBLAS starts one thread per core at NumPy's import unless told otherwise: the console
    # entry point sets OPENBLAS_NUM_THREADS=1 (accord.cli.one_blas_thread), a value the user
    # gave is kept. Counted as the process's threads after NumPy's import: the main thread and
    # OpenBLAS's workers (n threads = the main one and n − 1 workers), at most one per CPU the
    # process may run on (OpenBLAS caps the count there).
    import os

    env = {k: v for k, v in os.environ.items()
           if k not in ("OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS")}
    env.update(given)
    out = subprocess.run([sys.executable, "-c", BLAS_PROBE], capture_output=True, text=True,
                         check=True, env=env).stdout.split()
    variable, threads = expected
    assert (out[0], int(out[1])) == (str(variable), min(threads, len(os.sched_getaffinity(0))))


def test_accord_as_a_library_leaves_blas_threads_alone():
    import os

    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    probe = ("import os, accord, accord.api, accord.cli\n"
             "print(os.environ.get('OPENBLAS_NUM_THREADS'))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True, env=env).stdout.split()
    assert out == ["None"]


def test_forecast_without_outside_options_leaves_the_war_models_alone(tmp_path):
    """The EC case states no outside option: `accord forecast` says so ("Fallback used: no
    outside option") without importing the war models (accord.deals.war, 1.5 ms), and `accord
    trades` with the equal-gain rate draws nothing, so it never makes a generator (no
    numpy.random). The talks, with war numbers, still reach the war models."""
    env = {"ACCORD_CACHE_DIR": str(tmp_path)}
    imported_by(["forecast", "ec-emissions-1994"], env)  # fills the cache
    code, modules, out = imported_by(["forecast", "ec-emissions-1994"], env)
    assert code == 0 and "Fallback used: no outside option (0)" in out
    assert "accord.deals.war" not in modules and "accord.deals.fallbacks" in modules
    code, modules, out = imported_by(["trades", "-n", "1"], env)
    assert code == 0 and "numpy.random" not in modules
    code, modules, out = imported_by(["forecast", "-m", "median"], env)
    assert code == 0 and "accord.deals.war" in modules
