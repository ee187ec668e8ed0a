"""The provider's tables, on a ``MetaData`` of their own (never Airflow's ``Base``).

Airflow validates that a DB manager's tables do not collide with its own and migrates them with a
separate alembic history (``alembic_version_pipeline_debugger``), so every table here carries the
``pipeline_debugger_`` prefix and constraint names follow one convention (the drift test compares
them with the migrations on SQLite and PostgreSQL). Timestamps use Airflow's ``UtcDateTime`` so
they come back timezone-aware on SQLite too.

Tables declared in other modules on the same :data:`metadata` are listed in :data:`MODEL_MODULES`
so the DB manager sees all of them (``create_all`` on a fresh DB, ``drop_all`` on reset).
"""

from __future__ import annotations

import importlib
import uuid
from datetime import UTC, datetime
from typing import Any

from airflow.utils.sqlalchemy import UtcDateTime
from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

PREFIX = "pipeline_debugger_"
VERSION_TABLE = "alembic_version_pipeline_debugger"

#: Modules that declare tables on :data:`metadata`; append a module when it adds tables.
MODEL_MODULES: tuple[str, ...] = (
    "airflow_pipeline_debugger.store.models",
    "airflow_pipeline_debugger.store.incident_models",
)

metadata = MetaData(
    naming_convention={
        "pk": "%(table_name)s_pkey",
        "fk": "%(table_name)s_%(column_0_name)s_fkey",
        "uq": "%(table_name)s_%(column_0_N_name)s_key",
        "ix": "idx_%(table_name)s_%(column_0_N_name)s",
        "ck": "%(table_name)s_%(constraint_name)s_check",
    }
)


def load_all_models() -> MetaData:
    """Import every module of :data:`MODEL_MODULES` and return the complete :data:`metadata`."""
    for module in MODEL_MODULES:
        importlib.import_module(module)
    return metadata


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Alembic filter: only the provider's tables and their indexes; Airflow's live next to them.

    Used by the migrations' ``env.py`` and by the drift test, so both compare the same objects.
    """
    if type_ == "table":
        return name in metadata.tables
    table = getattr(obj, "table", None)
    return table is None or table.name in metadata.tables


def utcnow() -> datetime:
    """Timezone-aware now; ``UtcDateTime`` refuses naive values."""
    return datetime.now(UTC)


def new_id() -> str:
    """A random UUID as a string: readable in URLs and portable across SQLite and PostgreSQL."""
    return str(uuid.uuid4())


class Base(DeclarativeBase):
    """Declarative base bound to the provider's own :data:`metadata`."""

    metadata = metadata


class InvestigationStatus:
    """Values of ``investigation.status``."""

    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    INTERRUPTED = "interrupted"
    ALL = (QUEUED, RUNNING, SUCCEEDED, FAILED, INTERRUPTED)
    ACTIVE = (QUEUED, RUNNING)


