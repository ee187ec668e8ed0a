"""Repository of Slack incidents: join, lease, and record what was posted.

Every function that decides something under concurrency runs its own short transactions through
a session factory, so a unique-key conflict can be rolled back and retried without a savepoint
(pysqlite's savepoints are unreliable) and no transaction is ever held across a call to Slack.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from airflow_pipeline_debugger.domain import TaskKey
from airflow_pipeline_debugger.store import alert_rows
from airflow_pipeline_debugger.store.incident_models import incident_table, member_table, placeholder_table
from airflow_pipeline_debugger.store.session import SessionFactory, session_scope

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

#: Attempts to open-or-join when other runners keep winning the unique key (each loss means an
#: incident now exists to join, so two attempts are enough in practice).
JOIN_ATTEMPTS = 5

PENDING = "pending"
PARENT = "parent"
THREADED = "threaded"
SUPPRESSED = "suppressed"
FAILED = "failed"
SENT = "sent"


@dataclass(frozen=True)
class Incident:
    """A snapshot of one incident row."""

    id: int
    group_key: str
    scope: str
    label: str
    mode: str
    channel: str
    channel_id: str | None
    parent_ts: str | None
    parent_investigation_id: str | None
    opened_at: datetime
    closes_at: datetime
    last_seen_at: datetime
    occurrences: int
    posted_occurrences: int
    suppressed: int
    carried_suppressed: int
    delivery_state: str
    delivery_error: str | None
    last_posted_at: datetime | None

    @property
    def parent_posted(self) -> bool:
        """Whether the parent message exists in Slack."""
        return self.delivery_state == SENT

    def next_post_at(self, interval: timedelta) -> datetime:
        """When the next threaded reply may be posted (``interval`` after the last post)."""
        return _aware(self.last_posted_at or self.opened_at) + interval


@dataclass(frozen=True)
class Member:
    """One investigation's membership of an incident."""

    id: int
    incident_id: int
    investigation_id: str
    key: TaskKey
    joined_at: datetime
    state: str


@dataclass(frozen=True)
class NewMember:
    """The investigation joining an incident."""

    investigation_id: str
    key: TaskKey


@dataclass(frozen=True)
class Joined:
    """Result of :func:`join_incident`: the incident and whether this call opened it."""

    incident: Incident
    member: Member
    opened: bool


def _incident(row: Any) -> Incident:
    m = row._mapping
    return Incident(**{f: m[f] for f in Incident.__dataclass_fields__})


def _member(row: Any) -> Member:
    m = row._mapping
    key = TaskKey(m["dag_id"], m["run_id"], m["task_id"], m["map_index"], m["try_number"])
    return Member(m["id"], m["incident_id"], m["investigation_id"], key, m["joined_at"], m["state"])


