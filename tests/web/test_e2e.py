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
    # the summary comes first; the charts are drawn as they scroll into view
    page.locator(".chart").first.scroll_into_view_if_needed()
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
    assert page.locator("#not-available, #ensemble-form, p.error").count() >= 1
    if page.locator("#not-run").count():  # a GET computes nothing: Run posts the form
        page.locator("#ensemble-form button").click()
        page.wait_for_url(re.compile(r".*/ensemble\?model=compromise&n=200&seed=0$"))
        page.locator(".ensemble-outputs, p.error").first.wait_for(timeout=120_000)
    assert page.locator("#not-available, .ensemble-outputs, p.error").count() >= 1
    shot(page, "ensemble")


# --- issue 16: the side panel, the quote in view, fresh versions, the new capabilities -------

def test_side_panel_shows_every_model_column_at_1280(page, server):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{server}/scenarios/{TALKS}")
    panel = page.locator(".panel")
    box = panel.bounding_box()
    headers = page.locator("#forecast-summary thead th")
    from accord.models import available_models

    assert headers.count() == len(available_models())
    for k in range(headers.count()):
        h = headers.nth(k).bounding_box()
        assert box["x"] <= h["x"] and h["x"] + h["width"] <= box["x"] + box["width"], \
            headers.nth(k).inner_text()
    # Nothing hidden to the side: the panel does not scroll horizontally.
    assert panel.evaluate("p => p.scrollWidth <= p.clientWidth")
    shot(page, "side-panel-1280")


def _far_quote():
    """A stance evidence item whose quote lies far into its packaged source text."""
    from accord.report.sources import evidence_view

    s = accord.load(TALKS)
    best = None
    for st in s.stances:
        if not st.evidence:
            continue
        v = evidence_view(s, st.evidence[0])
        if v.excerpt is not None and (best is None or len(v.excerpt.before) > best[2]):
            best = (st, v, len(v.excerpt.before))
    return best


def test_the_highlighted_quote_is_scrolled_into_view(page, server):
    found = _far_quote()
    if found is None:
        pytest.skip("no stance cites a packaged source text")
    st, view, _ = found
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{server}/scenarios/{TALKS}")
    row(page, st.actor, st.issue).locator("button.value").first.click()
    mark = page.locator("#evidence-panel .source-text mark").first
    mark.wait_for()
    page.wait_for_timeout(200)
    inside = mark.evaluate("""m => { const b = m.closest('.source-text').getBoundingClientRect();
                                      const r = m.getBoundingClientRect();
                                      return r.top >= b.top - 1 && r.top < b.bottom; }""")
    assert inside, "the quote is outside its scroll box"
    shot(page, "quote-in-view")
    # The evidence page on its own shows it too.
    page.goto(f"{server}/scenarios/{TALKS}/evidence/{view.id}")
    mark = page.locator(".source-text mark").first
    mark.wait_for()
    assert mark.evaluate("""m => { const b = m.closest('.source-text').getBoundingClientRect();
                                   const r = m.getBoundingClientRect();
                                   return r.top >= b.top - 1 && r.top < b.bottom; }""")


def test_the_version_shown_is_fresh_after_an_edit(page, server):
    s = accord.load(TALKS)
    page.goto(f"{server}/scenarios/{TALKS}")
    before = page.locator("#version-line").inner_text()
    versions_before = page.locator("#versions table.versions tbody tr").count()
    st = s.stances[-1]
    r = row(page, st.actor, st.issue)
    r.locator("button.edit").click()
    editing = page.locator(f'tr.stance.editing[data-actor="{st.actor}"][data-issue="{st.issue}"]')
    new_position = st.position - 1 if st.position - 1 >= s.issue(st.issue).low else st.position + 1
    editing.locator('input[name="position"]').fill(str(new_position))
    lo, hi = min(new_position, st.position) - 1, max(new_position, st.position) + 1
    issue = s.issue(st.issue)
    editing.locator('input[name="position_low"]').fill(str(max(issue.low, lo)))
    editing.locator('input[name="position_high"]').fill(str(min(issue.high, hi)))
    editing.locator("button.save").click()
    page.locator(f'tr.stance:not(.editing)[data-actor="{st.actor}"][data-issue="{st.issue}"]'
                 ).wait_for()
    page.wait_for_function("t => document.getElementById('version-line').innerText !== t",
                           arg=before)
    version = int(page.locator("#scenario-version").get_attribute("value"))
    assert f"stored version {version}" in page.locator("#version-line").inner_text()
    assert page.locator("#versions table.versions tbody tr").count() == versions_before + 1
    assert page.locator("#versions tbody tr").first.locator("td").first.inner_text() == \
        str(version)
    shot(page, "fresh-version")
    stance = next(x for x in json.loads(page.request.get(
        f"{server}/scenarios/{TALKS}.json").body())["scenario"]["stances"]
        if x["actor"] == st.actor and x["issue"] == st.issue)
    assert stance["position"] == new_position
    assert stance["position_range"] == [max(issue.low, lo), min(issue.high, hi)]


