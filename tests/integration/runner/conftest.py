"""A migrated scratch database (provider tables) per backend for the runner tests."""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator

import pytest

if "airflow" not in sys.modules:
    _home = tempfile.mkdtemp(prefix="pd-it-runner-home-")
    atexit.register(shutil.rmtree, _home, True)
    os.environ.setdefault("AIRFLOW_HOME", _home)
    os.environ.setdefault("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", f"sqlite:///{_home}/airflow.db")

from sqlalchemy import Engine, create_engine, delete
from sqlalchemy.orm import Session, sessionmaker
from support.databases import BACKENDS, scratch_postgres

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
