"""The input format of the decide exchange model (Stokman's exchange model, ``decide-exchange-model``).

One record per line, fields separated by tabs (``;`` and ``,`` also occur), strings optionally
quoted with ``'``. The first field says what the line is:

- ``#A  key  name  [comment]`` — an actor;
- ``#P  key  name  [description]`` — an issue (a "proposal");
- ``#M  issue  value  [label]`` — a point on the issue's scale; the lowest and highest value set
  the range (decide normalises every issue to 0–100 internally); labelled points are anchors;
- ``#D  actor  issue  position  salience  power  [comment]`` — a stance;
- ``#O  text`` — the data set's title; ``#/  text`` — a comment.

Conversion to a :class:`~accord.scenario.model.Scenario`:

- an issue's ``low``/``high`` are the smallest and largest ``#M`` value; without ``#M`` lines the
  scale is 0–100 (decide's default); each ``#M`` line with a label becomes an anchor;
- positions stay in the issue's own units (decide's normalisation happens in the model);
- salience is kept as given when every salience in the file is in [0, 1] (the files decide ships);
  a file with saliences above 1 is read as a 0–100 scale and divided by 100 (Accord's saliences
  are in [0, 1]); the conversion is applied to the whole file, never to single lines;
- power is the capability, as given: one general capability when an actor has the same power on
  every issue, otherwise one issue-specific capability per stance;
- keys that are not valid Accord ids (``EU (incl Norway)``) become ids with the other characters
  replaced by ``_``; the original text is kept as the name.

The format holds no status quo, decision rule, red line, horizon or deadline: a scenario read
from it has none (issues are then decided by unanimity among the actors with a stance, the
default), and one written to it loses them (:func:`accord.scenario.save` lists what).

Every bad line is reported, each with its line number, in one :class:`~accord.errors.ScenarioErrors`.

>>> from accord.scenario.io.decide import load_decide
>>> s = load_decide("/work/shared/data/decide/cop21.csv")  # doctest: +SKIP
>>> len(s.actors), len(s.issues)  # doctest: +SKIP
(15, 13)
"""

from __future__ import annotations

import csv
import io
import math
import re
from pathlib import Path

from pydantic import ValidationError

from accord.errors import ScenarioError, ScenarioErrors
from accord.scenario.io import WHETHER_FEATURES, Format, register_format, slug, unique_id
from accord.scenario.io.files import read_text
from accord.scenario.io.sniffers import DECIDE_LINE_START
from accord.scenario.io.sniffers import sniff_decide as _sniff
from accord.scenario.model import (MAX_MAGNITUDE, Actor, Anchor, Capability, Issue, Scenario,
                                   Stance)

KEYS = ("#A", "#P", "#M", "#D", "#O", "#/")
# Minimum number of fields after the key, and what they are, for the error messages.
SHAPES = {"#A": (1, "#A key name [comment]"), "#P": (1, "#P key name [description]"),
          "#M": (2, "#M issue value [label]"),
          "#D": (5, "#D actor issue position salience power [comment]")}
_LINE_START = DECIDE_LINE_START
_ID = re.compile(r"^[A-Za-z0-9_.:\-]+$")


def _delimiter(text: str) -> str:
    """The separator: the character right after the first record key (tab in decide's files)."""
    for line in text.splitlines():
        m = re.match(r"^\s*('?)#[A-Za-z/]\1([\t;,])", line)
        if m:
            return m.group(2)
    return "\t"


def _slug(key: str) -> str:
    """A decide key that is already a valid id is kept as it is (even ``_a_``)."""
    return key if _ID.match(key) else slug(key)


def _number(cell: str) -> float:
    """A finite number within ±1e15; ValueError saying what is wrong with ``cell`` otherwise."""
    try:
        v = float(cell.strip())
    except ValueError:
        raise ValueError(f"{cell!r} is not a number") from None
    if not math.isfinite(v):
        raise ValueError(f"{cell!r} is not finite")
    if abs(v) > MAX_MAGNITUDE:
        raise ValueError(f"{cell} is beyond ±1e15")
    return v


