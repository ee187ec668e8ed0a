"""Databases for the runner tests: the provider's tables alone, or a complete Airflow metadata DB.

The second (``factory``) runs :func:`airflow_pipeline_debugger.runner.process.investigate` for real
on a failed try whose task log the test wrote (``failed_task``).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

if "airflow" not in sys.modules:
    _home = tempfile.mkdtemp(prefix="pd-it-runner-home-")
    atexit.register(shutil.rmtree, _home, True)
    os.environ.setdefault("AIRFLOW_HOME", _home)
    os.environ.setdefault("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", f"sqlite:///{_home}/airflow.db")

from sqlalchemy import Engine, create_engine, delete
from sqlalchemy.orm import Session, sessionmaker
from support.databases import BACKENDS, airflow_env, run_airflow, scratch_postgres

from airflow_pipeline_debugger.domain import TaskKey
from airflow_pipeline_debugger.runner import process
from airflow_pipeline_debugger.runner.handoff import TaskLog

BACKEND_PARAMS = [
    pytest.param(name, marks=[pytest.mark.postgres] if name == "postgres" else [], id=name)
    for name in BACKENDS
]


@pytest.fixture(params=BACKEND_PARAMS, scope="module")
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def engine(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    from alembic import command

    from airflow_pipeline_debugger.store.db_manager import alembic_config

    db = (
        scratch_postgres("pd_trig")
        if backend == "postgres"
        else contextlib.nullcontext(f"sqlite:///{tmp_path_factory.mktemp(backend) / 'airflow.db'}")
    )
    with db as url:
        eng = create_engine(url, connect_args={"timeout": 30} if url.startswith("sqlite") else {})
        with eng.begin() as conn:
            command.upgrade(alembic_config(conn), "head")
        yield eng
        eng.dispose()


@pytest.fixture
def session_factory(engine: Engine) -> Iterator[sessionmaker[Session]]:
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    yield factory
    from airflow_pipeline_debugger.store.models import metadata

    with engine.begin() as conn:
        for table in reversed(metadata.sorted_tables):
            conn.execute(delete(table))


@pytest.fixture(scope="module")
def metadata_engine(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """A migrated Airflow metadata DB (Airflow's tables and the provider's) of ``backend``."""
    home = tmp_path_factory.mktemp(f"added-{backend}")
    (home / "dags").mkdir()
    database: contextlib.AbstractContextManager[str] = (
        scratch_postgres("pd_added")
        if backend == "postgres"
        else contextlib.nullcontext(f"sqlite:///{home / 'airflow.db'}")
    )
    with database as url:
        run_airflow(airflow_env(home, url), "db", "migrate")
        eng = create_engine(url, connect_args={"timeout": 30} if url.startswith("sqlite") else {})
        yield eng
        eng.dispose()


@pytest.fixture
def factory(metadata_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[sessionmaker[Session]]:
    """Sessions on the test DB; deterministic engine settings loaded afresh for this test.

    Airflow's own engine and sessions point at it too: Slack notices read through ``own_session``.
    The provider's tables are emptied afterwards (investigations, incidents, placeholders).
    """
    from airflow import settings

    factory = sessionmaker(bind=metadata_engine, expire_on_commit=False)
    monkeypatch.setattr(settings, "engine", metadata_engine)
    monkeypatch.setattr(settings, "NonScopedSession", factory)
    monkeypatch.setenv("AIRFLOW__PIPELINE_DEBUGGER__LLM_ENABLED", "False")
    monkeypatch.setenv("AIRFLOW__PIPELINE_DEBUGGER__FINGERPRINT_CACHE_HOURS", "0")
    monkeypatch.setenv("AIRFLOW__PIPELINE_DEBUGGER__HANDOFF_SETTLE_SECONDS", "0")
    monkeypatch.setattr(process, "_settings", None)
    yield factory
    from airflow_pipeline_debugger.store.models import load_all_models

    with metadata_engine.begin() as conn:
        for table in reversed(load_all_models().sorted_tables):
            conn.execute(delete(table))


@pytest.fixture
def failed_task(monkeypatch: pytest.MonkeyPatch) -> Callable[[str, str, str], str]:
    """``(dag_id, operator, task log text)`` → ``dag_id``, whose failed try now reads that log.

    Only the two reads of the failed try that need a scheduled task are replaced: the task
    instance row and its log (the log reader itself is covered by the e2e tests).
    """
    logs: dict[str, str] = {}

    def fake_failed_try(session: Session, key: TaskKey) -> Any:
        return SimpleNamespace(**key.to_json(), max_tries=0, operator=logs[f"{key.dag_id}:op"], end_date=None)

    def fake_read_task_log(ti: Any, key: TaskKey, dest_dir: Path, **_: Any) -> TaskLog:
        path = dest_dir / "task.log"
        path.write_text(logs[key.dag_id], encoding="utf-8")
        return TaskLog(path=path, messages=logs[key.dag_id].count("\n"))

    monkeypatch.setattr(process, "failed_try", fake_failed_try)
    monkeypatch.setattr(process, "read_task_log", fake_read_task_log)

    def make(dag_id: str, operator: str, text: str) -> str:
        logs[dag_id], logs[f"{dag_id}:op"] = text, operator
        return dag_id

    return make
