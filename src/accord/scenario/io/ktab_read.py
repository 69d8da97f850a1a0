"""Reading KTAB's SMP files (CSV and XML) into plain data, without the scenario model.

:mod:`accord.scenario.io.ktab` documents the formats and the conversion, and registers them;
this module holds the part that needs no pydantic, so that :func:`read_light` can give a
command that only runs the SMP what it needs at a fraction of the start-up (issue 18).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from accord.errors import ScenarioError
from accord.scenario.io import slug, unique_id
from accord.scenario.io.files import read_text
from accord.scenario.io.safexml import XmlNode, parse_xml
from accord.scenario.io.sniffers import ktab_cells
from accord.scenario.limits import MAX_ID_LENGTH, finite_number


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


def convert(k: KtabScenario, path: Path, kinds) -> object:
    """``k`` as a scenario built by ``kinds`` (its ``Actor``, ``Capability``, ``Issue``,
    ``Scenario`` and ``Stance``): pydantic's validated model (:func:`accord.scenario.io.ktab.
    load_ktab_csv`) or the light stand-ins of :func:`read_light`, from the same code."""
    taken_actors: set[str] = set()
    first_line: dict[str, int | None] = {}
    actors, caps, stances = [], [], []
    taken_issues: set[str] = set()
    issues = [kinds.Issue(id=unique_id(slug(d), taken_issues), name=d, low=0.0, high=100.0)
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
        actors.append(kinds.Actor(id=ident, name=a.name, note=a.description or None))
        caps.append(kinds.Capability(actor=ident, value=a.capability))
        for issue, x, s in zip(issues, a.position, a.salience):
            stances.append(kinds.Stance(actor=ident, issue=issue.id, position=x, salience=s / 100.0))
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
    return kinds.Scenario(id=slug(k.name or path.stem), title=k.name or path.stem,
                    description=k.description or None, actors=actors, issues=issues,
                    stances=stances, capabilities=caps,
                    notes="\n".join(notes) if notes else None)


# --- CSV ---------------------------------------------------------------------------------------


def _cells(line: str, path: Path | None = None, n: int | None = None) -> list[str]:
    try:
        return ktab_cells(line)
    except csv.Error as exc:  # a field over the csv module's size limit
        raise ScenarioError(None, f"cannot be split into fields ({exc}); expected KTAB's "
                            "comma-separated fields", file=str(path), line=n) from None


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
        raise ScenarioError(None, f"{len(body)} actor rows; the first line says {n_actors}: "
                            f"expected {n_actors} actor rows (or the first line's count "
                            f"corrected to {len(body)})",
                            file=str(path), line=line)
    actors = []
    for n, line in body:
        cells = _cells(line, path, n)
        if len(cells) != 3 + 2 * n_dims:
            raise ScenarioError(None, f"{len(cells)} fields; expected {3 + 2 * n_dims} (actor, "
                                "description, capability, then position and salience for each "
                                "dimension)", file=str(path), line=n)
        cap = finite_number(cells[2], "capability", path, n)
        pos = [finite_number(cells[3 + 2 * k], f"position {k + 1}", path, n) for k in range(n_dims)]
        sal = [finite_number(cells[4 + 2 * k], f"salience {k + 1}", path, n) for k in range(n_dims)]
        actors.append(KtabActor(cells[0], cells[1], cap, pos, sal, n))
    return KtabScenario(head[0], head[1], dims, actors, ignored=ignored)


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
    actors_el = _first(scen, "Actors", path)
    if not actors_el.findall("Actor"):  # pydantic said "actors: List should have at least 1 item"
        raise ScenarioError("Actors", "no <Actor>; expected one <Actor> per actor",
                            file=str(path), line=actors_el.line)
    for n, a in enumerate(actors_el.findall("Actor")):
        where = f"Actors/Actor[{n}]"
        aname = _value(a, "name", path)
        adesc = _value(a, "description", path, required=False) or ""
        cap_node = _first(a, "capability", path)
        cap = finite_number(cap_node.text.strip(), f"{where}/capability", path, cap_node.line)
        vectors = []
        for group, tag in (("Position", "dCoord"), ("Salience", "dSal")):
            values = []
            for k, el in enumerate(_first(a, group, path).findall(tag)):
                if not el.text.strip():
                    raise ScenarioError(f"{where}/{group}/{tag}[{k}]", f"actor {aname!r}: <{tag}> "
                                        "is empty; expected a number", file=str(path),
                                        line=el.line)
                values.append(finite_number(el.text.strip(), f"{where}/{group}/{tag}[{k}]", path,
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
            adj = finite_number(adj_node.text.strip(), "IdealAdjustment/iaPair/adjust", path,
                          adj_node.line)
            if not 0.0 <= adj <= 1.0:
                raise ScenarioError("IdealAdjustment/iaPair/adjust", f"{adj:g} is outside [0, 1]; "
                                    "expected an adjustment rate", file=str(path),
                                    line=adj_node.line)
            if not (who == ref and adj == 1.0):  # an actor fully tracking itself is the default
                adjust.append((who, ref, adj))
    return KtabScenario(name, desc, dims, actors, seed, params, adjust)


# --- settings kept in notes --------------------------------------------------------------------


@dataclass
class KtabSettings:
    seed: int | None = None
    parameters: dict[str, str] = field(default_factory=dict)
    ideal_adjustment: list[tuple[str, str, float]] = field(default_factory=list)


def ktab_settings(scenario) -> KtabSettings:
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


# --- the light path: a KTAB file straight to what a command needs, without pydantic ------------


class _Named:
    """A stand-in for the model's Actor, Capability, Issue, Stance or Scenario: the fields
    :func:`convert` gives, and the defaults :func:`accord.scenario.arrays.scenario_arrays`
    reads (no status quo, rule or red line: a KTAB file has none)."""

    def __init__(self, **fields):
        self.__dict__.update(fields)


class _LightIssue(_Named):
    status_quo = None
    decision_rule = None


class _LightStance(_Named):
    red_line = None


class _LightCapability(_Named):
    issue = None


class _LightScenario(_Named):
    decision_rule = None

    def to_arrays(self):
        from accord.scenario.arrays import scenario_arrays

        return scenario_arrays(self)


class _LightKinds:
    Actor = _Named
    Capability = _LightCapability
    Issue = _LightIssue
    Scenario = _LightScenario
    Stance = _LightStance


def read_light(path: Path):
    """The KTAB file ``path`` (CSV or XML) as a light stand-in for the scenario
    :func:`accord.load` would return — ``id``, ``title``, ``notes``, ``actors`` (``id``,
    ``name``), ``issues`` (``id``, ``name``) and ``to_arrays()``, the same values — or None
    when ``path`` is anything else, or anything about it is not as :func:`accord.load` would
    accept it. The caller then loads it the ordinary way, which reports what is wrong (file,
    line, field) exactly as before. No pydantic: that import and its model are most of what
    `accord smp FILE --format log` spent on a small file (issue 18)."""
    from accord.scenario.io.sniffers import detect

    try:
        kind = detect(path)
        if kind not in ("ktab-csv", "ktab-xml"):
            return None
        k = read_ktab_csv(path) if kind == "ktab-csv" else read_ktab_xml(path)
        s = convert(k, Path(path), _LightKinds)
    except Exception:  # noqa: BLE001 - the ordinary load reports it, located
        return None
    ids = [s.id, *(a.id for a in s.actors), *(i.id for i in s.issues)]
    if any(len(i) > MAX_ID_LENGTH for i in ids):  # the model's Id rejects these
        return None
    return s
