"""The one-issue CSV of the expected-utility literature: ``Actor,Capability,Position,Salience``.

Used by Bueno de Mesquita (1994) and the Scholz et al. (2011) replication. The issue's scale
runs from the lowest to the highest position in the file (the EUM's R = x_max − x_min) unless
a ``#scale: LOW HIGH`` comment line says otherwise. The format holds no status quo, decision
rule, red line, horizon or deadline (:func:`accord.scenario.save` lists what a write drops).
"""

from __future__ import annotations

import csv
import io
import math
import re
from pathlib import Path

from accord.errors import ScenarioError
from accord.scenario.io import WHETHER_FEATURES, Format, register_format, slug
from accord.scenario.model import Actor, Capability, Issue, Scenario, Stance

HEADER = ["actor", "capability", "position", "salience"]


def load_simple_csv(path: Path, *, issue_name: str | None = None) -> Scenario:
    path = Path(path)
    text = path.read_text(encoding="utf-8-sig")
    scale = None
    rows = []
    for n, line in enumerate(text.splitlines(), start=1):
        m = re.match(r"\s*#\s*scale\s*:\s*(\S+)\s+(\S+)", line)
        if m:
            scale = (float(m.group(1)), float(m.group(2)))
            continue
        if line.strip() and not line.lstrip().startswith("#"):
            rows.append((n, line))
    if not rows:
        raise ScenarioError(None, "the file is empty; expected a header "
                            "Actor,Capability,Position,Salience and one row per actor",
                            file=str(path), line=1)
    header_line, header = rows[0]
    cols = [c.strip().lower() for c in next(csv.reader([header]))]
    if cols[:4] != HEADER:
        raise ScenarioError(None, f"header is {header.strip()!r}; expected "
                            "Actor,Capability,Position,Salience", file=str(path), line=header_line)
    actors, stances, caps = [], [], []
    seen: dict[str, int] = {}
    for n, line in rows[1:]:
        cells = [c.strip() for c in next(csv.reader(io.StringIO(line)))]
        if len(cells) < 4:
            raise ScenarioError(None, f"{len(cells)} columns; expected 4 "
                                "(Actor,Capability,Position,Salience)", file=str(path), line=n)
        name = cells[0]
        values = []
        for col, cell in zip(HEADER[1:], cells[1:4]):
            try:
                v = float(cell)
            except ValueError:
                raise ScenarioError(col, f"{cell!r} is not a number; expected a real number",
                                    file=str(path), line=n) from None
            if not math.isfinite(v):
                raise ScenarioError(col, f"{cell!r} is not finite; expected a real number",
                                    file=str(path), line=n)
            values.append(v)
        cap, pos, sal = values
        if not 0 <= sal <= 1:
            raise ScenarioError("salience", f"{sal:g} is outside [0, 1]; expected a salience "
                                "between 0 and 1", file=str(path), line=n)
        if cap < 0:
            raise ScenarioError("capability", f"{cap:g} is negative; expected a capability ≥ 0",
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
    buf.write(f"#scale: {issue.low:g} {issue.high:g}\n")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["Actor", "Capability", "Position", "Salience"])
    for a in scenario.actors:
        st = scenario.stance(a.id, issue.id)
        if st is not None:
            w.writerow([a.name, repr(scenario.capability(a.id, issue.id)), repr(st.position),
                        repr(st.salience)])
    Path(path).write_text(buf.getvalue(), encoding="utf-8")


def _sniff(path: Path, head: str) -> bool:
    first = next((l for l in head.splitlines() if l.strip() and not l.startswith("#")), "")
    return [c.strip().lower() for c in first.split(",")][:4] == HEADER


register_format(Format("simple-csv", (".csv",), _sniff, load_simple_csv, save_simple_csv,
                       "Actor,Capability,Position,Salience (one issue)", priority=20,
                       cannot_carry=(*WHETHER_FEATURES, "evidence", "ranges", "outside_options",
                                     "outcome_classes")))
