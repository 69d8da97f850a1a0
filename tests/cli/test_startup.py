"""Start-up: ``accord --help`` lists every command without importing the heavy libraries.

Every command pays for what ``accord`` imports before it starts (issue 18 measured 0.56–0.66 s
for ``--help`` when ``import accord`` pulled in NumPy and the pydantic model). The figures are
printed by ``benchmarks/bench_startup.py``; this test holds the cause: what gets imported.
"""

from __future__ import annotations

import json
import subprocess
import sys

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


def imported_by(args: list[str]) -> tuple[int, set[str], str]:
    proc = subprocess.run([sys.executable, "-c", PROBE.replace("ARGS", repr(args))],
                          capture_output=True, text=True, check=True)
    last = json.loads(proc.stdout.strip().splitlines()[-1])
    return last["code"], set(last["modules"]), proc.stdout


def test_help_imports_no_heavy_library():
    code, modules, out = imported_by(["--help"])
    assert code == 0
    for name in ("forecast", "deals", "trades", "explain", "simulate", "ensemble", "evidence"):
        assert f"  {name} " in out  # every command is listed
    loaded = [h for h in HEAVY if h in modules]
    assert loaded == [], f"`accord --help` imported {loaded}"


def test_a_command_help_imports_no_heavy_library():
    """A command's own help builds its parameters, for which Typer (≥ 0.2x) imports pydantic's
    TypeAdapter itself; nothing else heavy may come with it."""
    code, modules, out = imported_by(["forecast", "--help"])
    assert code == 0 and "--model" in out
    loaded = [h for h in HEAVY if h in modules and h != "pydantic"]
    assert loaded == [], f"`accord forecast --help` imported {loaded}"
