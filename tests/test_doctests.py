"""Every docstring example in the package runs and prints what it says it prints — and every
docstring that promises an example (a ``>>>`` prompt, or an "Examples" section) has it run.

``doctest.testmod`` only visits what its finder reaches: docstrings of functions nested in
other functions, of objects whose ``__module__`` points elsewhere, or string literals that are
not docstrings are silently never run, and an "Examples" section written as prose runs
nothing. So each module's source is parsed too: every docstring with a prompt or an Examples
header must be a doctest the finder collected, with as many examples as it has prompts.
"""

from __future__ import annotations

import ast
import doctest
import importlib
import inspect
import pkgutil
import re

import pytest

import accord

MODULES = sorted(
    info.name for info in pkgutil.walk_packages(accord.__path__, prefix="accord.")
    if info.name != "accord.__main__"  # importing it runs the CLI
)
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
PROMPT = re.compile(r"^\s*>>>( |$)", re.MULTILINE)
EXAMPLES_HEADER = re.compile(r"^\s*Examples?\s*\n\s*-{3,}\s*$", re.MULTILINE)


def promised(source: str, module_name: str) -> dict[str, int]:
    """Qualified name → number of ``>>>`` prompts, for every docstring in a module's source
    that promises an example (a prompt, or an Examples section: then at least one)."""
    out: dict[str, int] = {}

    def visit(node, prefix: str) -> None:
        doc = ast.get_docstring(node, clean=True)
        if doc and (PROMPT.search(doc) or EXAMPLES_HEADER.search(doc)):
            out[prefix] = max(1, len(PROMPT.findall(doc)))
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                visit(child, f"{prefix}.{child.name}")

    visit(ast.parse(source), module_name)
    return out


def collected(module) -> dict[str, int]:
    """Qualified name → number of examples doctest's finder collected from that docstring."""
    finder = doctest.DocTestFinder(exclude_empty=True)
    return {t.name: len(t.examples) for t in finder.find(module)}


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=FLAGS)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"


@pytest.mark.parametrize("name", MODULES)
def test_every_promised_example_runs(name):
    module = importlib.import_module(name)
    with open(inspect.getsourcefile(module), encoding="utf-8") as f:   # (empty files too)
        source = f.read()
    want, got = promised(source, name), collected(module)
    missing = {qualname: n for qualname, n in want.items() if got.get(qualname, 0) < n}
    assert not missing, (
        f"{name}: docstrings promise examples that doctest never runs (qualified name: prompts "
        f"promised, examples collected): "
        + ", ".join(f"{q}: {n}, {got.get(q, 0)}" for q, n in missing.items())
        + ". Give an Examples section real `>>>` examples, and keep them in docstrings the "
          "doctest finder reaches (not in nested functions or non-docstring strings).")


def test_the_promise_check_sees_an_unrun_example():
    """The check above is not vacuous: a nested function's example is never collected."""
    import types

    source = '''
def outer():
    """Runs.

    >>> 1 + 1
    2
    """
    def inner():
        """Never run.

        Examples
        --------
        >>> 1 / 0
        """
    return inner
'''
    module = types.ModuleType("accord_promise_probe")
    exec(compile(source, "<probe>", "exec"), module.__dict__)
    assert promised(source, module.__name__) == {"accord_promise_probe.outer": 1,
                                                 "accord_promise_probe.outer.inner": 1}
    assert collected(module) == {"accord_promise_probe.outer": 1}
