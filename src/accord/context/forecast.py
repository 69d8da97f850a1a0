"""The summary on top of every forecast: what the models agree on, where they part, how sure.

:func:`forecast_summary` reads an :class:`accord.api.Forecast` and says, per issue, the range
across the models, where each model lands in the scale's own words (models grouped by the
anchor nearest to their forecast), the status quo and the zone of agreement with who closes it,
and, for the scenario, the chance of agreement by the horizon and the models that did not
converge. ``accord forecast`` prints it first, the web scenario and forecast pages show it at
the top, the report opens with it, and ``accord forecast --format json`` carries it as
``"summary"``.

The whether facts are computed once, in the library (:mod:`accord.whether`, issue 13), and only
read here: P(agreement by the horizon) and the whether line (:meth:`accord.api.Forecast.
whether_line`: the issues without a zone with who blocks them and their red lines, the models
that did not converge), each issue's status quo, zone, blocking actors and headline
(``Forecast.agreement``), each model's convergence and cycle (``Forecast.convergence``). The
summary's first line is that whether line. A forecast without them (``whether=False``) gives
``None`` there and the rest unchanged. The JSON contract of issue 13 (``"agreement"``, and
``converged`` / ``cycle`` on every forecast entry) is the forecast's own dict; the summary is
added beside it.

>>> import accord
>>> s = forecast_summary(accord.forecast("ec-emissions-1994", models=["compromise", "median"]))
>>> i = s["issues"][0]
>>> i["name"], i["range"], [g["models"] for g in i["where"]]
('Years until the emission standards apply', [7.0, 7.38996], [['median', 'compromise']])
"""

from __future__ import annotations

import math
from typing import Any

#: Models whose forecasts lie within this share of the scale's width "agree".
AGREE_SHARE = 0.10


def _r(x: float | None, digits: int = 5) -> float | None:
    if x is None or not math.isfinite(x):
        return None
    return round(float(x), digits)


def _fmt(x: float | None) -> str:
    return "—" if x is None else f"{x:.1f}".rstrip("0").rstrip(".")


def _convergence(fc, model: str):
    """The model's convergence per issue, when the forecast reports it (issue 13)."""
    assess = getattr(fc, "convergence", None)
    if assess is None:
        return None
    try:
        return assess(model)
    except Exception:  # noqa: BLE001 - a model without rounds has nothing to assess
        return None


def _anchor(issue, value: float | None) -> dict[str, Any] | None:
    if value is None or not issue.anchors:
        return None
    a = min(issue.anchors, key=lambda a: abs(a.value - value))
    return {"value": a.value, "label": a.label}


def _where(issue, forecasts: list[dict]) -> list[dict[str, Any]]:
    """Models grouped by the anchor nearest their forecast, lowest anchor first."""
    groups: dict[Any, dict[str, Any]] = {}
    for f in sorted(forecasts, key=lambda f: (f["value"] is None, f["value"] or 0.0)):
        if f["value"] is None:
            continue
        anchor = _anchor(issue, f["value"])
        key = anchor["value"] if anchor else None
        g = groups.setdefault(key, {"anchor": anchor, "models": [], "low": f["value"],
                                    "high": f["value"]})
        g["models"].append(f["model"])
        g["low"] = min(g["low"], f["value"])
        g["high"] = max(g["high"], f["value"])
    return list(groups.values())


def _where_text(where: list[dict[str, Any]]) -> str:
    parts = []
    for g in where:
        span = _fmt(g["low"]) if g["low"] == g["high"] else f"{_fmt(g['low'])}–{_fmt(g['high'])}"
        place = f"near “{g['anchor']['label']}” ({g['anchor']['value']:g})" if g["anchor"] \
            else "no anchor"
        parts.append(f"{', '.join(g['models'])} {span}, {place}")
    return "; ".join(parts)


def _why(issue, item: dict[str, Any]) -> str | None:
    """The library's headline for an issue without the issue's name, for a row that already
    names it: "Russia's red line ≥ 50, Ukraine's red line ≤ 25" (no zone), "within every red
    line (no package while another issue is closed)" (a zone), "decided by X alone"."""
    if item["decided_by"]:
        return f"decided by {item['decided_by']} alone"
    from accord.whether.winset import zone_text as words

    text = item["headline"] or ""
    if item["zone"] is None:
        prefix = f"no zone on {issue.name}"
    else:   # the zone as the headline wrote it (IssueZone.headline), open ends in words
        prefix = f"zone on {issue.name}: " + words(*item["zone"], *(item["zone_closed"]
                                                                   or (True, True)))
    if text.startswith(prefix):
        text = text[len(prefix):].lstrip(": ").strip()
    if text.startswith("under ") and ": " in text:   # "under qualified majority: a blocking…"
        rule, _, rest = text.partition(": ")
        text = f"{rule}, {rest}"
    return text or None


#: Marks of the notes that several issues' zones share, in order.
NOTE_MARKS = ("*", "†", "‡", "§")


