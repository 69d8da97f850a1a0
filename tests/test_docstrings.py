"""numpydoc docstrings on every model and deal-solver function, each with a runnable example.

Every public function of the model and solver modules below has the sections Parameters (when
it takes any), Returns, References (the paper, a reference implementation, or the rule it
follows) and Examples with at least one ``>>>`` example (run by ``tests/test_doctests.py``),
and Raises when its body raises.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import re

import pytest

MODULES = [
    "accord.models.base", "accord.models.compromise", "accord.models.nash", "accord.models.eum",
    "accord.models.exchange.model", "accord.models.smp",
    "accord.deals.frontier", "accord.deals.solutions", "accord.deals.adjusted_winner",
    "accord.deals.trades", "accord.deals.war", "accord.deals.summary",
]


def section(doc: str, name: str) -> str | None:
    """The text of a numpydoc section (``Name`` underlined with dashes), or None."""
    m = re.search(rf"^{name}\n-{{3,}}\n(.*?)(?=^\w[\w ]*\n-{{3,}}\n|\Z)", doc, re.S | re.M)
    return m.group(1) if m else None


def public_functions(module_name: str):
    module = importlib.import_module(module_name)
    tree = ast.parse(inspect.getsource(module))
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
            yield node


CASES = [(m, f.name) for m in MODULES for f in public_functions(m)]


@pytest.mark.parametrize("module_name, name", CASES, ids=[f"{m}.{n}" for m, n in CASES])
def test_numpydoc_sections(module_name, name):
    node = next(f for f in public_functions(module_name) if f.name == name)
    doc = ast.get_docstring(node) or ""
    takes = [a for a in node.args.args + node.args.kwonlyargs if a.arg not in ("self", "cls")]
    wanted = ["Returns", "References", "Examples"] + (["Parameters"] if takes else [])
    if any(isinstance(n, ast.Raise) for n in ast.walk(node)):
        wanted.append("Raises")
    missing = [s for s in wanted if not (section(doc, s) or "").strip()]
    assert not missing, f"{module_name}.{name}: no {', '.join(missing)} section"
    assert ">>>" in section(doc, "Examples"), f"{module_name}.{name}: no runnable example"


def test_the_section_reader():
    doc = "Sum.\n\nReturns\n-------\nint\n\nExamples\n--------\n>>> 1\n1\n"
    assert section(doc, "Returns").strip() == "int"
    assert section(doc, "Examples").strip() == ">>> 1\n1"
    assert section(doc, "Raises") is None
