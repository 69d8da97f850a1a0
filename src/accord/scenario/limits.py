"""Limits on the numbers of a scenario, shared by the model and the readers that need no model."""

from __future__ import annotations

import math
import re
from pathlib import Path

from accord.errors import ScenarioError

#: The largest magnitude of any number in a scenario (positions, scale ends, capabilities, …):
#: far beyond any real scale (years, percentages, money in dollars), and far enough from
#: floating point's limit (1.8e308) that every model's arithmetic stays finite. A scale from
#: -1e308 to 1e308 made forecasts infinite or NaN.
MAX_MAGNITUDE = 1e15

#: The longest id (of a scenario, actor, issue, …) the scenario model accepts.
MAX_ID_LENGTH = 120


def decimal_comma_hint(text) -> str:
    """What to write instead of a decimal comma (``"0,5"``: a spreadsheet in a German or French
    locale), to append to a "not a number" message; "" for anything else.

    >>> decimal_comma_hint("0,5"), decimal_comma_hint("abc")
    (' with a decimal point (0.5, not 0,5)', '')
    """
    if isinstance(text, str) and re.fullmatch(r"\s*[-+]?\d*,\d+\s*", text):
        return f" with a decimal point ({text.strip().replace(',', '.')}, not {text.strip()})"
    return ""


def finite_number(text: str, what: str, path: Path, line: int | None) -> float:
    """``text`` as a finite number within ±``MAX_MAGNITUDE``, else a :class:`ScenarioError`
    naming ``what`` (the field or column), the file and the line."""
    try:
        v = float(text)
    except (TypeError, ValueError):
        raise ScenarioError(what, f"{text!r} is not a number; expected a real number"
                            f"{decimal_comma_hint(text)}", file=str(path), line=line) from None
    if not math.isfinite(v):
        raise ScenarioError(what, f"{text!r} is not finite; expected a real number",
                            file=str(path), line=line)
    if abs(v) > MAX_MAGNITUDE:
        raise ScenarioError(what, f"{text} is beyond ±1e15; expected a number no larger than "
                            "10^15 in size", file=str(path), line=line)
    return v