def load_decide(path: str | Path) -> Scenario:
    """Read a decide input file as a :class:`Scenario`; raise :class:`ScenarioErrors` for bad lines."""
    path = Path(path)
    file = str(path)
    text = read_text(path)
    delim = _delimiter(text)
    errors: list[ScenarioError] = []

    def bad(n: int, field: str | None, message: str) -> None:
        errors.append(ScenarioError(field, message, file=file, line=n))

    title = None
    actors: dict[str, tuple[int, list[str]]] = {}
    issues: dict[str, tuple[int, list[str]]] = {}
    points: list[tuple[int, str, float, str]] = []
    stances: list[tuple[int, str, str, float, float, float]] = []

    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            cells = next(csv.reader(io.StringIO(line), delimiter=delim, quotechar="'"), [])
        except csv.Error as exc:  # e.g. a field over the csv module's size limit
            bad(n, None, f"cannot be split into fields ({exc}); expected decide's "
                "tab-separated fields")
            continue
        cells = [c.strip() for c in cells]
        while cells and cells[-1] == "":
            cells.pop()
        if not cells:
            continue
        key = cells[0].upper() if cells[0] != "#/" else "#/"
        if key not in KEYS:
            bad(n, None, f"unknown record type {cells[0]!r}; expected a line starting with one of "
                "#A, #P, #M, #D, #O, #/")
            continue
        if key == "#/":
            continue
        if key == "#O":
            title = title or " ".join(cells[1:]) or None
            continue
        need, shape = SHAPES[key]
        if len(cells) - 1 < need:
            bad(n, None, f"{len(cells) - 1} field(s) after {key}; expected {shape}")
            continue
        if key in ("#A", "#P"):
            kind, table = ("actor", actors) if key == "#A" else ("issue", issues)
            if cells[1] in table:
                bad(n, kind, f"duplicate {kind} {cells[1]!r} (first on line {table[cells[1]][0]}); "
                    f"expected every {key} key to be unique")
            else:
                table[cells[1]] = (n, cells)
        elif key == "#M":
            try:
                value = _number(cells[2])
            except ValueError as exc:
                bad(n, "value", f"{exc}; expected a point on the issue's scale")
                continue
            points.append((n, cells[1], value, " ".join(cells[3:])))
        elif key == "#D":
            values = []
            for name, cell in zip(("position", "salience", "power"), cells[3:6]):
                try:
                    values.append(_number(cell))
                except ValueError as exc:
                    bad(n, name, f"{exc}; expected a real number")
                    break
            else:
                stances.append((n, cells[1], cells[2], *values))

    # Scales from the #M points (decide: min and max; 0–100 when an issue has none).
    scale: dict[str, list[float]] = {}
    anchors: dict[str, list[Anchor]] = {}
    for n, issue_key, value, label in points:
        if issue_key not in issues:
            bad(n, "issue", f"#M for unknown issue {issue_key!r}; expected an issue defined by #P")
            continue
        scale.setdefault(issue_key, []).append(value)
        if label:
            anchors.setdefault(issue_key, []).append(Anchor(value=value, label=label))
    ranges: dict[str, tuple[float, float]] = {}
    for issue_key, (n, _) in issues.items():
        values = scale.get(issue_key)
        low, high = (min(values), max(values)) if values else (0.0, 100.0)
        if not high > low:
            bad(n, "issue", f"the #M points of {issue_key!r} span no range ({low:g}–{high:g}); "
                "expected a lowest and a highest point that differ")
            high = low + 1.0
        ranges[issue_key] = (low, high)

    percent = any(s > 1 for (_, _, _, _, s, _) in stances)
    seen: dict[tuple[str, str], int] = {}
    good: list[tuple[int, str, str, float, float, float]] = []
    for n, actor_key, issue_key, position, salience, power in stances:
        problems = []
        if actor_key not in actors:
            problems.append(("actor", f"unknown actor {actor_key!r}; expected an actor defined by #A"))
        if issue_key not in issues:
            problems.append(("issue", f"unknown issue {issue_key!r}; expected an issue defined by #P"))
        elif not ranges[issue_key][0] <= position <= ranges[issue_key][1]:
            low, high = ranges[issue_key]
            problems.append(("position", f"{position:g} is outside the scale of issue {issue_key!r}; "
                             f"expected a value in [{low:g}, {high:g}]"))
        if not 0 <= salience <= 100:
            problems.append(("salience", f"{salience:g} is outside [0, 1]; expected a salience "
                             "between 0 and 1 (or 0 and 100 for a whole file on that scale)"))
        if power < 0:
            problems.append(("power", f"{power:g} is negative; expected a power (capability) ≥ 0"))
        if (actor_key, issue_key) in seen:
            problems.append(("actor", f"second #D of {actor_key!r} on {issue_key!r} (first on line "
                             f"{seen[(actor_key, issue_key)]}); expected one stance per actor and issue"))
        if problems:
            # One error per bad line: the first problem names the field, the rest are appended.
            field, message = problems[0]
            if len(problems) > 1:
                message += "; also " + "; ".join(f"{f}: {m}" for f, m in problems[1:])
            bad(n, field, message)
            continue
        seen[(actor_key, issue_key)] = n
        good.append((n, actor_key, issue_key, position, salience / 100 if percent else salience, power))

    if not actors and not errors:
        bad(1, None, "no #A lines; expected a decide input file with #A, #P, #M and #D lines")
    if errors:
        errors.sort(key=lambda e: e.line or 0)
        raise ScenarioErrors(errors)

    taken_a: set[str] = set()
    actor_id = {k: unique_id(_slug(k), taken_a) for k in actors}
    taken_i: set[str] = set()
    issue_id = {k: unique_id(_slug(k), taken_i) for k in issues}

    powers: dict[str, set[float]] = {}
    for _, a, _, _, _, power in good:
        powers.setdefault(a, set()).add(power)
    capabilities = []
    for a in actors:
        if len(powers.get(a, ())) == 1:
            capabilities.append(Capability(actor=actor_id[a], value=next(iter(powers[a]))))
    for _, a, i, _, _, power in good:
        if len(powers[a]) > 1:
            capabilities.append(Capability(actor=actor_id[a], issue=issue_id[i], value=power))

    try:
        return Scenario(
            id=_slug(path.stem), title=title or path.stem,
            actors=[Actor(id=actor_id[k], name=(c[2] if len(c) > 2 and c[2] else k),
                          note=" ".join(c[3:]) or None) for k, (_, c) in actors.items()],
            issues=[Issue(id=issue_id[k], name=(c[2] if len(c) > 2 and c[2] else k),
                          description=" ".join(c[3:]) or None, low=ranges[k][0], high=ranges[k][1],
                          anchors=anchors.get(k, [])) for k, (_, c) in issues.items()],
            stances=[Stance(actor=actor_id[a], issue=issue_id[i], position=x, salience=s)
                     for _, a, i, x, s, _ in good],
            capabilities=capabilities,
        )
    except ScenarioError as e:
        raise e.located(file=file) from None
    except ValidationError as e:
        err = e.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise ScenarioError(where or None, err["msg"], file=file) from None


