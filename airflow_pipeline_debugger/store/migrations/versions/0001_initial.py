"""Create the pipeline_debugger tables: investigation, artifact, investigation_step, finding, dag_snapshot.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

#: Airflow's ``UtcDateTime`` is a ``TIMESTAMP WITH TIME ZONE`` underneath; migrations use the plain type.
TIMESTAMP = sa.TIMESTAMP(timezone=True)


def upgrade() -> None:
    """Create the tables and their indexes."""
    op.create_table(
        "pipeline_debugger_dag_snapshot",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("dag_id", sa.String(length=250), nullable=False),
        sa.Column("source_hash", sa.String(length=64), nullable=False),
        sa.Column("fileloc", sa.Text(), nullable=False),
        sa.Column("source_code", sa.Text(), nullable=False),
        sa.Column("dag_version_id", sa.String(length=36), nullable=True),
        sa.Column("bundle_version", sa.String(length=250), nullable=True),
        sa.Column("first_seen_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pipeline_debugger_dag_snapshot_pkey")),
        sa.UniqueConstraint(
            "dag_id", "source_hash", name=op.f("pipeline_debugger_dag_snapshot_dag_id_source_hash_key")
        ),
    )
    with op.batch_alter_table("pipeline_debugger_dag_snapshot", schema=None) as batch_op:
        batch_op.create_index(
            "idx_pipeline_debugger_dag_snapshot_seen", ["dag_id", "first_seen_at"], unique=False
        )

    op.create_table(
        "pipeline_debugger_investigation",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("dag_id", sa.String(length=250), nullable=False),
        sa.Column("run_id", sa.String(length=250), nullable=False),
        sa.Column("task_id", sa.String(length=250), nullable=False),
        sa.Column("map_index", sa.Integer(), nullable=False),
        sa.Column("try_number", sa.Integer(), nullable=False),
        sa.Column("pipeline_type", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("trigger", sa.String(length=32), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=True),
        sa.Column("category", sa.String(length=16), nullable=True),
        sa.Column("transience", sa.String(length=16), nullable=True),
        sa.Column("root_cause_title", sa.String(length=500), nullable=True),
        sa.Column("confidence", sa.Integer(), nullable=True),
        sa.Column("engine", sa.String(length=32), nullable=True),
        sa.Column("model", sa.String(length=128), nullable=True),
        sa.Column("input_tokens", sa.Integer(), nullable=True),
        sa.Column("output_tokens", sa.Integer(), nullable=True),
        sa.Column("cost_usd", sa.Float(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("claimed_by", sa.String(length=128), nullable=True),
        sa.Column("claimed_at", TIMESTAMP, nullable=True),
        sa.Column("heartbeat_at", TIMESTAMP, nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("started_at", TIMESTAMP, nullable=True),
        sa.Column("finished_at", TIMESTAMP, nullable=True),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.Column("capture", sa.JSON(), nullable=True),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("reused_from_id", sa.String(length=36), nullable=True),
        sa.Column("slack_state", sa.String(length=16), nullable=True),
        sa.Column("slack_ts", sa.String(length=64), nullable=True),
        sa.Column("slack_error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["reused_from_id"],
            ["pipeline_debugger_investigation.id"],
            name=op.f("pipeline_debugger_investigation_reused_from_id_fkey"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pipeline_debugger_investigation_pkey")),
        sa.UniqueConstraint(
            "dag_id",
            "run_id",
            "task_id",
            "map_index",
            "try_number",
            name="pipeline_debugger_investigation_try_key",
        ),
    )
    with op.batch_alter_table("pipeline_debugger_investigation", schema=None) as batch_op:
        batch_op.create_index("idx_pipeline_debugger_investigation_created", ["created_at"], unique=False)
        batch_op.create_index(
            "idx_pipeline_debugger_investigation_fingerprint", ["fingerprint", "finished_at"], unique=False
        )
        batch_op.create_index(
            "idx_pipeline_debugger_investigation_status", ["status", "created_at"], unique=False
        )
        batch_op.create_index(
            "idx_pipeline_debugger_investigation_task", ["dag_id", "task_id", "created_at"], unique=False
        )

    op.create_table(
        "pipeline_debugger_artifact",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("investigation_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("evidence_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("truncated", sa.Boolean(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["investigation_id"],
            ["pipeline_debugger_investigation.id"],
            name=op.f("pipeline_debugger_artifact_investigation_id_fkey"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pipeline_debugger_artifact_pkey")),
        sa.UniqueConstraint(
            "investigation_id", "seq", name=op.f("pipeline_debugger_artifact_investigation_id_seq_key")
        ),
    )
    op.create_table(
        "pipeline_debugger_finding",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("investigation_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("confidence", sa.Integer(), nullable=True),
        sa.Column("category", sa.String(length=16), nullable=True),
        sa.Column("evidence_refs", sa.JSON(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=True),
        sa.Column("feedback", sa.String(length=8), nullable=True),
        sa.Column("feedback_comment", sa.Text(), nullable=True),
        sa.Column("feedback_user", sa.String(length=250), nullable=True),
        sa.Column("feedback_at", TIMESTAMP, nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["investigation_id"],
            ["pipeline_debugger_investigation.id"],
            name=op.f("pipeline_debugger_finding_investigation_id_fkey"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pipeline_debugger_finding_pkey")),
    )
    with op.batch_alter_table("pipeline_debugger_finding", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("idx_pipeline_debugger_finding_investigation_id"), ["investigation_id"], unique=False
        )

    op.create_table(
        "pipeline_debugger_investigation_step",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("investigation_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=True),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["investigation_id"],
            ["pipeline_debugger_investigation.id"],
            name=op.f("pipeline_debugger_investigation_step_investigation_id_fkey"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pipeline_debugger_investigation_step_pkey")),
        sa.UniqueConstraint(
            "investigation_id",
            "seq",
            name=op.f("pipeline_debugger_investigation_step_investigation_id_seq_key"),
        ),
    )


def downgrade() -> None:
    """Drop the tables (children first)."""
    op.drop_table("pipeline_debugger_investigation_step")
    with op.batch_alter_table("pipeline_debugger_finding", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("idx_pipeline_debugger_finding_investigation_id"))

    op.drop_table("pipeline_debugger_finding")
    op.drop_table("pipeline_debugger_artifact")
    with op.batch_alter_table("pipeline_debugger_investigation", schema=None) as batch_op:
        batch_op.drop_index("idx_pipeline_debugger_investigation_task")
        batch_op.drop_index("idx_pipeline_debugger_investigation_status")
        batch_op.drop_index("idx_pipeline_debugger_investigation_fingerprint")
        batch_op.drop_index("idx_pipeline_debugger_investigation_created")

    op.drop_table("pipeline_debugger_investigation")
    with op.batch_alter_table("pipeline_debugger_dag_snapshot", schema=None) as batch_op:
        batch_op.drop_index("idx_pipeline_debugger_dag_snapshot_seen")

    op.drop_table("pipeline_debugger_dag_snapshot")
