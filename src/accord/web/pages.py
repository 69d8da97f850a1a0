"""A page and its ``.json`` twin from one context (Datasette's pattern).

A view returns a :class:`Page`: the template to draw, ``data`` — the JSON-able context the
page shows, built by the library's context functions (:mod:`accord.context`) — and ``context``,
what only the template needs (the scenario object, rendered fragments, charts). :func:`page`
registers the view twice: ``PATH`` renders the template with both, ``PATH.json`` answers
``data`` as JSON. Both answer HEAD as GET does.

>>> import tempfile, pathlib
>>> from fastapi.testclient import TestClient
>>> from accord.web.app import create_app
>>> client = TestClient(create_app(pathlib.Path(tempfile.mkdtemp()) / "a.db"),
...                     base_url="http://127.0.0.1")
>>> [r["id"] for r in client.get("/scenarios.json").json()["scenarios"]][:1]
['ec-emissions-1994']
>>> client.head("/scenarios/ec-emissions-1994.json").status_code
200
"""

from __future__ import annotations

import functools
import inspect
import json
import math
from dataclasses import dataclass, field
from typing import Any, Callable

from fastapi import APIRouter, Request
from fastapi.responses import Response

#: What every page answers besides GET.
METHODS = ["GET", "HEAD"]


@dataclass
class Page:
    template: str
    data: dict[str, Any]
    context: dict[str, Any] = field(default_factory=dict)
    status: int = 200
    headers: dict[str, str] | None = None


def _finite(obj):
    """NaN and infinities as null (JSON has neither)."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: _finite(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_finite(v) for v in obj]
    return obj


def json_response(data: dict[str, Any], status: int = 200) -> Response:
    body = json.dumps(_finite(data), ensure_ascii=False, indent=2, allow_nan=False, default=str)
    return Response(body + "\n", status_code=status, media_type="application/json")


def render_page(request: Request, p: Page, path: str | None = None) -> Response:
    """``p`` drawn as HTML (its twin at ``path`` + ``.json``, default: the request's path)."""
    from accord.web.render import render

    context = {**p.data, **p.context, "data": p.data,
               "json_url": (path or request.url.path) + ".json"}
    return render(request, p.template, status_code=p.status, headers=p.headers, **context)


def page(router: APIRouter, path: str) -> Callable:
    """Register a view returning a :class:`Page` at ``path`` (HTML) and ``path.json``."""

    def decorator(fn):
        is_async = inspect.iscoroutinefunction(fn)

        async def call(kwargs):
            if is_async:
                return await fn(**kwargs)
            from starlette.concurrency import run_in_threadpool

            return await run_in_threadpool(functools.partial(fn, **kwargs))

        @functools.wraps(fn)
        async def as_json(**kwargs):
            p = await call(kwargs)
            if isinstance(p, Response):
                return p
            return json_response(p.data, p.status)

        @functools.wraps(fn)
        async def as_html(**kwargs):
            p = await call(kwargs)
            if isinstance(p, Response):
                return p
            return render_page(kwargs["request"], p)

        # The twin first: "/scenarios/{id}" would also match "/scenarios/x.json".
        router.add_api_route(path + ".json", as_json, methods=METHODS, include_in_schema=False)
        router.add_api_route(path, as_html, methods=METHODS, include_in_schema=False)
        return fn

    return decorator
