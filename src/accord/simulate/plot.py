"""Each party's utility over the rounds of a simulated negotiation, as a plotly figure.

HTML output is self-contained: plotly.js is inlined from the installed ``plotly`` package, so the
file opens without a network. PNG output uses plotly's static-image engine (``kaleido``) when it
is installed, else a screenshot of the same self-contained page in a headless Chromium or Chrome
found on the PATH; with neither, the error says so.
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
              # the legend under the axis title, not over it
              "legend": {"orientation": "h", "yanchor": "top", "y": -0.18, "x": 0},
              "height": 520, "margin": {"l": 60, "r": 20, "t": 50, "b": 140},
              "paper_bgcolor": "white", "plot_bgcolor": "#fafafa"}
    return {"data": data, "layout": layout}


def _html(fig, modebar: bool = True) -> str:
    import plotly.io as pio

    return pio.to_html(fig, include_plotlyjs=True, full_html=True,
                       config={"displaylogo": False, "displayModeBar": modebar})


def _browser() -> str | None:
    import shutil

    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _png_with_browser(fig, path: Path, browser: str, width: int, height: int) -> None:
    """Screenshot of the self-contained page in a headless Chromium (no network needed)."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "plot.html"
        page.write_text(_html(fig, modebar=False), encoding="utf-8")
        cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
               f"--user-data-dir={tmp}", "--virtual-time-budget=5000",
               f"--window-size={width},{height}", f"--screenshot={path.resolve()}",
               page.as_uri()]
        done = subprocess.run(cmd, capture_output=True, timeout=120)
        if done.returncode != 0 or not path.exists():
            raise AccordError(f"--plot {path}: {browser} could not render the PNG (exit "
                              f"{done.returncode}); expected a .html file instead")


def write_plot(sim, path: "str | Path", title: str | None = None) -> Path:
    """Write the figure to ``path``: ``.html`` (self-contained) or ``.png`` (with plotly's
    ``kaleido`` if installed, else a screenshot of the page in a headless Chromium/Chrome found
    on the PATH)."""
    import plotly.graph_objects as go

    path = Path(path)
    fig = go.Figure(utility_figure(sim, title))
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        path.write_text(_html(fig), encoding="utf-8")
        return path
    if suffix == ".png":
        width, height = 1000, 520
        try:
            import kaleido  # noqa: F401
        except ImportError:
            browser = _browser()
            if browser is None:
                raise AccordError(f"--plot {path}: PNG output needs the 'kaleido' package or a "
                                  "Chromium/Chrome browser, and neither is installed; expected "
                                  "a .html file (self-contained)") from None
            if path.exists():
                path.unlink()
            _png_with_browser(fig, path, browser, width, height)
            return path
        fig.write_image(str(path), format="png", width=width, height=height)
        return path
    raise AccordError(f"--plot {path}: unknown file type {path.suffix!r}; expected .html or .png")
