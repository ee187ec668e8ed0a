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

import contextlib
import logging
from collections.abc import AsyncIterator

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import DBAPIError
from starlette.concurrency import run_in_threadpool

from airflow_pipeline_debugger.api import pages, routes
from airflow_pipeline_debugger.api.settings import AppSettings, RunnerState
from airflow_pipeline_debugger.runner.embedded import (
    MIGRATE_HINT,
    start_embedded_runner,
    stop_embedded_runner,
    tables_missing,
)
from airflow_pipeline_debugger.trigger import execution_api
from airflow_pipeline_debugger.trigger.enqueue import get_enqueuer

log = logging.getLogger(__name__)


def _start_runner(state: RunnerState) -> None:
    try:
        runner = start_embedded_runner()
    except Exception as exc:  # the api-server must come up even when the runner cannot
        log.exception("pipeline-debugger: embedded runner failed to start")
        state.error = f"{type(exc).__name__}: {exc}"
        return
    state.started = runner is not None
    state.runner_id = runner.runner_id if runner is not None else None


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
        if settings.watch_execution_api:
            _watch_execution_api()
        if settings.start_runner:
            await run_in_threadpool(_start_runner, settings.runner)
        try:
            yield
        finally:
            if settings.watch_execution_api:
                execution_api.uninstall()
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
