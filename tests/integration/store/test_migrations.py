"""The provider's tables through Airflow's own commands and through the alembic history, per backend.

``airflow db migrate`` and ``airflow db reset`` run as real subprocesses in an ``AIRFLOW_HOME`` of
their own, on a SQLite file and on a scratch PostgreSQL database. The tests of one backend share
one migrated database and run in file order: the reset tests come last because they destroy it.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Column, Engine, Integer, MetaData, create_engine, func, insert, inspect, select
from support.databases import (
    BACKEND_PARAMS,
    airflow_env,
    downgrade_provider,
    run_airflow,
    upgrade_provider,
)

from airflow_pipeline_debugger.store.db_manager import (
    MIGRATE_COMMAND,
    check_tables,
    current_revision,
    head_revision,
    missing_tables,
)
from airflow_pipeline_debugger.store.models import (
    VERSION_TABLE,
    Investigation,
    include_object,
    load_all_models,
)

ScratchDb = Callable[[str, Path], AbstractContextManager[str]]
OURS = frozenset(load_all_models().tables)
#: Tables the revisions after 0001 add (0002: Slack grouping, 0004: input volume); 0001 keeps the
#: investigation tables.
ADDED_AFTER_0001 = frozenset(t for t in OURS if "incident" in t or "slack" in t or "task_volume" in t)


def airflow_tables() -> set[str]:
    """Every table of Airflow's own metadata, plus its version table."""
    from airflow.models.base import metadata as airflow_metadata
    from airflow.utils.db import import_all_models

    import_all_models()
    return {*airflow_metadata.tables, "alembic_version"}


def tables(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return set(inspect(conn).get_table_names()) - {"sqlite_sequence"}


def revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return current_revision(conn)


def insert_investigation(engine: Engine, task_id: str) -> None:
    from airflow_pipeline_debugger.store.models import new_id, utcnow

    now = utcnow()
    with engine.begin() as conn:
        conn.execute(
            insert(Investigation).values(
                id=new_id(),
                dag_id="orders",
                run_id="r1",
                task_id=task_id,
                map_index=-1,
                try_number=1,
                pipeline_type="airflow",
                status="queued",
                trigger="sweep",
                attempts=0,
                created_at=now,
                updated_at=now,
            )
        )


def investigation_count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(Investigation)) or 0)


@dataclass
class CliDatabase:
    """A metadata DB migrated by ``airflow db migrate`` and the environment that runs ``airflow`` on it."""

    env: dict[str, str]
    engine: Engine
    backend: str


