"""The plugin's FastAPI app, mounted by the api-server at ``/pipeline-debugger``.

Its lifespan runs the embedded runner (one per api-server process, see
:mod:`airflow_pipeline_debugger.runner.embedded`), so installing the provider is enough to get
investigations without deploying another process. It also installs the hook that enqueues a
failure as soon as a worker reports it through the Execution API
(:mod:`airflow_pipeline_debugger.trigger.execution_api`). The API routes live in
:mod:`airflow_pipeline_debugger.api.routes`; the UI pages and static files in
:mod:`airflow_pipeline_debugger.api.pages`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from starlette.concurrency import run_in_threadpool

from airflow_pipeline_debugger import conf
from airflow_pipeline_debugger.api import accuracy, added, pages, recurring, routes, slack
from airflow_pipeline_debugger.api.csrf import CsrfGuard
from airflow_pipeline_debugger.api.routes import DB_UNREACHABLE
from airflow_pipeline_debugger.api.settings import AppSettings, RunnerState
from airflow_pipeline_debugger.evidence.redact import redact
from airflow_pipeline_debugger.runner.embedded import (
    MIGRATE_HINT,
    embedded_runner_wanted,
    start_embedded_runner,
    stop_embedded_runner,
    tables_missing,
)
from airflow_pipeline_debugger.trigger import execution_api
from airflow_pipeline_debugger.trigger.enqueue import get_enqueuer

log = logging.getLogger(__name__)


def _start_runner(state: RunnerState) -> bool:
    """Try to start the embedded runner; whether to try again later (wanted but not started)."""
    try:
        runner = start_embedded_runner()
    except Exception as exc:  # the api-server must come up even when the runner cannot
        log.exception("pipeline-debugger: embedded runner failed to start")
        state.error = _public_error(exc)
        runner = None
    state.started = runner is not None
    state.runner_id = runner.runner_id if runner is not None else None
    if runner is not None:
        state.error = None
        return False
    if not embedded_runner_wanted():
        return False
    state.error = state.error or (
        "not started: the metadata database is unreachable or the tables are missing; "
        f"trying again every {conf.runner_start_retry_seconds():g} s"
    )
    return True


async def _keep_starting(state: RunnerState) -> None:
    """Retry a runner that could not start (DB down, tables not migrated) until it does."""
    retry = True
    while retry:
        await asyncio.sleep(conf.runner_start_retry_seconds())
        retry = await run_in_threadpool(_start_runner, state)
    log.info("pipeline-debugger: embedded runner started after a failed start")


def _public_error(exc: Exception) -> str:
    """What any logged-in user may see of a start-up error: no DSN, host or user from a DB driver."""
    if isinstance(exc, SQLAlchemyError | OSError):
        return f"{DB_UNREACHABLE} (details in the api-server log)"
    return redact(f"{type(exc).__name__}: {exc}")[:500]


def _watch_execution_api() -> None:
    try:
        execution_api.install(get_enqueuer().submit)
    except Exception:  # the api-server must come up; the run's end and the sweep still enqueue
        log.exception("pipeline-debugger: the Execution API hook could not be installed")


def create_app(settings: AppSettings | None = None) -> FastAPI:
    """Build the app; ``settings`` defaults to production values (runner on, 15 s keepalive)."""
    settings = settings or AppSettings()

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        retrying: asyncio.Task[None] | None = None
        if settings.watch_execution_api:
            _watch_execution_api()
        if settings.start_runner and await run_in_threadpool(_start_runner, settings.runner):
            retrying = asyncio.create_task(_keep_starting(settings.runner))
        try:
            yield
        finally:
            if settings.watch_execution_api:
                execution_api.uninstall()
            if retrying is not None:
                retrying.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await retrying
            if settings.runner.started:
                await run_in_threadpool(stop_embedded_runner)
                settings.runner.started = False

    app = FastAPI(
        title="Airflow Pipeline Debugger",
        description="Root-cause investigations of failed Airflow tasks.",
        lifespan=lifespan,
    )
    app.state.settings = settings

    app.include_router(routes.router)
    app.include_router(added.router)
    app.include_router(accuracy.router)
    app.include_router(recurring.router)
    app.include_router(slack.router)
    app.add_middleware(CsrfGuard)
    app.add_exception_handler(DBAPIError, _database_error)
    pages.install(app)
    return app


def _missing_tables() -> list[str] | None:
    try:
        return tables_missing()
    except Exception:  # noqa: BLE001 - the database itself is unreachable
        return None


async def _database_error(request: Request, exc: Exception) -> Response:
    """503 with what to do: the tables are missing (run the migration) or the database is down."""
    missing = await run_in_threadpool(_missing_tables)
    log.warning("pipeline-debugger API: database error on %s: %s", request.url.path, exc)
    if missing:
        detail = f"The Pipeline Debugger tables are missing ({', '.join(missing)}); run `{MIGRATE_HINT}`."
    else:
        detail = "The metadata database is not available; try again shortly."
    return JSONResponse(
        {"detail": detail, "migrate_hint": MIGRATE_HINT if missing else None}, status_code=503
    )
