"""Every read and write of the provider's tables, as functions taking a SQLAlchemy ``Session``.

The trigger, the runner, the API and Slack share this module so each operation exists once. The
caller owns the transaction (it commits or rolls back); these functions only flush.

Concurrency, on SQLite and PostgreSQL alike:

* :func:`ensure_investigation` is ``INSERT … ON CONFLICT DO NOTHING`` on the task-try key, so two
  listeners, a sweep and a callback enqueueing the same failed try make one row and no error.
* :func:`claim_next` selects candidates (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so concurrent
  runners never wait on each other) and claims each with a compare-and-set ``UPDATE`` that only
  succeeds while the row is still ``queued`` — the only guard SQLite needs.
* Steps and artifacts get the next ``seq`` after touching the investigation row first, which takes
  its row lock (PostgreSQL) or the write lock (SQLite): concurrent appends queue up instead of
  computing the same ``seq``.
* Outcome writes (:func:`mark_succeeded` …) only apply while the row is in the expected state and,
  when a ``runner_id`` is given, still claimed by that runner: a runner that lost its claim can
  never overwrite what another recorded.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Collection, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, case, delete, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from airflow_pipeline_debugger import conf
from airflow_pipeline_debugger.domain import Evidence, EvidenceKind, TaskKey
from airflow_pipeline_debugger.store.accuracy import Answer, answer_source
from airflow_pipeline_debugger.store.models import (
    Artifact,
    DagSnapshot,
    Finding,
    Investigation,
    InvestigationStatus,
    InvestigationStep,
    TaskVolume,
    new_id,
    utcnow,
)
from airflow_pipeline_debugger.store.recurring import Occurrence
from airflow_pipeline_debugger.tolerant import as_float, as_int, cap_utf8, clip

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from airflow_pipeline_debugger.domain import InvestigationResult, Step

S = InvestigationStatus

#: A claim abandoned this many times (its runner died each time) is failed instead of requeued,
#: so one investigation that kills its runner (say, out of memory) cannot take every runner down.
MAX_ATTEMPTS = 3
MAX_TITLE_CHARS = 500
MAX_ERROR_CHARS = 4000
FEEDBACK_VALUES = ("up", "down")
UPLOAD_ORIGIN = "upload"
ENGINE_ORIGIN = "engine"

_TRY_KEY = ("dag_id", "run_id", "task_id", "map_index", "try_number")


class InvestigationNotFoundError(LookupError):
    """The investigation id does not exist."""


# --------------------------------------------------------------------------- helpers


def _dialect(session: Session) -> str:
    return str(session.get_bind().dialect.name)


def _insert_ignoring_duplicates(
    session: Session, model: type[Any], values: dict[str, Any], keys: Sequence[str]
) -> bool:
    """Insert unless a row with the same ``keys`` exists; True when this call inserted it."""
    dialect = _dialect(session)
    stmt: Any = None
    if dialect == "postgresql":
        stmt = postgresql.insert(model).values(**values).on_conflict_do_nothing(index_elements=list(keys))
    elif dialect == "sqlite":
        stmt = sqlite.insert(model).values(**values).on_conflict_do_nothing(index_elements=list(keys))
    if stmt is not None:
        return bool(session.execute(stmt).rowcount == 1)  # type: ignore[attr-defined]
    try:  # other dialects: a savepoint keeps the caller's transaction usable after a duplicate
        with session.begin_nested():
            session.execute(insert(model).values(**values))
        return True
    except IntegrityError:
        return False


def _lock_investigation(session: Session, investigation_id: str) -> None:
    """Touch the row: serialises appends to one investigation; raises when it does not exist."""
    result = session.execute(
        update(Investigation)
        .where(Investigation.id == investigation_id)
        .values(updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise InvestigationNotFoundError(investigation_id)


def _next_seq(
    session: Session, model: type[Artifact] | type[InvestigationStep], investigation_id: str
) -> int:
    current = session.scalar(select(func.max(model.seq)).where(model.investigation_id == investigation_id))
    return int(current or 0) + 1


def _transition(
    session: Session,
    investigation_id: str,
    from_states: Sequence[str],
    runner_id: str | None,
    values: dict[str, Any],
) -> bool:
    conditions = [Investigation.id == investigation_id, Investigation.status.in_(from_states)]
    if runner_id is not None:
        conditions.append(Investigation.claimed_by == runner_id)
    result = session.execute(
        update(Investigation)
        .where(and_(*conditions))
        .values(updated_at=utcnow(), **values)
        .execution_options(synchronize_session="fetch")
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- enqueue and claim


def ensure_investigation(
    session: Session,
    *,
    dag_id: str,
    run_id: str,
    task_id: str,
    map_index: int,
    try_number: int,
    trigger: str,
    capture: dict[str, Any] | None = None,
) -> tuple[Investigation, bool]:
    """The investigation of this failed try, created ``queued`` if missing; (row, created).

    Idempotent under concurrency. A ``capture`` (the worker's hand-off) arriving after another
    path created the row is stored on it when it has none yet.
    """
    key = {
        "dag_id": dag_id,
        "run_id": run_id,
        "task_id": task_id,
        "map_index": map_index,
        "try_number": try_number,
    }
    now = utcnow()
    created = _insert_ignoring_duplicates(
        session,
        Investigation,
        {
            **key,
            "id": new_id(),
            "status": S.QUEUED,
            "trigger": trigger,
            "capture": capture,
            "created_at": now,
            "updated_at": now,
        },
        _TRY_KEY,
    )
    row = session.scalars(
        select(Investigation)
        .where(*(getattr(Investigation, name) == value for name, value in key.items()))
        .execution_options(populate_existing=True)
    ).one()
    if not created and capture is not None and row.capture is None:
        row.capture = capture
        session.flush()
    return row, created


def enqueue_many(session: Session, tries: Sequence[tuple[dict[str, Any], str]]) -> int:
    """Create queued investigations for many tries (``(try key, trigger)`` pairs) in one statement.

    Same guarantee as :func:`ensure_investigation` (a try that already has one is left alone), but
    a storm of failures is one multi-row ``INSERT … ON CONFLICT DO NOTHING`` instead of hundreds of
    statements, so the write lock (SQLite) is held for milliseconds. Returns how many were created.
    """
    now = utcnow()
    rows: dict[tuple[Any, ...], dict[str, Any]] = {}
    for key, trigger in tries:
        values = {name: key[name] for name in _TRY_KEY}
        rows.setdefault(tuple(values.values()), {**values, "trigger": trigger})
    if not rows:
        return 0
    dialect = _dialect(session)
    if dialect not in ("postgresql", "sqlite"):
        return sum(ensure_investigation(session, **row)[1] for row in rows.values())

    dialect_insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    new_rows = [
        {**row, "id": new_id(), "status": S.QUEUED, "created_at": now, "updated_at": now}
        for row in rows.values()
    ]
    stmt = (
        dialect_insert(Investigation).values(new_rows).on_conflict_do_nothing(index_elements=list(_TRY_KEY))
    )
    return int(session.execute(stmt).rowcount)  # type: ignore[attr-defined]


def claim_next(session: Session, runner_id: str, limit: int = 1) -> list[str]:
    """Claim up to ``limit`` queued investigations, oldest first; the ids this runner now holds."""
    query = (
        select(Investigation.id)
        .where(Investigation.status == S.QUEUED)
        .order_by(Investigation.created_at, Investigation.id)
        .limit(max(limit, 0))
    )
    if _dialect(session) == "postgresql":
        query = query.with_for_update(skip_locked=True)
    now = utcnow()
    claimed = []
    for investigation_id in session.scalars(query).all():
        if _transition(
            session,
            investigation_id,
            (S.QUEUED,),
            None,
            {
                "status": S.RUNNING,
                "claimed_by": runner_id,
                "claimed_at": now,
                "heartbeat_at": now,
                "started_at": now,
                "finished_at": None,
                "error": None,
                "attempts": Investigation.attempts + 1,
            },
        ):
            claimed.append(investigation_id)
    return claimed


def heartbeat(session: Session, investigation_ids: Collection[str], runner_id: str) -> int:
    """Refresh the heartbeat of the investigations ``runner_id`` still holds; how many it holds."""
    if not investigation_ids:
        return 0
    now = utcnow()
    result = session.execute(
        update(Investigation)
        .where(
            Investigation.id.in_(list(investigation_ids)),
            Investigation.status == S.RUNNING,
            Investigation.claimed_by == runner_id,
        )
        .values(heartbeat_at=now, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


@dataclasses.dataclass(frozen=True)
class Requeued:
    """What :func:`requeue_stale` did: ids put back in the queue, and ids given up (failed)."""

    requeued: list[str]
    given_up: list[str]


def requeue_stale(session: Session, stale_before: datetime, max_attempts: int = MAX_ATTEMPTS) -> Requeued:
    """Put claims whose heartbeat is older than ``stale_before`` back in the queue.

    A claim that was already abandoned ``max_attempts`` times is failed instead. The ids come back
    from the updates themselves (``RETURNING``), so of two runners requeueing at once each reports
    only the rows it changed, and each row's Slack message is updated once.
    """
    stale = and_(Investigation.status == S.RUNNING, Investigation.heartbeat_at < stale_before)
    now = utcnow()
    given_up = session.scalars(
        update(Investigation)
        .where(stale, Investigation.attempts >= max_attempts)
        .values(
            status=S.FAILED,
            finished_at=now,
            updated_at=now,
            error=f"abandoned: the runner working on it stopped responding {max_attempts} times",
        )
        .returning(Investigation.id)
        .execution_options(synchronize_session=False)
    ).all()
    requeued = session.scalars(
        update(Investigation)
        .where(stale)
        .values(status=S.QUEUED, claimed_by=None, claimed_at=None, heartbeat_at=None, updated_at=now)
        .returning(Investigation.id)
        .execution_options(synchronize_session=False)
    ).all()
    return Requeued(requeued=[str(i) for i in requeued], given_up=[str(i) for i in given_up])


def release(session: Session, investigation_ids: Collection[str], runner_id: str) -> int:
    """Give claims back to the queue (a runner stopping); the attempt does not count against them."""
    if not investigation_ids:
        return 0
    result = session.execute(
        update(Investigation)
        .where(
            Investigation.id.in_(list(investigation_ids)),
            Investigation.status == S.RUNNING,
            Investigation.claimed_by == runner_id,
        )
        .values(
            status=S.QUEUED,
            claimed_by=None,
            claimed_at=None,
            heartbeat_at=None,
            attempts=case((Investigation.attempts > 0, Investigation.attempts - 1), else_=0),
            updated_at=utcnow(),
        )
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- outcomes


def mark_succeeded(
    session: Session, investigation_id: str, result: InvestigationResult, runner_id: str | None = None
) -> bool:
    """Record a finished investigation: its result, the denormalised columns and its findings.

    False (nothing written) when the investigation is no longer running (timed out, released) or,
    with ``runner_id``, no longer claimed by that runner.
    """
    usage = result.usage or {}
    done = _transition(
        session,
        investigation_id,
        (S.RUNNING,),
        runner_id,
        {
            "status": S.SUCCEEDED,
            "finished_at": utcnow(),
            "pipeline_type": result.pipeline_type.value,
            "fingerprint": result.fingerprint or None,
            "category": result.category.value,
            "transience": result.transience.value,
            "root_cause_title": clip(result.root_cause.title, MAX_TITLE_CHARS),
            "confidence": result.root_cause.confidence,
            "engine": result.engine,
            "model": result.model or None,
            "input_tokens": as_int(usage.get("input_tokens")),
            "output_tokens": as_int(usage.get("output_tokens")),
            "cost_usd": as_float(usage.get("cost_usd")),
            "result": result.to_json(),
            "reused_from_id": result.reused_from or None,
            "error": None,
        },
    )
    if done:
        session.execute(delete(Finding).where(Finding.investigation_id == investigation_id))
        for finding in findings_of(result):
            session.add(Finding(investigation_id=investigation_id, **finding))
        session.flush()
    return done


def mark_failed(session: Session, investigation_id: str, error: str, runner_id: str | None = None) -> bool:
    """The investigation itself failed (not the task): queued or running → failed, with the reason.

    The reason is shown to users: callers pass it redacted (``runner.process.failure_reason`` for an
    exception's text, which can carry a DSN or a token); it is cut to :data:`MAX_ERROR_CHARS` here.
    """
    return _transition(
        session,
        investigation_id,
        S.ACTIVE,
        runner_id,
        {"status": S.FAILED, "finished_at": utcnow(), "error": _stored_error(error)},
    )


def _stored_error(text: str) -> str:
    return clip(text, MAX_ERROR_CHARS)


def mark_interrupted(
    session: Session, investigation_id: str, reason: str, runner_id: str | None = None
) -> bool:
    """A running investigation stopped for good without a result (cancelled, shut down for good)."""
    return _transition(
        session,
        investigation_id,
        (S.RUNNING,),
        runner_id,
        {"status": S.INTERRUPTED, "finished_at": utcnow(), "error": _stored_error(reason)},
    )


def request_rerun(session: Session, investigation_id: str) -> bool:
    """Queue a finished investigation again; False while it is queued or running (the API's 409).

    What the previous run produced (steps, findings, collected evidence, result) is removed;
    evidence uploaded by users stays and is part of the new run. Its answer and times are kept in
    ``previous_run`` (:func:`previous_run_of`), so readers still see it, marked as being
    re-investigated, until the new one lands. ``attempts`` is kept: a run that kills its runner (a
    decompression bomb, an OOM) is failed by :func:`requeue_stale` after the first crash of a re-run
    instead of taking the api-server down ``MAX_ATTEMPTS`` more times.
    """
    finished = (S.SUCCEEDED, S.FAILED, S.INTERRUPTED)
    row = session.execute(
        select(Investigation)
        .where(Investigation.id == investigation_id, Investigation.status.in_(finished))
        .with_for_update()
        .execution_options(populate_existing=True)
    ).scalar_one_or_none()
    if row is None:
        return False
    done = _transition(
        session,
        investigation_id,
        finished,
        None,
        {
            "previous_run": previous_run_of(row, requested_at=utcnow()),
            "status": S.QUEUED,
            "claimed_by": None,
            "claimed_at": None,
            "heartbeat_at": None,
            "started_at": None,
            "finished_at": None,
            "error": None,
            "result": None,
            "fingerprint": None,
            "category": None,
            "transience": None,
            "root_cause_title": None,
            "confidence": None,
            "engine": None,
            "model": None,
            "input_tokens": None,
            "output_tokens": None,
            "cost_usd": None,
            "reused_from_id": None,
            "slack_state": None,
            "slack_ts": None,
            "slack_error": None,
        },
    )
    if done:
        clear_progress(session, investigation_id)
    return done


def previous_run_of(row: Investigation, requested_at: datetime) -> dict[str, Any]:
    """What a re-run keeps of the run before it: status, error, times, engine and answer (JSON).

    A run that ended without an answer passes on the answer it was itself showing, so a re-run that
    failed and is re-run again still shows the last answer anyone saw.
    """
    earlier = row.previous_run or {}
    kept = row.result if row.result is not None else earlier.get("result")
    return {
        "status": row.status,
        "error": row.error,
        "started_at": row.started_at.isoformat() if row.started_at else None,
        "finished_at": row.finished_at.isoformat() if row.finished_at else None,
        "engine": row.engine,
        "model": row.model,
        "result": kept,
        "result_finished_at": row.finished_at.isoformat()
        if row.result is not None and row.finished_at
        else earlier.get("result_finished_at"),
        "rerun_requested_at": requested_at.isoformat(),
    }


def clear_progress(session: Session, investigation_id: str) -> None:
    """Remove what an earlier run of the investigation produced (steps, findings, collected evidence).

    Used before a rerun and when a runner takes over a claim whose runner died half-way, so the
    investigation never shows two runs' steps interleaved. Evidence uploaded by users stays.
    """
    session.execute(delete(InvestigationStep).where(InvestigationStep.investigation_id == investigation_id))
    session.execute(delete(Finding).where(Finding.investigation_id == investigation_id))
    session.execute(
        delete(Artifact).where(
            Artifact.investigation_id == investigation_id, Artifact.origin != UPLOAD_ORIGIN
        )
    )
    session.expire_all()


_REMEDIATION_LABELS = (
    ("immediate_fix", "Immediate fix"),
    ("change", "Change"),
    ("prevention", "Prevention"),
    ("monitoring", "Monitoring"),
)


def findings_of(result: InvestigationResult) -> list[dict[str, Any]]:
    """The finding rows of a result: the root cause, each dismissed hypothesis, each remediation item."""
    rc = result.root_cause
    rows: list[dict[str, Any]] = [
        {
            "kind": "root_cause",
            "title": rc.title,
            "body": rc.summary,
            "confidence": rc.confidence,
            "category": rc.category.value,
            "evidence_refs": list(rc.evidence),
            "data": {
                "justification": rc.justification,
                "transience": rc.transience.value,
                "rule_id": rc.rule_id,
                "evidence_gaps": list(rc.evidence_gaps),
            },
        }
    ]
    for hypothesis in result.hypotheses:
        if hypothesis.status.value != "dismissed":
            continue
        rows.append(
            {
                "kind": "dismissed_hypothesis",
                "title": hypothesis.title,
                "body": hypothesis.reasoning,
                "confidence": hypothesis.likelihood,
                "category": None,
                "evidence_refs": list(hypothesis.evidence or hypothesis.evidence_against),
                "data": {"rule_id": hypothesis.rule_id, "description": hypothesis.description},
            }
        )
    remediation = dataclasses.asdict(result.remediation)
    for field, label in _REMEDIATION_LABELS:
        if remediation.get(field):
            rows.append(
                {
                    "kind": "remediation",
                    "title": label,
                    "body": remediation[field],
                    "confidence": None,
                    "category": None,
                    "evidence_refs": [],
                    "data": {"field": field},
                }
            )
    if remediation.get("diagnostic_commands"):
        rows.append(
            {
                "kind": "remediation",
                "title": "Diagnostic commands",
                "body": "\n".join(remediation["diagnostic_commands"]),
                "confidence": None,
                "category": None,
                "evidence_refs": [],
                "data": {
                    "field": "diagnostic_commands",
                    "commands": list(remediation["diagnostic_commands"]),
                },
            }
        )
    return rows


# --------------------------------------------------------------------------- steps, evidence, findings


def append_closing_step(session: Session, investigation_id: str, step: Step) -> bool:
    """Append ``step`` to a finished investigation only (where a cancelled one stopped).

    Its thread stops after the outcome was recorded; by then the investigation may have been
    re-run (queued, running again), and a stray step must not land in the new run.
    """
    _lock_investigation(session, investigation_id)
    status = session.scalar(select(Investigation.status).where(Investigation.id == investigation_id))
    if status in S.ACTIVE:
        return False
    append_step(session, investigation_id, step)
    return True


def append_step(
    session: Session, investigation_id: str, step: Step, status: str | None = None
) -> InvestigationStep:
    """Append ``step`` with the next ``seq``; ``status`` defaults to a string ``step.data["status"]``."""
    _lock_investigation(session, investigation_id)
    data = dict(step.data or {})
    if status is None and isinstance(data.get("status"), str):
        status = data["status"]
    row = InvestigationStep(
        investigation_id=investigation_id,
        seq=_next_seq(session, InvestigationStep, investigation_id),
        kind=str(step.kind),
        status=status,
        title=step.title,
        body=step.body,
        data=data,
        source=step.source,
    )
    session.add(row)
    session.flush()
    return row


def add_artifact(
    session: Session,
    investigation_id: str,
    evidence: Evidence,
    *,
    origin: str = ENGINE_ORIGIN,
    max_bytes: int | None = None,
) -> Artifact:
    """Store one piece of evidence (already redacted) capped at ``max_bytes`` of UTF-8.

    ``max_bytes`` defaults to ``[pipeline_debugger] evidence_max_bytes``. Evidence without an id
    gets ``E<n>`` (``U<n>`` for uploads) from its position, so citations stay unique.
    """
    if max_bytes is None:
        max_bytes = conf.evidence_max_bytes()
    _lock_investigation(session, investigation_id)
    seq = _next_seq(session, Artifact, investigation_id)
    content, cut = cap_utf8(evidence.content.replace("\x00", "\ufffd"), max_bytes)
    row = Artifact(
        investigation_id=investigation_id,
        seq=seq,
        evidence_id=evidence.id or f"{'U' if origin == UPLOAD_ORIGIN else 'E'}{seq}",
        kind=str(evidence.kind),
        name=clip(evidence.name, 500),
        source=evidence.source,
        origin=origin,
        size_bytes=max(evidence.size_bytes, len(evidence.content.encode("utf-8"))),
        truncated=evidence.truncated or cut,
        content=content,
        summary=dict(evidence.summary or {}),
    )
    session.add(row)
    session.flush()
    return row


def add_finding(
    session: Session,
    investigation_id: str,
    *,
    kind: str,
    title: str,
    body: str = "",
    confidence: int | None = None,
    category: str | None = None,
    evidence_refs: Sequence[str] = (),
    data: dict[str, Any] | None = None,
) -> Finding:
    """Store one finding outside a result (a user's note on the root cause, an imported verdict)."""
    _lock_investigation(session, investigation_id)
    row = Finding(
        investigation_id=investigation_id,
        kind=kind,
        title=title,
        body=body,
        confidence=confidence,
        category=category,
        evidence_refs=list(evidence_refs),
        data=data or {},
    )
    session.add(row)
    session.flush()
    return row


def set_feedback(
    session: Session,
    investigation_id: str,
    feedback: str | None,
    *,
    comment: str | None = None,
    user: str | None = None,
    finding_id: int | None = None,
) -> Finding | None:
    """Record 👍 (``up``) / 👎 (``down``) / cleared (None) on a finding, the root cause by default.

    None when the investigation has no such finding (not finished yet).
    """
    if feedback is not None and feedback not in FEEDBACK_VALUES:
        raise ValueError(f"feedback must be one of {FEEDBACK_VALUES} or None, got {feedback!r}")
    query = select(Finding).where(Finding.investigation_id == investigation_id)
    if finding_id is not None:
        query = query.where(Finding.id == finding_id)
    else:
        query = query.where(Finding.kind == "root_cause").order_by(Finding.id)
    finding = session.scalars(query.limit(1)).first()
    if finding is None:
        return None
    finding.feedback = feedback
    finding.feedback_comment = comment
    finding.feedback_user = user
    finding.feedback_at = utcnow() if feedback is not None else None
    session.flush()
    return finding


# --------------------------------------------------------------------------- reads


def get(session: Session, investigation_id: str) -> Investigation | None:
    """One investigation by id (its steps, artifacts and findings load on access)."""
    return session.get(Investigation, investigation_id)


def get_by_try(
    session: Session,
    *,
    dag_id: str,
    run_id: str,
    task_id: str,
    map_index: int = -1,
    try_number: int | None = None,
) -> Investigation | None:
    """The investigation of one try, or of the latest investigated try when ``try_number`` is None."""
    query = select(Investigation).where(
        Investigation.dag_id == dag_id,
        Investigation.run_id == run_id,
        Investigation.task_id == task_id,
        Investigation.map_index == map_index,
    )
    if try_number is not None:
        query = query.where(Investigation.try_number == try_number)
    return session.scalars(query.order_by(Investigation.try_number.desc()).limit(1)).first()


def list_steps(session: Session, investigation_id: str, after_seq: int = 0) -> list[InvestigationStep]:
    """Steps with ``seq > after_seq`` in order (the live stream polls with the last seq it sent)."""
    return list(
        session.scalars(
            select(InvestigationStep)
            .where(InvestigationStep.investigation_id == investigation_id, InvestigationStep.seq > after_seq)
            .order_by(InvestigationStep.seq)
        )
    )


def list_artifacts(session: Session, investigation_id: str, origin: str | None = None) -> list[Artifact]:
    """Evidence of an investigation in order, optionally only ``engine`` or ``upload`` ones."""
    query = select(Artifact).where(Artifact.investigation_id == investigation_id)
    if origin is not None:
        query = query.where(Artifact.origin == origin)
    return list(session.scalars(query.order_by(Artifact.seq)))


def evidence_of(artifact: Artifact) -> Evidence:
    """A stored artifact as the domain's evidence (an unknown kind reads as a log)."""
    try:
        kind = EvidenceKind(artifact.kind)
    except ValueError:
        kind = EvidenceKind.LOG
    return Evidence(
        id=artifact.evidence_id,
        kind=kind,
        name=artifact.name,
        source=artifact.source,
        content=artifact.content,
        summary=artifact.summary or {},
    )


def list_findings(session: Session, investigation_id: str) -> list[Finding]:
    """Findings of an investigation in the order they were written."""
    return list(
        session.scalars(
            select(Finding).where(Finding.investigation_id == investigation_id).order_by(Finding.id)
        )
    )


def list_investigations(
    session: Session,
    *,
    dag_id: str | None = None,
    run_id: str | None = None,
    task_id: str | None = None,
    status: str | None = None,
    category: str | None = None,
    created_from: datetime | None = None,
    created_to: datetime | None = None,
    readable_dag_ids: Collection[str] | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[Investigation], int]:
    """Newest first, filtered; (page, total matching). ``readable_dag_ids`` hides other DAGs."""
    conditions = []
    for column, value in (
        (Investigation.dag_id, dag_id),
        (Investigation.run_id, run_id),
        (Investigation.task_id, task_id),
        (Investigation.status, status),
        (Investigation.category, category),
    ):
        if value is not None:
            conditions.append(column == value)
    if created_from is not None:
        conditions.append(Investigation.created_at >= created_from)
    if created_to is not None:
        conditions.append(Investigation.created_at < created_to)
    if readable_dag_ids is not None:
        conditions.append(Investigation.dag_id.in_(list(readable_dag_ids)))
    total = session.scalar(select(func.count()).select_from(Investigation).where(*conditions)) or 0
    page = session.scalars(
        select(Investigation)
        .where(*conditions)
        .order_by(Investigation.created_at.desc(), Investigation.id.desc())
        .limit(max(limit, 0))
        .offset(max(offset, 0))
    )
    return list(page), int(total)


def find_recent_by_fingerprint(
    session: Session, fingerprint: str, since: datetime, exclude_id: str | None = None
) -> Investigation | None:
    """The newest succeeded, non-reused investigation with this fingerprint created at or after ``since``."""
    query = select(Investigation).where(
        Investigation.fingerprint == fingerprint,
        Investigation.status == S.SUCCEEDED,
        Investigation.reused_from_id.is_(None),
        Investigation.result.is_not(None),
        Investigation.created_at >= since,
    )
    if exclude_id is not None:
        query = query.where(Investigation.id != exclude_id)
    return session.scalars(query.order_by(Investigation.created_at.desc()).limit(1)).first()


def task_history(session: Session, dag_id: str, task_id: str, limit: int = 20) -> list[Investigation]:
    """Our earlier investigations of the same task, newest first (recurring failure or new?)."""
    return list(
        session.scalars(
            select(Investigation)
            .where(Investigation.dag_id == dag_id, Investigation.task_id == task_id)
            .order_by(Investigation.created_at.desc())
            .limit(max(limit, 0))
        )
    )


def run_answers(
    session: Session, dag_id: str, run_id: str, task_ids: Collection[str]
) -> dict[str, Investigation]:
    """The answer of each task's latest investigated try among ``task_ids`` in one DAG run."""
    if not task_ids:
        return {}
    rows = session.scalars(
        select(Investigation)
        .where(
            Investigation.dag_id == dag_id,
            Investigation.run_id == run_id,
            Investigation.task_id.in_(list(task_ids)),
            Investigation.status == S.SUCCEEDED,
        )
        .order_by(Investigation.try_number.desc(), Investigation.created_at.desc())
    )
    out: dict[str, Investigation] = {}
    for row in rows:
        out.setdefault(row.task_id, row)
    return out


# --------------------------------------------------------------------------- DAG source snapshots


def source_hash(source_code: str) -> str:
    """sha256 of a DAG file's text, the snapshot key."""
    return hashlib.sha256(source_code.encode("utf-8", errors="surrogatepass")).hexdigest()


def record_dag_snapshot(
    session: Session,
    *,
    dag_id: str,
    source_code: str,
    fileloc: str = "",
    dag_version_id: str | None = None,
    bundle_version: str | None = None,
) -> tuple[DagSnapshot, bool]:
    """Keep this version of a DAG's source unless already kept; (snapshot, created)."""
    digest = source_hash(source_code)
    created = _insert_ignoring_duplicates(
        session,
        DagSnapshot,
        {
            "dag_id": dag_id,
            "source_hash": digest,
            "fileloc": fileloc,
            "source_code": source_code,
            "dag_version_id": dag_version_id,
            "bundle_version": bundle_version,
            "first_seen_at": utcnow(),
        },
        ("dag_id", "source_hash"),
    )
    row = session.scalars(
        select(DagSnapshot).where(DagSnapshot.dag_id == dag_id, DagSnapshot.source_hash == digest)
    ).one()
    return row, created


def dag_snapshots(
    session: Session, dag_id: str, *, seen_before: datetime | None = None, limit: int = 10
) -> list[DagSnapshot]:
    """Snapshots of a DAG, newest first; ``seen_before`` gives the version current at that time first."""
    query = select(DagSnapshot).where(DagSnapshot.dag_id == dag_id)
    if seen_before is not None:
        query = query.where(DagSnapshot.first_seen_at <= seen_before)
    return list(
        session.scalars(query.order_by(DagSnapshot.first_seen_at.desc(), DagSnapshot.id.desc()).limit(limit))
    )


# --------------------------------------------------------------------------- input volume per try


def record_task_volume(session: Session, key: TaskKey, measures: dict[str, Any]) -> bool:
    """Keep what one successful try said it read or wrote unless already kept; True when this call kept it.

    The first record of a try wins: two investigations may read the same log at once.
    """
    return _insert_ignoring_duplicates(
        session,
        TaskVolume,
        {
            **key.to_json(),
            "measures": measures,
            "recorded_at": utcnow(),
        },
        ("dag_id", "task_id", "map_index", "run_id", "try_number"),
    )


def task_volumes(
    session: Session, dag_id: str, task_id: str, map_index: int, run_ids: Collection[str]
) -> dict[tuple[str, int], dict[str, Any]]:
    """The kept measures of the task's tries in ``run_ids``, by ``(run_id, try_number)``."""
    if not run_ids:
        return {}
    rows = session.execute(
        select(TaskVolume.run_id, TaskVolume.try_number, TaskVolume.measures).where(
            TaskVolume.dag_id == dag_id,
            TaskVolume.task_id == task_id,
            TaskVolume.map_index == map_index,
            TaskVolume.run_id.in_(list(run_ids)),
        )
    )
    return {(str(r), int(t)): m if isinstance(m, dict) else {} for r, t, m in rows}


# --------------------------------------------------------------------------- evidence users added


def uploaded_by(artifact: Artifact) -> str:
    """Who added an uploaded piece of evidence (the name the API recorded), ``""`` when unknown."""
    summary = artifact.summary if isinstance(artifact.summary, dict) else {}
    return str(summary.get("uploaded_by") or "")


def delete_upload(session: Session, investigation_id: str, evidence_id: str) -> bool:
    """Remove one piece of evidence a user added; False when there is no such upload.

    Evidence the engine collected is never removed here: it is replaced by the next run.
    """
    _lock_investigation(session, investigation_id)
    deleted = session.execute(
        delete(Artifact).where(
            Artifact.investigation_id == investigation_id,
            Artifact.evidence_id == evidence_id,
            Artifact.origin == UPLOAD_ORIGIN,
        )
    )
    session.expire_all()
    return bool(deleted.rowcount)  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- accuracy from feedback


def root_cause_answers(
    session: Session,
    *,
    since: datetime | None = None,
    dag_id: str | None = None,
    readable_dag_ids: Collection[str] | None = None,
    rated_only: bool = False,
    exclude_id: str | None = None,
    limit: int = 20000,
) -> list[Answer]:
    """The root causes given (newest first), each with what its user said of it.

    ``rated_only`` keeps the ones confirmed or marked wrong; ``readable_dag_ids`` hides other DAGs.
    """
    query = (
        select(
            Finding,
            Investigation.dag_id,
            Investigation.task_id,
            Investigation.engine,
            Investigation.model,
            Investigation.created_at,
        )
        .join(Investigation, Finding.investigation_id == Investigation.id)
        .where(Finding.kind == "root_cause")
    )
    if since is not None:
        query = query.where(Investigation.created_at >= since)
    if dag_id is not None:
        query = query.where(Investigation.dag_id == dag_id)
    if readable_dag_ids is not None:
        query = query.where(Investigation.dag_id.in_(list(readable_dag_ids)))
    if rated_only:
        query = query.where(Finding.feedback.in_(FEEDBACK_VALUES))
    if exclude_id is not None:
        query = query.where(Investigation.id != exclude_id)
    query = query.order_by(Investigation.created_at.desc(), Finding.id.desc()).limit(max(limit, 0))
    answers = []
    for finding, dag, task, engine, model, created_at in session.execute(query):
        data = finding.data if isinstance(finding.data, dict) else {}
        answers.append(
            Answer(
                investigation_id=finding.investigation_id,
                dag_id=dag,
                task_id=task,
                category=finding.category or "unknown",
                source=answer_source(str(data.get("rule_id") or ""), engine or "", model or ""),
                title=finding.title,
                answered_at=created_at,
                feedback=finding.feedback if finding.feedback in FEEDBACK_VALUES else None,
                comment=finding.feedback_comment or "",
                user=finding.feedback_user or "",
                rated_at=finding.feedback_at,
            )
        )
    return answers


# --------------------------------------------------------------------------- recurring causes


def occurrences(
    session: Session,
    *,
    since: datetime,
    readable_dag_ids: Collection[str] | None = None,
    limit: int = 20000,
) -> list[Occurrence]:
    """Every investigation created since ``since`` (newest first), as the recurring-causes view needs it."""
    query = select(
        Investigation.id,
        Investigation.fingerprint,
        Investigation.dag_id,
        Investigation.task_id,
        Investigation.category,
        Investigation.root_cause_title,
        Investigation.status,
        Investigation.created_at,
        Investigation.finished_at,
    ).where(Investigation.created_at >= since)
    if readable_dag_ids is not None:
        query = query.where(Investigation.dag_id.in_(list(readable_dag_ids)))
    rows = session.execute(query.order_by(Investigation.created_at.desc()).limit(max(limit, 0)))
    return [
        Occurrence(
            investigation_id=str(row.id),
            fingerprint=row.fingerprint or "",
            dag_id=row.dag_id,
            task_id=row.task_id,
            category=row.category or "unknown",
            title=row.root_cause_title or "",
            status=row.status,
            created_at=row.created_at,
            finished_at=row.finished_at,
        )
        for row in rows
    ]