def _aware(moment: datetime) -> datetime:
    """SQLite returns naive datetimes for timezone-aware columns: read them as UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def get_incident(session: Session, incident_id: int) -> Incident | None:
    """One incident, or ``None``."""
    row = session.execute(select(incident_table).where(incident_table.c.id == incident_id)).first()
    return _incident(row) if row else None


def member_of(session: Session, investigation_id: str) -> Member | None:
    """The membership of an investigation, or ``None``."""
    row = session.execute(
        select(member_table).where(member_table.c.investigation_id == str(investigation_id))
    ).first()
    return _member(row) if row else None


def _insert_member(session: Session, incident_id: int, member: NewMember, now: datetime) -> None:
    """The membership and the investigation's ``pending`` delivery state, in one transaction.

    Written together so that a runner already flushing the incident can never have its
    ``threaded``/``sent`` overwritten by this late ``pending``.
    """
    alert_rows.set_slack_state(session, [member.investigation_id], PENDING, error=None)
    session.execute(
        member_table.insert().values(
            incident_id=incident_id,
            investigation_id=str(member.investigation_id),
            **member.key.to_json(),
            joined_at=now,
            state=PENDING,
        )
    )


def join_incident(
    factory: SessionFactory,
    *,
    group_key: str,
    scope: str,
    label: str,
    mode: str,
    channel: str,
    member: NewMember,
    now: datetime,
    window: timedelta,
) -> Joined | None:
    """Add an investigation to the open incident of its key, opening one when none is open.

    An incident is open for ``window`` from its first failure (a fixed window: at most one
    top-level message per key and window). Returns ``None`` when the investigation already
    belongs to an incident (``notify_finished`` called twice).
    """
    for _ in range(JOIN_ATTEMPTS):
        try:
            with session_scope(factory) as session:
                if member_of(session, member.investigation_id) is not None:
                    return None
                row = session.execute(
                    select(incident_table).where(incident_table.c.open_key == group_key)
                ).first()
                current = _incident(row) if row else None
                if current is not None and _aware(current.closes_at) > now:
                    session.execute(
                        update(incident_table)
                        .where(incident_table.c.id == current.id)
                        .values(occurrences=incident_table.c.occurrences + 1, last_seen_at=now)
                    )
                    _insert_member(session, current.id, member, now)
                    session.flush()
                    joined = get_incident(session, current.id)
                    got = member_of(session, member.investigation_id)
                    if joined is None or got is None:  # pragma: no cover - rows written just above
                        raise RuntimeError("incident row vanished inside its own transaction")
                    return Joined(joined, got, opened=False)
                carried = 0
                if current is not None:
                    carried = current.suppressed
                    session.execute(
                        update(incident_table)
                        .where(incident_table.c.id == current.id, incident_table.c.open_key == group_key)
                        .values(open_key=None)
                    )
                new_id = session.execute(
                    incident_table.insert()
                    .values(
                        group_key=group_key,
                        open_key=group_key,
                        scope=scope,
                        label=label[:500],
                        mode=mode,
                        channel=channel[:255],
                        opened_at=now,
                        closes_at=now + window,
                        last_seen_at=now,
                        occurrences=1,
                        posted_occurrences=0,
                        suppressed=0,
                        carried_suppressed=carried,
                        delivery_state=PENDING,
                    )
                    .returning(incident_table.c.id)
                ).scalar_one()
                _insert_member(session, new_id, member, now)
                session.flush()
                opened = get_incident(session, new_id)
                got = member_of(session, member.investigation_id)
                if opened is None or got is None:  # pragma: no cover - rows written just above
                    raise RuntimeError("incident row vanished inside its own transaction")
                return Joined(opened, got, opened=True)
        except IntegrityError:
            # Another runner opened the incident (or added this investigation) first: look again.
            continue
    raise RuntimeError(f"could not join an incident for key {group_key[:12]}… after {JOIN_ATTEMPTS} attempts")


def claim_flush(
    factory: SessionFactory, incident_id: int, owner: str, now: datetime, lease: timedelta
) -> bool:
    """Take the incident's posting lease if it is free or expired (a compare-and-set update)."""
    with session_scope(factory) as session:
        result = session.execute(
            update(incident_table)
            .where(
                incident_table.c.id == incident_id,
                or_(
                    incident_table.c.flush_until.is_(None),
                    incident_table.c.flush_until < now,
                    incident_table.c.flush_owner == owner,
                ),
            )
            .values(flush_owner=owner, flush_until=now + lease)
        )
        return bool(getattr(result, "rowcount", 0) == 1)


def release_flush(factory: SessionFactory, incident_id: int, owner: str) -> None:
    """Give the lease back (only if still ours)."""
    with session_scope(factory) as session:
        session.execute(
            update(incident_table)
            .where(incident_table.c.id == incident_id, incident_table.c.flush_owner == owner)
            .values(flush_owner=None, flush_until=None)
        )


def pending_members(session: Session, incident_id: int) -> list[Member]:
    """Members not yet delivered, oldest first."""
    rows = session.execute(
        select(member_table)
        .where(member_table.c.incident_id == incident_id, member_table.c.state == PENDING)
        .order_by(member_table.c.joined_at, member_table.c.id)
    ).all()
    return [_member(r) for r in rows]


def set_member_state(session: Session, member_ids: Sequence[int], state: str, now: datetime) -> None:
    """Record what happened to some members."""
    if member_ids:
        session.execute(
            update(member_table)
            .where(member_table.c.id.in_(list(member_ids)))
            .values(state=state, posted_at=now)
        )


def mark_parent_posted(
    session: Session,
    incident_id: int,
    *,
    channel_id: str,
    ts: str,
    investigation_id: str,
    occurrences: int,
    now: datetime,
) -> None:
    """The parent message exists: where, for which investigation, showing which count."""
    session.execute(
        update(incident_table)
        .where(incident_table.c.id == incident_id)
        .values(
            delivery_state=SENT,
            delivery_error=None,
            channel_id=channel_id or None,
            parent_ts=ts or None,
            parent_investigation_id=str(investigation_id),
            posted_occurrences=occurrences,
            last_posted_at=now,
        )
    )


def mark_parent_failed(session: Session, incident_id: int, error: str) -> None:
    """Slack refused the parent; the next member of the incident will try again."""
    session.execute(
        update(incident_table)
        .where(incident_table.c.id == incident_id)
        .values(delivery_state=FAILED, delivery_error=error[:2000])
    )


