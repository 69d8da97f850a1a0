"""``accord report`` as an analyst uses it: on each built-in, on a DEU proposal
(``FILE#PROPOSAL``) and on a scenario with unusual content. The page must open offline (the
HTML, parsed, loads nothing from a URL), and its numbers must be the CLI's: forecasts against
``accord forecast --format json`` and hand calculations, the uncertainty table against
``accord ensemble --format json``.
"""

from __future__ import annotations

import html as htmllib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from cli_helpers import cli
from shared_data import require_shared

from accord.scenario.builtin import builtin_ids

UNUSUAL = Path(__file__).with_name("unusual_scenario.yaml")
LONG = " ".join(["Übergangsregierung der nationalen Einheit und des Wiederaufbaus"] * 5)
# Attributes whose URL a browser loads when it shows the page (an <a href> is only followed
# when clicked, so it is a reference, not something the page loads).
LOADED = {"src", "srcset", "poster", "data", "background", "xlink:href"}


class _Loads(HTMLParser):
    """Every URL the page would fetch by itself: tag attributes, <link href>, CSS url() and
    @import (in <style> and style attributes), <meta http-equiv=refresh>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.in_style = tag == "style"
        for name, value in attrs.items():
            if value and (name in LOADED or (tag == "link" and name == "href")):
                self.urls += [u for u in re.split(r"[\s,]+", value) if _remote(u)]
        self._css(attrs.get("style") or "")
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "refresh":
            self.urls.append(attrs.get("content") or "")

    def handle_endtag(self, tag):
        if tag == "style":
            self.in_style = False

    def handle_data(self, data):
        if self.in_style:
            self._css(data)

    def _css(self, css: str) -> None:
        for m in re.finditer(r"url\(\s*['\"]?([^'\")]+)|@import\s+['\"]?([^'\";\s]+)", css):
            url = m.group(1) or m.group(2)
            if _remote(url) or m.group(2):
                self.urls.append(url)


def _remote(url: str) -> bool:
    return bool(re.match(r"\s*(https?:)?//", url, re.I))


def loaded_urls(page: str) -> list[str]:
    parser = _Loads()
    parser.feed(page)
    return parser.urls


def test_the_parser_finds_what_a_page_would_load():
    page = ('<link rel="stylesheet" href="https://cdn.example/x.css"><img src="//img.example/a.png">'
            '<style>@font-face{src:url("https://fonts.example/f.woff2")}</style>'
            '<div style="background:url(http://x.example/b.png)"></div>'
            '<a href="https://doi.org/10.1/2">a reference</a><script src="data:,1"></script>')
    assert loaded_urls(page) == ["https://cdn.example/x.css", "//img.example/a.png",
                                 "https://fonts.example/f.woff2", "http://x.example/b.png"]


def report(tmp_path, capsys, target: str, *flags: str) -> str:
    out = tmp_path / "report.html"
    code, _, err = cli(["report", target, "-o", str(out), *flags], capsys)
    assert code == 0, err
    return out.read_text(encoding="utf-8")


def text_of(page: str) -> str:
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", page, flags=re.S)
    return re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", body)))


def table_values(page: str, issue: str) -> dict[str, str]:
    """The forecast table of ``issue``: model id → the number shown."""
    section = page.split(f'id="forecast-{issue}"', 1)[1].split("</section>", 1)[0]
    return dict(re.findall(r'<tr data-model="([^"]+)"><td[^>]*>[^<]*</td>'
                           r'<td class="num">([^<]*)</td>', section))


@pytest.mark.parametrize("sid", sorted(builtin_ids()))
def test_each_builtin_report_opens_offline(sid, tmp_path, capsys):
    page = report(tmp_path, capsys, sid, "-n", "100")
    assert loaded_urls(page) == []
    assert "Plotly.newPlot" in page                       # the charts come with the page


def test_a_deu_proposal_report_is_offline_and_shows_the_cli_forecasts(tmp_path, capsys):
    deu = require_shared("data", "deu3", "deu3_train.tsv")
    target = f"{deu}#d00032"
    page = report(tmp_path, capsys, target)
    assert loaded_urls(page) == []
    code, out, err = cli(["forecast", target, "--format", "json"], capsys)
    assert code == 0, err
    forecasts = json.loads(out)["forecasts"]
    assert {f["issue"] for f in forecasts} == {f"d00032i{k}" for k in (1, 2, 3, 4)}
    for f in forecasts:
        shown = table_values(page, f["issue"])[f["model"]]
        assert shown == ("—" if f["value"] is None else f"{f['value']:.2f}"), f
    text = text_of(page)
    # The issue's name, "documents: issue d00032i1", holds its id: it is named once, not twice.
    # (under its rule: DEU issues are decided by qualified majority, docs/whether.md)
    assert "no zone on documents: issue d00032i1 under qualified majority:" in text
    assert "documents: issue documents: issue" not in text


def test_an_unusual_scenario_renders_offline_with_traced_numbers(tmp_path, capsys):
    page = report(tmp_path, capsys, str(UNUSUAL), "-n", "500", "--ensemble-model", "compromise")
    assert loaded_urls(page) == []
    text = text_of(page)
    for name in (LONG, "Южная коалиция 南方联盟 التحالف الجنوبي", "पूर्वी परिषद् 🕊️",
                 "Observer with no stance at all", "Reconstruction fund (no anchors)",
                 "我们不会让步。لن نتراجع"):
        assert name in text, name
    # Compromise = Σ cap·sal·x / Σ cap·sal, by hand:
    #   border: north 1.0·0.9 at 10, south 0.5·0.6 at 90, east 0.3·0.3 at 50, silent no stance
    #           (9 + 27 + 4.5) / 1.29 = 31.395…;  money: (0.5·20 + 0.4·70) / 0.9 = 42.222…
    # Weighted median on border: north alone holds 0.9 of 1.29, more than half: 10.
    border, money = table_values(page, "border"), table_values(page, "money")
    assert (border["compromise"], money["compromise"], border["median"]) == \
        ("31.40", "42.22", "10.00")
    # the issue without anchors has no nearest anchor; the one with anchors names it
    assert "North keeps everything 北方全部保留" in page.split('id="forecast-border"')[1][:3000]
    # The zone names the issue once: "Where the border runs" holds the id "border" (it read
    # "zone on Where the Where the border runs — 边界 — الحدود runs — 边界 — الحدود: 0–100").
    assert "Where the Where" not in text and text.count("Where the border runs") > 3
    # The uncertainty table is `accord ensemble` with the same seed and N (one decimal).
    code, out, err = cli(["ensemble", str(UNUSUAL), "--model", "compromise", "-n", "500",
                          "--seed", "0", "--format", "json", "--out", str(tmp_path / "e")],
                         capsys)
    assert code == 0, err
    unc = text_of(page.split('<h2 id="uncertainty">', 1)[1].split("<h2 ", 1)[0])
    for o in json.loads(out)["outputs"]:
        name = {"forecast[border]": "Where the border runs — 边界 — الحدود",
                "forecast[money]": "Reconstruction fund (no anchors)"}[o["output"]]
        q = o["quantiles"]
        row = " ".join(f"{v:.1f}" for v in (o["mean"], o["std"], q["p5"], q["p25"], q["p50"],
                                              q["p75"], q["p95"]))
        assert f"{name} {row}" in unc, (name, row)
