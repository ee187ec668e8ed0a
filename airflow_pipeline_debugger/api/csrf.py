"""Cross-site request forgery guard for the plugin's write routes.

The API accepts Airflow's UI cookie (``_token``) as well as bearer tokens, so a page on another site
could make a logged-in user's browser POST here (a re-run, an upload) with the cookie attached. A
browser only sends a bearer token when a script of this origin adds it, so requests carrying an
``Authorization`` header are not at risk; the others must show they come from this origin:

* ``Sec-Fetch-Site`` (sent by every current browser), when present, must be ``same-origin`` or
  ``none`` (typed by the user);
* ``Origin``, when present, must name this host (the ``Host`` or ``X-Forwarded-Host`` header);
* a body must be JSON or multipart: the plain ``text/plain`` and urlencoded forms any page can
  submit are refused.

Clients that send neither header (curl, scripts) are not browsers and pass, and so does a request
without the UI cookie (nothing ambient to forge with). Reads (GET, HEAD,
OPTIONS) are never refused: they change nothing, and what they return is not readable cross-origin.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Receive, Scope, Send

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
BODY_TYPES = ("application/json", "multipart/form-data")
#: The cookie Airflow's UI authenticates with.
UI_COOKIE = "_token"


def refusal(method: str, headers: dict[str, str]) -> str | None:
    """Why this request looks cross-site (and is refused), or ``None`` when it may go on.

    Only a request that carries the UI cookie can be forged: without it the browser holds no
    credential for this server (Slack's signed interactivity requests, scripts).
    """
    if method in SAFE_METHODS or headers.get("authorization") or not _has_ui_cookie(headers):
        return None
    site = headers.get("sec-fetch-site")
    if site is not None and site not in ("same-origin", "none"):
        return f"cross-site request refused (Sec-Fetch-Site: {site[:40]})"
    origin = headers.get("origin")
    if origin is not None:
        hosts = {headers.get("host", ""), headers.get("x-forwarded-host", "").split(",")[0].strip()}
        if urlsplit(origin).netloc.lower() not in {h.lower() for h in hosts if h}:
            return "cross-site request refused (Origin does not match this server)"
    content_type = headers.get("content-type")
    if content_type and not content_type.lower().startswith(BODY_TYPES):
        return "send application/json or multipart/form-data"
    return None


def _has_ui_cookie(headers: dict[str, str]) -> bool:
    return any(part.strip().startswith(f"{UI_COOKIE}=") for part in headers.get("cookie", "").split(";"))


class CsrfGuard:
    """ASGI middleware answering 403 to unsafe requests that :func:`refusal` refuses."""

    def __init__(self, app: ASGIApp) -> None:
        """Wrap ``app``."""
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse or pass the request on; streaming responses are untouched."""
        if scope["type"] == "http":
            headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
            reason = refusal(scope["method"], headers)
            if reason is not None:
                body = json.dumps({"detail": reason}).encode()
                await send(
                    {
                        "type": "http.response.start",
                        "status": 403,
                        "headers": [
                            (b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()),
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)
