"""The workbench's promises against another site and against hostile input (docs/security.md):
trusted hosts, security headers on every response, GET never computing or writing, bounded
and cancellable ensembles, uploads that cannot exhaust the server, graceful shutdown."""

from __future__ import annotations

import html
import re
import signal
import subprocess
import sys
import threading
import time
import warnings
from pathlib import Path

import anyio
import httpx
import pytest
from hostile_inputs import BILLION_LAUGHS, wide_scenario

import accord
from accord.scenario.io.yaml import scenario_to_yaml_text
from accord.web.guard import SECURITY_HEADERS
from accord.web.jobs import Busy, Cancelled, Jobs

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from accord.web.app import create_app

TALKS = "ukraine-talks-2026-01"
BOMB = BILLION_LAUGHS


def has_security_headers(response) -> bool:
    return all(response.headers.get(k) == v for k, v in SECURITY_HEADERS.items())


def token_of(client) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get("/scenarios").text).group(1)


# --- who can reach it --------------------------------------------------------------------------


@pytest.mark.parametrize("base", ["http://evil.example", "http://evil.example:8000",
                                  "http://127.0.0.1.evil.example:8000", "http://127.0.0.1:9999",
                                  "http://localhost:8001"])
def test_a_rebound_host_name_or_another_port_gets_400(tmp_path, base):
    # DNS rebinding: another site's name resolving to 127.0.0.1 arrives with that name in Host.
    app = create_app(tmp_path / "a.db", port=8000)
    with TestClient(app, base_url=base) as client:
        for r in (client.get("/scenarios"), client.get(f"/scenarios/{TALKS}/scenario.yaml"),
                  client.post("/scenarios", files={"file": ("x.yaml", b"id: x")})):
            assert r.status_code == 400 and "answers only to" in r.text
            assert "csrf" not in r.text.lower() and "accord_csrf" not in r.headers.get(
                "set-cookie", "")
            assert has_security_headers(r)


@pytest.mark.parametrize("base", ["http://127.0.0.1:8000", "http://localhost:8000",
                                  "http://[::1]:8000"])
def test_the_bound_names_on_the_bound_port_are_served(tmp_path, base):
    with TestClient(create_app(tmp_path / "a.db", port=8000), base_url=base) as client:
        assert client.get("/scenarios").status_code == 200


# --- what every response carries ---------------------------------------------------------------


def test_errors_carry_the_security_headers_too(tmp_path, monkeypatch):
    import accord.web.views.scenarios as views

    app = create_app(tmp_path / "a.db", max_upload=1000)
    with TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False) as client:
        assert has_security_headers(client.get("/scenarios"))
        assert has_security_headers(client.get("/no/such/page"))                     # 404
        too_big = client.post("/scenarios", files={"file": ("x.yaml", b"x" * 5000)})
        assert too_big.status_code == 413 and has_security_headers(too_big)
        monkeypatch.setattr(views.stored, "list_all", lambda conn: 1 / 0)            # a bug
        r = client.get("/scenarios")
        assert r.status_code == 500 and has_security_headers(r)
        assert "the server's log has the details" in html.unescape(r.text)
        assert "ZeroDivisionError" not in r.text and "Traceback" not in r.text


# --- hostile uploads ---------------------------------------------------------------------------


def test_an_alias_bomb_upload_is_refused_with_a_message(client, token, app):
    r = client.post("/scenarios", files={"file": ("bomb.yaml", BOMB.encode())},
                    data={"csrf_token": token})
    assert r.status_code == 422
    assert re.search(r"bomb\.yaml(:\d+)?: .*1,000,000", r.text)
    assert str(app.state.store.data_dir) not in r.text  # the upload's name, never a path


def test_a_scenario_without_a_forecast_opens_and_says_why(client, token):
    s = accord.load("ec-emissions-1994")
    zero = s.model_copy(update={"id": "silent", "stances": [
        st.model_copy(update={"salience": 0.0}) for st in s.stances]})
    r = client.post("/scenarios", files={"file": ("silent.yaml",
                                                  scenario_to_yaml_text(zero).encode())},
                    data={"csrf_token": token})
    assert r.status_code == 200
    for page in ("", "/forecast", "/deals", "/ensemble"):
        r = client.get(f"/scenarios/silent{page}")
        assert r.status_code == 200, page
        if page in ("", "/forecast"):
            assert "no forecast: every weight (capability × salience) on this issue is 0" in \
                html.unescape(r.text)


def test_the_deals_page_refuses_a_space_too_large_for_a_page(client, token):
    text = wide_scenario(24)  # 16,777,216 outcomes: fine for the CLI, not for a page
    r = client.post("/scenarios", files={"file": ("wide.yaml", text.encode())},
                    data={"csrf_token": token})
    assert r.status_code == 200
    r = client.get("/scenarios/wide/deals")
    assert r.status_code == 200 and "16,777,216 outcomes is over the 10,000,000 Accord will " \
        "analyse on a page" in html.unescape(r.text)


# --- ensembles ---------------------------------------------------------------------------------


def files_under(folder: Path) -> list[Path]:
    """Files in the data directory other than the store itself (SQLite's -wal and -shm)."""
    return [p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("accord.db")]


