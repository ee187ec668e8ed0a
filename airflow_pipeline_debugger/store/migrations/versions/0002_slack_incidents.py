"""Slack alert grouping: incident, incident_member and slack_placeholder.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TIMESTAMP = sa.TIMESTAMP(timezone=True)
INVESTIGATION_ID = "pipeline_debugger_investigation.id"


def upgrade() -> None:
    """Create the grouping tables."""
    op.create_table(
        "pipeline_debugger_incident",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("group_key", sa.String(length=64), nullable=False),
        sa.Column("open_key", sa.String(length=64), nullable=True),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("label", sa.String(length=500), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("channel", sa.String(length=255), nullable=False),
        sa.Column("channel_id", sa.String(length=64), nullable=True),
        sa.Column("parent_ts", sa.String(length=64), nullable=True),
        sa.Column("parent_investigation_id", sa.String(length=36), nullable=True),
        sa.Column("opened_at", TIMESTAMP, nullable=False),
        sa.Column("closes_at", TIMESTAMP, nullable=False),
        sa.Column("last_seen_at", TIMESTAMP, nullable=False),
        sa.Column("last_posted_at", TIMESTAMP, nullable=True),
        sa.Column("occurrences", sa.Integer(), nullable=False),
        sa.Column("posted_occurrences", sa.Integer(), nullable=False),
        sa.Column("suppressed", sa.Integer(), nullable=False),
        sa.Column("carried_suppressed", sa.Integer(), nullable=False),
        sa.Column("delivery_state", sa.String(length=16), nullable=False),
        sa.Column("delivery_error", sa.Text(), nullable=True),
        sa.Column("flush_owner", sa.String(length=64), nullable=True),
        sa.Column("flush_until", TIMESTAMP, nullable=True),
        sa.ForeignKeyConstraint(
            ["parent_investigation_id"],
            [INVESTIGATION_ID],
            name=op.f("pipeline_debugger_incident_parent_investigation_id_fkey"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pipeline_debugger_incident_pkey")),
        sa.UniqueConstraint("open_key", name=op.f("pipeline_debugger_incident_open_key_key")),
    )
    with op.batch_alter_table("pipeline_debugger_incident", schema=None) as batch_op:
        batch_op.create_index("idx_pipeline_debugger_incident_group_key", ["group_key"], unique=False)

    op.create_table(
        "pipeline_debugger_incident_member",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("investigation_id", sa.String(length=36), nullable=False),
        sa.Column("dag_id", sa.String(length=250), nullable=False),
        sa.Column("task_id", sa.String(length=250), nullable=False),
        sa.Column("run_id", sa.String(length=250), nullable=False),
        sa.Column("map_index", sa.Integer(), nullable=False),
        sa.Column("try_number", sa.Integer(), nullable=False),
        sa.Column("joined_at", TIMESTAMP, nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("posted_at", TIMESTAMP, nullable=True),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["pipeline_debugger_incident.id"],
            name=op.f("pipeline_debugger_incident_member_incident_id_fkey"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["investigation_id"],
            [INVESTIGATION_ID],
            name=op.f("pipeline_debugger_incident_member_investigation_id_fkey"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pipeline_debugger_incident_member_pkey")),
        sa.UniqueConstraint(
            "investigation_id", name=op.f("pipeline_debugger_incident_member_investigation_id_key")
        ),
    )
    with op.batch_alter_table("pipeline_debugger_incident_member", schema=None) as batch_op:
        batch_op.create_index(
            "idx_pipeline_debugger_incident_member_incident_state", ["incident_id", "state"], unique=False
        )

    op.create_table(
        "pipeline_debugger_slack_placeholder",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("investigation_id", sa.String(length=36), nullable=False),
        sa.Column("channel", sa.String(length=255), nullable=False),
        sa.Column("channel_id", sa.String(length=64), nullable=False),
        sa.Column("ts", sa.String(length=64), nullable=False),
        sa.Column("posted_at", TIMESTAMP, nullable=False),
        sa.Column("resolved_at", TIMESTAMP, nullable=True),
        sa.ForeignKeyConstraint(
            ["investigation_id"],
            [INVESTIGATION_ID],
            name=op.f("pipeline_debugger_slack_placeholder_investigation_id_fkey"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pipeline_debugger_slack_placeholder_pkey")),
        sa.UniqueConstraint(
            "investigation_id", name=op.f("pipeline_debugger_slack_placeholder_investigation_id_key")
        ),
    )


def downgrade() -> None:
    """Drop the grouping tables (children first)."""
    op.drop_table("pipeline_debugger_slack_placeholder")
    with op.batch_alter_table("pipeline_debugger_incident_member", schema=None) as batch_op:
        batch_op.drop_index("idx_pipeline_debugger_incident_member_incident_state")
    op.drop_table("pipeline_debugger_incident_member")
    with op.batch_alter_table("pipeline_debugger_incident", schema=None) as batch_op:
        batch_op.drop_index("idx_pipeline_debugger_incident_group_key")
    op.drop_table("pipeline_debugger_incident")
