"""The UI pages (``/pipeline-debugger/ui/...``): static HTML shells, vanilla JS and CSS, no build step.

The pages hold no data: the scripts fetch it from the API as the logged-in user (the iframe sends
Airflow's ``_token`` cookie) and build the DOM with ``textContent`` only. Every response carries a
strict Content-Security-Policy (no inline script or style, same-origin only, framing only by the
Airflow UI itself). Without a session the pages redirect to Airflow's login.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from airflow.api_fastapi.app import get_auth_manager
from fastapi import APIRouter, FastAPI, HTTPException, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.staticfiles import StaticFiles

from airflow_pipeline_debugger.api.security import UserDep

UI_DIR = Path(__file__).resolve().parent.parent / "ui"
PAGES = {
    "task-instance": "Investigation",
    "dag-run": "Investigations of this run",
    "investigations": "Investigations",
    "investigation": "Investigation",
    "recurring": "Recurring causes",
}
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}

router = APIRouter(prefix="/ui")


def _shell(page: str) -> str:
    template = (UI_DIR / "index.html").read_text(encoding="utf-8")
    return template.replace("{{PAGE}}", page).replace("{{TITLE}}", PAGES[page])


@router.get("/", include_in_schema=False)
def ui_root(user: UserDep) -> RedirectResponse:
    """The nav entry point."""
    return RedirectResponse("investigations")


@router.get("/{page}", response_class=HTMLResponse, include_in_schema=False)
def ui_page(page: str, user: UserDep) -> HTMLResponse:
    """One of :data:`PAGES` (the script reads its parameters from the query string)."""
    if page not in PAGES:
        raise HTTPException(404, "Page not found")
    return HTMLResponse(_shell(page), headers={"Cache-Control": "no-store"})


async def _login_redirect(request: Request, exc: Exception) -> Response:
    """A page opened without a session goes to Airflow's login and comes back; the API answers 401."""
    if not isinstance(exc, HTTPException):
        raise exc
    if (
        exc.status_code == 401
        and request.method == "GET"
        and "/ui/" in request.url.path
        and "/ui/static/" not in request.url.path
    ):
        try:
            login = get_auth_manager().get_url_login(next_url=str(request.url))
        except RuntimeError:  # no auth manager (app served outside the api-server): plain 401
            return await http_exception_handler(request, exc)
        return RedirectResponse(login, status_code=307)
    return await http_exception_handler(request, exc)


class SecurityHeaders:
    """ASGI middleware adding :data:`SECURITY_HEADERS` to every response (pure ASGI: streams stay streams)."""

    def __init__(self, app: Any) -> None:
        """Wrap ``app``."""
        self.app = app
        self.headers = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        """Add the headers the response does not set itself."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in self.headers if k not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def install(app: FastAPI) -> None:
    """Add the pages, the static files, the login redirect and the security headers to ``app``."""
    app.include_router(router)
    app.mount("/ui/static", StaticFiles(directory=UI_DIR / "static"), name="static")
    app.add_exception_handler(HTTPException, _login_redirect)
    app.add_middleware(SecurityHeaders)