def _zone_notes(issues: list[dict[str, Any]]) -> list[dict[str, str]]:
    """A reason that several issues' zones share ("within every red line (no package while
    another issue is closed)") is said once, under the table: each such issue gets its
    ``note`` mark, and the note its text."""
    counts: dict[str, int] = {}
    for i in issues:
        if i["zone"] is not None and i["why"]:
            counts[i["why"]] = counts.get(i["why"], 0) + 1
    shared = [why for why, n in counts.items() if n > 1][:len(NOTE_MARKS)]
    notes = []
    for mark, why in zip(NOTE_MARKS, shared):
        for i in issues:
            if i["zone"] is not None and i["why"] == why:
                i["note"] = mark
        notes.append({"mark": mark, "text": why[:1].upper() + why[1:]})
    return notes


def _by_model(unstable: list[dict[str, Any]], issues: list[dict[str, Any]]
              ) -> list[dict[str, Any]]:
    """The models that did not converge, each with its issues and what happened there."""
    names = {i["id"]: i["name"] for i in issues}
    out: dict[str, dict[str, Any]] = {}
    for u in unstable:
        out.setdefault(u["model"], {"model": u["model"], "issues": []})["issues"].append(
            {"issue": u["issue"], "name": names.get(u["issue"], u["issue"]), "why": u["why"]})
    return list(out.values())


def forecast_summary(fc, data: dict[str, Any] | None = None) -> dict[str, Any]:
    """The summary of a forecast (see the module docstring) as a JSON-able dict.

    Parameters
    ----------
    fc : accord.api.Forecast
        What :func:`accord.forecast` returned.
    data : dict, optional
        ``fc.to_dict()`` when the caller has it already (:func:`forecast_json`): building it
        is most of the summary's cost.

    Returns
    -------
    dict
        ``{"scenario", "title", "date", "agreement", "unstable", "issues", "lines"}``: the
        chance of agreement (``{"probability", "by", "line", "method"}`` or None; ``line`` is
        the whether line), the models and issues that did not converge, per issue its ``range``
        across models, ``spread`` as a share of the scale, ``agree`` (spread ≤ 10 % of the
        scale), each model's value, nearest anchor, convergence and cycle, the models grouped by
        where they land (``where``), the status quo, zone, blocking actors (names), the
        library's ``headline`` and ``why`` (the headline without the issue's name: the red
        lines that close it); ``zone_notes`` holds a ``why`` several zones share, said once
        (each such issue has its ``note`` mark); ``unstable_by_model`` groups what did not
        converge by model; ``lines`` says each of these in one sentence.
    """
    from accord.context.names import actor_name

    s = fc.scenario
    if data is None:
        data = fc.to_dict()
    agreement = getattr(fc, "agreement", None)
    by_issue: dict[str, list[dict]] = {}
    for f in data["forecasts"]:
        by_issue.setdefault(f["issue"], []).append(f)
    conv = {m: _convergence(fc, m) for m in fc.results}
    unstable = []
    issues = []
    for k, issue in enumerate(s.issues):
        forecasts = []
        for f in by_issue.get(issue.id, []):
            c = conv.get(f["model"])
            converged = None if c is None else bool(c.converged[k])
            entry = {"model": f["model"], "value": _r(f["value"]),
                     "anchor": _anchor(issue, f["value"]), "converged": converged,
                     "cycle": None if c is None else c.cycle(k)}
            if f["value"] is None:   # a status-quo model on an issue that states none
                entry["note"] = "no status quo stated" if issue.status_quo is None \
                    else "no forecast"
            if converged is False:
                text = c.describe(k)
                entry["convergence"] = text
                unstable.append({"model": f["model"], "issue": issue.id, "text": text,
                                 "why": text.removeprefix("did not converge: ")})
            forecasts.append(entry)
        values = [f["value"] for f in forecasts if f["value"] is not None]
        lo, hi = (min(values), max(values)) if values else (None, None)
        width = issue.high - issue.low
        spread = None if lo is None or width <= 0 else _r((hi - lo) / width, 4)
        item: dict[str, Any] = {
            "id": issue.id, "name": issue.name, "low": issue.low, "high": issue.high,
            "range": None if lo is None else [_r(lo), _r(hi)], "spread": spread,
            "agree": None if spread is None else spread <= AGREE_SHARE,
            "forecasts": forecasts, "where": _where(issue, forecasts),
            "status_quo": None, "status_quo_anchor": None, "zone": None, "zone_closed": None,
            "blocking": [],
            "headline": None, "decided_by": None, "why": None}
        w = agreement.issues.get(issue.id) if agreement is not None else None
        if w is not None:
            item["status_quo"] = _r(w.status_quo)
            item["status_quo_anchor"] = _anchor(issue, w.status_quo)
            item["zone"] = None if w.zone is None else [_r(w.zone[0]), _r(w.zone[1])]
            # which ends belong to the zone: the report prints an end left out in words
            # ("above 0 to 100", docs/whether.md); ``zone`` stays the two numbers
            item["zone_closed"] = None if w.zone is None else list(w.zone_closed)
            item["blocking"] = [actor_name(s, a) for a in w.blocking]
            # the headline and the line are written with names already (whether.agreement):
            # replacing ids in them again turned DEU's "stands at the status quo" into "stands
            # Austria the status quo" (Austria's id is "at")
            item["headline"] = w.headline or None
            item["decided_by"] = None if w.decided_by is None else actor_name(s, w.decided_by)
            item["why"] = _why(issue, item)
        issues.append(item)
    summary: dict[str, Any] = {
        "scenario": s.id, "title": s.title, "date": None if s.date is None else str(s.date),
        "models": list(fc.results), "agreement": None, "unstable": unstable,
        "unstable_by_model": _by_model(unstable, issues), "issues": issues,
        "zone_notes": _zone_notes(issues)}
    if agreement is not None:
        summary["agreement"] = {
            "probability": _r(agreement.probability, 4),
            "by": None if agreement.by is None else agreement.by.isoformat(),
            "line": fc.whether_line(), "method": agreement.method or None}
    summary["lines"] = summary_lines(summary)
    return summary


