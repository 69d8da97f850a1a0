r"""KTAB's Spatial Model of Politics scenarios: its CSV and its XML (``smpSchema.xsd``).

CSV (KTAB ``SMPModel::csvRead``)::

    name, description, nActors, nDims[,]
    Actor, Description, Influence, Dim1 Position, Dim1 Salience, …[,]
    actor, desc, capability, pos1, sal1, pos2, sal2, …[,]      (nActors rows)

with or without trailing commas, optional double quotes around a field, blank lines ignored.
XML: ``<Scenario>`` with ``name``, ``desc``, ``prngSeed``, optional ``ModelParameters``,
``Dimensions/dName``, ``Actors/Actor`` (``name``, ``description``, ``capability``,
``Position/dCoord``, ``Salience/dSal``) and optional ``IdealAdjustment/iaPair``.

Conversion (lossless both ways for what a KTAB file holds):

- each dimension is an issue on KTAB's 0–100 scale (``low`` 0, ``high`` 100); positions are
  copied as they are (KTAB requires 0 ≤ position ≤ 100);
- KTAB salience is a percentage of the actor's attention (0–100 per dimension, at most 100 in
  total); Accord's stance salience is that divided by 100, in [0, 1]. Writing multiplies by 100
  and prints the shortest decimal that reads back to the same Accord salience, so a KTAB file
  read, written and read again gives the identical scenario;
- capability ("power", "influence") is the actor's general capability;
- KTAB's actor name is the actor's ``name`` (its id is the name with characters other than
  letters, digits and ``_.:-`` replaced by ``_``); KTAB's actor description is kept in the
  actor's ``note``; the scenario name is the title, its description the description;
- what a Scenario has no field for — the XML's ``prngSeed``, ``ModelParameters`` and
  ``IdealAdjustment`` — is kept in the scenario's ``notes`` as ``KTAB <key>: <value>`` lines,
  which the writer reads back; :func:`ktab_settings` returns them for running the model.
  A pair saying an actor's ideal follows its own position fully (adjust 1) is KTAB's default
  and is not kept; the writer always writes one such pair when there are none, because KTAB's
  reader (unlike its schema) requires an ``<IdealAdjustment>`` element.

Writing a scenario that did not come from KTAB: issues not on 0–100 are rescaled to 0–100 (a
KTAB file has no scale), an actor without a stance on an issue is written at the issue's
midpoint with salience 0, and issue-specific capabilities or saliences summing to more than 1
are errors (KTAB cannot hold them). KTAB has no status quo, decision rule, red line, horizon
or deadline (the SMP's players bargain until the state stops moving); a scenario written to
KTAB loses them, and :func:`accord.scenario.save` says so.

>>> import pathlib, tempfile
>>> path = pathlib.Path(tempfile.mkdtemp()) / "toy.csv"
>>> _ = path.write_text("Toy,A toy,3,1,\nActor,Desc,Power,X,X Sal,\n"
...                     "A,Alpha,10,20,50,\nB,Beta,20,80,40,\nC,Gamma,5,50,100,\n")
>>> s = load_ktab_csv(path)
>>> [(st.actor, st.position, st.salience) for st in s.stances]
[('A', 20.0, 0.5), ('B', 80.0, 0.4), ('C', 50.0, 1.0)]
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from accord.errors import ScenarioError
from accord.scenario.io import WHETHER_FEATURES, Format, register_format, slug, unique_id
from accord.scenario.io.files import read_text
from accord.scenario.io.safexml import XmlNode, parse_xml
from accord.scenario.model import MAX_MAGNITUDE, Actor, Capability, Issue, Scenario, Stance


def escape(text: str) -> str:
    """``text`` as XML character data: ``&``, ``<`` and ``>`` as entities, ``&`` first.

    What ``xml.sax.saxutils.escape`` does without extra entities; importing that module pulls
    in ``urllib.request`` and cost every command that reads a scenario file some 20 ms
    (start-up, issue 18).

    >>> escape("R&D <b> > a")
    'R&amp;D &lt;b&gt; &gt; a'
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


KTAB_DEFAULT_SEED = 15455440707583219804
NOTE_PREFIX = "KTAB "
MODEL_PARAMETER_TAGS = ("VictoryProbModel", "PCEModel", "StateTransitions", "VotingRule",
                        "BigRAdjust", "BigRRange", "ThirdPartyCommit", "InterVecBrgn",
                        "BargnModel")


