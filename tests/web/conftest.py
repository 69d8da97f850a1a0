"""Fixtures for the web tests: the real app on a fresh store, and a client that holds a CSRF token."""

from __future__ import annotations

import re
import textwrap
import warnings

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's note about httpx vs httpx2
    from fastapi.testclient import TestClient

from accord.scenario.builtin import builtin_ids
from accord.web.app import create_app

TALKS = "ukraine-talks-2026-01" if "ukraine-talks-2026-01" in builtin_ids() else "ec-emissions-1994"


@pytest.fixture
def app(tmp_path):
    app = create_app(tmp_path / "data" / "accord.db")
    yield app
    app.state.store.close()


@pytest.fixture
def client(app):
    # The workbench answers only to its own host names (accord.web.guard): a loopback one.
    with TestClient(app, base_url="http://127.0.0.1") as c:
        yield c


@pytest.fixture
def token(client) -> str:
    """The CSRF token a page hands the browser (in every form and in the HTMX headers)."""
    html = client.get("/scenarios").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    assert client.cookies.get("accord_csrf") == token
    return token


@pytest.fixture
def talks() -> str:
    """The built-in 2026 talks, or the EC case while the 2026 scenario is not packaged."""
    return TALKS


@pytest.fixture
def talks_article(client, token, talks) -> str:
    """The unseen English article (tests/evidence/unseen_en.txt) uploaded against the 2026
    talks through the form; the article page's address. Skips where the talks are not
    packaged (their actors are what the article's statements are linked to)."""
    from pathlib import Path

    if talks != "ukraine-talks-2026-01":
        pytest.skip("the 2026 talks are not packaged")
    article = Path(__file__).resolve().parents[1] / "evidence" / "unseen_en.txt"
    r = client.post("/evidence", files={"file": (article.name, article.read_bytes())},
                    data={"scenario": talks, "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    return r.headers["location"]


@pytest.fixture(scope="session")
def xss_yaml() -> str:
    """A scenario whose every text tries to run a script; pages must show it as text."""
    return textwrap.dedent("""\
    id: xss-probe
    title: "<script>alert('title')</script>"
    description: "<img src=x onerror=alert(1)>"
    sources:
      - {id: s1, title: "<b>bold</b>", author: "<script>alert(2)</script>",
         url: "javascript:alert(3)"}
    evidence:
      - {id: e1, source: s1, quote: "<img src=x onerror=alert(4)> and <script>alert(5)</script>"}
    actors:
      - {id: a, name: "\\"><script>alert(6)</script>"}
      - {id: b, name: B}
    issues:
      - {id: x, name: "<svg onload=alert(7)>", anchors: [{value: 50, label: "<iframe src=javascript:alert(8)>"}]}
    stances:
      - {actor: a, issue: x, position: 20, salience: 1.0, evidence: [e1]}
      - {actor: b, issue: x, position: 80, salience: 0.5}
    capabilities:
      - {actor: a, value: 1.0, evidence: [e1]}
      - {actor: b, value: 2.0}
    """)
