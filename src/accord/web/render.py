"""Rendering a page or an HTMX fragment: the shared Jinja environment plus the CSRF token."""

from __future__ import annotations

from pathlib import Path

from fastapi import Request
from fastapi.responses import HTMLResponse

from accord._version import __version__
from accord.report.templating import environment
from accord.web import csrf

WEB_TEMPLATES = Path(__file__).parent / "templates"


def is_htmx(request: Request) -> bool:
    """True for a request HTMX made (it wants a fragment, not a whole page)."""
    return request.headers.get("hx-request") == "true"


def render_fragment(template: str, **context) -> str:
    """A partial that depends only on its context (no request, no CSRF token): cacheable."""
    return environment((str(WEB_TEMPLATES),)).get_template(template).render(**context)


def render(request: Request, template: str, status_code: int = 200,
           headers: dict[str, str] | None = None, **context) -> HTMLResponse:
    token = csrf.token_for(request)
    html = environment((str(WEB_TEMPLATES),)).get_template(template).render(
        request=request, csrf_token=token, csrf_field=csrf.FIELD, accord_version=__version__,
        htmx=is_htmx(request), **context)
    response = HTMLResponse(html, status_code=status_code, headers=headers)
    csrf.set_cookie(request, response)
    return response
