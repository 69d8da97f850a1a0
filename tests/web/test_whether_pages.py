"""The whether on the web: the forecast and scenario pages open with it, the what-if page
compares before and after, and the HTML report carries it at the top."""

from __future__ import annotations

import html as htmllib
import re


def text(response) -> str:
    """The page's text: tags dropped, entities decoded, white space collapsed."""
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", response.text)).split())


LINE = "P(agreement by 2026-12-31) = 0%; no zone on Donbas territory: Russia's red line ≥ 50, " \
    "Ukraine's red line ≤ 25"


def test_forecast_and_scenario_pages_show_the_whether_line(client):
    page = text(client.get("/scenarios/ukraine-talks-2026-01/forecast"))
    assert LINE in page
    assert "unstable: cycles between 15 and 85" in page        # the EUM on the guarantees
    overview = text(client.get("/scenarios/ukraine-talks-2026-01"))
    assert LINE in overview


def test_whatif_page_compares_before_and_after(client):
    r = client.get("/scenarios/ukraine-talks-2026-01/whatif",
                   params={"set": "russia.donbas.red_line=none"})
    assert r.status_code == 200
    page = text(r)
    assert "Before: " + LINE in page
    assert "After: P(agreement by 2026-12-31) = 100%" in page
    assert "zone 0.0–25.0" in page      # Ukraine's red line alone bounds the Donbas
    bad = client.get("/scenarios/ukraine-talks-2026-01/whatif",
                     params={"set": "russia.donbass.red_line=1"})
    assert bad.status_code == 422 and "unknown issue &#39;donbass&#39;" in bad.text
    assert client.get("/scenarios/ukraine-talks-2026-01/whatif").status_code == 200


def test_report_opens_with_the_whether(tmp_path):
    from accord.report import render_report
    from accord.scenario import load

    raw = render_report(load("ukraine-talks-2026-01"), models=["compromise", "eum"])
    html = " ".join(htmllib.unescape(raw).split())
    assert LINE in html
    assert html.index(LINE) < html.index('id="forecasts"')