class Investigation(Base):
    """One investigation of one failed try, unique on (dag_id, run_id, task_id, map_index, try_number)."""

    __tablename__ = f"{PREFIX}investigation"
    __table_args__ = (
        UniqueConstraint(
            "dag_id",
            "run_id",
            "task_id",
            "map_index",
            "try_number",
            name=f"{PREFIX}investigation_try_key",
        ),
        Index(f"idx_{PREFIX}investigation_status", "status", "created_at"),
        Index(f"idx_{PREFIX}investigation_task", "dag_id", "task_id", "created_at"),
        Index(f"idx_{PREFIX}investigation_fingerprint", "fingerprint", "finished_at"),
        Index(f"idx_{PREFIX}investigation_created", "created_at"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    dag_id: Mapped[str] = mapped_column(String(250), nullable=False)
    run_id: Mapped[str] = mapped_column(String(250), nullable=False)
    task_id: Mapped[str] = mapped_column(String(250), nullable=False)
    map_index: Mapped[int] = mapped_column(Integer, nullable=False, default=-1)
    try_number: Mapped[int] = mapped_column(Integer, nullable=False)
    pipeline_type: Mapped[str] = mapped_column(String(32), nullable=False, default="airflow")
    status: Mapped[str] = mapped_column(String(16), nullable=False, default=InvestigationStatus.QUEUED)
    trigger: Mapped[str] = mapped_column(String(32), nullable=False)
    fingerprint: Mapped[str | None] = mapped_column(String(64))
    category: Mapped[str | None] = mapped_column(String(16))
    transience: Mapped[str | None] = mapped_column(String(16))
    root_cause_title: Mapped[str | None] = mapped_column(String(500))
    confidence: Mapped[int | None] = mapped_column(Integer)
    engine: Mapped[str | None] = mapped_column(String(32))
    model: Mapped[str | None] = mapped_column(String(128))
    input_tokens: Mapped[int | None] = mapped_column(Integer)
    output_tokens: Mapped[int | None] = mapped_column(Integer)
    cost_usd: Mapped[float | None] = mapped_column(Float)
    error: Mapped[str | None] = mapped_column(Text)
    claimed_by: Mapped[str | None] = mapped_column(String(128))
    claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    heartbeat_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utcnow, onupdate=utcnow)
    #: What the worker handed off at failure time (exception, log tail, artifact paths).
    capture: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    #: ``InvestigationResult.to_json()`` of the finished investigation.
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    #: What the run before a re-run left (status, error, times, result, when the re-run was asked for):
    #: the tab shows that answer, marked as being re-investigated, until the new one lands.
    previous_run: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    #: The earlier investigation whose root cause was reused (fingerprint cache).
    reused_from_id: Mapped[str | None] = mapped_column(
        String(36), ForeignKey(f"{PREFIX}investigation.id", ondelete="SET NULL")
    )
    slack_state: Mapped[str | None] = mapped_column(String(16))
    slack_ts: Mapped[str | None] = mapped_column(String(64))
    slack_error: Mapped[str | None] = mapped_column(Text)

    steps: Mapped[list[InvestigationStep]] = relationship(
        back_populates="investigation",
        order_by="InvestigationStep.seq",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    artifacts: Mapped[list[Artifact]] = relationship(
        back_populates="investigation",
        order_by="Artifact.seq",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    findings: Mapped[list[Finding]] = relationship(
        back_populates="investigation",
        order_by="Finding.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    def __repr__(self) -> str:
        """Short identification for logs."""
        return (
            f"<Investigation {self.id} {self.dag_id}.{self.task_id} run={self.run_id} "
            f"map={self.map_index} try={self.try_number} {self.status}>"
        )


class Artifact(Base):
    """One piece of evidence: redacted, size-capped content plus its parse summary."""

    __tablename__ = f"{PREFIX}artifact"
    __table_args__ = (UniqueConstraint("investigation_id", "seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    investigation_id: Mapped[str] = mapped_column(
        String(36), ForeignKey(f"{PREFIX}investigation.id", ondelete="CASCADE"), nullable=False
    )
    seq: Mapped[int] = mapped_column(Integer, nullable=False)
    #: The id the engine cites (``E1``); uploads get ``U1``, ``U2``…
    evidence_id: Mapped[str] = mapped_column(String(32), nullable=False)
    kind: Mapped[str] = mapped_column(String(32), nullable=False)
    name: Mapped[str] = mapped_column(String(500), nullable=False)
    source: Mapped[str] = mapped_column(Text, nullable=False, default="")
    #: ``engine`` (collected by an investigation) or ``upload`` (added by a user; survives a rerun).
    origin: Mapped[str] = mapped_column(String(16), nullable=False, default="engine")
    size_bytes: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
    truncated: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    content: Mapped[str] = mapped_column(Text, nullable=False, default="")
    summary: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utcnow)

    investigation: Mapped[Investigation] = relationship(back_populates="artifacts")


class InvestigationStep(Base):
    """One step of the method as it was emitted, in order (``seq`` from 1 per investigation)."""

    __tablename__ = f"{PREFIX}investigation_step"
    __table_args__ = (UniqueConstraint("investigation_id", "seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    investigation_id: Mapped[str] = mapped_column(
        String(36), ForeignKey(f"{PREFIX}investigation.id", ondelete="CASCADE"), nullable=False
    )
    seq: Mapped[int] = mapped_column(Integer, nullable=False)
    #: hypothesis / evidence / root_cause / remediation / status / note
    kind: Mapped[str] = mapped_column(String(32), nullable=False)
    status: Mapped[str | None] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(Text, nullable=False, default="")
    body: Mapped[str] = mapped_column(Text, nullable=False, default="")
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    #: Which path produced it: ``deterministic``, ``model``, ``cache`` or ``user``.
    source: Mapped[str] = mapped_column(String(32), nullable=False, default="deterministic")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utcnow)

    investigation: Mapped[Investigation] = relationship(back_populates="steps")


class Finding(Base):
    """A root cause, a dismissed hypothesis or a remediation item, with the user's feedback."""

    __tablename__ = f"{PREFIX}finding"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    investigation_id: Mapped[str] = mapped_column(
        String(36), ForeignKey(f"{PREFIX}investigation.id", ondelete="CASCADE"), nullable=False, index=True
    )
    #: root_cause / dismissed_hypothesis / remediation
    kind: Mapped[str] = mapped_column(String(32), nullable=False)
    title: Mapped[str] = mapped_column(Text, nullable=False, default="")
    body: Mapped[str] = mapped_column(Text, nullable=False, default="")
    confidence: Mapped[int | None] = mapped_column(Integer)
    category: Mapped[str | None] = mapped_column(String(16))
    evidence_refs: Mapped[list[str] | None] = mapped_column(JSON)
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    #: ``up`` / ``down`` / NULL
    feedback: Mapped[str | None] = mapped_column(String(8))
    feedback_comment: Mapped[str | None] = mapped_column(Text)
    feedback_user: Mapped[str | None] = mapped_column(String(250))
    feedback_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utcnow)

    investigation: Mapped[Investigation] = relationship(back_populates="findings")


class DagSnapshot(Base):
    """A DAG's source as first seen with a given hash.

    Airflow overwrites ``dag_code`` in place when only a function body changes, so "what changed
    since the last success" needs our own copy of each version.
    """

    __tablename__ = f"{PREFIX}dag_snapshot"
    __table_args__ = (
        UniqueConstraint("dag_id", "source_hash"),
        Index(f"idx_{PREFIX}dag_snapshot_seen", "dag_id", "first_seen_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    dag_id: Mapped[str] = mapped_column(String(250), nullable=False)
    source_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    fileloc: Mapped[str] = mapped_column(Text, nullable=False, default="")
    source_code: Mapped[str] = mapped_column(Text, nullable=False, default="")
    dag_version_id: Mapped[str | None] = mapped_column(String(36))
    bundle_version: Mapped[str | None] = mapped_column(String(250))
    first_seen_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utcnow)


class TaskVolume(Base):
    """How much one successful try of a task said it read or wrote (rows per input).

    Airflow keeps no such number, and the logs of earlier runs may be rotated away: a value read once
    from a successful try's log is kept here, so the next investigation compares with the task's
    history without reading those logs again. An empty ``measures`` means the try's log was read and
    printed no count.
    """

    __tablename__ = f"{PREFIX}task_volume"
    __table_args__ = (
        # Named: the convention's name (every column) would pass PostgreSQL's 63-character limit.
        UniqueConstraint(
            "dag_id", "task_id", "map_index", "run_id", "try_number", name=f"{PREFIX}task_volume_try_key"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    dag_id: Mapped[str] = mapped_column(String(250), nullable=False)
    task_id: Mapped[str] = mapped_column(String(250), nullable=False)
    map_index: Mapped[int] = mapped_column(Integer, nullable=False)
    run_id: Mapped[str] = mapped_column(String(250), nullable=False)
    try_number: Mapped[int] = mapped_column(Integer, nullable=False)
    #: ``{key: {"value", "unit", "label", "source"}}`` (see ``adapters/airflow/volume.py``).
    measures: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utcnow)
