"""The previous run of a re-run investigation: its answer and times, shown until the new one lands.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add ``investigation.previous_run``."""
    with op.batch_alter_table("pipeline_debugger_investigation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("previous_run", sa.JSON(), nullable=True))


def downgrade() -> None:
    """Drop ``investigation.previous_run``."""
    with op.batch_alter_table("pipeline_debugger_investigation", schema=None) as batch_op:
        batch_op.drop_column("previous_run")
