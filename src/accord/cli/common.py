"""Pieces shared by the command modules: scenario arguments, output formats, JSON."""

from __future__ import annotations

import enum
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path


class _OnFirstUse:
    """A stand-in that builds the real object on first attribute access.

    The command modules are all imported for ``accord --help``; rich's console, tables and text
    are only needed once a command prints, so they are imported then (start-up, issue 18).
    """

    def __init__(self, factory):
        self._factory = factory
        self._made = None

    def unwrap(self):
        """The real object (for an API that wants one, e.g. ``Progress(console=...)``)."""
        if self._made is None:
            self._made = self._factory()
        return self._made

    def __getattr__(self, name):
        return getattr(self.unwrap(), name)

    def __call__(self, *args, **kwargs):
        return self.unwrap()(*args, **kwargs)


def _terminal() -> tuple:
    """What a console is made for: the width and colour settings of the environment and
    whether each stream is a terminal (piped output gets no width: cli/tables.py)."""
    import os

    return (tuple(os.environ.get(k) for k in ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR",
                                              "TERM")),
            _isatty(sys.stdout), _isatty(sys.stderr))


_made_for: dict[bool, tuple] = {}


def _console(stderr: bool = False, **kwargs):
    def make():
        import os

        from rich.console import Console

        from accord.cli.tables import UNLIMITED

        _made_for[stderr] = _terminal()
        stream = sys.stderr if stderr else sys.stdout
        width = None
        # Piped output is plain and complete: no width to wrap or cut at (cli/tables.py).
        if not stderr and not os.environ.get("COLUMNS") and not _isatty(stream):
            width = UNLIMITED
        return Console(stderr=stderr, width=width, **kwargs)
    return make


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


# Scenario text is the user's, or an uploaded file's: "[/x]" in a title crashed `show`, and
# "[link=…]" in an actor's name printed a terminal hyperlink. So strings print as they are —
# no Rich markup, no ":emoji:" codes — and styled() applies markup to a template of ours with
# every value escaped.
console = _OnFirstUse(_console(highlight=False, soft_wrap=False, markup=False, emoji=False))
err_console = _OnFirstUse(_console(stderr=True, highlight=False, markup=False, emoji=False))


def reset_consoles() -> None:
    """Make a console again on next use if the terminal it was made for has changed (its
    width, a stream now piped): each run of :func:`accord.cli.main` sees those of its own call
    (tests run many in one process). A console made for this terminal is kept as it is."""
    now = _terminal()
    for stderr, lazy in ((False, console), (True, err_console)):
        if _made_for.get(stderr) != now:
            lazy._made = None


def _rich(module: str, name: str):
    def make():
        import importlib

        return getattr(importlib.import_module(module), name)
    return make


#: Tables that never cut an id, a name or a number (cli/tables.py); rich's Text and markup
#: escape, imported when a command first uses them.
Table = _OnFirstUse(_rich("accord.cli.tables", "Table"))
Text = _OnFirstUse(_rich("rich.text", "Text"))
escape = _OnFirstUse(_rich("rich.markup", "escape"))


from accord.cli.help import (ENSEMBLE_MODEL_HELP, FORMAT_HELP, MODEL_HELP,  # noqa: E402,F401
                             ONE_MODEL_HELP, PARAM_HELP, SCENARIO_HELP, SEED_HELP,
                             TABLE_JSON_HELP)


def styled(template: str, *values):
    """``template`` (Rich markup, ours) with ``{}`` filled by ``values`` shown as plain text.

    >>> styled("[bold]{}[/bold] wins", "[link=https://x]A[/link]").plain
    '[link=https://x]A[/link] wins'
    """
    from rich.markup import escape as _escape
    from rich.text import Text as _Text

    return _Text.from_markup(template.format(*(_escape(str(v)) for v in values)), emoji=False)


class OutputFormat(str, enum.Enum):
    table = "table"
    json = "json"
    csv = "csv"


class TableOrJson(str, enum.Enum):
    table = "table"
    json = "json"


DEFAULT_SCENARIO = "ukraine-talks-2026-01"


def load_scenario_arg(ref: str | None, format: str | None = None):
    """A scenario from a CLI argument: built-in id or file (any supported format)."""
    from accord.api import load

    return load(ref or DEFAULT_SCENARIO, format=format)


def emit_json(obj: Any) -> None:
    """Deterministic JSON on stdout (sorted keys would reorder models; keep insertion order):
    indented for a person at a terminal, compact (one line, no spaces) for a program reading a
    pipe or a file. Indenting takes the json module's pure-Python encoder: 0.11 s of the 2.4 MB
    that `accord forecast cop21.csv --model exchange --format json` prints, against 0.04 s
    compact (issue 18). The values are the same either way. ``check_circular=False``: what
    the commands print is built afresh as a tree, so the encoder's bookkeeping of every list
    and dict it is inside (0.005 s of the 0.024 s of that command's JSON) guards against
    nothing; a cycle would still fail, as RecursionError."""
    import json

    if _isatty(sys.stdout):
        text = json.dumps(obj, ensure_ascii=False, indent=2, allow_nan=False,
                          check_circular=False)
    else:
        text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False,
                          check_circular=False)
    sys.stdout.write(text)
    sys.stdout.write("\n")  # not text + "\n": a copy of megabytes for one character


