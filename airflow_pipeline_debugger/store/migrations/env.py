"""Alembic environment of the provider's tables (run by Airflow's DB manager or by the tests).

Only the provider's own tables are visible to autogenerate (``include_object``), the history is
kept in ``alembic_version_pipeline_debugger``, and SQLite gets batch mode so ALTERs work there.
The connection is the one Airflow configured (``settings.engine``) unless a caller passes one in
``config.attributes["connection"]``.
"""

from __future__ import annotations

import contextlib
from typing import Any

from alembic import context
from sqlalchemy.engine import Connection

from airflow_pipeline_debugger.store.models import VERSION_TABLE, include_object, load_all_models

target_metadata = load_all_models()
config = context.config


def _configure(**kwargs: Any) -> None:
    context.configure(
        target_metadata=target_metadata,
        version_table=VERSION_TABLE,
        include_object=include_object,
        render_as_batch=True,
        compare_type=True,
        **kwargs,
    )


def run_migrations_offline() -> None:
    """Emit SQL for ``--sql`` runs."""
    _configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run on a live connection."""
    with contextlib.ExitStack() as stack:
        connection: Connection | None = config.attributes.get("connection")
        if connection is None:
            from airflow import settings

            if settings.engine is None:
                settings.configure_orm()
            connection = stack.enter_context(settings.engine.connect())
        _configure(connection=connection, transaction_per_migration=True)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
