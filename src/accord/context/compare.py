"""Two runs side by side: what changed in the inputs, and what it did to the forecasts.

:func:`scenario_diff` lists every number that differs between two versions of a scenario —
stance positions, saliences and ranges, capabilities, outside options, status quos — and the
actors, issues and stances added or removed, each in words. :func:`compare_context` puts two
stored runs together: their definitions, the forecast differences per model and issue (names
beside ids), and that diff.

>>> from accord.scenario.builtin import load_builtin
>>> a = load_builtin("ec-emissions-1994")
>>> b = a.model_copy(deep=True)
>>> b.stances[0].salience = 0.5
>>> [(d["what"], d["a"], d["b"]) for d in scenario_diff(a, b)]
[('Netherlands: salience on Years until the emission standards apply', 0.8, 0.5)]
"""

from __future__ import annotations

from typing import Any

_STANCE_FIELDS = ("position", "salience", "position_range", "salience_range", "red_line")
_OPTION_FIELDS = ("reservation", "win_probability", "cost", "per_period_win", "per_period_cost",
                  "discount", "ranges")


def _plain(v):
    if hasattr(v, "model_dump"):
        return v.model_dump(mode="json", exclude_none=True)
    if isinstance(v, tuple):
        return list(v)
    return v


def _row(what: str, kind: str, a, b) -> dict[str, Any]:
    a, b = _plain(a), _plain(b)
    diff = b - a if isinstance(a, (int, float)) and isinstance(b, (int, float)) \
        and not isinstance(a, bool) else None
    return {"what": what, "kind": kind, "a": a, "b": b, "difference": diff}


def scenario_diff(a, b) -> list[dict[str, Any]]:
    """Every input that differs between scenarios ``a`` and ``b`` (``a`` the earlier)."""
    names = {x.id: x.name for x in a.actors} | {x.id: x.name for x in b.actors}
    issues = {x.id: x.name for x in a.issues} | {x.id: x.name for x in b.issues}
    out: list[dict[str, Any]] = []
    for kind, xs, ys, label in (("actor", a.actors, b.actors, names),
                                ("issue", a.issues, b.issues, issues)):
        ia, ib = {x.id for x in xs}, {y.id for y in ys}
        out += [_row(f"{kind} {label[k]}", kind, None, "added") for k in sorted(ib - ia)]
        out += [_row(f"{kind} {label[k]}", kind, "present", "removed") for k in sorted(ia - ib)]
    sa = {(s.actor, s.issue): s for s in a.stances}
    sb = {(s.actor, s.issue): s for s in b.stances}
    for key in [k for k in sa if k in sb]:
        for f in _STANCE_FIELDS:
            va, vb = getattr(sa[key], f, None), getattr(sb[key], f, None)
            if va != vb:
                what = f"{names.get(key[0], key[0])}: {f.replace('_', ' ')} on " \
                       f"{issues.get(key[1], key[1])}"
                out.append(_row(what, "stance", va, vb))
    for key in [k for k in sb if k not in sa]:
        out.append(_row(f"{names.get(key[0], key[0])}: stance on {issues.get(key[1], key[1])}",
                        "stance", None, sb[key].position))
    for key in [k for k in sa if k not in sb]:
        out.append(_row(f"{names.get(key[0], key[0])}: stance on {issues.get(key[1], key[1])}",
                        "stance", sa[key].position, None))
    ca = {(c.actor, c.issue): c for c in a.capabilities}
    cb = {(c.actor, c.issue): c for c in b.capabilities}
    for key in ca.keys() | cb.keys():
        x, y = ca.get(key), cb.get(key)
        where = f" on {issues.get(key[1], key[1])}" if key[1] else ""
        what = f"{names.get(key[0], key[0])}: capability{where}"
        if x is None or y is None:
            out.append(_row(what, "capability", x and x.value, y and y.value))
            continue
        for f in ("value", "value_range"):
            if getattr(x, f) != getattr(y, f):
                out.append(_row(what + ("" if f == "value" else " range"), "capability",
                                getattr(x, f), getattr(y, f)))
    oa = {o.actor: o for o in a.outside_options}
    ob = {o.actor: o for o in b.outside_options}
    for key in oa.keys() | ob.keys():
        x, y = oa.get(key), ob.get(key)
        for f in _OPTION_FIELDS:
            va, vb = getattr(x, f, None) if x else None, getattr(y, f, None) if y else None
            if va != vb:
                out.append(_row(f"{names.get(key, key)}: outside option {f.replace('_', ' ')}",
                                "outside option", va, vb))
    ia = {i.id: i for i in a.issues}
    for i in b.issues:
        if i.id in ia:
            x, y = getattr(ia[i.id], "status_quo", None), getattr(i, "status_quo", None)
            if _plain(x) != _plain(y):
                out.append(_row(f"status quo on {i.name}", "issue", x, y))
    return sorted(out, key=lambda r: (r["kind"], r["what"]))


def compare_context(run_a, run_b, rows: list[dict], scenario_a=None,
                    scenario_b=None) -> dict[str, Any]:
    """Two stored runs: their definitions, forecast differences and the inputs that changed.

    ``rows`` are the forecast differences (:func:`accord.store.runs.compare_runs`);
    ``scenario_a`` and ``scenario_b`` the scenario versions the runs used (None when a version
    is no longer available: then no input diff).
    """
    issues: dict[str, str] = {}
    for s in (scenario_a, scenario_b):
        if s is not None:
            issues.update({i.id: i.name for i in s.issues})
    rows = [dict(r, issue_name=issues.get(r["issue"], r["issue"]))
            for r in rows]

    def meta(run) -> dict[str, Any]:
        return {"id": run.id, "kind": run.kind, "scenario": run.scenario_id,
                "version": run.scenario_version, "hash": run.scenario_hash,
                "models": run.models, "params": run.params, "seed": run.seed,
                "accord_version": run.accord_version, "created": run.created}

    inputs = None
    if scenario_a is not None and scenario_b is not None:
        inputs = scenario_diff(scenario_a, scenario_b)
    settings = [{"what": k, "a": meta(run_a)[k], "b": meta(run_b)[k]}
                for k in ("params", "seed", "accord_version", "models")
                if meta(run_a)[k] != meta(run_b)[k]]
    return {"a": meta(run_a), "b": meta(run_b), "same_scenario": run_a.scenario_hash ==
            run_b.scenario_hash, "rows": rows, "inputs_changed": inputs,
            "settings_changed": settings}
