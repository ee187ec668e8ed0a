"""Fixtures for the storage tests: a migrated scratch database per backend (SQLite and PostgreSQL)."""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator

import pytest

if "airflow" not in sys.modules:
    # In-process Airflow (imported by the models for UtcDateTime) gets a home of its own.
    _home = tempfile.mkdtemp(prefix="pd-it-store-home-")
    atexit.register(shutil.rmtree, _home, True)
    os.environ.setdefault("AIRFLOW_HOME", _home)
    os.environ.setdefault("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", f"sqlite:///{_home}/airflow.db")

from sqlalchemy import Engine, create_engine, delete, inspect
from sqlalchemy.orm import Session, sessionmaker
from support.databases import BACKENDS, scratch_database

#: PostgreSQL scratch databases of the storage tests are named ``pd_found_<random>``.
DB_PREFIX = "pd_found"

BACKEND_PARAMS = [
    pytest.param(name, marks=[pytest.mark.postgres] if name == "postgres" else [], id=name)
    for name in BACKENDS
]


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    from airflow_pipeline_debugger.store.db_manager import alembic_config

    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), revision)


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    from airflow_pipeline_debugger.store.db_manager import alembic_config

    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), revision)


@pytest.fixture(params=BACKEND_PARAMS, scope="module")
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def db_url(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with scratch_database(backend, tmp_path_factory.mktemp(backend), prefix=DB_PREFIX) as url:
        yield url


@pytest.fixture(scope="module")
def engine(db_url: str) -> Iterator[Engine]:
    """The provider's tables, created by the migrations (not by ``create_all``)."""
    eng = create_engine(db_url, connect_args={"timeout": 30} if db_url.startswith("sqlite") else {})
    upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def session_factory(engine: Engine) -> Iterator[sessionmaker[Session]]:
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    yield factory
    from airflow_pipeline_debugger.store.models import metadata

    with engine.begin() as conn:
        present = set(inspect(conn).get_table_names())
        for table in reversed(metadata.sorted_tables):
            if table.name in present:
                conn.execute(delete(table))


@pytest.fixture
def session(session_factory: sessionmaker[Session]) -> Iterator[Session]:
    with session_factory() as s:
        yield s
        s.rollback()
