"""Each party's utility over the rounds of a simulated negotiation, as a plotly figure.

HTML output is self-contained: plotly.js is inlined from the installed ``plotly`` package, so the
file opens without a network. PNG output needs plotly's static-image engine (``kaleido``); when
it is not installed the error says so.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from accord.errors import AccordError
from accord.simulate.trace import OFFER

# Okabe–Ito, as in accord.report.charts: distinguishable for colour-blind readers.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]


def _clean(values) -> list[float | None]:
    return [None if not np.isfinite(v) else round(float(v), 6) for v in values]


def utility_figure(sim, title: str | None = None) -> dict[str, Any]:
    """Plotly figure (a plain dict) of a :class:`~accord.simulate.simulation.Simulation`.

    Solid lines: each party's utility of the outcome on the table after each round (the standing
    offer, or the mediator's text). Dotted lines: what each party demanded — the utility to
    itself of its own offer (alternating offers only). Dashed horizontals: reservation values in
    force at the end. A star marks the agreement.
    """
    b, sp = sim.batch, sim.space
    tr = b.trace
    R = sim.rounds_played
    xs = list(range(1, R + 1))
    names = [sp.name_of(p) for p in sp.party_ids]
    data: list[dict[str, Any]] = []
    for p, name in enumerate(names):
        colour = PALETTE[p % len(PALETTE)]
        data.append({"type": "scatter", "mode": "lines", "name": f"{name}: on the table",
                     "x": xs, "y": _clean(tr.table_utility[0, :R, p]),
                     "line": {"color": colour, "width": 2}, "legendgroup": name})
        if b.protocol == "alternating":
            own = np.full(R, np.nan)
            for s in range(R):
                if tr.actions[0, s, p] == OFFER:
                    own[s] = sim._utilities_at(s, int(tr.offers[0, s, p]))[p]
            data.append({"type": "scatter", "mode": "lines+markers", "name": f"{name}: own offer",
                         "x": xs, "y": _clean(own), "connectgaps": False,
                         "marker": {"size": 4}, "legendgroup": name,
                         "line": {"color": colour, "width": 1, "dash": "dot"}})
        data.append({"type": "scatter", "mode": "lines", "name": f"{name}: reservation",
                     "x": [1, max(R, 1)], "y": [float(tr.end_reservation[0, p])] * 2,
                     "legendgroup": name, "showlegend": False, "hoverinfo": "name+y",
                     "line": {"color": colour, "width": 1, "dash": "dash"}})
    if sim.agreement is not None:
        data.append({"type": "scatter", "mode": "markers", "name": "agreement",
                     "x": [R] * sp.n_parties, "y": _clean(sim.utilities),
                     "text": names, "hoverinfo": "text+y",
                     "marker": {"symbol": "star", "size": 14, "color": "#000"}})
    verdict = (f"agreement in round {R}" if sim.agreement is not None
               else f"no agreement after {R} rounds")
    heading = title or f"Utility by round ({b.protocol}, {verdict})"
    layout = {"title": {"text": heading, "font": {"size": 14}},
              "xaxis": {"title": {"text": "round"}, "range": [0.5, R + 0.5]},
              "yaxis": {"title": {"text": "utility"}, "range": [-0.02, 1.02]},
              "legend": {"orientation": "h", "y": -0.2}, "height": 480,
              "margin": {"l": 60, "r": 20, "t": 50, "b": 40},
              "paper_bgcolor": "white", "plot_bgcolor": "#fafafa"}
    return {"data": data, "layout": layout}


def write_plot(sim, path: "str | Path", title: str | None = None) -> Path:
    """Write the figure to ``path``: ``.html`` (self-contained) or ``.png``."""
    import plotly.graph_objects as go
    import plotly.io as pio

    path = Path(path)
    fig = go.Figure(utility_figure(sim, title))
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        html = pio.to_html(fig, include_plotlyjs=True, full_html=True,
                           config={"displaylogo": False})
        path.write_text(html, encoding="utf-8")
        return path
    if suffix == ".png":
        try:
            import kaleido  # noqa: F401
        except ImportError:
            raise AccordError(f"--plot {path}: PNG output needs the 'kaleido' package, which is "
                              "not installed; expected a .html file (self-contained) or "
                              "kaleido installed") from None
        fig.write_image(str(path), format="png", width=1000, height=520)
        return path
    raise AccordError(f"--plot {path}: unknown file type {path.suffix!r}; expected .html or .png")