def save_decide(scenario: Scenario, path: str | Path) -> None:
    """Write ``scenario`` in decide's format (tab separated, ``'`` quotes).

    What the format cannot carry is left out: evidence, sources, ranges, outside options, outcome
    classes, discrete options and the deal space. Each issue gets ``#M`` lines for its ``low`` and
    ``high`` and one per anchor; power is the actor's capability on the issue.
    """
    buf = io.StringIO()
    w = csv.writer(buf, delimiter="\t", quotechar="'", quoting=csv.QUOTE_NONNUMERIC,
                   lineterminator="\n")
    if scenario.title:
        buf.write(f"#O\t{scenario.title}\n")
    for a in scenario.actors:
        w.writerow(["#A", a.id, a.name, a.note or ""])
    for issue in scenario.issues:
        w.writerow(["#P", issue.id, issue.name, issue.description or ""])
        labelled = {a.value: a.label for a in issue.anchors}
        for value in (issue.low, issue.high):
            if value not in labelled:
                w.writerow(["#M", issue.id, float(value)])
        for a in issue.anchors:
            w.writerow(["#M", issue.id, float(a.value), a.label])
    for st in scenario.stances:
        w.writerow(["#D", st.actor, st.issue, float(st.position), float(st.salience),
                    float(scenario.capability(st.actor, st.issue))])
    Path(path).write_text(buf.getvalue(), encoding="utf-8")


register_format(Format("decide", (".csv", ".txt"), _sniff, load_decide, save_decide,
                       "decide exchange model input (#A, #P, #M, #D lines)", priority=30,
                       cannot_carry=(*WHETHER_FEATURES, "evidence", "ranges", "outside_options",
                                     "outcome_classes")))
