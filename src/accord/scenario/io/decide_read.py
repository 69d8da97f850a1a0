"""Reading decide's input files into plain data, without the scenario model.

:mod:`accord.scenario.io.decide` documents the format and the conversion, and registers it;
this module holds the part that needs no pydantic: :func:`parse_decide` reads and checks the
lines (every bad line reported, located, in one :class:`~accord.errors.ScenarioErrors`), and
:func:`read_light` gives a command that only runs models on the file — `accord forecast
FILE.csv --model exchange` — a stand-in for the validated scenario at a fraction of the
start-up: importing pydantic and building the model's classes took 0.09–0.15 s of a 0.34 s
process (issue 18).
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass
from pathlib import Path

from accord.errors import ScenarioError, ScenarioErrors
from accord.scenario.io import slug, unique_id
from accord.scenario.io.files import read_text
from accord.scenario.limits import MAX_ID_LENGTH, MAX_MAGNITUDE, decimal_comma_hint
from accord.scenario.lookups import ScenarioLookups

KEYS = ("#A", "#P", "#M", "#D", "#O", "#/")
# Minimum number of fields after the key, and what they are, for the error messages.
SHAPES = {"#A": (1, "#A key name [comment]"), "#P": (1, "#P key name [description]"),
          "#M": (2, "#M issue value [label]"),
          "#D": (5, "#D actor issue position salience power [comment]")}
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


@dataclass
class DecideFile:
    """A decide file's lines, checked, in the terms of the scenario they make (ids assigned).

    ``actors`` and ``issues`` map each key to its first line's number and cells; ``anchors``
    each issue key to its labelled points ``(value, label)``; ``stances`` the good ``#D`` lines
    as ``(line, actor key, issue key, position, salience, power)``, salience already on 0–1;
    ``capabilities`` ``(actor key, issue key or None, value)`` in the scenario's order.
    """

    path: Path
    title: str | None
    actors: dict[str, tuple[int, list[str]]]
    issues: dict[str, tuple[int, list[str]]]
    ranges: dict[str, tuple[float, float]]
    anchors: dict[str, list[tuple[float, str]]]
    stances: list[tuple[int, str, str, float, float, float]]
    actor_id: dict[str, str]
    issue_id: dict[str, str]
    capabilities: list[tuple[str, str | None, float]]

    # The fields of the scenario built from the file (the same for the model and the light
    # stand-ins, so that both hold the same values).

    def scenario_fields(self) -> dict:
        return {"id": _slug(self.path.stem), "title": self.title or self.path.stem}

    def actor_fields(self) -> list[dict]:
        return [{"id": self.actor_id[k], "name": (c[2] if len(c) > 2 and c[2] else k),
                 "note": " ".join(c[3:]) or None} for k, (_, c) in self.actors.items()]

    def issue_fields(self) -> list[dict]:
        return [{"id": self.issue_id[k], "name": (c[2] if len(c) > 2 and c[2] else k),
                 "description": " ".join(c[3:]) or None, "low": self.ranges[k][0],
                 "high": self.ranges[k][1]} for k, (_, c) in self.issues.items()]

    def stance_fields(self) -> list[dict]:
        return [{"actor": self.actor_id[a], "issue": self.issue_id[i], "position": x,
                 "salience": s} for _, a, i, x, s, _ in self.stances]

    def capability_fields(self) -> list[dict]:
        return [{"actor": self.actor_id[a], "value": v} if i is None else
                {"actor": self.actor_id[a], "issue": self.issue_id[i], "value": v}
                for a, i, v in self.capabilities]


def parse_decide(path: str | Path) -> DecideFile:
    """Read and check a decide input file; raise :class:`ScenarioErrors` for bad lines."""
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
            if not cells[1]:  # '' was a key: its #D lines then said "unknown actor"
                bad(n, kind, f"the {kind}'s key is empty; expected {shape}")
            elif cells[1] in table:
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
                    bad(n, name, f"{exc}; expected a real number{decimal_comma_hint(cell)}")
                    break
            else:
                stances.append((n, cells[1], cells[2], *values))

    # Scales from the #M points (decide: min and max; 0–100 when an issue has none).
    scale: dict[str, list[float]] = {}
    anchors: dict[str, list[tuple[float, str]]] = {}
    for n, issue_key, value, label in points:
        if issue_key not in issues:
            bad(n, "issue", f"#M for unknown issue {issue_key!r}; expected an issue defined by #P")
            continue
        scale.setdefault(issue_key, []).append(value)
        if label:
            anchors.setdefault(issue_key, []).append((value, label))
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
    if percent:
        # One salience over 1 reads the whole file as 0–100; beside saliences between 0 and 1
        # that is a typo (1.7 for 0.7), which silently divided every salience by 100.
        fraction = next(((n, s) for (n, _, _, _, s, _) in stances if 0 < s < 1), None)
        if fraction is not None:
            n_over, s_over = next((n, s) for (n, _, _, _, s, _) in stances if s > 1)
            bad(n_over, "salience", f"{s_over:g} is above 1 while line {fraction[0]} has "
                f"{fraction[1]:g}: the file mixes the 0–1 and 0–100 scales; expected every "
                "salience in [0, 1], or every one on 0–100 (one salience above 1 reads the "
                "whole file as 0–100)")
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

    # an issue without a #D line: the model refused it later, without the #P line
    with_stance = {i for (_, _, i, _, _, _) in good}
    for issue_key, (n, _) in issues.items():
        if good and issue_key not in with_stance:
            bad(n, "issue", f"nobody has a stance on issue {issue_key!r}; expected at least one "
                "#D line for it (or no #P line)")
    if not actors and not errors:
        bad(1, None, "no #A lines; expected a decide input file with #A, #P, #M and #D lines")
    elif not issues and not errors:  # pydantic said "issues: List should have at least 1 item"
        bad(1, None, "no #P lines; expected a decide input file with #A, #P, #M and #D lines")
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
    capabilities: list[tuple[str, str | None, float]] = []
    for a in actors:
        if len(powers.get(a, ())) == 1:
            capabilities.append((a, None, next(iter(powers[a]))))
    for _, a, i, _, _, power in good:
        if len(powers[a]) > 1:
            capabilities.append((a, i, power))
    return DecideFile(path, title, actors, issues, ranges, anchors, good, actor_id, issue_id,
                      capabilities)


# --- the light path: a decide file as a stand-in for the validated scenario, without pydantic ---
#
# Each stand-in holds every field of the model's class: the values the file gives, the model's
# defaults for the rest (the tables below; tests/scenario/test_decide_light.py checks them
# against the model's own), so that whatever reads a field finds the model's value, and the
# canonical JSON, hence the content hash, is the model's. A method the stand-ins lack builds the
# validated scenario from the same lines and answers from it: slower, never different.

ACTOR_DEFAULTS = {"kind": "state", "aliases": [], "roles": [], "members": [], "member_of": [],
                  "note": None}
ISSUE_DEFAULTS = {"description": None, "kind": "continuous", "low": 0.0, "high": 100.0,
                  "anchors": [], "options": [], "codes": [], "status_quo": None,
                  "decision_rule": None, "commitment": None}
ANCHOR_DEFAULTS: dict = {}
STANCE_DEFAULTS = {"position_range": None, "salience_range": None, "distribution": "pert",
                   "red_line": None, "evidence": [], "note": None}
CAPABILITY_DEFAULTS = {"issue": None, "value_range": None, "distribution": "pert",
                       "evidence": [], "note": None}
SCENARIO_DEFAULTS = {"date": None, "description": None, "authors": [], "sources": [],
                     "evidence": [], "stances": [], "capabilities": [], "outside_options": [],
                     "outcome_classes": [], "deal_space": None, "decision_rule": None,
                     "horizon": None, "deadlines": [], "round_days": None, "notes": None}


class _LightItem:
    """A stand-in for one of the model's objects (see above): ``DEFAULTS`` then the fields
    given; ``where`` leads from the validated scenario to the object it stands for."""

    DEFAULTS: dict = {}
    __slots__ = ("__dict__", "_owner", "_where")

    def __init__(self, owner, where: tuple[tuple[str, int], ...], fields):
        # fresh lists: a caller that changes one changes this object only, as with the model
        self.__dict__.update({k: (list(v) if isinstance(v, list) else v)
                              for k, v in self.DEFAULTS.items()})
        self.__dict__.update(fields)
        self._owner, self._where = owner, where

    def __getattr__(self, name):
        if name.startswith("__") or name in ("_owner", "_where"):
            raise AttributeError(name)
        obj = self._owner.validated()
        for kind, index in self._where:    # e.g. (("issues", 2), ("anchors", 0))
            obj = getattr(obj, kind)[index]
        return getattr(obj, name)

    def dump(self) -> dict:
        """The model's ``model_dump(mode="json")`` of this object."""
        return {k: v for k, v in self.__dict__.items()}


