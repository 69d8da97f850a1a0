"""``accord report``: one self-contained HTML file about a scenario.

The file inlines the stylesheet, plotly.js and the small chart script, so it opens anywhere
without a network. The charts are scatter and bar traces only, so the report carries plotly.js's
*basic* bundle (scatter, bar, pie: 1.1 MB, MIT, shipped in ``report/assets``) rather than the
full 4.9 MB one the web pages load from the ``plotly`` package
(``benchmarks/bench_report.py`` prints the size). It reads in the order an analyst
asks: a one-screen summary (:func:`accord.context.forecast.forecast_summary` — where the models
land, the status quo, the chance of agreement, what did not converge — with the deal and trade
headlines), a contents list, every model's forecast, the uncertainty (ensembles run when the
report is made, their size stated), deals, trades, one simulated negotiation, the scenario, and
the sources — each source's provenance once, its quotes under it. Its body is made of the same
partials as the web pages (``report/templates/_*.html``).

>>> html = render_report(__import__("accord").load("ec-emissions-1994"), variants=0)
>>> "<script src=" in html, "Plotly" in html, "Years until the emission standards apply" in html
(False, True, True)
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup

from accord._version import __version__
from accord.report.charts import issue_figures
from accord.report.content import (deals_content, forecast_content, simulation_content,
                                   trades_content, uncertainty_content)
from accord.report.templating import TEMPLATES, environment
from accord.scenario.model import Scenario

__all__ = ["plotly_js_path", "report_plotly_js_path", "render_report", "write_report"]

ASSETS = Path(__file__).parent / "assets"


def plotly_js_path() -> Path:
    """plotly.min.js as shipped inside the installed ``plotly`` Python package."""
    import importlib.util

    spec = importlib.util.find_spec("plotly")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the plotly package is not installed; it ships plotly.min.js")
    return Path(list(spec.submodule_search_locations)[0]) / "package_data" / "plotly.min.js"


def report_plotly_js_path() -> Path:
    """plotly.js's basic bundle (scatter, bar, pie), the one the report inlines."""
    return ASSETS / "plotly-basic.min.js"


def _inline(path: Path, tag: str) -> Markup:
    # Inside <script> or <style>, only "</script" or "</style" ends the element; break it up
    # wherever it occurs.
    text = path.read_text(encoding="utf-8")
    return Markup(re.sub(rf"</({tag})", r"<\\/\1", text, flags=re.I))


@lru_cache(maxsize=1)
def _assets() -> tuple[Markup, Markup, Markup]:
    return (_inline(TEMPLATES / "accord.css", "style"),
            _inline(report_plotly_js_path(), "script"),
            _inline(TEMPLATES / "accord.js", "script"))


def render_report(scenario: Scenario, *, version: int | None = None, seed: int = 0,
                  models: list[str] | None = None, variants: int = 2000,
                  ensemble_models: list[str] | None = None) -> str:
    """The report as one HTML string.

    ``variants`` sets the size of the uncertainty section's ensembles (one per model of
    ``ensemble_models``, default compromise and eum; 0 leaves the section out).
    """
    from accord.report.sources import source_views

    content = forecast_content(scenario, seed=seed, models=models)
    summary = content.summary
    deals = deals_content(scenario)
    trades = trades_content(scenario)
    agreement = content.forecast.agreement
    uncertainty = uncertainty_content(
        scenario, variants, ensemble_models, seed,
        whether=None if agreement is None else {"agreement": agreement.to_dict(),
                                                "method": agreement.method})
    simulation = simulation_content(scenario, seed) if deals.analysis else None
    css, plotly_js, accord_js = _assets()
    return environment().get_template("report.html").render(
        scenario=scenario, version=version, base="", interactive=False,
        result=content.result, errors=content.errors, summary=summary,
        summary_extra=summary_lines_extra(deals, trades, uncertainty, summary),
        figures=issue_figures(scenario, content.result), sources=source_views(scenario),
        deals=deals, trades=trades, uncertainty=uncertainty, simulation=simulation,
        css=css, plotly_js=plotly_js, accord_js=accord_js, accord_version=__version__,
        generated=dt.date.today().isoformat())


def summary_lines_extra(deals, trades, uncertainty, summary=None) -> list[str]:
    """The summary's last lines: the deal verdict (unless the whether line above already says
    it), the best trade, the likeliest outcome class of each family under the first
    ensemble."""
    lines = []
    said = ((summary or {}).get("agreement") or {}).get("line") or ""
    if deals.analysis:
        z = deals.analysis["zone_of_agreement"]
        if not (z["explanation"] and z["explanation"] in said):
            lines.append(f"Deals: zone of agreement {'yes' if z['exists'] else 'no'} — "
                         f"{z['explanation']}")
    if trades:
        lines.append(f"Best trade: {trades[0]['text']}")
    if uncertainty.ensembles:
        e = uncertainty.ensembles[0]
        for f in e["families"]:
            top = max(f["classes"], key=lambda c: c["probability"] or 0.0)
            joint = top.get("probability_with_agreement")
            lines.append(f"{f['about']}: if the parties agree, most likely “{top['label']}” "
                         f"under {e['run']['model']} ({top['probability']:.0%} of "
                         f"{e['variants']:,} variants, conditional on the model"
                         + (")" if joint is None else
                            f"; {joint:.0%} once read with P(agreement))"))
    return lines


def write_report(scenario: Scenario, path: str | Path, **kwargs) -> Path:
    """Write the report to ``path`` (via a temporary file, so a failure leaves no half file)."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(render_report(scenario, **kwargs), encoding="utf-8")
    tmp.replace(path)
    return path