@dataclass
class KtabActor:
    name: str
    description: str
    capability: float
    position: list[float]
    salience: list[float]  # KTAB's 0–100
    line: int | None = None


@dataclass
class KtabScenario:
    """A KTAB scenario as the file states it (KTAB's scales), before conversion."""

    name: str
    description: str
    dimensions: list[str]
    actors: list[KtabActor]
    seed: int | None = None
    parameters: dict[str, str] = field(default_factory=dict)
    ideal_adjustment: list[tuple[str, str, float]] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # CSV first-line fields after the fourth


# --- validation shared by both formats -------------------------------------------------------


def _number(text: str, what: str, path: Path, line: int | None) -> float:
    try:
        v = float(text)
    except (TypeError, ValueError):
        raise ScenarioError(what, f"{text!r} is not a number; expected a real number",
                            file=str(path), line=line) from None
    if not math.isfinite(v):
        raise ScenarioError(what, f"{text!r} is not finite; expected a real number",
                            file=str(path), line=line)
    if abs(v) > MAX_MAGNITUDE:
        raise ScenarioError(what, f"{text} is beyond ±1e15; expected a number no larger than "
                            "10^15 in size", file=str(path), line=line)
    return v


def _check_actor(a: KtabActor, path: Path) -> None:
    if not a.name:
        raise ScenarioError("actor", "the actor's name is empty; expected a short name",
                            file=str(path), line=a.line)
    if a.capability < 0:
        raise ScenarioError("capability", f"{a.capability:g} is negative; expected a "
                            "capability ≥ 0", file=str(path), line=a.line)
    for k, (x, s) in enumerate(zip(a.position, a.salience), start=1):
        if not 0.0 <= x <= 100.0:
            raise ScenarioError(f"position {k}", f"{x:g} is outside [0, 100]; expected KTAB's "
                                "0–100 scale", file=str(path), line=a.line)
        if not 0.0 <= s <= 100.0:
            raise ScenarioError(f"salience {k}", f"{s:g} is outside [0, 100]; expected a "
                                "percentage of the actor's attention", file=str(path),
                                line=a.line)
    total = 0.0
    for s in a.salience:
        total = total + s
    if total > 100.0:
        raise ScenarioError("salience", f"actor {a.name!r}: saliences sum to {total:g}; expected "
                            "at most 100 (KTAB: no more than 100% of attention to all issues)",
                            file=str(path), line=a.line)


def _to_scenario(k: KtabScenario, path: Path) -> Scenario:
    taken_actors: set[str] = set()
    first_line: dict[str, int | None] = {}
    actors, caps, stances = [], [], []
    taken_issues: set[str] = set()
    issues = [Issue(id=unique_id(slug(d), taken_issues), name=d, low=0.0, high=100.0)
              for d in k.dimensions]
    for a in k.actors:
        _check_actor(a, path)
        base = slug(a.name)
        if base in first_line:
            where = f" (first on line {first_line[base]})" if first_line[base] else ""
            raise ScenarioError("actor", f"duplicate actor {a.name!r}{where}; expected one entry "
                                "per actor", file=str(path), line=a.line)
        first_line[base] = a.line
        ident = unique_id(base, taken_actors)
        actors.append(Actor(id=ident, name=a.name, note=a.description or None))
        caps.append(Capability(actor=ident, value=a.capability))
        for issue, x, s in zip(issues, a.position, a.salience):
            stances.append(Stance(actor=ident, issue=issue.id, position=x, salience=s / 100.0))
    notes = []
    if k.seed is not None:
        notes.append(f"{NOTE_PREFIX}prngSeed: {k.seed}")
    if k.parameters:
        notes.append(f"{NOTE_PREFIX}ModelParameters: "
                     + "; ".join(f"{t}={v}" for t, v in k.parameters.items()))
    for who, ref, adj in k.ideal_adjustment:
        notes.append(f"{NOTE_PREFIX}IdealAdjustment: {who} -> {ref} = {adj!r}")
    if k.ignored:
        notes.append(f"{NOTE_PREFIX}CSV first-line fields KTAB ignores: {', '.join(k.ignored)}")
    return Scenario(id=slug(k.name or path.stem), title=k.name or path.stem,
                    description=k.description or None, actors=actors, issues=issues,
                    stances=stances, capabilities=caps,
                    notes="\n".join(notes) if notes else None)