class LightActor(_LightItem):
    DEFAULTS = ACTOR_DEFAULTS

    def names(self) -> list[str]:
        return [self.name, *self.aliases]


class LightIssue(_LightItem):
    DEFAULTS = ISSUE_DEFAULTS

    def anchor_label(self, value: float) -> str | None:
        """As :meth:`accord.scenario.model.Issue.anchor_label`."""
        if not self.anchors:
            return None
        return min(self.anchors, key=lambda a: abs(a.value - value)).label

    def dump(self) -> dict:
        out = dict(self.__dict__)
        out["anchors"] = [a.dump() for a in self.anchors]
        return out


class LightAnchor(_LightItem):
    DEFAULTS = ANCHOR_DEFAULTS


class LightStance(_LightItem):
    DEFAULTS = STANCE_DEFAULTS

    def red_line_side(self):
        return None   # a decide file states no red line


class LightCapability(_LightItem):
    DEFAULTS = CAPABILITY_DEFAULTS


class LightScenario(ScenarioLookups):
    """A decide file as the scenario :func:`accord.load` would return, without pydantic: the
    same fields and values (:data:`SCENARIO_DEFAULTS` for what the format cannot hold), the
    lookups and ``to_arrays``, ``horizon_date`` and ``content_hash`` of the model. Anything
    else is asked of the validated scenario, built from the same lines on first use
    (:meth:`validated`). :func:`accord.scenario.load` returns it as it is."""

    is_light_scenario = True

    def __init__(self, parsed: DecideFile):
        self.__dict__.update({k: (list(v) if isinstance(v, list) else v)
                              for k, v in SCENARIO_DEFAULTS.items()})
        self.__dict__.update(parsed.scenario_fields())
        self._parsed = parsed
        self._validated = None
        self.actors = [LightActor(self, (("actors", n),), f)
                       for n, f in enumerate(parsed.actor_fields())]
        self.issues = []
        for n, (f, key) in enumerate(zip(parsed.issue_fields(), parsed.issues)):
            issue = LightIssue(self, (("issues", n),), f)
            issue.anchors = [LightAnchor(self, (("issues", n), ("anchors", k)),
                                         {"value": v, "label": label})
                             for k, (v, label) in enumerate(parsed.anchors.get(key, []))]
            self.issues.append(issue)
        self.stances = [LightStance(self, (("stances", n),), f)
                        for n, f in enumerate(parsed.stance_fields())]
        self.capabilities = [LightCapability(self, (("capabilities", n),), f)
                             for n, f in enumerate(parsed.capability_fields())]

    def __getattr__(self, name):
        if name.startswith("__") or name in ("_parsed", "_validated"):
            raise AttributeError(name)
        return getattr(self.validated(), name)

    def validated(self):
        """The validated :class:`~accord.scenario.model.Scenario` of the same lines."""
        if self._validated is None:
            from accord.scenario.io.decide import build_scenario

            self._validated = build_scenario(self._parsed)
        return self._validated

    # --- what the model offers beyond the lookups (ScenarioLookups), for these fields ----------

    def horizon_date(self):
        """None: a decide file states neither a horizon nor a date (the model's rule)."""
        return None

    def to_arrays(self):
        from accord.scenario.arrays import scenario_arrays

        return scenario_arrays(self)

    def model_dump_json_mode(self) -> dict:
        """The model's ``model_dump(mode="json")`` of this scenario."""
        out = {k: v for k, v in self.__dict__.items() if not k.startswith("_")}
        for name in ("actors", "issues", "stances", "capabilities"):
            out[name] = [x.dump() for x in out[name]]
        return out

    def content_hash(self) -> str:
        """As :meth:`accord.scenario.model.Scenario.content_hash`: SHA-256 of the canonical
        JSON (the same dict, the same ``json.dumps`` call)."""
        import hashlib
        import json

        blob = json.dumps(self.model_dump_json_mode(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode()).hexdigest()


def _acceptable(parsed: DecideFile) -> bool:
    """Whether the model accepts what ``parsed`` makes, as far as :func:`parse_decide` has not
    checked it already: ids within the model's limits, a stance on every issue. Anything else
    it would reject (or that this module does not know to be accepted) goes the ordinary way."""
    ids = [_slug(parsed.path.stem), *parsed.actor_id.values(), *parsed.issue_id.values()]
    if any(not (0 < len(i) <= MAX_ID_LENGTH and _ID.match(i)) for i in ids):
        return False
    covered = {i for _, _, i, _, _, _ in parsed.stances}
    return bool(parsed.stances) and all(k in covered for k in parsed.issues)


def read_light(path: str | Path) -> LightScenario | None:
    """The decide file ``path`` as a :class:`LightScenario`, or None when it is anything else
    or anything about it is not as :func:`accord.load` would accept it: the caller then loads
    it the ordinary way, which reports what is wrong (file, line, field) exactly as before."""
    from accord.scenario.io.sniffers import detect

    try:
        if detect(Path(path)) != "decide":
            return None
        parsed = parse_decide(path)
    except Exception:  # noqa: BLE001 - the ordinary load reports it, located
        return None
    if not _acceptable(parsed):
        return None
    return LightScenario(parsed)
