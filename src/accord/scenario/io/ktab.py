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

import io
from pathlib import Path

from accord.errors import ScenarioError
from accord.scenario.io import WHETHER_FEATURES, Format, register_format
from accord.scenario.io.ktab_read import (KTAB_DEFAULT_SEED, MODEL_PARAMETER_TAGS,  # noqa: F401
                                          NOTE_PREFIX, KtabActor, KtabScenario, KtabSettings,
                                          convert, ktab_settings, read_ktab_csv, read_ktab_xml)
from accord.scenario.io.sniffers import sniff_ktab_csv as _sniff_csv
from accord.scenario.io.sniffers import sniff_ktab_xml as _sniff_xml
from accord.scenario import model as _model
from accord.scenario.model import Scenario


def escape(text: str) -> str:
    """``text`` as XML character data: ``&``, ``<`` and ``>`` as entities, ``&`` first.

    What ``xml.sax.saxutils.escape`` does without extra entities; importing that module pulls
    in ``urllib.request`` and cost every command that reads a scenario file some 20 ms
    (start-up, issue 18).

    >>> escape("R&D <b> > a")
    'R&amp;D &lt;b&gt; &gt; a'
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _to_scenario(k: KtabScenario, path: Path) -> Scenario:
    return convert(k, path, _model)


def load_ktab_csv(path: Path) -> Scenario:
    """A KTAB SMP CSV as an Accord scenario (see the module docstring for the conversion)."""
    return _to_scenario(read_ktab_csv(path), Path(path))


# --- XML ---------------------------------------------------------------------------------------


def load_ktab_xml(path: Path) -> Scenario:
    """A KTAB SMP XML scenario as an Accord scenario (see the module docstring)."""
    return _to_scenario(read_ktab_xml(path), Path(path))


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


register_format(Format("ktab-csv", (".csv",), _sniff_csv, load_ktab_csv, save_ktab_csv,
                       "KTAB SMP CSV (name, description, nActors, nDims; actor rows)",
                       priority=30,
                       cannot_carry=(*WHETHER_FEATURES, "evidence", "ranges", "outside_options",
                                     "outcome_classes")))
register_format(Format("ktab-xml", (".xml",), _sniff_xml, load_ktab_xml, save_ktab_xml,
                       "KTAB SMP XML (smpSchema.xsd)", priority=30,
                       cannot_carry=(*WHETHER_FEATURES, "evidence", "ranges", "outside_options",
                                     "outcome_classes")))
