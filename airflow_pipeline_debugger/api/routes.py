"""The JSON API of ARCHITECTURE 4.3 under ``/pipeline-debugger/api``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from sqlalchemy.orm import Session

from airflow_pipeline_debugger.api.security import UserDep

router = APIRouter(prefix="/api")


def _session() -> Iterator[Session]:
    from airflow_pipeline_debugger.trigger.enqueue import session_scope

    with session_scope() as session:
        yield session


SessionDep = Annotated[Session, Depends(_session)]


@router.get("/health")
def health(request: Request, user: UserDep) -> dict[str, Any]:
    """Whether the tables exist (with the command that creates them) and whether the runner runs here."""
    from airflow_pipeline_debugger import conf
    from airflow_pipeline_debugger.api.app import app_settings
    from airflow_pipeline_debugger.runner.embedded import MIGRATE_HINT, tables_missing

    runner = app_settings(request.app).runner
    try:
        missing = tables_missing()
        db_error = None
    except Exception as exc:  # noqa: BLE001 - health reports an unreachable DB, it does not fail
        missing, db_error = [], f"{type(exc).__name__}: {exc}"
    tables_ok = not missing and db_error is None
    return {
        "status": "ok" if tables_ok else "degraded",
        "enabled": conf.enabled(),
        "tables": {"present": tables_ok, "missing": missing, "error": db_error},
        "migrate_hint": None if tables_ok else MIGRATE_HINT,
        "runner": {
            "in_api_server": conf.runner_in_api_server(),
            "started": runner.started,
            "runner_id": runner.runner_id,
            "error": runner.error,
        },
    }
