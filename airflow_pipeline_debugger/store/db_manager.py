"""Airflow's hook into the provider's tables: ``airflow db migrate`` creates, ``airflow db reset`` drops.

Registered under ``db-managers`` in :func:`airflow_pipeline_debugger.provider_info.get_provider_info`,
so Airflow's ``RunDBManager`` finds it without any ``[database] external_db_managers`` setting.
:func:`check_tables` is what the API and the runner call before they touch the tables, so a
forgotten migration is one clear message with the command to run, not a stream of SQL errors.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from airflow import settings
from airflow.utils.db_manager import BaseDBManager
from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from airflow_pipeline_debugger.store.models import VERSION_TABLE, load_all_models

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.engine import Connection
    from sqlalchemy.orm import Session

_HERE = Path(__file__).parent
MIGRATE_COMMAND = "airflow db migrate"


class PipelineDebuggerDBManager(BaseDBManager):  # type: ignore[misc]
    """Migrations of the ``pipeline_debugger_*`` tables with their own alembic history."""

    metadata = load_all_models()
    migration_dir = str(_HERE / "migrations")
    alembic_file = str(_HERE / "alembic.ini")
    version_table_name = VERSION_TABLE
    supports_table_dropping = True

    def downgrade(
        self, to_revision: str, from_revision: str | None = None, show_sql_only: bool = False
    ) -> None:
        """Downgrade to ``to_revision``; ``base`` removes every table of the provider and keeps Airflow's.

        Airflow has no command for a DB manager's downgrade (``airflow db downgrade`` moves only its
        own history), so this is how the tables are removed before uninstalling the provider.
        """
        config = self.get_alembic_config()
        if show_sql_only:
            revision = f"{from_revision}:{to_revision}" if from_revision else to_revision
            command.downgrade(config, revision=revision, sql=True)
        else:
            command.downgrade(config, revision=to_revision)


def alembic_config(connection: Connection | None = None) -> Config:
    """An alembic ``Config`` for the provider's history, optionally bound to ``connection``.

    Without a connection, env.py uses Airflow's configured engine (like ``airflow db migrate``).
    """
    config = Config(PipelineDebuggerDBManager.alembic_file)
    config.set_main_option("script_location", PipelineDebuggerDBManager.migration_dir)
    url = (
        connection.engine.url.render_as_string(hide_password=False)
        if connection
        else settings.SQL_ALCHEMY_CONN
    )
    config.set_main_option("sqlalchemy.url", str(url).replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest revision shipped with this version of the package."""
    heads = ScriptDirectory.from_config(alembic_config_offline()).get_heads()
    if len(heads) != 1:
        raise RuntimeError(f"the provider's migrations have {len(heads)} heads: {heads}")
    return str(heads[0])


def alembic_config_offline() -> Config:
    """A ``Config`` that only locates the scripts (no database needed)."""
    config = Config(PipelineDebuggerDBManager.alembic_file)
    config.set_main_option("script_location", PipelineDebuggerDBManager.migration_dir)
    return config


def current_revision(connection: Connection) -> str | None:
    """The revision recorded in ``alembic_version_pipeline_debugger`` (None when never migrated)."""
    context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
    revision = context.get_current_revision()
    return None if revision is None else str(revision)


def missing_tables(connection: Connection) -> list[str]:
    """The provider's tables that do not exist on ``connection``'s database, sorted (empty when migrated)."""
    present = set(inspect(connection).get_table_names())
    return sorted(name for name in PipelineDebuggerDBManager.metadata.tables if name not in present)


def check_tables(session: Session) -> str | None:
    """``None`` when the tables exist at the shipped revision, else what is wrong and the command to run."""
    connection = session.connection()
    missing = missing_tables(connection)
    if missing:
        return (
            f"airflow-pipeline-debugger: the tables {', '.join(missing)} do not exist in the Airflow "
            f"metadata database; run `{MIGRATE_COMMAND}` to create them."
        )
    found, expected = current_revision(connection), head_revision()
    if found != expected:
        return (
            f"airflow-pipeline-debugger: the tables are at revision {found or 'none'} but this version "
            f"needs {expected}; run `{MIGRATE_COMMAND}` to upgrade them."
        )
    return None