def test_import_refreshes_the_list(page, server):
    page.goto(f"{server}/scenarios")
    yaml = (b"id: refresh-probe\ntitle: Refresh probe\nactors:\n  - {id: a, name: A}\n"
            b"  - {id: b, name: B}\nissues:\n  - {id: x, name: X}\nstances:\n"
            b"  - {actor: a, issue: x, position: 10, salience: 1}\n"
            b"  - {actor: b, issue: x, position: 90, salience: 1}\n"
            b"capabilities:\n  - {actor: a, value: 1}\n  - {actor: b, value: 1}\n")
    for n in (1, 2):
        page.set_input_files('input[name="file"]', files=[{
            "name": "refresh.yaml", "mimeType": "text/yaml", "buffer": yaml}])
        page.locator("#import-form button[type=submit]").click()
        page.wait_for_function(
            "n => document.querySelector('#scenario-rows tr[data-id=\"refresh-probe\"] "
            "td.version')?.innerText === String(n)", arg=n)
    shot(page, "import-refresh")


def test_why_trades_war_sensitivity_pages(page, server):
    page.goto(f"{server}/scenarios/{TALKS}/explain?model=eum")
    assert page.locator("section.why p.pivot").count() == len(accord.load(TALKS).issues)
    shot(page, "why")
    page.goto(f"{server}/scenarios/{TALKS}/trades")
    if TALKS.startswith("ukraine"):
        assert page.locator("ol.trades li").count() >= 1
    shot(page, "trades")
    page.goto(f"{server}/scenarios/{TALKS}/war")
    page.fill('input[name="p"]', "0.6")
    page.fill('input[name="cost_a"]', "0.1")
    page.fill('input[name="cost_b"]', "0.05")
    page.locator("form.war-form button").click()
    result = page.locator('p.war-result[data-model="fearon"]')
    result.wait_for()
    # Fearon (1995): A's share both prefer to war is [p − c_A, p + c_B] = [0.5, 0.65].
    assert "[0.5000, 0.6500]" in result.inner_text()
    shot(page, "war")
    page.goto(f"{server}/scenarios/{TALKS}/sensitivity?sobol_n=64&top=2")
    if TALKS.startswith("ukraine"):
        page.locator(".chart").first.scroll_into_view_if_needed()  # drawn when in view
        page.wait_for_selector(".chart svg.main-svg")
        assert page.locator("table.sobol").count() == len(accord.load(TALKS).issues)
        labels = page.locator(".chart").first.inner_text()
        assert "position[" not in labels           # names, not ids
    shot(page, "sensitivity")


def test_simulation_page(page, server):
    page.goto(f"{server}/scenarios/{TALKS}/simulate")
    selects = page.locator('table.strategies select')
    if selects.count():
        selects.first.select_option("boulware")
    page.locator("form.simulate-form button").click()
    page.wait_for_selector(".chart svg.main-svg")
    assert page.locator("table.simulation-parties tbody tr").count() >= 2
    assert "boulware" in page.locator("table.simulation-parties").inner_text()
    shot(page, "simulation")


def test_ensemble_progress_then_store_as_run(page, server):
    if not TALKS.startswith("ukraine"):
        pytest.skip("the EC case has no ranges to vary")
    page.goto(f"{server}/scenarios/{TALKS}/ensemble")
    assert "At most 20,000 variants" in page.locator("#variants-cap").inner_text()
    page.fill('#ensemble-form input[name="n"]', "4000")
    page.locator("#ensemble-form button").click()
    page.locator("#ensemble-result #store-ensemble").wait_for(timeout=120_000)
    assert page.locator("table.outcome-classes").count() >= 1
    assert page.locator("#conditional-note").count() == 1
    shot(page, "ensemble-done")
    page.locator("#store-ensemble button").click()
    page.wait_for_url(re.compile(r".*/runs/\d+$"))
    assert "4,000 variants" in page.locator("main").inner_text()
    shot(page, "ensemble-run")


def test_ensemble_shows_its_progress_while_it_runs(page, server):
    if not TALKS.startswith("ukraine"):
        pytest.skip("the EC case has no ranges to vary")
    page.goto(f"{server}/scenarios/{TALKS}/ensemble")
    page.select_option('#ensemble-form select[name="model"]', "eum")
    page.fill('#ensemble-form input[name="n"]', "8000")  # eum: seconds, 8 chunks of 1,000
    page.locator("#ensemble-form button").click()
    bar = page.locator("#ensemble-progress")
    bar.wait_for(timeout=30_000)
    assert bar.get_attribute("max") == "8000"
    shot(page, "ensemble-progress")
    page.locator("#ensemble-result #store-ensemble").wait_for(timeout=120_000)
    assert page.locator("#ensemble-progress").count() == 0
    page.wait_for_url(re.compile(r".*/ensemble\?model=eum&n=8000&seed=0$"))


