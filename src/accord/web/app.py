"""The FastAPI application: views, static assets from the package, CSRF, upload limits.

>>> import tempfile, pathlib
>>> from fastapi.testclient import TestClient
>>> app = create_app(pathlib.Path(tempfile.mkdtemp()) / "accord.db")
>>> TestClient(app).get("/scenarios").status_code
200
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import HTTPException, RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from fastapi.responses import FileResponse, RedirectResponse

from accord.errors import AccordError
from accord.report import plotly_js_path
from accord.report.templating import TEMPLATES as REPORT_TEMPLATES
from accord.store import Store
from accord.store.scenarios import UnknownScenario
from accord.web import csrf
from accord.web.forecasts import ForecastCache
from accord.web.jobs import Jobs
from accord.web.limits import DEFAULT_MAX_BODY, BodySizeLimit
from accord.web.render import is_htmx, render

STATIC = Path(__file__).parent / "static"

# Defence in depth behind autoescaping: scripts only from this server (the chart data blocks
# are JSON, not scripts), no framing (the edit buttons cannot be clickjacked), no referrer to
# other sites. ("no-referrer" would also make the browser send "Origin: null" on our own form
# posts, which csrf.py refuses.)
# Inline styles stay allowed: the bars are style attributes and plotly.js adds <style> tags.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' "
                               "'unsafe-inline'; img-src 'self' data:; connect-src 'self'; "
                               "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def _static_files() -> dict[str, tuple[Path, str]]:
    """The only files /static serves: a fixed list, so no request can name another path."""
    return {
        "htmx.min.js": (STATIC / "htmx.min.js", "text/javascript"),
        "plotly.min.js": (plotly_js_path(), "text/javascript"),
        "accord.css": (REPORT_TEMPLATES / "accord.css", "text/css"),
        "accord.js": (REPORT_TEMPLATES / "accord.js", "text/javascript"),
    }


def create_app(db: str | Path, *, max_upload: int = DEFAULT_MAX_BODY) -> FastAPI:
    """The workbench over the store at ``db`` (created if missing)."""
    app = FastAPI(title="Accord", docs_url=None, redoc_url=None, openapi_url=None,
                  dependencies=[Depends(csrf.protect)])
    app.state.store = Store(db)
    app.state.csrf = csrf.CsrfSigner()
    app.state.forecasts = ForecastCache()
    app.state.jobs = Jobs()
    app.state.max_upload = max_upload
    app.add_middleware(BodySizeLimit, max_body=max_upload)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    static = _static_files()

    @app.get("/static/{name}", include_in_schema=False)
    def static_file(name: str):
        if name not in static:
            raise HTTPException(404, f"no static file {name!r}")
        path, media_type = static[name]
        return FileResponse(path, media_type=media_type,
                            headers={"Cache-Control": "public, max-age=3600"})

    @app.get("/", include_in_schema=False)
    def index():
        return RedirectResponse("/scenarios", status_code=303)

    def error_page(request: Request, status: int, message: str, headers=None):
        # HTMX swaps a message into the page; a browser navigating gets a whole page.
        template = "partials/message.html" if is_htmx(request) else "error.html"
        return render(request, template, status_code=status, message=message, status=status,
                      headers=headers)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        return error_page(request, exc.status_code, str(exc.detail),
                          getattr(exc, "headers", None))

    @app.exception_handler(AccordError)
    async def user_error(request: Request, exc: AccordError):
        return error_page(request, 404 if isinstance(exc, UnknownScenario) else 422, str(exc))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError):
        parts = []
        for err in exc.errors():
            loc = ".".join(str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path"))
            parts.append(f"{loc}: {err.get('msg')}")
        return error_page(request, 422, "; ".join(parts) or "invalid request")

    import accord.web.views as views

    from fastapi.routing import APIRoute

    def head_too(routes) -> None:
        """HEAD answers wherever GET does (the server sends the headers, not the body)."""
        for route in routes:
            if isinstance(route, APIRoute) and "GET" in route.methods:
                route.methods.add("HEAD")

    for info in pkgutil.iter_modules(views.__path__):
        module = importlib.import_module(f"{views.__name__}.{info.name}")
        if hasattr(module, "router"):
            head_too(module.router.routes)
            app.include_router(module.router)
    head_too(app.routes)
    return app
