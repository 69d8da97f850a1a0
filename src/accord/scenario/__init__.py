"""The scenario layer: the model every other layer reads, its file formats, the built-ins.

:func:`load` and :func:`save` are what every layer above uses to get a scenario from a
built-in id or a file; they import the pydantic model and the format readers only when called,
so ``import accord.scenario`` stays cheap.

>>> s = load("ec-emissions-1994")
>>> s.id, len(s.actors)
('ec-emissions-1994', 10)
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover - for type checkers only; the import is lazy at run time
    from accord.scenario.model import Scenario

__all__ = ["load", "save"]


def load(ref: "str | Path | Scenario", format: str | None = None) -> "Scenario":
    """A scenario from a built-in id, a file in any supported format, or a Scenario.

    Parameters
    ----------
    ref : str, Path or Scenario
        A built-in scenario id (see ``accord scenarios``), the path of a scenario file or folder
        in any registered format, or a :class:`~accord.scenario.model.Scenario`, returned as is.
    format : str, optional
        Force a format by name (``"yaml"``, ``"ktab"``, ``"decide"``, ``"genius"``, …) instead
        of detecting it from the file's content and extension.

    Returns
    -------
    Scenario
        The validated scenario. A built-in is a fresh copy the caller may modify.

    Raises
    ------
    AccordError
        ``ref`` is neither a built-in id nor an existing path.
    ScenarioError
        The file is not a valid scenario; the message names the file, line and field.

    Examples
    --------
    >>> load("ec-emissions-1994").issues[0].id
    'emissions'
    >>> load("no-such-scenario")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    accord.errors.AccordError: 'no-such-scenario' is neither a built-in scenario nor a file; ...
    """
    if getattr(type(ref), "is_light_scenario", False):
        return ref      # a stand-in for the validated scenario (io.decide_read), as it is
    from accord.scenario.model import Scenario

    if isinstance(ref, Scenario):
        return ref
    from accord.errors import AccordError
    from accord.scenario.builtin import builtin_ids, load_builtin
    from accord.scenario.io import load_scenario_file

    text = str(ref)
    if format is None and text in builtin_ids():
        return load_builtin(text)
    path = Path(text)
    if not path.exists() and "/" not in text and "." not in text:
        raise AccordError(f"{text!r} is neither a built-in scenario nor a file; expected one of: "
                          f"{', '.join(builtin_ids())}, or a path")
    return load_scenario_file(path, format=format)


def save(scenario: "Scenario", path: "str | Path", format: str | None = None) -> list[str]:
    """Write ``scenario`` to ``path`` in the format its extension names (or ``format``).

    Parameters
    ----------
    scenario : Scenario
        The scenario to write.
    path : str or Path
        The file (or, for GENIUS and GeniusWeb, the folder) to write.
    format : str, optional
        A registered format name; by default the one whose extension ``path`` has.

    Returns
    -------
    list of str
        What the format could not carry and was left out (empty for Accord's YAML), e.g.
        ``["a status quo", "red lines"]`` for a KTAB file.

    Raises
    ------
    AccordError
        No format can be told from the extension, or the format cannot be written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "ec.yaml"
    >>> save(load("ec-emissions-1994"), path)
    []
    >>> load(path) == load("ec-emissions-1994")
    True
    """
    from accord.scenario.io import save_scenario_file

    return save_scenario_file(scenario, path, format=format)