def forecast_json(fc) -> dict[str, Any]:
    """What ``accord forecast --format json`` prints and a stored run keeps: the forecast's
    own dict (:meth:`accord.api.Forecast.to_dict`) with the summary added as ``"summary"``."""
    data = fc.to_dict()
    return {**data, "summary": forecast_summary(fc, data)}


def zone_text(zone, closed=None) -> str:
    """A zone in words: "none", one point ("50"), "lo–hi", or with an end left out in words
    ("above 0 to 100": :func:`accord.whether.winset.zone_text`; ``closed`` as the summary's
    ``zone_closed``)."""
    from accord.whether.winset import zone_text as words

    if zone is None:
        return "none"
    return words(zone[0], zone[1], *(closed or (True, True)), num=_fmt)


def issue_line(item: dict[str, Any]) -> str:
    """One issue of the summary in one sentence."""
    if item["range"] is None:
        return f"{item['name']}: no model gives a forecast."
    lo, hi = item["range"]
    scale = f"{item['low']:g}–{item['high']:g}"
    head = (f"{item['name']}: the models agree at {_fmt(lo)}" if lo == hi else
            f"{item['name']}: models range {_fmt(lo)}–{_fmt(hi)} on {scale}"
            + (" (they agree)" if item["agree"] else ""))
    text = f"{head} — {_where_text(item['where'])}."
    if item["status_quo"] is not None:
        sq = item["status_quo_anchor"]
        text += f" Status quo {_fmt(item['status_quo'])}" + (f" (“{sq['label']}”)" if sq else "")
        if item["zone"] is not None:
            text += f"; zone of agreement {zone_text(item['zone'], item.get('zone_closed'))}"
        else:
            text += "; no zone of agreement"
        text += f": {item['why']}." if item["why"] else "."
    return text


def summary_lines(summary: dict[str, Any]) -> list[str]:
    """The summary as sentences: the chance of agreement, each issue, what did not converge."""
    lines = []
    a = summary.get("agreement")
    if a is not None:
        lines.append(a.get("line") or
                     f"P(agreement by {a['by'] or 'the horizon'}) = {a['probability']:.0%}")
    lines += [issue_line(i) for i in summary["issues"]]
    if summary["unstable"]:
        names = {i["id"]: i["name"] for i in summary["issues"]}
        lines.append("Did not converge: " + "; ".join(
            f"{u['model']} on {names.get(u['issue'], u['issue'])} ({u['why']})"
            for u in summary["unstable"]))
    return lines


def outcome_class_families(fc) -> list[dict[str, Any]]:
    """The forecast's outcome classes (:meth:`accord.api.Forecast.outcome_classes`: a class
    gets P(agreement) when the model's forecast lies in it, ``no-agreement`` gets 1 − P) in the
    scenario's families (:func:`accord.context.ensemble.outcome_families`), so that each table
    sums to 100 % per model: ``[{"about", "classes": [{"id", "label", "by_model"}]}]``, each
    family ending with the no-agreement row. Empty without the whether or without classes.
    """
    from accord.api import NO_AGREEMENT
    from accord.context.ensemble import outcome_families

    probs = fc.outcome_classes()
    s = fc.scenario
    if not probs or not s.outcome_classes:
        return []
    names = {i.id: i.name for i in s.issues}
    out = []
    for family in outcome_families(s.outcome_classes):
        issues: list[str] = []
        for oc in family:
            issues += [k for k in oc.ranges if k not in issues]
        rows = [{"id": oc.id, "label": oc.label,
                 "by_model": {m: probs[m][oc.id] for m in probs}} for oc in family]
        rows.append({"id": NO_AGREEMENT, "label": "No agreement by the horizon",
                     "by_model": {m: probs[m][NO_AGREEMENT] for m in probs}})
        out.append({"about": ", ".join(names.get(i, i) for i in issues), "classes": rows})
    return out
