"""``accord report``: one self-contained HTML file with the same content as the web pages."""

from __future__ import annotations

import html as htmllib
import re
import textwrap

import pytest

import accord
from accord.cli import main
from accord.report import render_report, report_plotly_js_path
from accord.scenario.builtin import builtin_ids

EC = "ec-emissions-1994"
TALKS = "ukraine-talks-2026-01"


def run_cli(*args) -> None:
    with pytest.raises(SystemExit) as exc:
        main(list(args))
    assert exc.value.code == 0


@pytest.fixture(scope="module")
def ec_report(tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("report") / "report.html"
    run_cli("report", EC, "-o", str(out))
    return out.read_text(encoding="utf-8")


def test_report_is_self_contained(ec_report):
    # Nothing is fetched: no external script, stylesheet, image or frame.
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", ec_report)
    assert "<style>" in ec_report and "--accent" in ec_report
    plotly_head = report_plotly_js_path().read_text(encoding="utf-8")[:120]
    assert "plotly.js (basic - minified)" in plotly_head
    assert ec_report.count(plotly_head) == 1               # plotly.js inlined, once
    assert "Plotly.newPlot" in ec_report                   # and the script that draws charts


def test_report_charts_need_only_the_basic_bundle():
    """The report inlines plotly.js's basic bundle, which draws bar, pie and scatter traces
    only (its README, shipped beside it): every chart of both built-in reports must be one."""
    from accord.report.charts import issue_figures
    from accord.report.content import deals_content, forecast_content

    for sid in (EC, TALKS):
        s = accord.load(sid)
        figures = []
        for issue in issue_figures(s, forecast_content(s).result):
            figures += [issue["positions"], *issue["rounds"]]
        deals = deals_content(s)
        if deals.figure:
            figures.append(deals.figure)
        types = {trace.get("type", "scatter") for fig in figures for trace in fig["data"]}
        assert types <= {"bar", "pie", "scatter"}, (sid, types)


def test_each_source_is_described_once():
    s = accord.load(TALKS)
    html = render_report(s)
    cited = {s.evidence_item(e.id).source for e in s.evidence}
    assert html.count('class="provenance') == len(cited)
    for source in cited:
        assert html.count(f'id="src-{source}"') == 1
        assert f'href="#src-{source}"' in html


def test_report_has_scenario_evidence_and_forecasts(ec_report):
    assert "EC car emission standards (Bueno de Mesquita 1994)" in ec_report
    assert ec_report.count('<tr class="stance"') == 10
    assert 'id="ev-scholz2011-table1"' in ec_report
    assert "Table 1: capability, position and salience of the ten EC member states" in ec_report
    # The weighted mean 7.38996 (models.md §1) and the weighted median 7 (hand calculation in
    # tests/models/test_baseline.py), as the forecast table shows them.
    assert re.search(r'<tr data-model="compromise">.*?<td class="num">7\.39</td>', ec_report)
    assert re.search(r'<tr data-model="median">.*?<td class="num">7\.00</td>', ec_report)
    figures = re.findall(r'<script type="application/json" data-plotly="[^"]+">', ec_report)
    assert len(figures) >= 1


def test_report_and_web_page_share_the_stance_rows(ec_report, tmp_path):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    from accord.web.app import create_app

    page = TestClient(create_app(tmp_path / "a.db"), base_url="http://127.0.0.1").get(
        f"/scenarios/{EC}").text

    def cells(html: str) -> list[tuple[str, str]]:
        rows = re.findall(r'<tr class="stance" data-actor="([^"]+)".*?style="left: ([0-9.]+)%"',
                          html, re.S)
        return rows

    assert cells(page) == cells(ec_report) and len(cells(page)) == 10


def test_report_of_the_talks_shows_the_german_quote_in_its_source():
    if TALKS not in builtin_ids():
        pytest.skip("the 2026 talks are not packaged yet")
    s = accord.load(TALKS)
    html = render_report(s)
    marks = [htmllib.unescape(m) for m in re.findall(r"<mark>(.*?)</mark>", html, re.S)]
    assert any("Kremlsprecher Dmitri Peskow" in m for m in marks)
    assert "Viktoriya Limbach" in html            # translator of the Portnikov commentary


def _deals_section(html: str) -> str:
    return html.split('<h2 id="deals">Deals</h2>', 1)[1].split('<h2 id="evidence">', 1)[0]


def test_report_of_the_talks_has_the_deals_section_of_the_web_page(tmp_path):
    if TALKS not in builtin_ids():
        pytest.skip("the 2026 talks are not packaged yet")
    pytest.importorskip("accord.deals.solutions")
    from markupsafe import escape

    from accord.deals.solutions import analyse
    from accord.deals.space import OutcomeSpace

    out = tmp_path / "talks.html"
    run_cli("report", TALKS, "-o", str(out), "-m", "median")
    html = out.read_text(encoding="utf-8")
    # Still self-contained with the deals chart in it: nothing is loaded from a URL.
    # (plotly.js, inlined, holds "href=" strings of its own: look at the markup around it.)
    markup = re.sub(r"(<script[^>]*>).*?(</script>)", r"\1\2", html, flags=re.S)
    assert not re.search(r"<(script|link|img|iframe)\b[^>]*\b(src|href)=", markup)
    assert 'src="http' not in markup and "<link" not in markup

    section = _deals_section(html)
    # The verdict and the Nash deal, computed here straight from accord.deals.
    s = accord.load(TALKS)
    space = OutcomeSpace.from_scenario(s)
    analysis = analyse(space)
    verdict = "no" if analysis.zone.is_empty else "yes"
    assert f"<strong>Zone of agreement: {verdict}</strong>" in section
    assert str(escape(analysis.headline())) in section
    # On 30 January 2026 the red lines on the Donbas cross (Russia ≥ 50, Ukraine ≤ 25): no zone,
    # so no deal table; the reservations and where they come from are still shown.
    assert verdict == "no" and analysis.solutions["nash"].outcome is None
    assert "no zone on Donbas territory: Russia&#39;s red line ≥ 50, Ukraine&#39;s red line ≤ 25" \
        in section
    assert '<table class="deals">' not in section and '<table class="reservations">' in section
    assert 'data-plotly="chart-deals"' not in section     # no deal to chart

    # Drawn by the same partial as the web deals page: the same tables, cell for cell.
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    from accord.web.app import create_app

    page = TestClient(create_app(tmp_path / "a.db"), base_url="http://127.0.0.1").get(
        f"/scenarios/{TALKS}/deals").text
    for cls in ("reservations",):
        pattern = rf'<table class="{cls}">.*?</table>'
        assert re.search(pattern, page, re.S).group(0) == re.search(pattern, section, re.S).group(0)
    zone = r'<p id="zone".*?</p>'
    assert re.search(zone, page, re.S).group(0) == re.search(zone, section, re.S).group(0)


def test_report_notes_in_one_line_when_deals_are_unavailable(monkeypatch):
    from accord.report import content

    monkeypatch.setattr(content, "deals_available", lambda: False)
    html = render_report(accord.load(EC), models=["median"])
    section = _deals_section(html)
    assert '<p class="muted" id="deals-skipped">Deal analysis is not available' in section
    assert 'id="zone"' not in section and "<table" not in section


def test_report_escapes_text_from_the_scenario(tmp_path):
    probe = tmp_path / "xss.yaml"
    probe.write_text(textwrap.dedent("""\
        id: xss-probe
        title: "<script>alert(1)</script>"
        sources: [{id: s1, title: "<b>x</b>", url: "javascript:alert(2)"}]
        evidence: [{id: e1, source: s1, quote: "<img src=x onerror=alert(3)>"}]
        actors: [{id: a, name: "<svg onload=alert(4)>"}, {id: b, name: B}]
        issues: [{id: x, name: "</script><script>alert(5)</script>"}]
        stances:
          - {actor: a, issue: x, position: 20, salience: 1.0, evidence: [e1]}
          - {actor: b, issue: x, position: 80, salience: 0.5}
        capabilities: [{actor: a, value: 1.0}, {actor: b, value: 2.0}]
        """), encoding="utf-8")
    out = tmp_path / "xss.html"
    run_cli("report", str(probe), "-o", str(out))
    html = out.read_text(encoding="utf-8")
    body = html.split("<main>")[1]
    assert "<script>alert" not in body and "<img src=x" not in body and "<svg onload" not in body
    assert 'href="javascript:' not in html
    assert "&lt;img src=x onerror=alert(3)&gt;" in body
    # Inside the chart JSON, "</script>" cannot close the element (nor is it a tag).
    assert "\\u0026lt;/script\\u0026gt;\\u0026lt;script\\u0026gt;alert(5)" in body


def test_report_reads_the_stored_version_with_db(tmp_path):
    from accord.store import Store
    from accord.store import scenarios as stored

    db = tmp_path / "accord.db"
    store = Store(db)
    s = accord.load(EC)
    s.stances[8].salience = 0.0           # Denmark
    with store.connection() as conn:
        stored.save_version(conn, s, origin="builtin", expected_version=0)
    store.close()
    out = tmp_path / "edited.html"
    run_cli("report", EC, "--db", str(db), "-o", str(out))
    html = out.read_text(encoding="utf-8")
    assert "version 1" in html
    # Without Denmark: (Σcsx − 0.05·1·4) / (Σcs − 0.05) = (5.003 − 0.2) / (0.677 − 0.05)
    # = 4.803 / 0.627 = 7.660…
    assert re.search(r'<tr data-model="compromise">.*?<td class="num">7\.66</td>', html)