# --- CSV ---------------------------------------------------------------------------------------


def _cells(line: str, path: Path | None = None, n: int | None = None) -> list[str]:
    try:
        cells = [c.strip() for c in next(csv.reader([line], skipinitialspace=True))]
    except csv.Error as exc:  # a field over the csv module's size limit
        raise ScenarioError(None, f"cannot be split into fields ({exc}); expected KTAB's "
                            "comma-separated fields", file=str(path), line=n) from None
    while cells and cells[-1] == "":  # trailing commas
        cells.pop()
    return cells


def read_ktab_csv(path: Path) -> KtabScenario:
    path = Path(path)
    text = read_text(path)
    rows = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
    if len(rows) < 2:
        raise ScenarioError(None, "expected a first line 'name, description, nActors, nDims' and "
                            "a header line", file=str(path), line=rows[0][0] if rows else 1)
    n0, first = rows[0]
    head = _cells(first, path, n0)
    # KTAB reads the first four fields of the first line and ignores the rest: one of its own
    # examples (dummyData_6Dim.csv) has a fifth, "0". They are kept in the notes.
    if len(head) < 4:
        raise ScenarioError(None, f"{len(head)} fields on the first line; expected 4: name, "
                            "description, number of actors, number of dimensions",
                            file=str(path), line=n0)
    ignored = head[4:]
    try:
        n_actors, n_dims = int(head[2]), int(head[3])
    except ValueError:
        raise ScenarioError(None, f"number of actors {head[2]!r} and of dimensions {head[3]!r}; "
                            "expected two whole numbers", file=str(path), line=n0) from None
    if n_dims < 1 or n_actors < 1:
        raise ScenarioError(None, f"{n_actors} actors and {n_dims} dimensions; expected at least "
                            "one of each", file=str(path), line=n0)
    n1, header = rows[1]
    cols = _cells(header, path, n1)
    if len(cols) != 3 + 2 * n_dims:
        raise ScenarioError(None, f"{len(cols)} header fields; expected {3 + 2 * n_dims} (Actor, "
                            f"Description, Capability, then position and salience for each of "
                            f"{n_dims} dimensions)", file=str(path), line=n1)
    dims = [cols[3 + 2 * k] for k in range(n_dims)]
    body = rows[2:]
    if len(body) != n_actors:
        line = body[n_actors][0] if len(body) > n_actors else (body[-1][0] if body else n1)
        raise ScenarioError(None, f"{len(body)} actor rows; the first line says {n_actors}",
                            file=str(path), line=line)
    actors = []
    for n, line in body:
        cells = _cells(line, path, n)
        if len(cells) != 3 + 2 * n_dims:
            raise ScenarioError(None, f"{len(cells)} fields; expected {3 + 2 * n_dims} (actor, "
                                "description, capability, then position and salience for each "
                                "dimension)", file=str(path), line=n)
        cap = _number(cells[2], "capability", path, n)
        pos = [_number(cells[3 + 2 * k], f"position {k + 1}", path, n) for k in range(n_dims)]
        sal = [_number(cells[4 + 2 * k], f"salience {k + 1}", path, n) for k in range(n_dims)]
        actors.append(KtabActor(cells[0], cells[1], cap, pos, sal, n))
    return KtabScenario(head[0], head[1], dims, actors, ignored=ignored)


def load_ktab_csv(path: Path) -> Scenario:
    """A KTAB SMP CSV as an Accord scenario (see the module docstring for the conversion)."""
    return _to_scenario(read_ktab_csv(path), Path(path))


# --- XML ---------------------------------------------------------------------------------------


def _first(node: XmlNode, tag: str, path: Path, required: bool = True) -> XmlNode | None:
    found = node.find(tag)
    if found is None and required:
        raise ScenarioError(f"{node.tag}/{tag}", f"missing; expected a <{tag}> element inside "
                            f"<{node.tag}>", file=str(path), line=node.line)
    return found


def _value(node: XmlNode, tag: str, path: Path, required: bool = True) -> str | None:
    found = _first(node, tag, path, required)
    if found is None:
        return None
    if required and not found.text.strip():
        raise ScenarioError(f"{node.tag}/{tag}", f"<{tag}> is empty; expected a value",
                            file=str(path), line=found.line)
    return found.text.strip()


