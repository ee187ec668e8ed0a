"""Input volume per successful try: task_volume (rows per input, for the run-history comparison).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TIMESTAMP = sa.TIMESTAMP(timezone=True)


def upgrade() -> None:
    """Create the volume table."""
    op.create_table(
        "pipeline_debugger_task_volume",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("dag_id", sa.String(length=250), nullable=False),
        sa.Column("task_id", sa.String(length=250), nullable=False),
        sa.Column("map_index", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.String(length=250), nullable=False),
        sa.Column("try_number", sa.Integer(), nullable=False),
        sa.Column("measures", sa.JSON(), nullable=False),
        sa.Column("recorded_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pipeline_debugger_task_volume_pkey")),
        sa.UniqueConstraint(
            "dag_id",
            "task_id",
            "map_index",
            "run_id",
            "try_number",
            name="pipeline_debugger_task_volume_try_key",
        ),
    )


def downgrade() -> None:
    """Drop the volume table."""
    op.drop_table("pipeline_debugger_task_volume")
