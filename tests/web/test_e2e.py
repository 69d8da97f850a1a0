"""The workbench in headless Chromium: what an analyst clicks, against a real server.

Runs Debian's /usr/bin/chromium through Playwright with a fresh profile; the server is the
real app under uvicorn on a free loopback port with a temporary store. Every request the
browser makes is checked to stay on that port. Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

import accord
from accord.scenario.builtin import builtin_ids

pytestmark = pytest.mark.e2e

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
TALKS = "ukraine-talks-2026-01" if "ukraine-talks-2026-01" in builtin_ids() else "ec-emissions-1994"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-quic"]

if not CHROMIUM.exists():
    pytest.skip("end-to-end tests need Debian's chromium at /usr/bin/chromium "
                "(apt-get install chromium)", allow_module_level=True)
playwright_api = pytest.importorskip("playwright.sync_api")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn

    from accord.web.app import create_app

    app = create_app(tmp_path_factory.mktemp("store") / "accord.db")
    port = free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)
    app.state.store.close()


@pytest.fixture(scope="module")
def context(tmp_path_factory):
    profile = tmp_path_factory.mktemp("chromium-profile")
    with playwright_api.sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), headless=True, args=ARGS,
            viewport={"width": 1300, "height": 1000})
        yield ctx
        ctx.close()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def page(context, server):
    """A tab whose requests may only go to the server; anything else fails the test."""
    elsewhere: list[str] = []

    def guard(route):
        if route.request.url.startswith(server + "/") or route.request.url.startswith("data:"):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    pg = context.new_page()
    pg.route("**/*", guard)
    violations: list[str] = []
    # Script errors and CSP refusals fail the test; the browser's note about a 4xx response
    # (a validation message the test provokes) does not.
    pg.on("console", lambda m: violations.append(m.text)
          if m.type == "error" and "Failed to load resource" not in m.text else None)
    pg.on("pageerror", lambda e: violations.append(str(e)))
    dialogs: list[str] = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.dialogs = dialogs
    yield pg
    pg.close()
    assert not elsewhere, f"requests left the machine: {elsewhere}"
    assert not dialogs, f"a script ran: {dialogs}"
    assert not violations, f"errors in the page: {violations}"


def shot(pg, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


def quoted_stance():
    """A stance of the built-in whose first cited evidence has a packaged source text."""
    s = accord.load(TALKS)
    for st in s.stances:
        for eid in st.evidence:
            ev = s.evidence_item(eid)
            if s.source(ev.source).file:
                return s, st, ev
    return s, s.stances[0], s.evidence_item(s.stances[0].evidence[0])


def row(pg, actor: str, issue: str):
    return pg.locator(f'tr.stance[data-actor="{actor}"][data-issue="{issue}"]')


def test_stance_table_and_forecast_chart(page, server):
    page.goto(f"{server}/scenarios/{TALKS}")
    s = accord.load(TALKS)
    assert page.locator("tr.stance").count() == len(s.stances)
    assert page.locator("#forecast-summary td.forecast-value").count() > 0
    shot(page, "scenario")
    page.goto(f"{server}/scenarios/{TALKS}/forecast")
    # charts are drawn as they scroll into view; the whether section comes first on the page
    page.locator(".chart").first.scroll_into_view_if_needed()
    page.wait_for_selector(".chart svg.main-svg")
    assert page.locator(".chart[data-drawn]").count() >= 1
    shot(page, "forecast")


def test_evidence_opens_with_the_quote_highlighted_in_its_source(page, server):
    s, st, ev = quoted_stance()
    page.goto(f"{server}/scenarios/{TALKS}")
    row(page, st.actor, st.issue).locator("button.value").first.click()
    mark = page.locator("#evidence-panel mark").first
    mark.wait_for()
    assert " ".join(mark.inner_text().split()) == " ".join(ev.quote.split())
    if TALKS.startswith("ukraine"):
        # The seed texts are German translations; the quote is shown in German.
        assert re.search(r"[äöüßÄÖÜ]|\b(der|die|das|und)\b", mark.inner_text())
        assert "Reposted by" in page.locator("#evidence-panel").inner_text()
    page.locator("#evidence-panel mark").first.scroll_into_view_if_needed()
    shot(page, "evidence")


def _summary_values(pg) -> list[str]:
    return pg.locator("#forecast-summary td.forecast-value").all_inner_texts()


def test_edit_salience_shows_errors_then_changes_the_forecast(page, server):
    s = accord.load(TALKS)
    st = next(x for x in s.stances if x.salience_range is None or
              x.salience_range[0] < x.salience)
    new = st.salience_range[0] if st.salience_range else round(st.salience / 2, 3)
    page.goto(f"{server}/scenarios/{TALKS}")
    before = _summary_values(page)
    r = row(page, st.actor, st.issue)
    r.locator("button.edit").click()
    editing = page.locator(f'tr.stance.editing[data-actor="{st.actor}"][data-issue="{st.issue}"]')
    editing.locator('input[name="salience"]').fill("1.7")
    editing.locator("button.save").click()
    error = editing.locator('input[name="salience"] ~ .field-error')
    error.wait_for()
    assert "salience" in error.inner_text() and "1.7" in error.inner_text()
    shot(page, "edit-error")
    editing.locator('input[name="salience"]').fill(str(new))
    editing.locator("button.save").click()
    page.locator(f'tr.stance:not(.editing)[data-actor="{st.actor}"][data-issue="{st.issue}"]'
                 ).wait_for()
    page.wait_for_function("v => document.getElementById('scenario-version').value !== v",
                           arg="0")
    after = _summary_values(page)
    assert after != before
    assert page.locator("#scenario-version").get_attribute("value") == "1"
    shot(page, "edited")
    page.reload()
    assert _summary_values(page) == after     # stored, not just shown


def test_malformed_upload_shows_the_located_error(page, server):
    page.goto(f"{server}/scenarios")
    page.set_input_files('input[name="file"]', files=[{
        "name": "bad.yaml", "mimeType": "text/yaml",
        "buffer": b"id: bad\ntitle: Bad\nactors:\n  - {id: a, name: A}\nissues: 7\n"}])
    page.locator("#import-form button[type=submit]").click()
    error = page.locator("#import-error")
    error.wait_for()
    assert error.inner_text().startswith("bad.yaml:5: issues")
    shot(page, "import-error")


def test_xss_probe_renders_as_text(page, server, xss_yaml):
    page.goto(f"{server}/scenarios")
    page.set_input_files('input[name="file"]', files=[{
        "name": "xss.yaml", "mimeType": "text/yaml", "buffer": xss_yaml.encode()}])
    page.locator("#import-form button[type=submit]").click()
    page.locator("#import-ok a").click()
    page.wait_for_url(f"{server}/scenarios/xss-probe")
    assert "<script>alert('title')</script>" in page.locator("h1").inner_text()
    row(page, "a", "x").locator("button.value").first.click()
    page.locator("#evidence-panel .quote").wait_for()
    assert page.locator("#evidence-panel .quote").inner_text().startswith("<img src=x onerror=")
    page.goto(f"{server}/scenarios/xss-probe/forecast")
    page.wait_for_selector(".chart svg.main-svg")
    shot(page, "xss-probe")
    # The page fixture fails the test if any alert() ran.


def test_a_stored_run_reopens(page, server):
    page.goto(f"{server}/scenarios/{TALKS}/forecast")
    page.locator("#store-run button").click()
    page.wait_for_url(re.compile(r".*/runs/\d+$"))
    page.wait_for_selector(".chart svg.main-svg")
    shot(page, "run")
    stored = page.request.get(page.url + ".json")
    data = json.loads(stored.body())
    assert data["scenario"] == TALKS
    assert page.request.get(page.url + ".json").body() == stored.body()
    page.goto(f"{server}/runs")
    assert page.locator("table.runs tbody tr").count() >= 1
    shot(page, "runs")


def test_compare_two_runs_and_the_other_pages(page, server):
    page.goto(f"{server}/scenarios")
    shot(page, "scenarios")
    token = page.locator('#import-form input[name="csrf_token"]').get_attribute("value")
    ids = []
    for seed in (0, 1):   # stored through the same form the forecast page posts
        r = page.request.post(f"{server}/scenarios/{TALKS}/runs", max_redirects=0,
                              form={"version": "0", "seed": str(seed), "csrf_token": token})
        assert r.status == 303
        ids.append(int(r.headers["location"].rsplit("/", 1)[1]))
    page.goto(f"{server}/runs")
    page.select_option('select[name="a"]', str(ids[0]))
    page.select_option('select[name="b"]', str(ids[1]))
    page.locator('form[action="/runs/compare"] button').click()
    page.wait_for_url(re.compile(r".*/runs/compare\?a=\d+&b=\d+$"))
    assert page.locator("table.comparison tbody tr").count() > 0
    shot(page, "compare")
    page.goto(f"{server}/scenarios/{TALKS}/deals")
    assert page.locator("#not-available, #zone").count() == 1
    shot(page, "deals")
    page.goto(f"{server}/scenarios/{TALKS}/ensemble?model=compromise&n=200")
    if page.locator("#not-run").count():  # a GET computes nothing: Run posts the form
        page.locator("#ensemble-form button").click()
        page.wait_for_url(re.compile(r".*/ensemble\?model=compromise&n=200&seed=0$"))
    assert page.locator("#not-available, .ensemble-outputs, p.error").count() >= 1
    shot(page, "ensemble")