def emit_csv(rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    import csv
    import io

    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    sys.stdout.write(buf.getvalue())


def output_file(path: Path, flag: str, *, suffixes: tuple[str, ...] = (),
                folder_must_exist: bool = True) -> Path:
    """``path`` when a file can be written there, checked before the command computes anything
    (a folder, or a missing folder, was an IsADirectoryError or FileNotFoundError traceback
    after the work was done)."""
    from accord.errors import AccordError

    if path.is_dir():
        raise AccordError(f"{flag} {path}: is a folder; expected the name of a file to write")
    if suffixes and path.suffix.lower() not in suffixes:
        raise AccordError(f"{flag} {path}: unknown file type {path.suffix!r}; expected "
                          f"{' or '.join(suffixes)}")
    if folder_must_exist and not path.parent.is_dir():
        raise AccordError(f"{flag} {path}: the folder {path.parent} does not exist; expected a "
                          "file in an existing folder")
    return path


def parse_assignments(items: list[str], what: str, form: str = "NAME=VALUE") -> dict[str, str]:
    """``["a=1,b=2", "c=x"]`` → ``{"a": "1", "b": "2", "c": "x"}`` (repeatable, comma-separated)."""
    from accord.errors import AccordError

    out: dict[str, str] = {}
    for item in items:
        for part in item.split(","):
            key, eq, value = part.partition("=")
            if not (eq and key.strip() and value.strip()):
                raise AccordError(f"{what} {part!r}: expected {form}")
            out[key.strip()] = value.strip()
    return out


def literal_value(raw: str) -> Any:
    """A ``--param`` value: a Python literal (``8``, ``0.5``, ``True``, ``[1, 2]``) or the text."""
    import ast

    try:
        return ast.literal_eval(raw)
    except (ValueError, SyntaxError):
        return raw


def parse_params(items: list[str], run=None) -> dict[str, dict]:
    """``["eum.rounds=8", "eum.q=0.5"]`` → ``{"eum": {"rounds": 8, "q": 0.5}}``.

    ``run``: the names of the models the command runs; a parameter of any other model is
    refused (``-p bogus.x=1``, or ``-p eum.rounds=3`` with ``-m compromise``, was dropped
    without a word, so the user believed it applied).
    """
    from accord.errors import AccordError

    out: dict[str, dict] = {}
    for item in items:
        key, eq, raw = item.partition("=")
        model, dot, name = key.partition(".")
        if not (eq and dot and model and name):
            raise AccordError(f"--param {item!r}: expected MODEL.NAME=VALUE, e.g. eum.rounds=8")
        if run is not None and model not in run:
            raise AccordError(f"--param {item!r}: model {model!r} is not run here; expected a "
                              f"parameter of {', '.join(sorted(run))}")
        out.setdefault(model, {})[name] = literal_value(raw)
    return out


def parse_float_assignments(items: list[str], what: str,
                            form: str = "NAME=VALUE") -> dict[str, float]:
    """Like :func:`parse_assignments`, with every value a number."""
    from accord.errors import AccordError

    out = {}
    for k, v in parse_assignments(items, what, form).items():
        try:
            out[k] = float(v)
        except ValueError:
            raise AccordError(f"{what} {k}={v!r}: expected a number") from None
    return out


def fmt(x: float | None, digits: int = 1) -> str:
    return "—" if x is None else f"{x:.{digits}f}"


def title_line(s):
    """A scenario's title in bold, with its date: the first line of a command's table output."""
    return styled("[bold]{}[/bold]{}", s.title, f" — as of {s.date}" if s.date else "")


def fallback_line(fallback_used: dict[str, str], name_of) -> str | None:
    """"Fallback used: RULE (names); …" — what ``accord forecast`` and ``accord deals`` print
    from a party → rule dict (:meth:`accord.deals.solutions.DealAnalysis.fallback_used`), the
    parties named by ``name_of``; None if empty."""
    from accord.deals.fallbacks import FALLBACK_WORDS
    from accord.scenario.lookups import name_list

    used: dict[str, list[str]] = {}
    for p, rule in fallback_used.items():
        used.setdefault(FALLBACK_WORDS[rule], []).append(name_of(p))
    if not used:
        return None
    return "Fallback used: " + "; ".join(f"{rule} ({name_list(who)})"
                                         for rule, who in used.items())
