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
    # For files holding several scenarios (DEU: one per proposal): load_part(path, part) reads
    # the one named after a "#" (``FILE#PART``).
    load_part: Callable[[Path, str], object] | None = None


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


def _head(path: Path, size: int = 4096) -> str:
    if path.is_dir():
        return ""
    with open(path, "rb") as fh:
        return fh.read(size).decode("utf-8", errors="replace")


def detect_format(path: Path) -> Format:
    """The format of ``path``, from its content first and its extension second."""
    path = Path(path)
    head = _head(path)
    for fmt in formats():
        try:
            if fmt.sniff(path, head):
                return fmt
        except Exception:  # a sniffer must never make detection fail
            continue
    raise AccordError(f"{path}: cannot tell which scenario format this is; expected YAML, "
                      "KTAB CSV/XML, decide CSV, the Actor,Capability,Position,Salience CSV, a "
                      "GENIUS domain folder or a GeniusWeb profile")


def load_scenario_file(path: str | Path, format: str | None = None):
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
    return fmt.load(path)


def save_scenario_file(scenario, path: str | Path, format: str | None = None) -> None:
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
