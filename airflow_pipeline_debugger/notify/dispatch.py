"""The runner's entry points: alert when an investigation starts and when it finishes.

``notify_finished(investigation_id)`` routes the alert (notify/routing.py: DAG params and tags,
the topology's escalation routing, the default channel), joins it to an incident
(engine/grouping.py, store/incidents.py) and *flushes* that incident: whichever runner holds the
incident's lease posts the parent message for the first member; repeats are then delivered in
batches — bot-token mode: one threaded reply listing every repeat since the last post plus a
``chat.update`` of the parent's counter, at most once per ``THREAD_BATCH_INTERVAL``; webhook mode:
counted as suppressed and reported by the next message of the same key. A runner that cannot take
the lease returns at once (the holder looks again after releasing it), and repeats that are not
yet due are flushed by a timer of the process, so a storm of 500 failures becomes one parent
message and a few thread replies however many runners finish at the same instant.

``notify_started(investigation_id)`` optionally posts an "investigating…" message (bot-token mode,
``[pipeline_debugger] slack_investigating_message``) that the finished alert replaces in place. It
is skipped while a storm is in progress, so placeholders cannot defeat the grouping. Every end
state replaces it: succeeded, failed, timed out and given up through ``notify_finished``;
``notify_requeued`` says on it that the work went back to the queue (runner stopped or stopped
responding), and the run that takes it over replaces it at its end.

Both never raise and touch only Slack and the provider's own tables; the delivery state
(``pending`` / ``sent`` / ``threaded`` / ``suppressed`` / ``failed`` + error) is written on the
investigation row, where the API and UI show it. Slack being down, rate limiting (``Retry-After``)
or refusing the credentials is retried with backoff by notify/delivery.py, then recorded.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from airflow_pipeline_debugger import conf
from airflow_pipeline_debugger.engine.grouping import group_key
from airflow_pipeline_debugger.engine.topology import Route, configured_topology
from airflow_pipeline_debugger.notify.blocks import (
    AlertInput,
    EvidenceLine,
    IncidentSummary,
    MessageKind,
    SeenBefore,
    SlackMessage,
    TaskRef,
    build_message,
)
from airflow_pipeline_debugger.notify.cited import cited_lines
from airflow_pipeline_debugger.notify.delivery import DeliveryError, SlackMode, Transport, open_transport
from airflow_pipeline_debugger.notify.links import investigation_link
from airflow_pipeline_debugger.notify.routing import Destination, RouteRequest, route
from airflow_pipeline_debugger.store import alert_rows, incidents
from airflow_pipeline_debugger.store.incidents import Incident, Member, NewMember
from airflow_pipeline_debugger.store.session import own_session, session_scope

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from airflow_pipeline_debugger.engine.topology import Topology
    from airflow_pipeline_debugger.store.alert_rows import AlertRow

log = logging.getLogger(__name__)

FINISHED_STATUSES = frozenset({"succeeded", "failed", "interrupted"})
#: How long one runner may hold an incident's posting lease before another may take over.
FLUSH_LEASE = timedelta(seconds=120)
#: Drain rounds per flush call: each round posts at most one reply and one update.
MAX_FLUSH_ROUNDS = 20
#: Repeats arriving within this interval of the last post share one threaded reply. Slack allows
#: about one message per second per channel; ten seconds keeps a storm to a few replies a minute.
THREAD_BATCH_INTERVAL = timedelta(seconds=10)
#: Members left pending this long (their flusher died) are picked up by the next dispatch.
STALE_PENDING = timedelta(minutes=2)
SEEN_BEFORE_DAYS = 7
#: Placeholders still open beyond this many means a storm: skip further placeholders.
MAX_OPEN_PLACEHOLDERS = 3
PLACEHOLDER_HORIZON = timedelta(minutes=10)


class _DeferredFlushes:
    """Process-wide timers that flush an incident once its next threaded reply is due.

    A runner that finds the reply not yet due leaves the repeats pending; if no later failure
    arrives to flush them, this timer does. One timer per (session factory, incident); a process that
    dies before it fires leaves the members to ``recover_stale`` of the next dispatch.
    """

    def __init__(self) -> None:
        self._timers: dict[tuple[object, int], threading.Timer] = {}
        self._running = 0
        self._lock = threading.Lock()

    def schedule(self, key: tuple[object, int], delay_s: float, action: Callable[[], None]) -> None:
        """Run ``action`` after ``delay_s`` unless a timer for ``key`` is already waiting."""
        with self._lock:
            if key in self._timers:
                return
            timer = threading.Timer(delay_s, self._run, args=(key, action))
            timer.daemon = True
            timer.name = f"pipeline-debugger-slack-flush-{key[1]}"
            self._timers[key] = timer
            timer.start()

    def _run(self, key: tuple[object, int], action: Callable[[], None]) -> None:
        with self._lock:
            # Removed before running, so the flush may schedule the next round for the same key.
            self._timers.pop(key, None)
            self._running += 1
        try:
            action()
        except Exception:  # a timer thread has nobody to report to but the log
            log.warning(
                "pipeline-debugger: deferred Slack flush of incident %s failed", key[1], exc_info=True
            )
        finally:
            with self._lock:
                self._running -= 1

    def pending(self) -> int:
        """Timers waiting or running (tests and the benchmark wait for zero)."""
        with self._lock:
            return len(self._timers) + self._running


_DEFERRED = _DeferredFlushes()


def deferred_flushes() -> int:
    """How many deferred incident flushes this process still has to run."""
    return _DEFERRED.pending()


def _runner_tag() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"[:64]


@dataclass
class Dispatcher:
    """One notification pass; every collaborator is injectable for tests and the benchmark."""

    conn_id: str
    default_channel: str
    window: timedelta
    investigating_message: bool
    session_factory: Callable[[], Session]
    topology: Callable[[], Topology]
    transport_factory: Callable[[str], Transport] = open_transport
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    #: At most one threaded reply (and parent update) per incident per interval.
    batch_interval: timedelta = THREAD_BATCH_INTERVAL

    def __post_init__(self) -> None:
        self._transport: Transport | None = None

    @classmethod
    def from_conf(cls) -> Dispatcher:
        """Settings from ``[pipeline_debugger]``; sessions of the provider's own."""
        return cls(
            conn_id=conf.slack_conn_id() or "",
            default_channel=conf.slack_channel() or "",
            window=timedelta(minutes=float(conf.slack_grouping_window_minutes())),
            investigating_message=bool(conf.slack_investigating_message()),
            session_factory=own_session,
            topology=configured_topology,
        )

    # ------------------------------------------------------------------ plumbing

    def _tx(self) -> Any:
        return session_scope(self.session_factory)

    def transport(self) -> Transport:
        """The Slack transport, opened once per dispatcher."""
        if self._transport is None:
            self._transport = self.transport_factory(self.conn_id)
        return self._transport

    def _destination(self, row: AlertRow, category: str) -> Destination:
        try:
            topo_route = self.topology().route_for(category)
        except Exception:  # a broken topology must not stop the alert
            log.warning("pipeline-debugger: topology unreadable; routing without it", exc_info=True)

            topo_route = Route()
        return route(
            RouteRequest(
                category=category,
                dag_id=row.key.dag_id,
                owners=row.owners,
                tags=row.tags,
                params=row.params,
                run_conf=row.run_conf,
                topology_route=topo_route,
                default_channel=self.default_channel,
            )
        )

    def _task_ref(self, row: AlertRow | Member) -> TaskRef:
        key = row.key
        return TaskRef(
            key=key,
            max_tries=getattr(row, "max_tries", 0),
            link=investigation_link(key.dag_id, key.run_id, key.task_id, key.map_index),
            investigation_id=str(row.investigation_id if isinstance(row, Member) else row.id),
        )

    def _set_state(
        self, ids: Sequence[str], state: str, *, ts: str | None = None, error: str | None = None
    ) -> None:
        with self._tx() as session:
            alert_rows.set_slack_state(session, ids, state, ts=ts, error=error)

    # ------------------------------------------------------------------ started

    def _placeholder_wanted(self, session: Session, row: AlertRow, now: datetime) -> bool:
        """No placeholder twice, none for a task already in an open incident, none during a storm."""
        if incidents.get_placeholder(session, str(row.id)) is not None:
            return False
        if incidents.task_in_open_incident(session, row.key.dag_id, row.key.task_id, now):
            return False
        return incidents.unresolved_placeholders(session, now - PLACEHOLDER_HORIZON) < MAX_OPEN_PLACEHOLDERS

    def started(self, investigation_id: Any) -> None:
        """Post the "investigating…" placeholder when enabled and sensible (see module docstring)."""
        if not (self.conn_id and self.investigating_message):
            return
        now = self.clock()
        with self._tx() as session:
            row = alert_rows.load(session, investigation_id)
            if row is None or not self._placeholder_wanted(session, row, now):
                return
        dest = self._destination(row, "unknown")
        if dest.muted:
            return
        transport = self.transport()
        if transport.mode is not SlackMode.WEB_API:
            return  # a webhook message cannot be updated later: no placeholder
        message = build_message(
            AlertInput(kind=MessageKind.INVESTIGATING, task=self._task_ref(row), error=row.error)
        )
        try:
            posted = transport.post(message, channel=dest.channel)
        except DeliveryError as exc:
            log.warning("pipeline-debugger: investigating message not posted: %s", exc)
            return
        with self._tx() as session:
            incidents.save_placeholder(
                session, str(row.id), channel=dest.channel, channel_id=posted.channel, ts=posted.ts, now=now
            )
            alert_rows.set_slack_state(session, [str(row.id)], incidents.PENDING, ts=posted.ts, error=None)

    def requeued(self, investigation_id: Any, reason: str) -> None:
        """Say on the "investigating…" placeholder why the work went back to the queue.

        The placeholder stays open: the run that takes the investigation over replaces it with
        the alert. Without a placeholder there is nothing to update (the alert comes at the end),
        and once another runner has claimed it again its own run owns the message.
        """
        if not self.conn_id:
            return
        with self._tx() as session:
            row = alert_rows.load(session, investigation_id)
            placeholder = incidents.get_placeholder(session, str(investigation_id))
        if row is None or row.status != "queued" or placeholder is None or placeholder.resolved_at:
            return
        message = build_message(
            AlertInput(
                kind=MessageKind.INVESTIGATING,
                task=self._task_ref(row),
                error=row.error,
                status_detail=f"Investigation requeued: {reason}",
            )
        )
        try:
            self.transport().update(message, channel=placeholder.channel_id, ts=placeholder.ts)
        except DeliveryError as exc:
            log.info("pipeline-debugger: placeholder %s not updated: %s", placeholder.ts, exc)

    # ------------------------------------------------------------------ finished

    def finished(self, investigation_id: Any) -> None:
        """Route, group and deliver the alert of a finished investigation."""
        if not self.conn_id:
            return
        now = self.clock()
        with self._tx() as session:
            row = alert_rows.load(session, investigation_id)
        if row is None or row.status not in FINISHED_STATUSES:
            return
        result = row.result
        category = result.category.value if result else "unknown"
        dest = self._destination(row, category)
        if dest.muted:
            self._set_state([str(row.id)], incidents.SUPPRESSED, error=f"not posted: {dest.reason}")
            return
        try:
            transport = self.transport()
        except DeliveryError as exc:
            self._set_state([str(row.id)], incidents.FAILED, error=str(exc))
            return
        key = group_key(
            dag_id=row.key.dag_id,
            task_id=row.key.task_id,
            category=category,
            rule_id=result.root_cause.rule_id if result else "",
            error=row.error,
            fingerprint=row.fingerprint,
        )
        joined = incidents.join_incident(
            self.session_factory,
            group_key=key.key,
            scope=key.scope,
            label=key.label,
            mode=transport.mode.value,
            channel=dest.channel,
            member=NewMember(investigation_id=str(row.id), key=row.key),
            now=now,
            window=self.window,
        )
        if joined is None:
            return  # already notified
        self.flush(joined.incident.id)
        self.recover_stale()

    def recover_stale(self) -> None:
        """Flush incidents whose members were left pending by a runner that died mid-flush."""
        with self._tx() as session:
            stale = incidents.incidents_needing_flush(session, self.clock(), STALE_PENDING)
        for incident_id in stale:
            self.flush(incident_id)

    def flush(self, incident_id: int) -> None:
        """Deliver an incident's pending members while holding its lease (see module docstring)."""
        # A lease token per call: this dispatcher's timer and its next finished() are two holders.
        token = _runner_tag()
        for _ in range(MAX_FLUSH_ROUNDS):
            if not incidents.claim_flush(self.session_factory, incident_id, token, self.clock(), FLUSH_LEASE):
                return  # the holder looks for pending members again after releasing the lease
            try:
                due = self._drain(incident_id)
            finally:
                incidents.release_flush(self.session_factory, incident_id, token)
            with self._tx() as session:
                if not incidents.pending_members(session, incident_id):
                    return
            if due is not None:
                self._defer(incident_id, due)
                return
        self._defer(incident_id, self.clock())

    def _defer(self, incident_id: int, due: datetime) -> None:
        """Flush again when the next thread reply is due, from a timer of this process."""
        delay = max(0.0, (due - self.clock()).total_seconds())
        # One timer per database and incident in this process, whichever dispatcher deferred.
        _DEFERRED.schedule((self.session_factory, incident_id), delay, lambda: self.flush(incident_id))

    # ------------------------------------------------------------------ drain

    def _summary(self, session: Session, inc: Incident) -> IncidentSummary:
        tasks, dags = incidents.spread(session, inc.id)
        return IncidentSummary(
            occurrences=inc.occurrences,
            tasks=tasks,
            dags=dags,
            first_at=inc.opened_at,
            scope=inc.scope,
            suppressed=inc.carried_suppressed,
            threaded=inc.mode == SlackMode.WEB_API.value,
        )

    def _alert(self, session: Session, row: AlertRow, inc: Incident) -> SlackMessage:
        """The full alert of ``row`` as the parent of ``inc``."""
        result = row.result
        dest = self._destination(row, result.category.value if result else "unknown")
        seen = None
        if row.fingerprint:
            since = inc.opened_at - timedelta(days=SEEN_BEFORE_DAYS)
            count, last_at, last_run = alert_rows.seen_before(
                session, row.fingerprint, before=inc.opened_at, since=since
            )
            seen = SeenBefore(count=count, days=SEEN_BEFORE_DAYS, last_at=last_at, last_run_id=last_run)
        evidence = cited_lines(session, row.id, result.root_cause.evidence) if result is not None else ()
        return build_message(
            AlertInput(
                kind=MessageKind.ALERT,
                task=self._task_ref(row),
                error=row.error,
                result=result,
                status=row.status,
                status_detail=row.status_detail,
                seen_before=seen,
                incident=self._summary(session, inc),
                mentions=dest.mentions,
                escalation=dest.escalation,
                evidence=tuple(EvidenceLine(cite, text) for cite, text in evidence),
            )
        )

    def _drain(self, incident_id: int) -> datetime | None:
        """One round: the parent if missing, then the repeats; returns when to come back, if deferred."""
        with self._tx() as session:
            inc = incidents.get_incident(session, incident_id)
            pending = incidents.pending_members(session, incident_id)
        if inc is None or not pending:
            return None
        transport = self.transport()
        if not inc.parent_posted:
            head, pending = pending[0], pending[1:]
            if not self._post_parent(inc, head, pending):
                return None
            with self._tx() as session:
                inc = incidents.get_incident(session, incident_id)
            if inc is None:  # pragma: no cover - incidents are never deleted while open
                return None
        if pending and transport.mode is SlackMode.WEBHOOK:
            with self._tx() as session:
                incidents.set_member_state(
                    session, [m.id for m in pending], incidents.SUPPRESSED, self.clock()
                )
                incidents.add_suppressed(session, inc.id, len(pending))
                alert_rows.set_slack_state(
                    session, [m.investigation_id for m in pending], incidents.SUPPRESSED, error=None
                )
            return None
        if pending:
            due = inc.next_post_at(self.batch_interval)
            if self.clock() < due:
                return due  # batch the repeats: one reply per interval, not one per failure
            self._post_thread(inc, pending)
        self._update_parent(incident_id)
        return None

    def _post_parent(self, inc: Incident, head: Member, others: Sequence[Member]) -> bool:
        """Post (or turn the placeholder into) the parent message; ``False`` when Slack refused."""
        transport = self.transport()
        now = self.clock()
        with self._tx() as session:
            row = alert_rows.load(session, head.investigation_id)
            placeholder = incidents.get_placeholder(session, head.investigation_id)
            if row is None:
                incidents.set_member_state(session, [head.id], incidents.FAILED, now)
                return False
            message = self._alert(session, row, inc)
        try:
            if (
                placeholder is not None
                and placeholder.channel == inc.channel
                and transport.mode is SlackMode.WEB_API
            ):
                transport.update(message, channel=placeholder.channel_id, ts=placeholder.ts)
                channel_id, ts = placeholder.channel_id, placeholder.ts
            else:
                posted = transport.post(message, channel=inc.channel)
                channel_id, ts = posted.channel, posted.ts
                if placeholder is not None:
                    self._point_placeholder(placeholder, row, inc)
        except DeliveryError as exc:
            error = str(exc)
            with self._tx() as session:
                incidents.mark_parent_failed(session, inc.id, error)
                incidents.set_member_state(session, [head.id, *(m.id for m in others)], incidents.FAILED, now)
                alert_rows.set_slack_state(
                    session,
                    [head.investigation_id, *(m.investigation_id for m in others)],
                    incidents.FAILED,
                    error=error,
                )
            log.warning("pipeline-debugger: Slack alert for incident %s not delivered: %s", inc.id, error)
            return False
        with self._tx() as session:
            incidents.mark_parent_posted(
                session,
                inc.id,
                channel_id=channel_id,
                ts=ts,
                investigation_id=head.investigation_id,
                occurrences=inc.occurrences,
                now=now,
            )
            incidents.set_member_state(session, [head.id], incidents.PARENT, now)
            incidents.resolve_placeholder(session, head.investigation_id, now)
            alert_rows.set_slack_state(
                session, [head.investigation_id], incidents.SENT, ts=ts or None, error=None
            )
        return True

    def _post_thread(self, inc: Incident, pending: Sequence[Member]) -> None:
        """One threaded reply listing the repeats; their placeholders become pointers."""
        now = self.clock()
        ids = [m.investigation_id for m in pending]
        with self._tx() as session:
            summary = self._summary(session, inc)
            placeholders = [p for p in (incidents.get_placeholder(session, i) for i in ids) if p is not None]
        reply = build_message(
            AlertInput(
                kind=MessageKind.THREAD,
                task=self._task_ref(pending[0]),
                incident=summary,
                repeats=tuple(self._task_ref(m) for m in pending),
            )
        )
        try:
            posted = self.transport().post(
                reply, channel=inc.channel_id or inc.channel, thread_ts=inc.parent_ts or ""
            )
        except DeliveryError as exc:
            with self._tx() as session:
                incidents.set_member_state(session, [m.id for m in pending], incidents.FAILED, now)
                alert_rows.set_slack_state(session, ids, incidents.FAILED, error=str(exc))
            log.warning(
                "pipeline-debugger: Slack thread reply for incident %s not delivered: %s", inc.id, exc
            )
            return
        with self._tx() as session:
            incidents.set_member_state(session, [m.id for m in pending], incidents.THREADED, now)
            incidents.mark_thread_posted(session, inc.id, now)
            alert_rows.set_slack_state(session, ids, incidents.THREADED, ts=posted.ts, error=None)
        for placeholder in placeholders:
            member = next(m for m in pending if m.investigation_id == placeholder.investigation_id)
            self._point_placeholder(placeholder, member, inc)

    def _point_placeholder(
        self, placeholder: incidents.Placeholder, row: AlertRow | Member, inc: Incident
    ) -> None:
        """Turn a placeholder whose failure joined an incident into a pointer to it (best effort)."""
        with self._tx() as session:
            summary = self._summary(session, inc)
        message = build_message(
            AlertInput(kind=MessageKind.GROUPED, task=self._task_ref(row), incident=summary)
        )
        try:
            self.transport().update(message, channel=placeholder.channel_id, ts=placeholder.ts)
        except DeliveryError as exc:
            log.info("pipeline-debugger: placeholder %s not updated: %s", placeholder.ts, exc)
        with self._tx() as session:
            incidents.resolve_placeholder(session, placeholder.investigation_id, self.clock())

    def _update_parent(self, incident_id: int) -> None:
        """Refresh the parent's counter when it shows fewer occurrences than the incident has."""
        transport = self.transport()
        if transport.mode is not SlackMode.WEB_API:
            return
        with self._tx() as session:
            inc = incidents.get_incident(session, incident_id)
            if inc is None or not inc.parent_posted or inc.occurrences <= inc.posted_occurrences:
                return
            row = alert_rows.load(session, inc.parent_investigation_id or "")
            if row is None or not inc.channel_id or not inc.parent_ts:
                return
            message = self._alert(session, row, inc)
        try:
            transport.update(message, channel=inc.channel_id, ts=inc.parent_ts)
        except DeliveryError as exc:
            log.info("pipeline-debugger: parent of incident %s not updated: %s", inc.id, exc)
            return
        with self._tx() as session:
            incidents.record_parent_update(session, inc.id, inc.occurrences, self.clock())


def _safely(what: str, investigation_id: Any, action: Callable[[Dispatcher], None]) -> None:
    started = time.monotonic()
    try:
        action(Dispatcher.from_conf())
    except Exception:  # Slack must never affect an investigation or a task
        log.warning(
            "pipeline-debugger: Slack %s for investigation %s failed", what, investigation_id, exc_info=True
        )
    finally:
        log.debug("pipeline-debugger: Slack %s took %.3fs", what, time.monotonic() - started)


def notify_finished(investigation_id: Any) -> None:
    """Called by the runner after each investigation finishes; never raises."""
    _safely("alert", investigation_id, lambda d: d.finished(investigation_id))


def notify_started(investigation_id: Any) -> None:
    """Called by the runner when an investigation starts; never raises."""
    _safely("investigating message", investigation_id, lambda d: d.started(investigation_id))


def notify_requeued(investigation_id: Any, reason: str) -> None:
    """Called by the runner when it puts a claimed investigation back in the queue; never raises."""
    _safely("requeued message", investigation_id, lambda d: d.requeued(investigation_id, reason))