def _parse_xml(path: Path) -> XmlNode:
    """The ``<Scenario>`` element, read safely (:mod:`accord.scenario.io.safexml`)."""
    root = parse_xml(path, "a KTAB <Scenario> document")
    if root.tag != "Scenario":
        raise ScenarioError(None, f"the root element is <{root.tag}>, not <Scenario>; expected "
                            "KTAB's SMP XML (smpSchema.xsd)", file=str(path), line=root.line)
    return root


def read_ktab_xml(path: Path) -> KtabScenario:
    path = Path(path)
    scen = _parse_xml(path)
    name = _value(scen, "name", path, required=False) or ""
    desc = _value(scen, "desc", path, required=False) or ""
    seed_text = _value(scen, "prngSeed", path)
    try:
        seed = int(seed_text)
        if not 0 <= seed < 2 ** 64:
            raise ValueError
    except ValueError:
        raise ScenarioError("Scenario/prngSeed", f"{seed_text!r}; expected an unsigned 64-bit "
                            "integer", file=str(path), line=_first(scen, "prngSeed", path).line) \
            from None
    params = {}
    mp = _first(scen, "ModelParameters", path, required=False)
    if mp is not None:
        for tag in MODEL_PARAMETER_TAGS:
            params[tag] = _value(mp, tag, path)
    dims_el = _first(scen, "Dimensions", path)
    dims = []
    for d in dims_el.findall("dName"):
        if not d.text.strip():
            raise ScenarioError("Dimensions/dName", "a dimension name is empty; expected a name",
                                file=str(path), line=d.line)
        dims.append(d.text.strip())
    if not dims:
        raise ScenarioError("Dimensions", "no <dName>; expected at least one dimension",
                            file=str(path), line=dims_el.line)
    actors = []
    for n, a in enumerate(_first(scen, "Actors", path).findall("Actor")):
        where = f"Actors/Actor[{n}]"
        aname = _value(a, "name", path)
        adesc = _value(a, "description", path, required=False) or ""
        cap_node = _first(a, "capability", path)
        cap = _number(cap_node.text.strip(), f"{where}/capability", path, cap_node.line)
        vectors = []
        for group, tag in (("Position", "dCoord"), ("Salience", "dSal")):
            values = []
            for k, el in enumerate(_first(a, group, path).findall(tag)):
                if not el.text.strip():
                    raise ScenarioError(f"{where}/{group}/{tag}[{k}]", f"actor {aname!r}: <{tag}> "
                                        "is empty; expected a number", file=str(path),
                                        line=el.line)
                values.append(_number(el.text.strip(), f"{where}/{group}/{tag}[{k}]", path,
                                      el.line))
            if len(values) != len(dims):
                raise ScenarioError(f"{where}/{group}", f"actor {aname!r}: {len(values)} <{tag}>; "
                                    f"expected one per dimension ({len(dims)})", file=str(path),
                                    line=_first(a, group, path).line)
            vectors.append(values)
        actors.append(KtabActor(aname, adesc, cap, vectors[0], vectors[1], a.line))
    adjust = []
    ia = _first(scen, "IdealAdjustment", path, required=False)
    names = {a.name for a in actors}
    if ia is not None:
        for pair in ia.findall("iaPair"):
            who, ref = _value(pair, "adjustingIdeal", path), _value(pair, "referencePos", path)
            for v in (who, ref):
                if v not in names:
                    raise ScenarioError("IdealAdjustment/iaPair", f"unknown actor {v!r}; expected "
                                        "one of the actors' names", file=str(path), line=pair.line)
            adj_node = _first(pair, "adjust", path)
            adj = _number(adj_node.text.strip(), "IdealAdjustment/iaPair/adjust", path,
                          adj_node.line)
            if not 0.0 <= adj <= 1.0:
                raise ScenarioError("IdealAdjustment/iaPair/adjust", f"{adj:g} is outside [0, 1]; "
                                    "expected an adjustment rate", file=str(path),
                                    line=adj_node.line)
            if not (who == ref and adj == 1.0):  # an actor fully tracking itself is the default
                adjust.append((who, ref, adj))
    return KtabScenario(name, desc, dims, actors, seed, params, adjust)


def load_ktab_xml(path: Path) -> Scenario:
    """A KTAB SMP XML scenario as an Accord scenario (see the module docstring)."""
    return _to_scenario(read_ktab_xml(path), Path(path))


# --- settings kept in notes --------------------------------------------------------------------


