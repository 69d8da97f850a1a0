"""The FastAPI application: views, static assets from the package, CSRF, upload limits.

>>> import tempfile, pathlib
>>> from fastapi.testclient import TestClient
>>> app = create_app(pathlib.Path(tempfile.mkdtemp()) / "accord.db")
>>> TestClient(app, base_url="http://127.0.0.1:8000").get("/scenarios").status_code
200
>>> TestClient(app, base_url="http://evil.example:8000").get("/scenarios").status_code
400
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
from accord.store.scenarios import UnknownScenario, VersionConflict
from accord.web import csrf
from accord.web.forecasts import ForecastCache
from accord.web.guard import SECURITY_HEADERS, Guard, allowed_hosts  # noqa: F401 (re-exported)
from accord.web.jobs import Jobs
from accord.web.limits import DEFAULT_MAX_BODY, BodySizeLimit
from accord.web.render import is_htmx, render

STATIC = Path(__file__).parent / "static"


def _static_files() -> dict[str, tuple[Path, str]]:
    """The only files /static serves: a fixed list, so no request can name another path."""
    return {
        "htmx.min.js": (STATIC / "htmx.min.js", "text/javascript"),
        "plotly.min.js": (plotly_js_path(), "text/javascript"),
        "accord.css": (REPORT_TEMPLATES / "accord.css", "text/css"),
        "accord.js": (REPORT_TEMPLATES / "accord.js", "text/javascript"),
    }


class Workbench(FastAPI):
    """The FastAPI app with :class:`accord.web.guard.Guard` outside every other layer, so the
    Host check runs first and the security headers reach every response, 500s included."""

    def __init__(self, *args, hosts: frozenset[str], port: int | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.trusted_hosts, self.trusted_port = hosts, port

    def build_middleware_stack(self):
        return Guard(super().build_middleware_stack(), self.trusted_hosts, self.trusted_port)


def create_app(db: str | Path, *, max_upload: int = DEFAULT_MAX_BODY,
               hosts: frozenset[str] | None = None, port: int | None = None) -> FastAPI:
    """The workbench over the store at ``db`` (created if missing).

    ``hosts``: the host names requests may name (default: this machine's loopback names,
    :data:`accord.web.guard.LOOPBACK`); ``port``: the one port they may name (default: any).
    ``accord serve`` passes the names and the port it binds to.
    """
    app = Workbench(title="Accord", docs_url=None, redoc_url=None, openapi_url=None,
                    dependencies=[Depends(csrf.protect)],
                    hosts=hosts if hosts is not None else allowed_hosts("127.0.0.1"), port=port)
    app.state.store = Store(db)
    app.state.csrf = csrf.CsrfSigner()
    app.state.forecasts = ForecastCache()
    app.state.max_upload = max_upload
    app.state.jobs = Jobs()
    from accord.web.views.ensemble import clear_runs

    clear_runs(app.state.store.data_dir)
    app.add_middleware(BodySizeLimit, max_body=max_upload)

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
        # A page's .json twin answers JSON, so a client reading it gets the message as data.
        if request.url.path.endswith(".json"):
            from accord.web.pages import json_response

            response = json_response({"status": status, "error": message}, status)
            response.headers.update(headers or {})
            return response
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
        # A save against a version someone else has replaced is 409, as the edit forms answer.
        status = 404 if isinstance(exc, UnknownScenario) else \
            409 if isinstance(exc, VersionConflict) else 422
        return error_page(request, status, str(exc))

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception):
        # What failed is in the server's log (uvicorn prints the traceback); the page says
        # nothing of the code or the paths behind it.
        return error_page(request, 500, "Something went wrong in the workbench; the server's "
                                        "log has the details. Nothing was changed.")

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
