"""Cross-site request forgery protection: a signed double-submit token.

Every response carries a cookie ``accord_csrf`` holding ``nonce.signature`` (HMAC-SHA256 with a
secret the server made at start-up). Pages put the same token in each form (hidden field
``csrf_token``) and in an ``X-CSRF-Token`` header for HTMX requests (``hx-headers`` on
``<body>``). A state-changing request (anything but GET, HEAD, OPTIONS) passes only when the
cookie's signature verifies and the submitted token equals the cookie: another site can make a
browser send the cookie, but it cannot read it to put it in the form. The signature stops a
token planted by someone who can set cookies but not sign them. As a second line, a request
whose ``Origin`` header names another host is refused.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from urllib.parse import urlsplit

from fastapi import HTTPException, Request

COOKIE = "accord_csrf"
HEADER = "x-csrf-token"
FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class CsrfError(HTTPException):
    def __init__(self, reason: str):
        super().__init__(403, f"CSRF check failed: {reason}; expected the form's hidden "
                              "csrf_token (or the X-CSRF-Token header) to match the accord_csrf "
                              "cookie — reload the page and try again")


class CsrfSigner:
    def __init__(self, secret: bytes | None = None):
        self.secret = secret or secrets.token_bytes(32)

    def _sign(self, nonce: str) -> str:
        return hmac.new(self.secret, nonce.encode(), hashlib.sha256).hexdigest()[:32]

    def new_token(self) -> str:
        nonce = secrets.token_urlsafe(24)
        return f"{nonce}.{self._sign(nonce)}"

    def valid(self, token: str | None) -> bool:
        if not token or token.count(".") != 1:
            return False
        nonce, sig = token.split(".")
        return hmac.compare_digest(sig, self._sign(nonce))


def token_for(request: Request) -> str:
    """The token this response uses: the request's cookie if it verifies, else a new one."""
    token = getattr(request.state, "csrf_token", None)
    if token is None:
        signer: CsrfSigner = request.app.state.csrf
        cookie = request.cookies.get(COOKIE)
        token = cookie if signer.valid(cookie) else signer.new_token()
        request.state.csrf_token = token
    return token


def set_cookie(request: Request, response) -> None:
    token = getattr(request.state, "csrf_token", None)
    if token is not None and request.cookies.get(COOKIE) != token:
        response.set_cookie(COOKIE, token, httponly=True, samesite="strict", path="/")


def _origin_ok(request: Request) -> bool:
    origin = request.headers.get("origin")
    if not origin or origin == "null":
        return origin is None
    return urlsplit(origin).netloc == request.headers.get("host", "")


async def protect(request: Request) -> None:
    """FastAPI dependency on the whole app: refuse a state-changing request without the token."""
    if request.method in SAFE_METHODS:
        return
    if not _origin_ok(request):
        raise CsrfError(f"the request comes from another origin ({request.headers.get('origin')})")
    cookie = request.cookies.get(COOKIE)
    signer: CsrfSigner = request.app.state.csrf
    if not signer.valid(cookie):
        raise CsrfError("no valid accord_csrf cookie")
    sent = request.headers.get(HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        value = form.get(FIELD)
        sent = value if isinstance(value, str) else None
    if not sent or not hmac.compare_digest(sent, cookie):
        raise CsrfError("the submitted token is missing or does not match")
