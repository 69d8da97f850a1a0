"""Plotly figures (plain dicts, drawn by the plotly.js shipped with the package).

They are built from a forecast's JSON (``Forecast.to_dict()``, the text a stored run keeps),
so a page, a stored run and a report draw the same chart from the same numbers.
"""

from __future__ import annotations

import html
from typing import Any

from accord.scenario.model import Issue, Scenario

# Okabe–Ito: distinguishable for colour-blind readers.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]


def _t(text: str) -> str:
    """Scenario text for a chart label: plotly.js reads a few HTML tags in labels (``<a>``,
    ``<b>``, ``<br>``), so ``<``, ``>`` and ``&`` are written as entities, which it shows as the
    characters themselves."""
    return html.escape(str(text), quote=False)


def _r(x: float | None) -> float | None:
    # Three decimals are finer than any chart can show, and keep the page small.
    return None if x is None else round(x, 3)


def _layout(title: str, issue: Issue, **extra) -> dict[str, Any]:
    layout = {"title": {"text": title, "font": {"size": 14}},
              "margin": {"l": 60, "r": 20, "t": 40, "b": 40},
              "height": extra.pop("height", 320), "showlegend": True,
              "legend": {"orientation": "h", "y": -0.2},
              "paper_bgcolor": "white", "plot_bgcolor": "#fafafa"}
    layout.update(extra)
    return layout


def positions_figure(scenario: Scenario, issue: Issue, forecasts: list[dict]) -> dict[str, Any]:
    """Actors' positions on the issue (marker size: salience) and each model's forecast."""
    stances = [st for st in scenario.stances if st.issue == issue.id]
    names = [_t(scenario.actor(st.actor).name) for st in stances]
    ys = list(range(len(stances)))
    data: list[dict[str, Any]] = [{
        "type": "scatter", "mode": "markers", "name": "actors",
        "x": [st.position for st in stances], "y": ys,
        "text": [f"{n}: position {st.position:g}, salience {st.salience:g}"
                 for n, st in zip(names, stances)],
        "hoverinfo": "text",
        "marker": {"size": [8 + 16 * st.salience for st in stances], "color": "#555",
                   "opacity": 0.8}}]
    top = len(stances) - 0.5
    for k, f in enumerate(x for x in forecasts if x.get("value") is not None):
        data.append({"type": "scatter", "mode": "lines", "name": f"{f['model']}: {f['value']:.2f}",
                     "x": [f["value"], f["value"]], "y": [-0.5, top], "hoverinfo": "name",
                     "line": {"color": PALETTE[k % len(PALETTE)], "width": 2, "dash": "dash"}})
    ticks = [{"x": a.value, "label": a.label} for a in issue.anchors]
    layout = _layout(f"{_t(issue.name)}: positions and forecasts", issue,
                     height=max(260, 60 + 26 * len(stances)),
                     xaxis={"range": [issue.low, issue.high], "zeroline": False,
                            "tickvals": [t["x"] for t in ticks] or None,
                            "ticktext": [f"{t['x']:g}" for t in ticks] or None},
                     yaxis={"tickvals": ys, "ticktext": names, "range": [-0.7, top + 0.2],
                            "zeroline": False, "automargin": True})
    return {"data": data, "layout": layout}


def rounds_figure(scenario: Scenario, issue: Issue, forecast: dict) -> dict[str, Any]:
    """One iterative model on one issue: each actor's position by round, and the median."""
    rounds = forecast["rounds"]
    xs = list(range(len(rounds)))
    data: list[dict[str, Any]] = []
    for a in scenario.actors:
        if scenario.stance(a.id, issue.id) is None:
            continue  # no stance: the model carries a placeholder position, not a view
        ys = [_r(r["positions"].get(a.id)) for r in rounds]
        data.append({"type": "scatter", "mode": "lines", "name": _t(a.name), "x": xs, "y": ys,
                     "line": {"width": 1}, "opacity": 0.7})
    data.append({"type": "scatter", "mode": "lines+markers", "name": "weighted median",
                 "x": xs, "y": [_r(r.get("median")) for r in rounds],
                 "line": {"width": 3, "color": "#000"}})
    layout = _layout(f"{_t(issue.name)}: {forecast['model']} round by round", issue,
                     xaxis={"title": {"text": "round"}, "dtick": 1},
                     yaxis={"range": [issue.low, issue.high], "title": {"text": "position"}})
    return {"data": data, "layout": layout}


