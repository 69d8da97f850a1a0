"""The one-issue CSV of the expected-utility literature: ``Actor,Capability,Position,Salience``.

Used by Bueno de Mesquita (1994) and the Scholz et al. (2011) replication. The issue's scale
runs from the lowest to the highest position in the file (the EUM's R = x_max − x_min) unless
a ``#scale: LOW HIGH`` comment line says otherwise. The format holds no status quo, decision
rule, red line, horizon or deadline (:func:`accord.scenario.save` lists what a write drops).

A file whose header is separated by ``;`` (what a spreadsheet in a German or French locale
saves as CSV) is read with ``;`` between fields and a decimal comma in numbers (``0,5``).
"""

from __future__ import annotations

import csv
import io
import math
import re
from pathlib import Path

from accord.errors import ScenarioError
from accord.scenario.io import WHETHER_FEATURES, Format, register_format, slug
from accord.scenario.io.files import read_text
from accord.scenario.io.sniffers import SIMPLE_CSV_HEADER
from accord.scenario.io.sniffers import sniff_simple_csv as _sniff
from accord.scenario.limits import finite_number
from accord.scenario.model import MAX_MAGNITUDE, Actor, Capability, Issue, Scenario, Stance

HEADER = SIMPLE_CSV_HEADER


def _scale(text: str, path: Path, n: int, delimiter: str = ",") -> tuple[float, float]:
    parts = [_decimal(p, delimiter) for p in text.split()]
    if len(parts) != 2:
        raise ScenarioError("#scale", f"{text.strip()!r}; expected two numbers, LOW HIGH",
                            file=str(path), line=n)
    values = []
    for part in parts:
        try:
            v = float(part)
        except ValueError:
            raise ScenarioError("#scale", f"{part!r} is not a number; expected #scale: LOW HIGH "
                                "with two real numbers", file=str(path), line=n) from None
        if not math.isfinite(v) or abs(v) > MAX_MAGNITUDE:
            raise ScenarioError("#scale", f"{part!r} is not finite or beyond ±1e15; expected "
                                "#scale: LOW HIGH with two real numbers", file=str(path), line=n)
        values.append(v)
    low, high = values
    if not high > low:
        raise ScenarioError("#scale", f"{low:g} {high:g}: HIGH is not above LOW; expected "
                            "#scale: LOW HIGH with LOW < HIGH", file=str(path), line=n)
    return low, high


def _decimal(cell: str, delimiter: str) -> str:
    """A decimal comma as a point where ``;`` separates the fields (the locale that writes ";"
    writes numbers so); other cells as they are."""
    if delimiter == ";" and re.fullmatch(r"[-+]?\d*,\d+", cell):
        return cell.replace(",", ".")
    return cell


def _cells(line: str, path: Path, n: int, delimiter: str = ",") -> list[str]:
    try:
        cells = [c.strip() for c in next(csv.reader(io.StringIO(line), delimiter=delimiter))]
        return [_decimal(c, delimiter) for c in cells]
    except csv.Error as exc:  # e.g. a field over the csv module's size limit
        raise ScenarioError(None, f"cannot be split into fields ({exc}); expected "
                            "Actor,Capability,Position,Salience", file=str(path), line=n) \
            from None


