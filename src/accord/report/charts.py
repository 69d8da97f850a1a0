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

# Each model keeps one colour and one dash pattern on every chart, and no two models share
# either: Okabe–Ito's most distinct hues (not its sky blue beside blue, nor its yellow, which
# vanishes on white), then greys. A model not listed takes the next free pair.
MODEL_STYLES = {
    "compromise": ("#0072B2", "solid"), "median": ("#D55E00", "dash"),
    "eum": ("#009E73", "dot"), "exchange": ("#CC79A7", "dashdot"),
    "nash": ("#E69F00", "longdash"), "smp": ("#000000", "longdashdot"),
}
_SPARE_STYLES = [("#56B4E9", "solid"), ("#7F7F7F", "dash"), ("#882255", "dot"),
                 ("#44AA99", "dashdot"), ("#999933", "longdash"), ("#332288", "longdashdot")]


def model_style(model: str, order: list[str] | None = None) -> tuple[str, str]:
    """(colour, dash) of a model, the same on every chart.

    >>> model_style("eum")
    ('#009E73', 'dot')
    """
    if model in MODEL_STYLES:
        return MODEL_STYLES[model]
    others = [m for m in (order or [model]) if m not in MODEL_STYLES]
    k = others.index(model) if model in others else 0
    return _SPARE_STYLES[k % len(_SPARE_STYLES)]


def padded_range(low: float, high: float, share: float = 0.04) -> list[float]:
    """The scale with a margin on each side, so that markers at its ends are drawn whole."""
    pad = share * (high - low)
    return [low - pad, high + pad]


def legend_below() -> dict[str, Any]:
    """A horizontal legend under the x axis and its title, never over them."""
    return {"orientation": "h", "yanchor": "top", "y": -0.3, "x": 0, "xanchor": "left"}


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
              "margin": {"l": 60, "r": 20, "t": 40, "b": 110},
              "height": extra.pop("height", 380), "showlegend": True,
              "legend": legend_below(), "paper_bgcolor": "white", "plot_bgcolor": "#fafafa"}
    layout.update(extra)
    return layout


def positions_figure(scenario: Scenario, issue: Issue, forecasts: list[dict]) -> dict[str, Any]:
    """Actors' positions on the issue (marker size: salience) and each model's forecast."""
    stances = [st for st in scenario.stances if st.issue == issue.id]
    names = [_t(scenario.actor(st.actor).name) for st in stances]
    ys = list(range(len(stances)))
    data: list[dict[str, Any]] = [{
        "type": "scatter", "mode": "markers", "name": "actors (size: salience)",
        "x": [st.position for st in stances], "y": ys, "cliponaxis": False,
        "text": [f"{n}: position {st.position:g}, salience {st.salience:g}"
                 for n, st in zip(names, stances)],
        "hoverinfo": "text",
        "marker": {"size": [8 + 16 * st.salience for st in stances], "color": "#555",
                   "opacity": 0.8}}]
    top = len(stances) - 0.5
    order = [f["model"] for f in forecasts]
    for f in (x for x in forecasts if x.get("value") is not None):
        colour, dash = model_style(f["model"], order)
        data.append({"type": "scatter", "mode": "lines", "name": f"{f['model']}: {f['value']:.2f}",
                     "x": [f["value"], f["value"]], "y": [-0.5, top], "hoverinfo": "name",
                     "line": {"color": colour, "width": 2.5, "dash": dash}})
    ticks = [{"x": a.value, "label": a.label} for a in issue.anchors]
    layout = _layout(f"{_t(issue.name)}: positions and forecasts", issue,
                     height=max(300, 150 + 26 * len(stances)),
                     xaxis={"range": padded_range(issue.low, issue.high), "zeroline": False,
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
    k = 0
    for a in scenario.actors:
        if scenario.stance(a.id, issue.id) is None:
            continue  # no stance: the model carries a placeholder position, not a view
        ys = [_r(r["positions"].get(a.id)) for r in rounds]
        data.append({"type": "scatter", "mode": "lines", "name": _t(a.name), "x": xs, "y": ys,
                     "line": {"width": 1.5, "color": PALETTE[k % len(PALETTE)]},
                     "opacity": 0.8, "cliponaxis": False})
        k += 1
    data.append({"type": "scatter", "mode": "lines+markers", "name": "weighted median",
                 "x": xs, "y": [_r(r.get("median")) for r in rounds], "cliponaxis": False,
                 "line": {"width": 3, "color": "#000"}, "marker": {"size": 5}})
    # A tick per round when there are few; else about ten whole-numbered ones (SMP runs to
    # a hundred turns, and a tick per turn is unreadable).
    xaxis = {"title": {"text": "round", "standoff": 8}, "range": padded_range(0, max(xs[-1], 1)),
             "tickformat": "d", "zeroline": False}
    if len(xs) <= 12:
        xaxis["dtick"] = 1
    else:
        xaxis["nticks"] = 10
    layout = _layout(f"{_t(issue.name)}: {forecast['model']} round by round", issue,
                     xaxis=xaxis,
                     yaxis={"range": padded_range(issue.low, issue.high),
                            "title": {"text": "position"}, "zeroline": False})
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
        "barmode": "group", "height": 400, "margin": {"l": 50, "r": 20, "t": 40, "b": 130},
        "yaxis": {"range": [0, 1.05], "title": {"text": "utility"}},
        "legend": legend_below(), "paper_bgcolor": "white",
        "plot_bgcolor": "#fafafa"}}