def test_articles_links_and_citing(page, server):
    tests_dir = Path(__file__).resolve().parents[1]
    page.goto(f"{server}/evidence?scenario={TALKS}")
    page.set_input_files('#article-form input[name="file"]',
                         str(tests_dir / "evidence" / "unseen_en.txt"))
    page.locator("#article-form button").click()
    page.wait_for_url(re.compile(r".*/evidence\?source=.*"), timeout=120_000)
    assert page.locator("table.statements tbody tr[data-statement]").count() >= 1
    shot(page, "articles")
    page.goto(f"{server}/scenarios/{TALKS}/links")
    cite = page.locator("button.cite")
    if cite.count() == 0:
        pytest.skip("no proposal to cite")
    row_ = cite.first.locator("xpath=ancestor::tr[1]")
    actor, issue = row_.get_attribute("data-actor"), row_.get_attribute("data-issue")
    statement = cite.first.locator("xpath=..").locator('input[name="statement"]'
                                                       ).get_attribute("value")
    cite.first.click()
    page.wait_for_url(re.compile(r".*/links$"))
    data = json.loads(page.request.get(f"{server}/scenarios/{TALKS}/links.json").body())
    stance = next(s for s in data["stances"] if s["actor"] == actor and s["issue"] == issue)
    assert statement in stance["cited_evidence"]
    shot(page, "links")
    page.goto(f"{server}/scenarios/{TALKS}/sources")
    assert page.locator(".source-item").count() >= 1
    shot(page, "sources")


def test_outside_option_edit(page, server):
    s = accord.load(TALKS)
    if not s.outside_options:
        pytest.skip("no outside options")
    o = s.outside_options[0]
    page.goto(f"{server}/scenarios/{TALKS}")
    r = page.locator(f'tr.outside[data-actor="{o.actor}"]')
    r.locator("button.edit").click()
    editing = page.locator(f'tr.outside.editing[data-actor="{o.actor}"]')
    # A value the reservation's plausible range (which the form does not edit) excludes is
    # refused beside the field: the ensembles behind P(agreement) draw from that range.
    lo, hi = o.ranges.get("reservation", (0.0, 1.0))
    if lo > 0.01:
        editing.locator('input[name="reservation"]').fill(f"{lo - 0.01:g}")
        editing.locator("button.save").click()
        error = editing.locator(".field-error")
        error.wait_for()
        assert f"outside its plausible range [{lo:g}, {hi:g}]" in error.inner_text()
    new = round((lo + hi) / 2, 2)
    assert new != o.reservation
    editing.locator('input[name="reservation"]').fill(f"{new:g}")
    editing.locator("button.save").click()
    page.locator(f'tr.outside:not(.editing)[data-actor="{o.actor}"]').wait_for()
    data = json.loads(page.request.get(f"{server}/scenarios/{TALKS}.json").body())
    saved = next(x for x in data["scenario"]["outside_options"] if x["actor"] == o.actor)
    assert saved["reservation"] == new
    shot(page, "outside-edit")


def test_compare_has_a_chart_and_the_inputs_that_changed(page, server):
    page.goto(f"{server}/scenarios")
    token = page.locator('#import-form input[name="csrf_token"]').get_attribute("value")
    scenario = json.loads(page.request.get(f"{server}/scenarios/{TALKS}.json").body())
    first = page.request.post(f"{server}/scenarios/{TALKS}/runs", max_redirects=0,
                              form={"version": str(scenario["version"]), "seed": "0",
                                    "csrf_token": token})
    page.goto(f"{server}/scenarios/{TALKS}")
    s = accord.load(TALKS)
    st = s.stances[0]
    row(page, st.actor, st.issue).locator("button.edit").click()
    editing = page.locator(f'tr.stance.editing[data-actor="{st.actor}"][data-issue="{st.issue}"]')
    current = editing.locator('input[name="salience"]').input_value()
    editing.locator('input[name="salience"]').fill("0.5" if current != "0.5" else "0.4")
    editing.locator('input[name="salience_low"]').fill("")
    editing.locator('input[name="salience_high"]').fill("")
    editing.locator("button.save").click()
    page.locator(f'tr.stance:not(.editing)[data-actor="{st.actor}"][data-issue="{st.issue}"]'
                 ).wait_for()
    version = page.locator("#scenario-version").get_attribute("value")
    second = page.request.post(f"{server}/scenarios/{TALKS}/runs", max_redirects=0,
                               form={"version": version, "seed": "0", "csrf_token": token})
    a = first.headers["location"].rsplit("/", 1)[1]
    b = second.headers["location"].rsplit("/", 1)[1]
    page.goto(f"{server}/runs/compare?a={a}&b={b}")
    page.wait_for_selector("#chart-compare svg.main-svg")
    diff = page.locator("table.input-diff").inner_text()
    assert f"{s.actor(st.actor).name}: salience on {s.issue(st.issue).name}" in diff
    shot(page, "compare-chart")
