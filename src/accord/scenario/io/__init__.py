"""Reading and writing scenarios in every format our users have.

Each format is a module in this package that calls :func:`register_format` with a sniffer
(does this file look like mine?), a loader and, where the format can carry a scenario, a saver.
Formats are found automatically: adding a module here is all it takes.

>>> sorted(f.name for f in formats())[:3]
['decide', 'deu', 'genius']
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from accord.errors import AccordError


@dataclass(frozen=True)
class Format:
    name: str
    extensions: tuple[str, ...]
    sniff: Callable[[Path, str], bool]
    load: Callable[[Path], object]
    save: Callable[[object, Path], None] | None = None
    description: str = ""
    priority: int = 50  # lower is tried first when several sniffers accept a file
    cannot_carry: tuple[str, ...] = ()  # scenario features (see FEATURES) the writer drops
    # For files holding several scenarios (DEU: one per proposal): load_part(path, part) reads
    # the one named after a "#" (``FILE#PART``).
    load_part: Callable[[Path, str], object] | None = None


#: What a scenario may hold beyond actors, issues, positions, saliences and capabilities, and how
#: to tell it holds it. A format's ``cannot_carry`` names the ones its writer cannot keep;
#: :func:`lost_on_save` says which of them a given scenario would lose.
FEATURES = {
    "status_quo": ("a status quo", lambda s: any(i.status_quo for i in s.issues)),
    "decision_rule": ("decision rules", lambda s: s.decision_rule is not None
                      or any(i.decision_rule for i in s.issues)),
    "red_line": ("red lines", lambda s: any(st.red_line for st in s.stances)),
    "horizon": ("the horizon", lambda s: s.horizon is not None),
    "deadlines": ("deadlines", lambda s: bool(s.deadlines)),
    "round_days": ("the length of a round", lambda s: s.round_days is not None),
    "evidence": ("evidence and sources", lambda s: bool(s.evidence or s.sources)),
    "ranges": ("plausible ranges", lambda s: any(st.position_range or st.salience_range
                                                 for st in s.stances)),
    "outside_options": ("outside options", lambda s: bool(s.outside_options)),
    "outcome_classes": ("outcome classes", lambda s: bool(s.outcome_classes)),
}
#: The whether fields (accord.scenario.rules) no foreign format has a place for.
WHETHER_FEATURES = ("status_quo", "decision_rule", "red_line", "horizon", "deadlines",
                    "round_days")


def lost_on_save(scenario, fmt: "Format | str") -> list[str]:
    """What writing ``scenario`` in ``fmt`` would drop, in words (empty: nothing).

    >>> from accord.scenario.builtin import load_builtin
    >>> lost_on_save(load_builtin("ec-emissions-1994"), "simple-csv")[:2]
    ['a status quo', 'evidence and sources']
    """
    fmt = get_format(fmt) if isinstance(fmt, str) else fmt
    return [FEATURES[f][0] for f in fmt.cannot_carry if FEATURES[f][1](scenario)]


_FORMATS: dict[str, Format] = {}
_DISCOVERED = False


def register_format(fmt: Format) -> Format:
    _FORMATS[fmt.name] = fmt
    return fmt


def slug(name: str, fallback: str = "x") -> str:
    """``name`` as an Accord id: every run of other characters becomes ``_`` (``fallback`` if
    nothing is left), so a file's names become the ids its scenario uses.

    >>> slug(" Russia / Kremlin "), slug("???", "actor")
    ('Russia_Kremlin', 'actor')
    """
    return re.sub(r"[^A-Za-z0-9_.:\-]+", "_", name.strip()).strip("_") or fallback


def unique_id(base: str, taken: set[str]) -> str:
    """``base``, or ``base_2``, ``base_3``, … if already ``taken``; the result is added to it."""
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}_{n}", n + 1
    taken.add(ident)
    return ident


def _discover() -> None:
    global _DISCOVERED
    if _DISCOVERED:
        return
    _DISCOVERED = True
    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")


def formats() -> list[Format]:
    _discover()
    return sorted(_FORMATS.values(), key=lambda f: (f.priority, f.name))


def get_format(name: str) -> Format:
    _discover()
    try:
        return _FORMATS[name]
    except KeyError:
        raise AccordError(f"unknown format {name!r}; expected one of: "
                          f"{', '.join(sorted(_FORMATS))}") from None


def detect_format(path: Path) -> Format:
    """The format of ``path``, from its content first and its extension second."""
    from accord.scenario.io.files import head_text

    path = Path(path)
    if not path.is_dir():
        _check_readable(path)
    head = head_text(path)
    # The sniffers without their readers (sniffers.ORDER, checked against the registered formats
    # by a test): only the module of the format found is imported, not all eight (16 ms).
    from accord.scenario.io.sniffers import sniffed

    found = sniffed(path, head)
    if found is not None:
        name, module = found
        if name not in _FORMATS:
            importlib.import_module(f"{__name__}.{module}")
        return _FORMATS[name]
    what = "folder" if path.is_dir() else "file"
    if not path.is_dir():  # not text at all, or nothing? say so rather than "cannot tell"
        from accord.scenario.io.files import read_text

        if not read_text(path).strip():
            raise AccordError(f"{path}: the file is empty; expected a scenario file (YAML, KTAB "
                              "CSV/XML, decide CSV, the Actor,Capability,Position,Salience CSV, "
                              "a GENIUS domain or GeniusWeb profiles)")
    raise AccordError(f"{path}: cannot tell which scenario format this {what} is; expected YAML, "
                      "KTAB CSV/XML, decide CSV, the Actor,Capability,Position,Salience CSV, a "
                      "GENIUS domain (file or folder) or GeniusWeb profiles (file or folder)")


def _check_readable(path: Path) -> None:
    """A located error for a file that cannot be opened (before sniffing guesses at it)."""
    from accord.errors import ScenarioError

    try:
        with open(path, "rb") as fh:
            fh.read(1)
    except OSError as exc:
        raise ScenarioError(None, f"cannot be read ({exc.strerror or type(exc).__name__}); "
                            "expected a readable scenario file", file=str(path)) from None


def load_scenario_file(path: str | Path, format: str | None = None):
    """The scenario in ``path`` (a file, or a folder for GENIUS and GeniusWeb).

    Whatever a reader finds wrong comes out as a located :class:`ScenarioError` naming this file
    (a reader that validated a scenario without knowing its file gets the file added here).
    """
    from pydantic import ValidationError

    from accord.errors import ScenarioError, ScenarioErrors

    path = Path(path)
    if not path.exists() and "#" in path.name:
        whole, part = str(path).rsplit("#", 1)
        if Path(whole).is_file():
            fmt = get_format(format) if format else detect_format(Path(whole))
            if fmt.load_part is None:
                raise AccordError(f"{whole}: the {fmt.name} format holds one scenario per file; "
                                  f"expected no '#{part}' after the file name")
            return fmt.load_part(Path(whole), part)
    if not path.exists():
        raise AccordError(f"{path}: no such file or directory; expected a scenario file or a "
                          "built-in scenario id (see `accord scenarios`)")
    fmt = get_format(format) if format else detect_format(path)
    try:
        return fmt.load(path)
    except ScenarioErrors as exc:
        if all(e.file for e in exc.errors):
            raise
        raise ScenarioErrors([e.located(file=str(path)) for e in exc.errors]) from None
    except ScenarioError as exc:
        if exc.file:
            raise
        raise exc.located(file=str(path)) from None
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or None
        message = str((err.get("ctx") or {}).get("error") or err["msg"])
        raise ScenarioError(where, message, file=str(path)) from None


def save_scenario_file(scenario, path: str | Path, format: str | None = None) -> list[str]:
    """Write ``scenario`` to ``path``; returns what the format could not carry
    (:func:`lost_on_save`), so the caller can say so."""
    path = Path(path)
    if format is None:
        matches = [f for f in formats() if path.suffix.lower() in f.extensions and f.save]
        if not matches:
            raise AccordError(f"{path}: cannot tell which format to write from the extension "
                              f"{path.suffix!r}; expected .yaml or a --format")
        fmt = matches[0]
    else:
        fmt = get_format(format)
    if fmt.save is None:
        raise AccordError(f"format {fmt.name!r} cannot be written")
    fmt.save(scenario, path)
    return lost_on_save(scenario, fmt)
