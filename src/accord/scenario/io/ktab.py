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
import xml.parsers.expat
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from accord.errors import ScenarioError
from accord.scenario.io import WHETHER_FEATURES, Format, register_format, slug, unique_id
from accord.scenario.model import Actor, Capability, Issue, Scenario, Stance

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
    return Scenario(id=slug(k.name or path.stem), title=k.name or path.stem,
                    description=k.description or None, actors=actors, issues=issues,
                    stances=stances, capabilities=caps,
                    notes="\n".join(notes) if notes else None)


# --- CSV ---------------------------------------------------------------------------------------


def _cells(line: str) -> list[str]:
    cells = [c.strip() for c in next(csv.reader([line], skipinitialspace=True))]
    while cells and cells[-1] == "":  # trailing commas
        cells.pop()
    return cells


def read_ktab_csv(path: Path) -> KtabScenario:
    path = Path(path)
    text = path.read_text(encoding="utf-8-sig")
    rows = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
    if len(rows) < 2:
        raise ScenarioError(None, "expected a first line 'name, description, nActors, nDims' and "
                            "a header line", file=str(path), line=rows[0][0] if rows else 1)
    n0, first = rows[0]
    head = _cells(first)
    if len(head) != 4:
        raise ScenarioError(None, f"{len(head)} fields on the first line; expected 4: name, "
                            "description, number of actors, number of dimensions",
                            file=str(path), line=n0)
    try:
        n_actors, n_dims = int(head[2]), int(head[3])
    except ValueError:
        raise ScenarioError(None, f"number of actors {head[2]!r} and of dimensions {head[3]!r}; "
                            "expected two whole numbers", file=str(path), line=n0) from None
    if n_dims < 1 or n_actors < 1:
        raise ScenarioError(None, f"{n_actors} actors and {n_dims} dimensions; expected at least "
                            "one of each", file=str(path), line=n0)
    n1, header = rows[1]
    cols = _cells(header)
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
        cells = _cells(line)
        if len(cells) != 3 + 2 * n_dims:
            raise ScenarioError(None, f"{len(cells)} fields; expected {3 + 2 * n_dims} (actor, "
                                "description, capability, then position and salience for each "
                                "dimension)", file=str(path), line=n)
        cap = _number(cells[2], "capability", path, n)
        pos = [_number(cells[3 + 2 * k], f"position {k + 1}", path, n) for k in range(n_dims)]
        sal = [_number(cells[4 + 2 * k], f"salience {k + 1}", path, n) for k in range(n_dims)]
        actors.append(KtabActor(cells[0], cells[1], cap, pos, sal, n))
    return KtabScenario(head[0], head[1], dims, actors)


def load_ktab_csv(path: Path) -> Scenario:
    """A KTAB SMP CSV as an Accord scenario (see the module docstring for the conversion)."""
    return _to_scenario(read_ktab_csv(path), Path(path))


# --- XML ---------------------------------------------------------------------------------------


@dataclass
class _Node:
    tag: str
    line: int
    text: str = ""
    children: list["_Node"] = field(default_factory=list)

    def all(self, tag: str) -> list["_Node"]:
        return [c for c in self.children if c.tag == tag]

    def first(self, tag: str, path: Path, required: bool = True) -> "_Node | None":
        found = self.all(tag)
        if not found:
            if required:
                raise ScenarioError(f"{self.tag}/{tag}", f"missing; expected a <{tag}> element "
                                    f"inside <{self.tag}>", file=str(path), line=self.line)
            return None
        return found[0]

    def value(self, tag: str, path: Path, required: bool = True) -> str | None:
        node = self.first(tag, path, required)
        if node is None:
            return None
        if required and not node.text.strip():
            raise ScenarioError(f"{self.tag}/{tag}", f"<{tag}> is empty; expected a value",
                                file=str(path), line=node.line)
        return node.text.strip()


