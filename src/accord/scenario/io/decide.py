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
  are in [0, 1]); the conversion is applied to the whole file, never to single lines, and a file
  with saliences both above 1 and strictly between 0 and 1 is refused (one typo, 1.7 for 0.7,
  would otherwise divide every salience by 100);
- power is the capability, as given: one general capability when an actor has the same power on
  every issue, otherwise one issue-specific capability per stance;
- keys that are not valid Accord ids (``EU (incl Norway)``) become ids with the other characters
  replaced by ``_``; the original text is kept as the name.

The format holds no status quo, decision rule, red line, horizon or deadline: a scenario read
from it has none (issues are then decided by unanimity among the actors with a stance, the
default), and one written to it loses them (:func:`accord.scenario.save` lists what).

Every bad line is reported, each with its line number, in one :class:`~accord.errors.ScenarioErrors`.
The lines are read and checked by :mod:`accord.scenario.io.decide_read` (no pydantic), which
also gives a forecast a light stand-in for the scenario (issue 18); this module builds the
validated scenario from the same result.

>>> from accord.scenario.io.decide import load_decide
>>> s = load_decide("/work/shared/data/decide/cop21.csv")  # doctest: +SKIP
>>> len(s.actors), len(s.issues)  # doctest: +SKIP
(15, 13)
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from pydantic import ValidationError

from accord.errors import ScenarioError
from accord.scenario.io import WHETHER_FEATURES, Format, register_format
from accord.scenario.io.decide_read import DecideFile, parse_decide
from accord.scenario.io.sniffers import sniff_decide as _sniff
from accord.scenario.model import Actor, Anchor, Capability, Issue, Scenario, Stance


def load_decide(path: str | Path) -> Scenario:
    """Read a decide input file as a :class:`Scenario`; raise :class:`ScenarioErrors` for bad lines."""
    return build_scenario(parse_decide(path))


def build_scenario(parsed: DecideFile) -> Scenario:
    """The validated scenario of a decide file's checked lines (:func:`~accord.scenario.io.
    decide_read.parse_decide`)."""
    file = str(parsed.path)
    try:
        # built in the order they always were (actors, issues, stances, capabilities), so a
        # file with several invalid entries reports the same first one
        return Scenario(
            **parsed.scenario_fields(),
            actors=[Actor(**f) for f in parsed.actor_fields()],
            issues=[Issue(**f, anchors=[Anchor(value=v, label=label)
                                        for v, label in parsed.anchors.get(key, [])])
                    for f, key in zip(parsed.issue_fields(), parsed.issues)],
            stances=[Stance(**f) for f in parsed.stance_fields()],
            capabilities=[Capability(**f) for f in parsed.capability_fields()],
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
