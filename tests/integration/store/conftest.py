"""Fixtures for the storage tests: a migrated scratch database per backend (SQLite and PostgreSQL)."""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import pytest

if "airflow" not in sys.modules:
    # In-process Airflow (imported by the models for UtcDateTime) gets a home of its own.
    _home = tempfile.mkdtemp(prefix="pd-it-store-home-")
    atexit.register(shutil.rmtree, _home, True)
    os.environ.setdefault("AIRFLOW_HOME", _home)
    os.environ.setdefault("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", f"sqlite:///{_home}/airflow.db")

from sqlalchemy import Engine, create_engine, delete, inspect
from sqlalchemy.orm import Session, sessionmaker
from support.databases import BACKEND_PARAMS, scratch_database, upgrade_provider

#: PostgreSQL scratch databases of the storage tests are named ``pd_found_<random>``.
DB_PREFIX = "pd_found"


@pytest.fixture(scope="session")
def scratch_db() -> Callable[[str, Path], AbstractContextManager[str]]:
    """``scratch_database`` with the storage tests' name prefix, for tests that need more databases."""
    return functools.partial(scratch_database, prefix=DB_PREFIX)


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
    upgrade_provider(eng)
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