def _parse_xml(path: Path) -> _Node:
    """A minimal element tree with line numbers (the standard library's has none)."""
    parser = xml.parsers.expat.ParserCreate()
    root: list[_Node] = []
    stack: list[_Node] = []

    def start(tag, attrs):
        node = _Node(tag, parser.CurrentLineNumber)
        (stack[-1].children if stack else root).append(node)
        stack.append(node)

    def end(tag):
        stack.pop()

    def chars(data):
        if stack:
            stack[-1].text += data

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    try:
        parser.Parse(Path(path).read_bytes(), True)
    except xml.parsers.expat.ExpatError as exc:
        why = xml.parsers.expat.errors.messages[exc.code]
        raise ScenarioError(None, f"not well-formed XML ({why}); expected a KTAB <Scenario> "
                            "document", file=str(path),
                            line=exc.lineno) from None
    if not root or root[0].tag != "Scenario":
        raise ScenarioError(None, "the root element is not <Scenario>; expected KTAB's SMP XML "
                            "(smpSchema.xsd)", file=str(path), line=root[0].line if root else 1)
    return root[0]


def read_ktab_xml(path: Path) -> KtabScenario:
    path = Path(path)
    scen = _parse_xml(path)
    name = scen.value("name", path, required=False) or ""
    desc = scen.value("desc", path, required=False) or ""
    seed_text = scen.value("prngSeed", path)
    try:
        seed = int(seed_text)
        if not 0 <= seed < 2 ** 64:
            raise ValueError
    except ValueError:
        raise ScenarioError("Scenario/prngSeed", f"{seed_text!r}; expected an unsigned 64-bit "
                            "integer", file=str(path), line=scen.first("prngSeed", path).line) \
            from None
    params = {}
    mp = scen.first("ModelParameters", path, required=False)
    if mp is not None:
        for tag in MODEL_PARAMETER_TAGS:
            params[tag] = mp.value(tag, path)
    dims_el = scen.first("Dimensions", path)
    dims = []
    for d in dims_el.all("dName"):
        if not d.text.strip():
            raise ScenarioError("Dimensions/dName", "a dimension name is empty; expected a name",
                                file=str(path), line=d.line)
        dims.append(d.text.strip())
    if not dims:
        raise ScenarioError("Dimensions", "no <dName>; expected at least one dimension",
                            file=str(path), line=dims_el.line)
    actors = []
    for n, a in enumerate(scen.first("Actors", path).all("Actor")):
        where = f"Actors/Actor[{n}]"
        aname = a.value("name", path)
        adesc = a.value("description", path, required=False) or ""
        cap_node = a.first("capability", path)
        cap = _number(cap_node.text.strip(), f"{where}/capability", path, cap_node.line)
        vectors = []
        for group, tag in (("Position", "dCoord"), ("Salience", "dSal")):
            values = []
            for k, el in enumerate(a.first(group, path).all(tag)):
                if not el.text.strip():
                    raise ScenarioError(f"{where}/{group}/{tag}[{k}]", f"actor {aname!r}: <{tag}> "
                                        "is empty; expected a number", file=str(path),
                                        line=el.line)
                values.append(_number(el.text.strip(), f"{where}/{group}/{tag}[{k}]", path,
                                      el.line))
            if len(values) != len(dims):
                raise ScenarioError(f"{where}/{group}", f"actor {aname!r}: {len(values)} <{tag}>; "
                                    f"expected one per dimension ({len(dims)})", file=str(path),
                                    line=a.first(group, path).line)
            vectors.append(values)
        actors.append(KtabActor(aname, adesc, cap, vectors[0], vectors[1], a.line))
    adjust = []
    ia = scen.first("IdealAdjustment", path, required=False)
    names = {a.name for a in actors}
    if ia is not None:
        for pair in ia.all("iaPair"):
            who, ref = pair.value("adjustingIdeal", path), pair.value("referencePos", path)
            for v in (who, ref):
                if v not in names:
                    raise ScenarioError("IdealAdjustment/iaPair", f"unknown actor {v!r}; expected "
                                        "one of the actors' names", file=str(path), line=pair.line)
            adj_node = pair.first("adjust", path)
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
            out.seed = int(value)
        elif key == "ModelParameters":
            for item in value.split(";"):
                tag, _, v = item.strip().partition("=")
                if tag:
                    out.parameters[tag] = v
        elif key == "IdealAdjustment":
            m = re.match(r"(.*) -> (.*) = (\S+)$", value)
            if m:
                out.ideal_adjustment.append((m.group(1), m.group(2), float(m.group(3))))
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
    return f'"{text}"' if ("," in text or '"' in text) and '"' not in text else text


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
    if len(first) != 4 or not first[2].isdigit() or not first[3].isdigit():
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