def record_parent_update(session: Session, incident_id: int, occurrences: int, now: datetime) -> None:
    """The parent now shows ``occurrences``."""
    session.execute(
        update(incident_table)
        .where(incident_table.c.id == incident_id)
        .values(posted_occurrences=occurrences, last_posted_at=now)
    )


def mark_thread_posted(session: Session, incident_id: int, now: datetime) -> None:
    """A threaded reply was posted: the next one waits for the batch interval."""
    session.execute(
        update(incident_table).where(incident_table.c.id == incident_id).values(last_posted_at=now)
    )


def add_suppressed(session: Session, incident_id: int, count: int) -> None:
    """Count repeats that were not posted (webhook mode)."""
    session.execute(
        update(incident_table)
        .where(incident_table.c.id == incident_id)
        .values(suppressed=incident_table.c.suppressed + count)
    )


def spread(session: Session, incident_id: int) -> tuple[int, int]:
    """Distinct tasks and DAGs among an incident's members."""
    tasks = session.scalar(
        select(func.count()).select_from(
            select(member_table.c.dag_id, member_table.c.task_id)
            .where(member_table.c.incident_id == incident_id)
            .distinct()
            .subquery()
        )
    )
    dags = session.scalar(
        select(func.count(func.distinct(member_table.c.dag_id))).where(
            member_table.c.incident_id == incident_id
        )
    )
    return int(tasks or 0), int(dags or 0)


def task_in_open_incident(session: Session, dag_id: str, task_id: str, now: datetime) -> bool:
    """Whether the task already has failures in an incident that is still open."""
    found = session.scalar(
        select(member_table.c.id)
        .join(incident_table, incident_table.c.id == member_table.c.incident_id)
        .where(
            member_table.c.dag_id == dag_id,
            member_table.c.task_id == task_id,
            incident_table.c.open_key.is_not(None),
            incident_table.c.closes_at > now,
        )
        .limit(1)
    )
    return found is not None


def incidents_needing_flush(session: Session, now: datetime, older_than: timedelta) -> list[int]:
    """Incidents with members left pending past ``older_than`` whose lease is free (a crashed flusher)."""
    rows = session.execute(
        select(member_table.c.incident_id)
        .join(incident_table, incident_table.c.id == member_table.c.incident_id)
        .where(
            member_table.c.state == PENDING,
            member_table.c.joined_at < now - older_than,
            or_(incident_table.c.flush_until.is_(None), incident_table.c.flush_until < now),
        )
        .distinct()
        .limit(100)
    ).all()
    return [int(r[0]) for r in rows]


def members(session: Session, incident_id: int, state: str | None = None) -> list[Member]:
    """All members of an incident (optionally in one state), oldest first."""
    cond = member_table.c.incident_id == incident_id
    if state is not None:
        cond = and_(cond, member_table.c.state == state)
    rows = session.execute(
        select(member_table).where(cond).order_by(member_table.c.joined_at, member_table.c.id)
    )
    return [_member(r) for r in rows]


# --------------------------------------------------------------------------- placeholders


@dataclass(frozen=True)
class Placeholder:
    """A posted "investigating…" message."""

    investigation_id: str
    channel: str
    channel_id: str
    ts: str
    posted_at: datetime
    resolved_at: datetime | None


def save_placeholder(
    session: Session, investigation_id: str, *, channel: str, channel_id: str, ts: str, now: datetime
) -> None:
    """Remember where the placeholder of an investigation was posted."""
    session.execute(
        placeholder_table.insert().values(
            investigation_id=str(investigation_id),
            channel=channel[:255],
            channel_id=channel_id,
            ts=ts,
            posted_at=now,
        )
    )


def get_placeholder(session: Session, investigation_id: str) -> Placeholder | None:
    """The placeholder of an investigation, or ``None``."""
    row = session.execute(
        select(placeholder_table).where(placeholder_table.c.investigation_id == str(investigation_id))
    ).first()
    if row is None:
        return None
    m = row._mapping
    return Placeholder(**{f: m[f] for f in Placeholder.__dataclass_fields__})


def resolve_placeholder(session: Session, investigation_id: str, now: datetime) -> None:
    """The placeholder now shows the outcome."""
    session.execute(
        update(placeholder_table)
        .where(placeholder_table.c.investigation_id == str(investigation_id))
        .values(resolved_at=now)
    )


def unresolved_placeholders(session: Session, since: datetime) -> int:
    """Placeholders posted since ``since`` still waiting for their outcome (the storm guard)."""
    count = session.scalar(
        select(func.count())
        .select_from(placeholder_table)
        .where(placeholder_table.c.resolved_at.is_(None), placeholder_table.c.posted_at >= since)
    )
    return int(count or 0)
