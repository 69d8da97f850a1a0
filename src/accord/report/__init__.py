"""``accord report``: one self-contained HTML file about a scenario.

The file inlines the stylesheet, plotly.js and the small chart script, so it opens anywhere
without a network. The charts are scatter and bar traces only, so the report carries plotly.js's
*basic* bundle (scatter, bar, pie: 1.1 MB, MIT, shipped in ``report/assets``) rather than the
full 4.9 MB one the web pages load from the ``plotly`` package — about 1.5 MB in all for the 2026
talks (``benchmarks/bench_report.py`` prints the size). Its body is made of the same
partials as the web pages (``report/templates/_*.html``); the deals section is the web deals
page's partial (``_deals.html``), shown when :mod:`accord.deals` is importable and the scenario
has a deal space (explicit or derived from its stances), else replaced by a one-line note.

>>> html = render_report(__import__("accord").load("ec-emissions-1994"))
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
from accord.report.content import deals_content, evidence_views, forecast_content
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
                  models: list[str] | None = None) -> str:
    """The report as one HTML string (about 1.5 MB for the 2026 talks, 1.1 MB of it plotly.js).

    Each source's provenance is listed once, under Sources; the evidence items link to it.
    """
    content = forecast_content(scenario, seed=seed, models=models)
    css, plotly_js, accord_js = _assets()
    evidence = evidence_views(scenario)
    sources = list({ev.source.id: ev for ev in evidence if ev.source}.values())
    return environment().get_template("report.html").render(
        scenario=scenario, version=version, base="", interactive=False,
        result=content.result, errors=content.errors,
        figures=issue_figures(scenario, content.result), evidence=evidence, sources=sources,
        deals=deals_content(scenario),
        css=css, plotly_js=plotly_js, accord_js=accord_js, accord_version=__version__,
        generated=dt.date.today().isoformat())


def write_report(scenario: Scenario, path: str | Path, **kwargs) -> Path:
    """Write the report to ``path`` (via a temporary file, so a failure leaves no half file)."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(render_report(scenario, **kwargs), encoding="utf-8")
    tmp.replace(path)
    return path