def histogram_figure(output: dict, label: str | None = None) -> dict[str, Any]:
    """The distribution of one ensemble output (``summary["outputs"][k]``), titled with
    ``label`` (the issue's name) when given."""
    edges = output["histogram"]["edges"]
    mids = [_r((a + b) / 2) for a, b in zip(edges, edges[1:])]
    data = [{"type": "bar", "x": mids, "y": output["histogram"]["counts"], "name": "variants",
             "marker": {"color": PALETTE[0]}, "width": (edges[1] - edges[0]) * 0.95}]
    title = _t(label or output.get("issue") or output["output"])
    return {"data": data, "layout": {
        "title": {"text": f"{title}: distribution over the ensemble", "font": {"size": 14}},
        "height": 260, "margin": {"l": 50, "r": 20, "t": 40, "b": 40}, "showlegend": False,
        "xaxis": {"range": padded_range(output["low"], output["high"])}, "bargap": 0.02,
        "paper_bgcolor": "white", "plot_bgcolor": "#fafafa"}}


def tornado_figure(output: str, base: float | None, rows: list[dict], top: int = 10,
                   labels: dict[str, str] | None = None) -> dict[str, Any]:
    """One output's tornado: the forecast with each input at the low and the high end of its
    range. ``labels`` gives inputs and the output in words (``accord.context.names``)."""
    labels = labels or {}
    rows = rows[:top][::-1]  # plotly draws the first bar at the bottom
    output = labels.get(output, output)
    labels = [_t(labels.get(r["input"], r["input"])) for r in rows]
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
        "barmode": "overlay", "height": 150 + 26 * len(rows),
        "margin": {"l": 60, "r": 20, "t": 40, "b": 80}, "yaxis": {"automargin": True},
        "legend": legend_below(), "paper_bgcolor": "white", "plot_bgcolor": "#fafafa"}}


def ensemble_ranges_figure(context: dict) -> dict[str, Any]:
    """Every issue's forecast distribution in one chart: the 5–95 % and 25–75 % ranges as
    bars, the median as a mark (an ensemble's ``ensemble_context``, outputs with labels)."""
    outputs = context["outputs_named"][::-1]  # plotly draws the first row at the bottom
    labels = [_t(o["label"]) for o in outputs]
    q = [o["quantiles"] for o in outputs]
    colour, _ = model_style(context["run"]["model"])
    data = [
        {"type": "bar", "orientation": "h", "name": "5–95 %", "y": labels,
         "base": [_r(x["p5"]) for x in q], "x": [_r(x["p95"] - x["p5"]) for x in q],
         "marker": {"color": colour, "opacity": 0.3}, "hoverinfo": "skip"},
        {"type": "bar", "orientation": "h", "name": "25–75 %", "y": labels,
         "base": [_r(x["p25"]) for x in q], "x": [_r(x["p75"] - x["p25"]) for x in q],
         "marker": {"color": colour, "opacity": 0.7}, "hoverinfo": "skip"},
        {"type": "scatter", "mode": "markers", "name": "median", "y": labels,
         "x": [_r(x["p50"]) for x in q], "cliponaxis": False,
         "marker": {"symbol": "line-ns-open", "size": 18, "color": "#000", "line": {"width": 3}}},
    ]
    lows = [o["low"] for o in outputs] or [0.0]
    highs = [o["high"] for o in outputs] or [1.0]
    return {"data": data, "layout": {
        "title": {"text": f"{_t(context['run']['model'])}: forecast ranges over "
                          f"{context['variants']:,} variants", "font": {"size": 14}},
        "barmode": "overlay", "height": 170 + 30 * len(outputs),
        "margin": {"l": 60, "r": 20, "t": 40, "b": 90},
        "xaxis": {"range": padded_range(min(lows), max(highs)), "zeroline": False},
        "yaxis": {"automargin": True}, "legend": legend_below(),
        "paper_bgcolor": "white", "plot_bgcolor": "#fafafa"}}


def compare_figure(context: dict) -> dict[str, Any]:
    """Two runs' forecasts, model by model per issue: run a as circles, run b as diamonds,
    a line between them where they differ (``accord.context.compare.compare_context``)."""
    rows = [r for r in context["rows"] if r["a"] is not None or r["b"] is not None][::-1]
    labels = [_t(f"{r['issue_name']} · {r['model']}") for r in rows]
    a, b = context["a"]["id"], context["b"]["id"]
    link_x: list[float | None] = []
    link_y: list[str | None] = []
    for r, label in zip(rows, labels):
        if r["a"] is not None and r["b"] is not None and r["a"] != r["b"]:
            link_x += [_r(r["a"]), _r(r["b"]), None]
            link_y += [label, label, None]
    data = [
        {"type": "scatter", "mode": "lines", "x": link_x, "y": link_y, "showlegend": False,
         "hoverinfo": "skip", "line": {"color": "#999", "width": 2}},
        {"type": "scatter", "mode": "markers", "name": f"run {a}", "y": labels,
         "x": [_r(r["a"]) for r in rows], "cliponaxis": False,
         "marker": {"symbol": "circle-open", "size": 13, "color": PALETTE[0],
                    "line": {"width": 2}}},
        {"type": "scatter", "mode": "markers", "name": f"run {b}", "y": labels,
         "x": [_r(r["b"]) for r in rows], "cliponaxis": False,
         "marker": {"symbol": "diamond", "size": 8, "color": PALETTE[1]}},
    ]
    return {"data": data, "layout": {
        "title": {"text": f"Forecasts: run {a} and run {b}", "font": {"size": 14}},
        "height": 150 + 22 * len(rows), "margin": {"l": 60, "r": 20, "t": 40, "b": 90},
        # every row in the table's order (plotly would order categories as traces meet them)
        "yaxis": {"automargin": True, "categoryorder": "array", "categoryarray": labels,
                  "dtick": 1},
        "xaxis": {"zeroline": False},
        "legend": legend_below(), "paper_bgcolor": "white", "plot_bgcolor": "#fafafa"}}
