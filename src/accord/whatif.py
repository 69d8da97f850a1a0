"""What if: change some of a scenario's numbers and compare everything before and after.

The analyst's question in the seeds — what if Washington pressed Kyiv, cut the arms, or Russia
dropped a demand? — is a set of changes to the scenario. :func:`whatif` applies them
(``TARGET.FIELD=VALUE``), then reports P(agreement by the horizon), every issue's zone and
every model's forecast before and after, with the differences.

Settings (each is checked; an unknown actor, issue or field is an error that says what exists):

==============================  =================================================================
``ACTOR.FIELD=VALUE``           ``capability`` (general), or an outside-option number:
                                ``reservation``, ``win_probability``, ``cost``,
                                ``per_period_win``, ``per_period_cost``, ``discount``
``ACTOR.ISSUE.FIELD=VALUE``     ``position``, ``salience``, ``capability`` (on that issue),
                                ``red_line`` (a number; ``none`` removes it)
``ISSUE.FIELD=VALUE``           ``status_quo`` (a number; ``none`` removes it), ``credibility``
                                (every commitment on the issue: the probability that what is
                                agreed on it is delivered, see :mod:`accord.scenario.commitments`)
==============================  =================================================================

New settable fields are added with :func:`register_setting` (for example an issue's
``credibility``), so the CLI and the web pick them up.

>>> r = whatif("ukraine-talks-2026-01", ["russia.donbas.red_line=none"], models=["compromise"],
...            variants=0)
>>> r.before.agreement.probability, r.after.agreement.probability
(0.0, 1.0)
>>> r.to_dict()["after"]["agreement"]["issues"]["donbas"]["zone"]
[0.0, 25.0]
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from accord.errors import AccordError, ScenarioError

#: Outside-option numbers an ``ACTOR.FIELD`` setting may change.
OUTSIDE_FIELDS = ("reservation", "win_probability", "cost", "per_period_win", "per_period_cost",
                  "discount")


@dataclass(frozen=True)
class Change:
    """One applied setting: the text, what it changed, the value before and after."""

    text: str
    target: str
    field: str
    before: Any
    after: Any

    def to_dict(self) -> dict[str, Any]:
        return {"set": self.text, "target": self.target, "field": self.field,
                "before": self.before, "after": self.after}


# --- settable fields ------------------------------------------------------------------------------

#: kind ("actor", "stance", "issue") → field → setter(scenario, target ids, value) → old value.
_SETTERS: dict[str, dict[str, Callable]] = {"actor": {}, "stance": {}, "issue": {}}


def register_setting(kind: str, name: str, setter: Callable) -> None:
    """Make ``FIELD`` settable on an ``actor`` (``ACTOR.FIELD``), a ``stance``
    (``ACTOR.ISSUE.FIELD``) or an ``issue`` (``ISSUE.FIELD``). ``setter(scenario, ids, value)``
    changes the scenario in place and returns the old value; ``value`` is a float or None."""
    if kind not in _SETTERS:
        raise ValueError(f"kind must be one of {', '.join(_SETTERS)}")
    _SETTERS[kind][name] = setter


def settable_fields() -> dict[str, list[str]]:
    return {k: sorted(v) for k, v in _SETTERS.items()}


def _stance(s, actor, issue):
    st = s.stance(actor, issue)
    if st is None:
        raise AccordError(f"{actor!r} has no stance on {issue!r}; expected a pair with a stance")
    return st


def _set_position(s, ids, v):
    st = _stance(s, *ids)
    v = _number(v)
    if st.position_range is not None and not st.position_range[0] <= v <= st.position_range[1]:
        st.position_range = None     # the analyst fixes the number outside its old range
    old, st.position = st.position, v
    return old


def _set_salience(s, ids, v):
    st = _stance(s, *ids)
    v = _number(v)
    if st.salience_range is not None and not st.salience_range[0] <= v <= st.salience_range[1]:
        st.salience_range = None
    old, st.salience = st.salience, v
    return old


def _set_red_line(s, ids, v):
    from accord.scenario.rules import RedLine

    st = _stance(s, *ids)
    old = None if st.red_line is None else st.red_line.value
    if v is None:
        st.red_line = None
    else:
        side = st.red_line_side() if st.red_line is not None else None
        st.red_line = RedLine(value=v, side=side)
    return old


def _capability_entry(s, actor, issue):
    from accord.scenario.model import Capability

    for c in s.capabilities:
        if c.actor == actor and c.issue == issue:
            return c
    c = Capability(actor=actor, issue=issue, value=s.capability(actor, issue))
    s.capabilities.append(c)
    return c


def _set_capability(s, ids, v):
    actor, issue = (ids[0], None) if len(ids) == 1 else ids
    s.actor(actor)
    c = _capability_entry(s, actor, issue)
    old, c.value = c.value, _number(v)
    c.value_range = None
    return old


def _set_status_quo(s, ids, v):
    from accord.scenario.rules import StatusQuo

    issue = s.issue(ids[0])
    old = None if issue.status_quo is None else issue.status_quo.value
    issue.status_quo = None if v is None else StatusQuo(value=v)
    return old


def _outside_setter(name):
    def setter(s, ids, v):
        from accord.scenario.model import OutsideOption

        opt = next((o for o in s.outside_options if o.actor == ids[0]), None)
        if opt is None:
            opt = OutsideOption(actor=ids[0])
            s.outside_options.append(opt)
        old = getattr(opt, name)
        setattr(opt, name, v)
        opt.ranges.pop(name, None)   # the analyst fixes the number: it no longer varies
        return old
    return setter


def _number(v):
    if v is None:
        raise AccordError("'none' removes a red line or a status quo; expected a number here")
    return v


for _name, _fn in (("position", _set_position), ("salience", _set_salience),
                   ("red_line", _set_red_line), ("capability", _set_capability)):
    register_setting("stance", _name, _fn)
register_setting("actor", "capability", _set_capability)
for _name in OUTSIDE_FIELDS:
    register_setting("actor", _name, _outside_setter(_name))
register_setting("issue", "status_quo", _set_status_quo)


def _set_credibility(s, ids, v):
    # every commitment on the issue (accord.scenario.commitments); imported when used
    from accord.scenario.commitments import set_issue_credibility

    return set_issue_credibility(s, ids, v)


register_setting("issue", "credibility", _set_credibility)


# --- parsing and applying ---------------------------------------------------------------------

def _value(text: str, raw: str):
    if raw.strip().lower() in ("none", "null", "-"):
        return None
    try:
        v = float(raw)
    except ValueError:
        raise AccordError(f"set {text}: {raw!r} is not a number; expected a number or "
                          "'none'") from None
    if not math.isfinite(v):
        raise AccordError(f"set {text}: {raw!r} is not finite; expected a real number")
    return v


def apply_settings(scenario, settings: Sequence[str]):
    """A copy of ``scenario`` with every ``TARGET.FIELD=VALUE`` applied, and the changes.

    Raises :class:`~accord.errors.AccordError` naming the setting for an unknown target or
    field, a value that is not a number, or a scenario the change makes invalid.
    """
    from accord.scenario.model import Scenario

    s = scenario.model_copy(deep=True)
    actors = {a.id for a in s.actors}
    issues = {i.id for i in s.issues}
    changes = []
    for text in settings:
        lhs, sep, raw = text.partition("=")
        parts = lhs.strip().split(".")
        if not sep or len(parts) not in (2, 3) or not all(parts):
            raise AccordError(f"set {text!r}: expected ACTOR.FIELD=VALUE, ACTOR.ISSUE.FIELD=VALUE "
                              "or ISSUE.FIELD=VALUE")
        value = _value(text, raw)
        if len(parts) == 3:
            kind, ids, name = "stance", tuple(parts[:2]), parts[2]
            if ids[0] not in actors:
                raise AccordError(f"set {text}: unknown actor {ids[0]!r}; expected one of: "
                                  f"{', '.join(sorted(actors))}")
            if ids[1] not in issues:
                raise AccordError(f"set {text}: unknown issue {ids[1]!r}; expected one of: "
                                  f"{', '.join(sorted(issues))}")
        elif parts[0] in actors:
            kind, ids, name = "actor", (parts[0],), parts[1]
        elif parts[0] in issues:
            kind, ids, name = "issue", (parts[0],), parts[1]
        else:
            raise AccordError(f"set {text}: {parts[0]!r} is neither an actor nor an issue; "
                              f"expected one of: {', '.join(sorted(actors | issues))}")
        setter = _SETTERS[kind].get(name)
        if setter is None:
            raise AccordError(f"set {text}: {name!r} cannot be set on {'an' if kind != 'stance' else 'a'} "
                              f"{kind}; expected one of: {', '.join(sorted(_SETTERS[kind]))}")
        try:
            old = setter(s, ids, value)
        except (ValueError, ScenarioError) as exc:
            raise AccordError(f"set {text}: {_first_line(exc)}") from None
        changes.append(Change(text, ".".join(ids), name, old, value))
    try:
        s = Scenario.model_validate(s.model_dump())
    except (ValueError, ScenarioError) as exc:
        raise AccordError(f"set {', '.join(settings)}: the changed scenario is not valid: "
                          f"{_first_line(exc)}") from None
    return s, changes


def _first_line(exc) -> str:
    text = str(exc)
    if hasattr(exc, "errors"):
        try:
            err = exc.errors()[0]
            msg = err["msg"].removeprefix("Value error, ")
            loc = ".".join(map(str, err["loc"]))
            return f"{loc}: {msg}" if loc else msg
        except Exception:
            pass
    return text.splitlines()[0]


# --- before and after ----------------------------------------------------------------------------

@dataclass
class WhatIf:
    """Two forecasts of one scenario, before and after the changes."""

    before: Any
    after: Any
    changes: list[Change] = field(default_factory=list)
    interventions: list[str] = field(default_factory=list)

    def differences(self) -> dict[str, Any]:
        """P(agreement), every issue's zone and status quo, every model's forecast: after − before."""
        b, a = self.before, self.after
        out: dict[str, Any] = {}
        if b.agreement is not None and a.agreement is not None:
            out["probability"] = a.agreement.probability - b.agreement.probability
            zones = {}
            for iid, wb in b.agreement.issues.items():
                wa = a.agreement.issues[iid]
                if (wb.zone, wb.blocking, wb.status_quo) != (wa.zone, wa.blocking, wa.status_quo):
                    zones[iid] = {"before": wb.to_dict(), "after": wa.to_dict()}
            out["issues"] = zones
        models = {}
        for name in a.results:
            if name not in b.results:
                continue
            row = {}
            for issue in a.scenario.issues:
                vb, va = b.value(name, issue.id), a.value(name, issue.id)
                if math.isfinite(vb) and math.isfinite(va) and va != vb:
                    row[issue.id] = va - vb
                elif math.isfinite(vb) != math.isfinite(va):
                    row[issue.id] = None
            models[name] = row
        out["forecasts"] = models
        return out

    def to_dict(self) -> dict[str, Any]:
        """``{"before": {"agreement", "forecasts"}, "after": {...}, "changes", "differences"}``."""
        def side(fc):
            d = fc.to_dict()
            return {"agreement": d.get("agreement"),
                    "forecasts": [{k: f[k] for k in ("model", "issue", "value", "converged",
                                                     "cycle") if k in f}
                                  for f in d["forecasts"]],
                    "line": fc.whether_line()}
        return {"scenario": self.before.scenario.id, "changes": [c.to_dict() for c in self.changes],
                "interventions": self.interventions, "before": side(self.before),
                "after": side(self.after), "differences": self.differences()}


def whatif(scenario, settings: Sequence[str], *, models=None, seed: int = 0,
           variants: int | None = None, fallback: str = "stated",
           interventions: Sequence[str] = (), simulate: bool = False) -> WhatIf:
    """Forecast ``scenario`` as it is and with ``settings`` applied (see the module docstring).

    ``interventions`` (``ROUND:PARTY.FIELD=VALUE``, as ``accord simulate --intervene``) change
    the simulated talks behind the time to agreement from a given round; they imply
    ``simulate``. Both forecasts use the same seed, so differences come from the changes only.
    """
    from accord.api import forecast
    from accord.scenario import load

    base = load(scenario)
    changed, changes = apply_settings(base, settings)
    simulate = simulate or bool(interventions)
    kw = dict(models=models, seed=seed, variants=variants, fallback=fallback, simulate=simulate)
    before = forecast(base, **kw)
    after = forecast(changed, **kw, interventions=tuple(interventions))
    return WhatIf(before, after, changes, list(interventions))


from accord._callable import make_callable  # noqa: E402

# ``accord.whatif(scenario, settings)``: importing this module sets it as the attribute
# ``accord.whatif``, so the module itself is the function (see accord/_callable.py).
make_callable(__name__, "whatif")