def db_manager_downgrade(db: CliDatabase, to_revision: str, **kwargs: object) -> str:
    """``PipelineDebuggerDBManager.downgrade`` in a process whose Airflow is configured for ``db``.

    This is the way to remove the provider's tables and keep Airflow's (``airflow db downgrade``
    only moves Airflow's own history); it runs on Airflow's configured engine, not a test connection.
    """
    code = (
        "import sys\n"
        "from airflow.utils.session import create_session\n"
        "from airflow_pipeline_debugger.store.db_manager import PipelineDebuggerDBManager\n"
        "with create_session() as session:\n"
        f"    PipelineDebuggerDBManager(session).downgrade({to_revision!r}, **{kwargs!r})\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], env=db.env, capture_output=True, text=True, timeout=300, check=False
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.fixture(params=BACKEND_PARAMS, scope="module")
def cli_db(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, scratch_db: ScratchDb
) -> Iterator[CliDatabase]:
    backend = str(request.param)
    home = tmp_path_factory.mktemp(f"home-{backend}")
    (home / "dags").mkdir()
    with scratch_db(backend, home) as url:
        env = airflow_env(home, url)
        run_airflow(env, "db", "migrate")
        engine = create_engine(url)
        yield CliDatabase(env, engine, backend)
        engine.dispose()


def test_db_migrate_creates_exactly_our_tables_next_to_airflows(cli_db: CliDatabase) -> None:
    present = tables(cli_db.engine)
    assert {t for t in present if t.startswith("pipeline_debugger_")} == OURS
    assert VERSION_TABLE in present
    assert present - airflow_tables() == {*OURS, VERSION_TABLE}
    assert revision(cli_db.engine) == head_revision()


def test_round_trip_upgrade_downgrade_upgrade_keeps_airflow_and_our_rows(cli_db: CliDatabase) -> None:
    airflow_before = tables(cli_db.engine) - OURS
    insert_investigation(cli_db.engine, "kept")

    downgrade_provider(cli_db.engine, "0001")
    assert tables(cli_db.engine) - airflow_before == OURS - ADDED_AFTER_0001
    assert revision(cli_db.engine) == "0001"
    assert investigation_count(cli_db.engine) == 1

    sql = db_manager_downgrade(cli_db, "base", from_revision="0001", show_sql_only=True)
    assert "DROP TABLE pipeline_debugger_investigation;" in sql
    assert revision(cli_db.engine) == "0001"  # printing the SQL changed nothing

    db_manager_downgrade(cli_db, "base")
    assert tables(cli_db.engine) & OURS == set()
    assert revision(cli_db.engine) is None
    assert tables(cli_db.engine) == airflow_before

    upgrade_provider(cli_db.engine)
    assert tables(cli_db.engine) == airflow_before | OURS
    assert revision(cli_db.engine) == head_revision()
    insert_investigation(cli_db.engine, "after_round_trip")
    assert investigation_count(cli_db.engine) == 1


def test_db_migrate_upgrades_an_older_revision_of_our_tables(cli_db: CliDatabase) -> None:
    """A provider upgrade: tables at 0001 with data, then ``airflow db migrate`` brings them to head."""
    downgrade_provider(cli_db.engine, "0001")
    run_airflow(cli_db.env, "db", "migrate")
    assert revision(cli_db.engine) == head_revision()
    assert tables(cli_db.engine) >= OURS
    assert investigation_count(cli_db.engine) == 1


def test_db_reset_drops_and_recreates_our_tables(cli_db: CliDatabase) -> None:
    assert investigation_count(cli_db.engine) == 1
    run_airflow(cli_db.env, "db", "reset", "-y")
    assert OURS | {VERSION_TABLE} <= tables(cli_db.engine)
    assert investigation_count(cli_db.engine) == 0
    assert revision(cli_db.engine) == head_revision()


def test_db_reset_skip_init_removes_our_tables(cli_db: CliDatabase) -> None:
    run_airflow(cli_db.env, "db", "reset", "-y", "--skip-init")
    assert tables(cli_db.engine) & (OURS | {VERSION_TABLE}) == set()


# --------------------------------------------------------------------------- models vs migrations


def _diff(engine: Engine, metadata: MetaData) -> list[Any]:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={
                "compare_type": True,
                "include_object": include_object,
                "version_table": VERSION_TABLE,
            },
        )
        return list(compare_metadata(context, metadata))


def test_models_and_migrations_agree(engine: Engine) -> None:
    """The schema the migrations build is the schema the models declare (what ``create_all`` builds)."""
    assert _diff(engine, load_all_models()) == []


def test_the_drift_check_sees_a_column_the_migrations_lack(engine: Engine) -> None:
    drifted = MetaData(naming_convention=load_all_models().naming_convention)
    for table in load_all_models().sorted_tables:
        copy = table.to_metadata(drifted)
        if table.name == Investigation.__tablename__:
            copy.append_column(Column("added_without_migration", Integer))
    diff = _diff(engine, drifted)
    assert [(d[0], d[3].name) for d in diff] == [("add_column", "added_without_migration")]


# --------------------------------------------------------------------------- missing tables


def test_check_tables_names_the_command_on_an_empty_database(
    tmp_path: Path, backend: str, scratch_db: ScratchDb
) -> None:
    from sqlalchemy.orm import Session

    with scratch_db(backend, tmp_path) as url:
        engine = create_engine(url)
        try:
            with Session(engine) as session:
                missing = check_tables(session)
                assert missing_tables(session.connection()) == sorted(OURS)
            assert missing is not None
            assert Investigation.__tablename__ in missing and f"`{MIGRATE_COMMAND}`" in missing
            assert MIGRATE_COMMAND == "airflow db migrate"

            upgrade_provider(engine, "0001")
            with Session(engine) as session:
                partial = check_tables(session)
            assert partial is not None and f"`{MIGRATE_COMMAND}`" in partial
            assert all(name in partial for name in ADDED_AFTER_0001)
            assert Investigation.__tablename__ not in partial

            upgrade_provider(engine)
            with Session(engine) as session:
                assert check_tables(session) is None

            stamp_provider(engine, "0001")  # every table present, the recorded revision behind
            with Session(engine) as session:
                outdated = check_tables(session)
            assert outdated is not None
            assert "revision 0001" in outdated and f"`{MIGRATE_COMMAND}`" in outdated
        finally:
            engine.dispose()


def stamp_provider(engine: Engine, revision: str) -> None:
    from alembic import command

    from airflow_pipeline_debugger.store.db_manager import alembic_config

    with engine.begin() as conn:
        command.stamp(alembic_config(conn), revision)


def test_migrations_create_only_our_tables_and_version_table(engine: Engine) -> None:
    """On an empty database the history builds our tables and never touches ``alembic_version``."""
    assert tables(engine) == {*OURS, VERSION_TABLE}
