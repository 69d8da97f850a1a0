"""What every request meets before the workbench: the Host it names, and the headers every
response carries — errors, refusals and 500s included.

**Trusted hosts (DNS rebinding).** A page on another site can point its own name at 127.0.0.1
(DNS rebinding); the browser then treats the workbench as that site's origin: it reads every
page, the CSRF token included, and posts edits with it. The browser still names that site in
the ``Host`` header, so the workbench answers only requests whose ``Host`` is one of the names
it is served under and its port; anything else gets 400 and nothing else runs. ``accord serve``
binds to 127.0.0.1 and accepts ``127.0.0.1``, ``localhost`` and ``[::1]`` on its port; served on
another address it accepts that address, and for ``0.0.0.0`` this machine's own names, plus any
``--allow-host`` name (for a reverse proxy).

**Security headers** (:data:`SECURITY_HEADERS`) are added to the start of every HTTP response
by this outermost layer, so the 500 page Starlette writes when a view fails, the 413 of the
upload limit and the 400 above carry them too.

>>> allowed_hosts("127.0.0.1") == {"127.0.0.1", "localhost", "::1"}
True
>>> split_host("[::1]:8000"), split_host("localhost"), split_host("evil.example:80")
(('::1', 8000), ('localhost', None), ('evil.example', 80))
"""

from __future__ import annotations

import socket
from html import escape

LOOPBACK = ("127.0.0.1", "localhost", "::1")

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
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
_RAW_HEADERS = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]


def allowed_hosts(bind: str, extra: tuple[str, ...] | list[str] = ()) -> frozenset[str]:
    """The host names a server bound to ``bind`` answers to (see the module docstring)."""
    if bind in LOOPBACK:
        names = list(LOOPBACK)
    elif bind in ("0.0.0.0", "::", ""):
        names = [*LOOPBACK, socket.gethostname(), socket.getfqdn()]
    else:
        names = [bind]
    return frozenset(n.lower().strip("[]") for n in [*names, *extra] if n)


def split_host(value: str) -> tuple[str, int | None] | None:
    """``(host, port)`` of a Host header (port None when not given); None when malformed."""
    value = value.strip().lower()
    if value.startswith("["):  # [v6]:port
        end = value.find("]")
        if end < 0:
            return None
        host, rest = value[1:end], value[end + 1:]
        if rest and not rest.startswith(":"):
            return None
        port_text = rest[1:] if rest else None
    elif value.count(":") == 1:
        host, port_text = value.split(":")
    else:
        host, port_text = value, None
    if port_text is None or port_text == "":
        return (host, None) if host else None
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        return None
    return (host, int(port_text)) if host else None


class Guard:
    """ASGI middleware: refuse an untrusted Host (400), add the security headers to every
    response. Installed outside everything else (:func:`accord.web.app.create_app`)."""

    def __init__(self, app, hosts: frozenset[str], port: int | None = None):
        self.app, self.hosts, self.port = app, hosts, port

    def trusted(self, host_header: str | None) -> bool:
        parsed = split_host(host_header or "")
        if parsed is None or parsed[0] not in self.hosts:
            return False
        # A Host without a port means the scheme's (80); the workbench is on self.port.
        return self.port is None or (parsed[1] or 80) == self.port

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        host = next((v.decode("latin-1") for k, v in scope.get("headers", []) if k == b"host"),
                    None)
        if not self.trusted(host):
            return await self._refuse(scope, send, host)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                message = {**message, "headers": [*message.get("headers", []),
                                                  *[h for h in _RAW_HEADERS if h[0] not in
                                                    present]]}
            await send(message)

        return await self.app(scope, receive, with_headers)

    async def _refuse(self, scope, send, host: str | None) -> None:
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        where = ", ".join(sorted(f"{h}:{self.port}" if self.port else h for h in self.hosts))
        body = (f"<!doctype html><title>Bad host</title><h1>400 Bad host</h1><p>This Accord "
                f"workbench answers only to {escape(where)}; the request named "
                f"{escape(repr(host))}. A page on another site that points its name at this "
                "machine cannot use it.</p>").encode()
        await send({"type": "http.response.start", "status": 400,
                    "headers": [(b"content-type", b"text/html; charset=utf-8"),
                                (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close"), *_RAW_HEADERS]})
        await send({"type": "http.response.body", "body": body})
