"""Scratch metadata databases for integration tests: a SQLite file, or a PostgreSQL database on
127.0.0.1:5432 created for one test run and dropped afterwards (trust auth, user ``postgres``).

``airflow_env`` builds the environment a subprocess ``airflow`` command needs to use one of them
with its own ``AIRFLOW_HOME``, so tests never touch a developer's ``~/airflow``.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from sqlalchemy import Engine

PG_HOST = "127.0.0.1"
PG_PORT = 5432
PG_USER = "postgres"
PG_ADMIN_DSN = f"host={PG_HOST} port={PG_PORT} user={PG_USER} dbname=postgres"
BACKENDS = ("sqlite", "postgres")
VENV_BIN = Path(sys.executable).parent

#: ``@pytest.mark.parametrize`` / fixture params over the backends; PostgreSQL ones carry ``postgres``.
BACKEND_PARAMS = [
    pytest.param(name, marks=[pytest.mark.postgres] if name == "postgres" else [], id=name)
    for name in BACKENDS
]


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_DSN, autocommit=True, connect_timeout=5) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


@contextlib.contextmanager
def scratch_postgres(prefix: str = "pd_test") -> Iterator[str]:
    """Create an empty database; yield its SQLAlchemy URL (psycopg2, as Airflow uses); drop it after."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    _admin(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg2://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}"
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def scratch_database(backend: str, workdir: Path, prefix: str = "pd_test") -> Iterator[str]:
    """A fresh, empty database of ``backend`` (``sqlite`` or ``postgres``); yields its URL.

    ``prefix`` names the PostgreSQL database, so concurrent test suites can tell theirs apart.
    """
    if backend == "sqlite":
        yield f"sqlite:///{workdir / 'airflow.db'}"
    elif backend == "postgres":
        with scratch_postgres(prefix) as url:
            yield url
    else:
        raise ValueError(f"unknown backend {backend!r}")


def airflow_env(home: Path, sql_conn: str, **extra: str) -> dict[str, str]:
    """Environment for an ``airflow`` subprocess on ``sql_conn`` in its own ``AIRFLOW_HOME``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW__", "_AIRFLOW"))}
    env.update(
        {
            "AIRFLOW_HOME": str(home),
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": sql_conn,
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__CORE__DAGS_FOLDER": str(home / "dags"),
            "PATH": f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}",
            **extra,
        }
    )
    return env


def run_airflow(env: dict[str, str], *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run ``airflow <args>``; raise with its output when it fails."""
    proc = subprocess.run(
        [str(VENV_BIN / "airflow"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if proc.returncode != 0:
        raise AssertionError(
            f"airflow {' '.join(args)} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}"
        )
    return proc


def upgrade_provider(engine: Engine, revision: str = "head") -> None:
    """Run the provider's alembic history up to ``revision`` on ``engine`` (like ``airflow db migrate``)."""
    from alembic import command

    from airflow_pipeline_debugger.store.db_manager import alembic_config

    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), revision)


def downgrade_provider(engine: Engine, revision: str) -> None:
    """Run the provider's alembic history down to ``revision`` (``base`` drops every table of ours)."""
    from alembic import command

    from airflow_pipeline_debugger.store.db_manager import alembic_config

    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), revision)