@dataclass
class KtabSettings:
    seed: int | None = None
    parameters: dict[str, str] = field(default_factory=dict)
    ideal_adjustment: list[tuple[str, str, float]] = field(default_factory=list)


def ktab_settings(scenario: Scenario) -> KtabSettings:
    """The KTAB settings (seed, model parameters, ideal adjustment) kept in ``notes``."""
    out = KtabSettings()
    for line in (scenario.notes or "").splitlines():
        if not line.startswith(NOTE_PREFIX):
            continue
        key, _, value = line[len(NOTE_PREFIX):].partition(":")
        value = value.strip()
        if key == "prngSeed":
            try:
                out.seed = int(value)
                if not 0 <= out.seed < 2 ** 64:
                    raise ValueError
            except ValueError:
                raise ScenarioError("notes", f"{line!r}: the KTAB seed is not an unsigned 64-bit "
                                    "integer; expected 'KTAB prngSeed: <integer>'") from None
        elif key == "ModelParameters":
            for item in value.split(";"):
                tag, _, v = item.strip().partition("=")
                if tag:
                    out.parameters[tag] = v
        elif key == "IdealAdjustment":
            m = re.match(r"(.*) -> (.*) = (\S+)$", value)
            try:
                adjust = float(m.group(3)) if m else float("nan")
            except ValueError:
                adjust = float("nan")
            if not 0.0 <= adjust <= 1.0:
                raise ScenarioError("notes", f"{line!r}: expected 'KTAB IdealAdjustment: WHO -> "
                                    "REFERENCE = RATE' with a rate in [0, 1]")
            out.ideal_adjustment.append((m.group(1), m.group(2), adjust))
    return out


# --- writing -----------------------------------------------------------------------------------


def _num(x: float) -> str:
    """Shortest decimal that reads back to ``x``."""
    return str(int(x)) if float(x).is_integer() and abs(x) < 1e15 else repr(float(x))


def _percent(salience: float) -> str:
    """KTAB's 0–100 salience as the shortest decimal that reads back to ``salience`` (÷ 100)."""
    for digits in range(1, 18):
        text = f"{salience * 100.0:.{digits}g}"
        if float(text) / 100.0 == salience:
            return text
    return repr(salience * 100.0)


def _from_scenario(s: Scenario, path: Path) -> KtabScenario:
    for n, c in enumerate(s.capabilities):
        if c.issue is not None:
            raise ScenarioError(f"capabilities[{n}].issue", "KTAB holds one capability per actor; "
                                "expected capabilities without an issue", file=str(path))
    settings = ktab_settings(s)
    actors = []
    for a in s.actors:
        try:
            cap = s.capability(a.id)
        except KeyError:
            raise ScenarioError(f"actors.{a.id}", "no capability; KTAB needs one per actor",
                                file=str(path)) from None
        pos, sal = [], []
        for issue in s.issues:
            st = s.stance(a.id, issue.id)
            span = issue.high - issue.low
            if st is None:
                pos.append(50.0)
                sal.append(0.0)
                continue
            x = st.position if (issue.low, issue.high) == (0.0, 100.0) else \
                100.0 * (st.position - issue.low) / span
            pos.append(x)
            # The shortest percentage that reads back to this salience, so ÷ 100 on reading
            # gives the identical number (28.15, not 28.149999999999995).
            sal.append(float(_percent(st.salience)))
        total = sum(sal)
        if total > 100.0 + 1e-9:
            raise ScenarioError(f"actors.{a.id}", f"saliences sum to {total / 100:g}; KTAB "
                                "expects at most 1 (100%) per actor", file=str(path))
        actors.append(KtabActor(a.name, a.note or "", cap, pos, sal))
    return KtabScenario(s.title, s.description or "", [i.name for i in s.issues], actors,
                        settings.seed, settings.parameters, settings.ideal_adjustment)


def _csv_field(text: str) -> str:
    """``text`` as one CSV field: quoted (quotes doubled) when it holds a comma or a quote or
    starts with a space, as the reader (Python's csv) reads it back."""
    if "," in text or '"' in text or text != text.strip():
        return '"' + text.replace('"', '""') + '"'
    return text


