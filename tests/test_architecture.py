"""The package's shape, checked on every run: the layers of docs/architecture.md (import-linter
contracts in pyproject.toml), no import cycle between Accord's packages, and ``ruff check``.

These are tests of the code's structure rather than of numbers: a change that makes a layer
import one above it, or two packages import each other, fails here with the import chain.
"""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
from pathlib import Path

import grimp
from importlinter.cli import lint_imports

REPO = Path(__file__).resolve().parents[1]


def test_import_contracts_are_kept(monkeypatch):
    monkeypatch.chdir(REPO)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = lint_imports(config_filename=str(REPO / "pyproject.toml"), no_cache=True,
                            no_logo=True)
    assert code == 0, out.getvalue()


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every elementary cycle's node list, found by depth-first search from each node."""
    found, seen = [], set()

    def walk(path: list[str]) -> None:
        for nxt in sorted(edges.get(path[-1], ())):
            if nxt == path[0]:
                key = frozenset(path)
                if key not in seen:
                    seen.add(key)
                    found.append([*path, nxt])
            elif nxt not in path and nxt > path[0]:
                walk([*path, nxt])

    for start in sorted(edges):
        walk([start])
    return found


def test_no_import_cycle_between_packages():
    """No two of Accord's subpackages or top-level modules import each other, directly or
    through others — lazy imports inside functions included (grimp sees them too)."""
    graph = grimp.build_graph("accord")
    parts = sorted(m for m in graph.find_children("accord") if not m.endswith("__main__"))
    edges: dict[str, set[str]] = {}
    for a in parts:
        for b in parts:
            if a != b and graph.direct_import_exists(importer=a, imported=b, as_packages=True):
                edges.setdefault(a, set()).add(b)
    cycles = _cycles(edges)
    chains = []
    for cycle in cycles:
        for a, b in zip(cycle, cycle[1:]):
            chain = graph.find_shortest_chain(importer=a, imported=b, as_packages=True)
            chains.append(f"{a} -> {b}: {' -> '.join(chain or ())}")
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles) + \
        "\n" + "\n".join(chains)


def test_ruff_check_is_clean():
    proc = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", str(REPO)],
                          capture_output=True, text=True, cwd=REPO)
    assert proc.returncode == 0, proc.stdout + proc.stderr