def test_a_get_never_runs_or_writes_an_ensemble(client, app):
    data_dir = app.state.store.data_dir
    before = files_under(data_dir)
    for seed in range(5):  # what an <img src=".../ensemble?seed=N"> on another site would do
        r = client.get(f"/scenarios/{TALKS}/ensemble?model=compromise&n=20000&seed={seed}")
        assert r.status_code == 200 and 'id="not-run"' in r.text
    assert files_under(data_dir) == before
    assert r.text.count('method="post" action="/scenarios/' + TALKS + '/ensemble"') == 1


def test_an_ensemble_runs_on_post_with_the_token_and_leaves_no_file(client, token, app):
    data_dir = app.state.store.data_dir
    url = f"/scenarios/{TALKS}/ensemble"
    form = {"model": "compromise", "n": "300", "seed": "4"}
    assert client.post(url, data=form).status_code == 403           # no CSRF token
    r = client.post(url, data={**form, "csrf_token": token})
    assert r.status_code == 200 and "300 variants" in r.text
    assert files_under(data_dir) == []


@pytest.mark.parametrize("n,message", [("20001", "20,001 variants: a page runs between 1 and "
                                                 "20,000"),
                                       ("0", "0 variants: a page runs between 1 and 20,000")])
def test_a_page_ensemble_is_bounded_in_size(client, token, n, message):
    r = client.post(f"/scenarios/{TALKS}/ensemble",
                    data={"model": "compromise", "n": n, "seed": "0", "csrf_token": token})
    assert r.status_code == 422 and message in r.text


def test_one_ensemble_at_a_time_and_a_time_limit(client, token, app):
    url = f"/scenarios/{TALKS}/ensemble"
    form = {"model": "compromise", "n": "2000", "seed": "9", "csrf_token": token}
    app.state.jobs._slot.acquire()  # an ensemble is running
    try:
        r = client.post(url, data=form)
        assert r.status_code == 503 and "Another ensemble is running" in r.text
        assert r.headers["retry-after"] == "10"
    finally:
        app.state.jobs._slot.release()
    app.state.jobs.max_seconds = 0.0  # every run is over its time at the first checkpoint
    r = client.post(url, data=form)
    assert r.status_code == 503 and "took longer than the workbench's limit of 0 s" in \
        html.unescape(r.text)
    assert not app.state.jobs.busy


class FakeRequest:
    """A request whose client goes away after ``connected`` polls."""

    def __init__(self, connected: int):
        self.polls = 0
        self.connected = connected

    async def is_disconnected(self) -> bool:
        self.polls += 1
        return self.polls > self.connected


def test_a_job_stops_when_its_client_goes_away():
    jobs, steps = Jobs(max_seconds=60), []

    def work(checkpoint):
        while True:
            checkpoint()
            steps.append(1)
            time.sleep(0.01)

    async def main():
        with pytest.raises(Cancelled, match="the client went away"):
            await jobs.run(FakeRequest(connected=3), work)

    anyio.run(main)
    done = len(steps)
    time.sleep(0.1)
    assert len(steps) == done and not jobs.busy  # the thread stopped, the slot is free

    async def second():  # and a job while one runs is refused at once
        jobs._slot.acquire()
        try:
            with pytest.raises(Busy):
                await jobs.run(FakeRequest(connected=10**6), work)
        finally:
            jobs._slot.release()

    anyio.run(second)


# --- the real server ---------------------------------------------------------------------------


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served(tmp_path):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "accord", "serve", "--port", str(port),
                             "--db", str(tmp_path / "accord.db")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(f"http://127.0.0.1:{port}/scenarios", timeout=2)
            break
        except httpx.HTTPError:
            assert proc.poll() is None, proc.stderr.read()
            assert time.monotonic() < deadline, "accord serve did not start"
            time.sleep(0.1)
    yield proc, port
    if proc.poll() is None:
        proc.kill()
        proc.wait()


@pytest.mark.slow
@pytest.mark.parametrize("stop,code", [(signal.SIGTERM, -signal.SIGTERM), (signal.SIGINT, 130)])
def test_served_workbench_checks_the_host_and_stops_while_busy(served, stop, code):
    proc, port = served
    base = f"http://127.0.0.1:{port}"
    assert httpx.get(f"{base}/scenarios", headers={"Host": f"evil.example:{port}"}
                     ).status_code == 400
    assert httpx.get(f"{base}/scenarios", headers={"Host": f"localhost:{port}"}
                     ).status_code == 200
    # An upload of a YAML alias bomb is refused at once (it once grew the server to 3.7 GB).
    with httpx.Client(base_url=base) as client:
        token = token_of(client)
        r = client.post("/scenarios", files={"file": ("bomb.yaml", BOMB.encode())},
                        data={"csrf_token": token}, timeout=30)
        assert r.status_code == 422 and "1,000,000" in r.text
        # A long ensemble is running when the signal arrives: the server still stops, in
        # seconds (it once ignored SIGTERM while a request computed).
        threading.Thread(target=lambda: client.post(
            f"/scenarios/{TALKS}/ensemble", data={"model": "eum", "n": "20000", "seed": "1",
                                                  "csrf_token": token}, timeout=60),
            daemon=True).start()
        time.sleep(1.5)
        t0 = time.monotonic()
        proc.send_signal(stop)
        proc.wait(timeout=30)
        # uvicorn waits 5 s for running requests, cancels them, then ends with the signal
        assert time.monotonic() - t0 < 15 and proc.returncode == code
