"""A hard limit on request bodies, enforced before anything parses them.

A declared ``Content-Length`` over the limit is refused at once; a body sent in chunks is
counted as it arrives and refused the moment it passes the limit. Either way the client gets
413 with a message and nothing is parsed or stored.
"""

from __future__ import annotations

from html import escape

from fastapi import HTTPException

MIB = 1024 * 1024
DEFAULT_MAX_BODY = 2 * MIB


class BodyTooLarge(HTTPException):
    # An HTTPException, so FastAPI's body parsing re-raises it instead of turning it into 400.
    def __init__(self, limit: int):
        super().__init__(413, too_large_message(limit))


def too_large_message(limit: int) -> str:
    # Both uploads (a scenario on /scenarios, an article on /evidence) pass through here.
    return (f"The upload is larger than the limit of {limit / MIB:g} MiB; expected a file (a "
            "scenario or an article) under that size.")


class BodySizeLimit:
    """ASGI middleware: 413 for any HTTP request body larger than ``max_body`` bytes."""

    def __init__(self, app, max_body: int = DEFAULT_MAX_BODY):
        self.app = app
        self.max_body = max_body

    async def _refuse(self, send) -> None:
        body = (f'<p class="error" id="upload-error" role="alert">'
                f"{escape(too_large_message(self.max_body))}</p>").encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"text/html; charset=utf-8"),
                                (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = 0
                if declared > self.max_body:
                    return await self._refuse(send)
        seen = 0
        started = False

        async def counting_receive():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise BodyTooLarge(self.max_body)
            return message

        async def tracking_send(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await self._refuse(send)