def issue_figures(scenario: Scenario, result: dict) -> list[dict[str, Any]]:
    """Per issue: its forecasts, the positions chart and one rounds chart per iterative model."""
    by_issue: dict[str, list[dict]] = {}
    for f in result.get("forecasts", []):
        by_issue.setdefault(f["issue"], []).append(f)
    out = []
    for issue in scenario.issues:
        forecasts = by_issue.get(issue.id, [])
        out.append({"issue": issue, "forecasts": forecasts,
                    "positions": positions_figure(scenario, issue, forecasts),
                    "rounds": [rounds_figure(scenario, issue, f) for f in forecasts
                               if f.get("rounds")]})
    return out


def deal_utilities_figure(analysis: dict) -> dict[str, Any]:
    """Each solution's utility for every party, with the party's reservation value.

    ``analysis`` is ``accord.deals.solutions.DealAnalysis.to_dict()``.
    """
    parties = analysis["parties"]
    names = [_t(n) for n in (analysis.get("party_names") or parties)]
    data: list[dict[str, Any]] = []
    for k, (name, sol) in enumerate(analysis["solutions"].items()):
        if sol is None:
            continue
        data.append({"type": "bar", "name": name.replace("_", " "), "x": names,
                     "y": [_r(sol["utility"][p]) for p in parties],
                     "marker": {"color": PALETTE[k % len(PALETTE)]}})
    data.append({"type": "scatter", "mode": "markers", "name": "reservation (no deal)",
                 "x": names, "y": [_r(analysis["reservation"][p]) for p in parties],
                 "marker": {"symbol": "line-ew-open", "size": 28, "color": "#000",
                            "line": {"width": 3}}})
    return {"data": data, "layout": {
        "title": {"text": "Utility of each deal to each party", "font": {"size": 14}},
        "barmode": "group", "height": 340, "margin": {"l": 50, "r": 20, "t": 40, "b": 60},
        "yaxis": {"range": [0, 1.05], "title": {"text": "utility"}},
        "legend": {"orientation": "h", "y": -0.25}, "paper_bgcolor": "white",
        "plot_bgcolor": "#fafafa"}}


def histogram_figure(output: dict) -> dict[str, Any]:
    """The distribution of one ensemble output (``summary["outputs"][k]``)."""
    edges = output["histogram"]["edges"]
    mids = [_r((a + b) / 2) for a, b in zip(edges, edges[1:])]
    data = [{"type": "bar", "x": mids, "y": output["histogram"]["counts"], "name": "variants",
             "marker": {"color": PALETTE[0]}, "width": (edges[1] - edges[0]) * 0.95}]
    title = _t(output.get("issue") or output["output"])
    return {"data": data, "layout": {
        "title": {"text": f"{title}: distribution over the ensemble", "font": {"size": 14}},
        "height": 260, "margin": {"l": 50, "r": 20, "t": 40, "b": 40}, "showlegend": False,
        "xaxis": {"range": [output["low"], output["high"]]}, "bargap": 0.02,
        "paper_bgcolor": "white", "plot_bgcolor": "#fafafa"}}


def tornado_figure(output: str, base: float | None, rows: list[dict], top: int = 10) -> dict[str, Any]:
    """One output's tornado: the forecast with each input at the low and the high end of its range."""
    rows = rows[:top][::-1]  # plotly draws the first bar at the bottom
    labels = [_t(r["input"]) for r in rows]
    b = base if base is not None else 0.0
    data = [
        {"type": "bar", "orientation": "h", "name": "input at its low end", "y": labels,
         "x": [_r((r["at_low"] or b) - b) for r in rows], "base": _r(b),
         "marker": {"color": PALETTE[0]}},
        {"type": "bar", "orientation": "h", "name": "input at its high end", "y": labels,
         "x": [_r((r["at_high"] or b) - b) for r in rows], "base": _r(b),
         "marker": {"color": PALETTE[1]}},
    ]
    return {"data": data, "layout": {
        "title": {"text": f"{_t(output)}: what moves it (base {b:.2f})", "font": {"size": 14}},
        "barmode": "overlay", "height": 80 + 26 * len(rows),
        "margin": {"l": 60, "r": 20, "t": 40, "b": 40}, "yaxis": {"automargin": True},
        "legend": {"orientation": "h", "y": -0.15}, "paper_bgcolor": "white",
        "plot_bgcolor": "#fafafa"}}