def load_simple_csv(path: Path, *, issue_name: str | None = None) -> Scenario:
    path = Path(path)
    text = read_text(path)
    scale_text, scale_line = None, None
    rows = []
    for n, line in enumerate(text.splitlines(), start=1):
        m = re.match(r"\s*#\s*scale\s*:(.*)$", line)
        if m:
            scale_text, scale_line = m.group(1), n
            continue
        if line.strip() and not line.lstrip().startswith("#"):
            rows.append((n, line))
    if not rows:
        raise ScenarioError(None, "the file is empty; expected a header "
                            "Actor,Capability,Position,Salience and one row per actor",
                            file=str(path), line=1)
    header_line, header = rows[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    # read once the delimiter is known: a ';' file's '#scale: 0,5 10' has decimal commas too
    # (it was refused as "'0,5' is not a number" beside rows whose 0,5 was read)
    scale = None if scale_text is None else _scale(scale_text, path, scale_line, delimiter)
    cols = [c.strip().lower() for c in _cells(header, path, header_line, delimiter)]
    if cols[:4] != HEADER:
        raise ScenarioError(None, f"header is {header.strip()!r}; expected "
                            "Actor,Capability,Position,Salience", file=str(path), line=header_line)
    if len(rows) == 1:
        raise ScenarioError(None, "a header and no actor rows; expected one row per actor "
                            "(Actor,Capability,Position,Salience)", file=str(path),
                            line=header_line)
    actors, stances, caps = [], [], []
    seen: dict[str, int] = {}
    for n, line in rows[1:]:
        cells = _cells(line, path, n, delimiter)
        if len(cells) < 4:
            raise ScenarioError(None, f"{len(cells)} columns; expected 4 "
                                "(Actor,Capability,Position,Salience)", file=str(path), line=n)
        if any(cells[len(cols):]):
            # a value beyond the header's columns was dropped without a word
            raise ScenarioError(None, f"{len(cells)} columns; expected {len(cols)}, as the "
                                f"header on line {header_line} has", file=str(path), line=n)
        name = cells[0]
        if not name:  # became the actor "actor" with no name
            raise ScenarioError("actor", "the actor's name is empty; expected a name in the "
                                "first column", file=str(path), line=n)
        values = []
        for col, cell in zip(HEADER[1:], cells[1:4]):
            values.append(finite_number(cell, col, path, n))
        cap, pos, sal = values
        if not 0 <= sal <= 1:
            raise ScenarioError("salience", f"{sal:g} is outside [0, 1]; expected a salience "
                                "between 0 and 1", file=str(path), line=n)
        if cap < 0:
            raise ScenarioError("capability", f"{cap:g} is negative; expected a capability ≥ 0",
                                file=str(path), line=n)
        if scale is not None and not scale[0] <= pos <= scale[1]:
            raise ScenarioError("position", f"{pos:g} is outside the #scale on line {scale_line}; "
                                f"expected a position in [{scale[0]:g}, {scale[1]:g}]",
                                file=str(path), line=n)
        actor_id = slug(name, "actor")
        if actor_id in seen:
            raise ScenarioError("actor", f"duplicate actor {name!r} (first on line {seen[actor_id]});"
                                " expected one row per actor", file=str(path), line=n)
        seen[actor_id] = n
        actors.append(Actor(id=actor_id, name=name))
        caps.append(Capability(actor=actor_id, value=cap))
        stances.append(Stance(actor=actor_id, issue="issue", position=pos, salience=sal))
    positions = [s.position for s in stances]
    low, high = scale if scale else (min(positions), max(positions))
    if high <= low:
        # One position for everyone: the EUM literature's R = x_max − x_min would be 0; a scale
        # of width 1 from that position keeps every model defined (#scale: says otherwise).
        high = low + 1.0
    issue = Issue(id="issue", name=issue_name or path.stem, low=low, high=high)
    return Scenario(id=slug(path.stem, "actor"), title=path.stem, actors=actors, issues=[issue],
                    stances=stances, capabilities=caps)


def save_simple_csv(scenario: Scenario, path: Path) -> None:
    if len(scenario.issues) != 1:
        raise ScenarioError(None, f"{len(scenario.issues)} issues; the Actor,Capability,Position,"
                            "Salience CSV holds exactly one", file=str(path))
    issue = scenario.issues[0]
    buf = io.StringIO()
    # repr: the shortest text that reads back to the same number (":g" kept 6 digits)
    buf.write(f"#scale: {issue.low!r} {issue.high!r}\n")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["Actor", "Capability", "Position", "Salience"])
    for a in scenario.actors:
        st = scenario.stance(a.id, issue.id)
        if st is not None:
            row = io.StringIO()
            csv.writer(row, lineterminator="\n").writerow(
                [a.name, repr(scenario.capability(a.id, issue.id)), repr(st.position),
                 repr(st.salience)])
            line = row.getvalue()
            if a.name.lstrip().startswith("#") and not line.startswith('"'):
                # a line starting with "#" is a comment: quote the name (csv would not)
                line = '"' + a.name.replace('"', '""') + '"' + line[len(a.name):]
            buf.write(line)
    Path(path).write_text(buf.getvalue(), encoding="utf-8")


register_format(Format("simple-csv", (".csv",), _sniff, load_simple_csv, save_simple_csv,
                       "Actor,Capability,Position,Salience (one issue)", priority=20,
                       cannot_carry=(*WHETHER_FEATURES, "evidence", "ranges", "outside_options",
                                     "outcome_classes")))
