"""The summary on top of every forecast: what the models agree on, where they part, how sure.

:func:`forecast_summary` reads an :class:`accord.api.Forecast` and says, per issue, the range
across the models, where each model lands in the scale's own words (models grouped by the
anchor nearest to their forecast), the status quo and the zone of agreement with who closes it,
and, for the scenario, the chance of agreement by the horizon and the models that did not
converge. ``accord forecast`` prints it first, the web scenario and forecast pages show it at
the top, the report opens with it, and ``accord forecast --format json`` carries it as
``"summary"``.

The whether fields (status quo, zone, P(agreement)) come from ``Forecast.agreement`` and the
convergence from ``Forecast.convergence``; a forecast without them (``whether=False``, or a
scenario that states no status quo) gives ``None`` there and the rest unchanged.

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


def forecast_summary(fc) -> dict[str, Any]:
    """The summary of a forecast (see the module docstring) as a JSON-able dict.

    Parameters
    ----------
    fc : accord.api.Forecast
        What :func:`accord.forecast` returned.

    Returns
    -------
    dict
        ``{"scenario", "title", "date", "agreement", "unstable", "issues", "lines"}``: the
        chance of agreement (``{"probability", "by", "line"}`` or None), the models and issues
        that did not converge, per issue its ``range`` across models, ``spread`` as a share of
        the scale, ``agree`` (spread ≤ 10 % of the scale), each model's value and nearest anchor,
        the models grouped by where they land (``where``), the status quo, zone and blocking
        actors (names); ``lines`` says each of these in one sentence.
    """
    from accord.context.names import actor_name

    s = fc.scenario
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
                     "anchor": _anchor(issue, f["value"]), "converged": converged}
            if converged is False:
                text = c.describe(k)
                entry["convergence"] = text
                unstable.append({"model": f["model"], "issue": issue.id, "text": text})
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
            "status_quo": None, "status_quo_anchor": None, "zone": None, "blocking": [],
            "headline": None}
        w = agreement.issues.get(issue.id) if agreement is not None else None
        if w is not None:
            item["status_quo"] = _r(w.status_quo)
            item["status_quo_anchor"] = _anchor(issue, w.status_quo)
            item["zone"] = None if w.zone is None else [_r(w.zone[0]), _r(w.zone[1])]
            item["blocking"] = [actor_name(s, a) for a in w.blocking]
            item["headline"] = w.headline or None
        issues.append(item)
    summary: dict[str, Any] = {
        "scenario": s.id, "title": s.title, "date": None if s.date is None else str(s.date),
        "models": list(fc.results), "agreement": None, "unstable": unstable, "issues": issues}
    if agreement is not None:
        summary["agreement"] = {
            "probability": _r(agreement.probability, 4),
            "by": None if agreement.by is None else agreement.by.isoformat(),
            "line": agreement.line() if hasattr(agreement, "line") else None}
    summary["lines"] = summary_lines(summary)
    return summary


def forecast_json(fc) -> dict[str, Any]:
    """What ``accord forecast --format json`` prints and a stored run keeps: the forecast's
    own dict (:meth:`accord.api.Forecast.to_dict`) with the summary added as ``"summary"``."""
    return {**fc.to_dict(), "summary": forecast_summary(fc)}


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
            text += f"; zone of agreement {_fmt(item['zone'][0])}–{_fmt(item['zone'][1])}."
        elif item["blocking"]:
            text += f"; no zone of agreement, closed by {', '.join(item['blocking'])}."
        else:
            text += "; no zone of agreement."
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
            f"{u['model']} on {names.get(u['issue'], u['issue'])} ({u['text']})"
            for u in summary["unstable"]))
    return lines