def save_ktab_csv(scenario: Scenario, path: Path) -> None:
    """Write KTAB's CSV (with KTAB's trailing commas)."""
    k = _from_scenario(scenario, Path(path))
    buf = io.StringIO()
    buf.write(f"{_csv_field(k.name)},{_csv_field(k.description)},{len(k.actors)},"
              f"{len(k.dimensions)},\n")
    header = ["Actor", "Description", "Capability"]
    for d in k.dimensions:
        header += [_csv_field(d), _csv_field(f"{d} Salience")]
    buf.write(",".join(header) + ",\n")
    for a in k.actors:
        cells = [_csv_field(a.name), _csv_field(a.description), _num(a.capability)]
        for x, s in zip(a.position, a.salience):
            cells += [_num(x), _num(s)]
        buf.write(",".join(cells) + ",\n")
    Path(path).write_text(buf.getvalue(), encoding="utf-8")


def save_ktab_xml(scenario: Scenario, path: Path) -> None:
    """Write KTAB's XML (``smpSchema.xsd``); the seed defaults to KTAB's default seed."""
    k = _from_scenario(scenario, Path(path))
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<Scenario xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:noNamespaceSchemaLocation="smpSchema.xsd">',
           f"  <name>{escape(k.name)}</name>", f"  <desc>{escape(k.description)}</desc>",
           f"  <prngSeed>{k.seed if k.seed is not None else KTAB_DEFAULT_SEED}</prngSeed>"]
    if k.parameters:
        out.append("  <ModelParameters>")
        for tag in MODEL_PARAMETER_TAGS:
            if tag in k.parameters:
                out.append(f"    <{tag}>{escape(k.parameters[tag])}</{tag}>")
        out.append("  </ModelParameters>")
    out.append("  <Dimensions>")
    out += [f"    <dName>{escape(d)}</dName>" for d in k.dimensions]
    out.append("  </Dimensions>")
    out.append("  <Actors>")
    for a in k.actors:
        out += ["    <Actor>", f"      <name>{escape(a.name)}</name>",
                f"      <description>{escape(a.description)}</description>",
                f"      <capability>{_num(a.capability)}</capability>", "      <Position>"]
        out += [f"        <dCoord>{_num(x)}</dCoord>" for x in a.position]
        out += ["      </Position>", "      <Salience>"]
        out += [f"        <dSal>{_num(s)}</dSal>" for s in a.salience]
        out += ["      </Salience>", "    </Actor>"]
    out.append("  </Actors>")
    # KTAB's reader insists on an <IdealAdjustment> with at least one pair (the schema does not);
    # "the first actor's ideal follows its own position fully" is KTAB's default, so it adds
    # nothing, and the reader leaves such pairs out again.
    pairs = k.ideal_adjustment or [(k.actors[0].name, k.actors[0].name, 1.0)]
    if pairs:
        out.append("  <IdealAdjustment>")
        for who, ref, adj in pairs:
            out += ["    <iaPair>", f"      <adjustingIdeal>{escape(who)}</adjustingIdeal>",
                    f"      <referencePos>{escape(ref)}</referencePos>",
                    f"      <adjust>{_num(adj)}</adjust>", "    </iaPair>"]
        out.append("  </IdealAdjustment>")
    out.append("</Scenario>")
    Path(path).write_text("\n".join(out) + "\n", encoding="utf-8")


# --- format registration -----------------------------------------------------------------------


def _sniff_csv(path: Path, head: str) -> bool:
    lines = [l for l in head.splitlines() if l.strip()]
    if len(lines) < 2:
        return False
    first = _cells(lines[0])
    if len(first) < 4 or not first[2].isdigit() or not first[3].isdigit():
        return False
    return len(_cells(lines[1])) == 3 + 2 * int(first[3])


def _sniff_xml(path: Path, head: str) -> bool:
    return "<Scenario" in head and ("<Actors" in head or "<prngSeed" in head
                                    or "smpSchema" in head)


register_format(Format("ktab-csv", (".csv",), _sniff_csv, load_ktab_csv, save_ktab_csv,
                       "KTAB SMP CSV (name, description, nActors, nDims; actor rows)",
                       priority=30,
                       cannot_carry=(*WHETHER_FEATURES, "evidence", "ranges", "outside_options",
                                     "outcome_classes")))
register_format(Format("ktab-xml", (".xml",), _sniff_xml, load_ktab_xml, save_ktab_xml,
                       "KTAB SMP XML (smpSchema.xsd)", priority=30,
                       cannot_carry=(*WHETHER_FEATURES, "evidence", "ranges", "outside_options",
                                     "outcome_classes")))
