"""Tables for Slack alert grouping: incidents and the investigations that joined them.

They live on the provider's own ``MetaData`` (``store.models.metadata``) so the DB manager
creates, migrates and drops them with the rest (migration ``0002``), but in a module of their own
because only the notifier uses them.

Concurrency rests on one unique column: ``open_key`` holds the grouping key while an incident is
open and ``NULL`` once it is superseded, so two runners that finish the same failure at the same
instant cannot both open an incident (the second insert fails and joins the first). Posting is
serialised per incident by a lease (``flush_owner`` / ``flush_until``) taken with a conditional
``UPDATE``, so exactly one runner talks to Slack for an incident at a time, without holding a
database lock across the network call.
"""

from __future__ import annotations

from airflow.utils.sqlalchemy import UtcDateTime
from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table, Text

from airflow_pipeline_debugger.store.models import PREFIX, metadata

INCIDENT_TABLE = f"{PREFIX}incident"
MEMBER_TABLE = f"{PREFIX}incident_member"
PLACEHOLDER_TABLE = f"{PREFIX}slack_placeholder"
INVESTIGATION_ID = f"{PREFIX}investigation.id"

incident_table = Table(
    INCIDENT_TABLE,
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    #: sha256 of the grouping key (engine/grouping.py); many incidents over time share one.
    Column("group_key", String(64), nullable=False),
    #: ``group_key`` while open, NULL once superseded: the unique column that decides races.
    Column("open_key", String(64), nullable=True, unique=True),
    Column("scope", String(16), nullable=False),
    Column("label", String(500), nullable=False, default=""),
    #: ``webhook`` or ``web_api``: how the parent was (or will be) posted.
    Column("mode", String(16), nullable=False),
    #: The routed channel (as configured) and the id Slack answered with (needed by chat.update).
    Column("channel", String(255), nullable=False, default=""),
    Column("channel_id", String(64), nullable=True),
    Column("parent_ts", String(64), nullable=True),
    Column(
        "parent_investigation_id",
        String(36),
        ForeignKey(INVESTIGATION_ID, ondelete="SET NULL"),
        nullable=True,
    ),
    Column("opened_at", UtcDateTime, nullable=False),
    Column("closes_at", UtcDateTime, nullable=False),
    Column("last_seen_at", UtcDateTime, nullable=False),
    Column("last_posted_at", UtcDateTime, nullable=True),
    Column("occurrences", Integer, nullable=False, default=1),
    #: Occurrences shown by the parent message the last time it was posted or updated.
    Column("posted_occurrences", Integer, nullable=False, default=0),
    #: Repeats not posted (webhook mode); reported by the next message of the same key.
    Column("suppressed", Integer, nullable=False, default=0),
    #: Suppressed repeats of the previous incident of the same key, shown by this one's parent.
    Column("carried_suppressed", Integer, nullable=False, default=0),
    #: ``pending`` until the parent is posted, then ``sent``; ``failed`` when Slack refused it.
    Column("delivery_state", String(16), nullable=False, default="pending"),
    Column("delivery_error", Text, nullable=True),
    Column("flush_owner", String(64), nullable=True),
    Column("flush_until", UtcDateTime, nullable=True),
    Index(f"idx_{PREFIX}incident_group_key", "group_key"),
)

member_table = Table(
    MEMBER_TABLE,
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "incident_id",
        Integer,
        ForeignKey(f"{INCIDENT_TABLE}.id", ondelete="CASCADE"),
        nullable=False,
    ),
    #: One membership per investigation: a second ``notify_finished`` for it is a no-op.
    Column(
        "investigation_id",
        String(36),
        ForeignKey(INVESTIGATION_ID, ondelete="CASCADE"),
        nullable=False,
        unique=True,
    ),
    Column("dag_id", String(250), nullable=False),
    Column("task_id", String(250), nullable=False),
    Column("run_id", String(250), nullable=False),
    Column("map_index", Integer, nullable=False, default=-1),
    Column("try_number", Integer, nullable=False, default=0),
    Column("joined_at", UtcDateTime, nullable=False),
    #: ``pending`` → ``parent`` | ``threaded`` | ``suppressed`` | ``failed``.
    Column("state", String(16), nullable=False, default="pending"),
    Column("posted_at", UtcDateTime, nullable=True),
    Index(f"idx_{PREFIX}incident_member_incident_state", "incident_id", "state"),
)

#: The "investigating…" message posted when an investigation starts (bot-token mode), so that the
#: finished alert can replace it in place with ``chat.update``.
placeholder_table = Table(
    PLACEHOLDER_TABLE,
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "investigation_id",
        String(36),
        ForeignKey(INVESTIGATION_ID, ondelete="CASCADE"),
        nullable=False,
        unique=True,
    ),
    Column("channel", String(255), nullable=False, default=""),
    Column("channel_id", String(64), nullable=False),
    Column("ts", String(64), nullable=False),
    Column("posted_at", UtcDateTime, nullable=False),
    #: Set when the finished alert replaced it (or it was turned into a pointer to an incident).
    Column("resolved_at", UtcDateTime, nullable=True),
)
