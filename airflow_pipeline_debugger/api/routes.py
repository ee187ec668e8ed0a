"""The JSON API of ARCHITECTURE 4.3 under ``/pipeline-debugger/api``.

Every route depends on the authenticated Airflow user; routes addressed by id check the
investigation's DAG (:mod:`.security`). Handlers are sync (FastAPI runs them in its threadpool)
and reach the tables only through :mod:`airflow_pipeline_debugger.store.repository`, in a session
of their own that commits on success.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Annotated, Any

from airflow.api_fastapi.auth.managers.models.resource_details import DagAccessEntity
from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request, status
from fastapi.responses import PlainTextResponse, StreamingResponse
from sqlalchemy.orm import Session
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool

from airflow_pipeline_debugger import conf
from airflow_pipeline_debugger.api import schemas, sse
from airflow_pipeline_debugger.api.bodies import FORM_OVERHEAD_BYTES, read_upload
from airflow_pipeline_debugger.api.security import (
    CODE_DENIED,
    NOT_FOUND,
    TASK_LOGS_DENIED,
    UserDep,
    check_investigation_access,
    may_access_dag,
    may_read_code,
    readable_dag_ids,
)
from airflow_pipeline_debugger.api.settings import app_settings
from airflow_pipeline_debugger.api.uploads import UploadError, build_upload, human_size
from airflow_pipeline_debugger.domain import (
    Category,
    Evidence,
    EvidenceKind,
    FailureContext,
    InvestigationResult,
    Step,
    StepKind,
    TaskKey,
)
from airflow_pipeline_debugger.engine.report import render_markdown
from airflow_pipeline_debugger.evidence.lines import logs_tab_line, numbered_lines
from airflow_pipeline_debugger.notify.cited import cited_lines
from airflow_pipeline_debugger.runner.embedded import MIGRATE_HINT, embedded_runner, tables_missing
from airflow_pipeline_debugger.store import repository
from airflow_pipeline_debugger.store.models import Investigation, InvestigationStatus, utcnow
from airflow_pipeline_debugger.store.session import session_scope

log = logging.getLogger(__name__)

router = APIRouter(prefix="/api")

#: What health says when the metadata DB does not answer (the driver's error is only logged).
DB_UNREACHABLE = "database unreachable"
HISTORY_DAYS = 30
MAX_PAGE = 200


def _session() -> Iterator[Session]:
    """A read session (FastAPI may end it after the response is sent: never write through it)."""
    with session_scope() as session:
        yield session


SessionDep = Annotated[Session, Depends(_session)]


def _write_session() -> contextlib.AbstractContextManager[Session]:
    """A session that commits when the block ends, so a write is durable before the response goes out."""
    return session_scope()


def _user_name(user: Any) -> str:
    return str(user.get_name())


def _load(
    request: Request, user: Any, session: Session, investigation_id: str, method: str = "GET"
) -> Investigation:
    return check_investigation_access(
        request,
        user,
        repository.get(session, investigation_id),
        "PUT" if method != "GET" else "GET",
    )


# --------------------------------------------------------------------------- health


@router.get("/health")
def health(request: Request, user: UserDep) -> dict[str, Any]:
    """Whether the tables exist (with the command that creates them) and whether the runner runs here."""
    runner = app_settings(request.app).runner
    live = embedded_runner()
    try:
        missing = tables_missing()
        db_error = None
    except Exception:  # health reports an unreachable DB, it does not fail
        # The driver's message names the host, the port and the user: logged, not shown to any user.
        log.warning("pipeline-debugger health: the metadata database is unreachable", exc_info=True)
        missing, db_error = [], DB_UNREACHABLE
    tables_ok = not missing and db_error is None
    queued = None
    if tables_ok:
        with session_scope() as session:
            _, queued = repository.list_investigations(
                session, status=InvestigationStatus.QUEUED, readable_dag_ids=readable_dag_ids(user), limit=0
            )
    return {
        "status": "ok" if tables_ok else "degraded",
        "enabled": conf.enabled(),
        "tables": {"present": tables_ok, "missing": missing, "error": db_error},
        "migrate_hint": None if tables_ok else MIGRATE_HINT,
        "runner": {
            "in_api_server": conf.runner_in_api_server(),
            "started": runner.started,
            "runner_id": runner.runner_id,
            "error": runner.error,
            # Live investigation threads against the ceiling: ``claiming`` is false at the ceiling.
            "threads": live.health() if live is not None else None,
        },
        "queued": queued,
    }


# --------------------------------------------------------------------------- reads


@router.get("/investigations", response_model=schemas.InvestigationList)
def list_investigations(
    *,
    user: UserDep,
    session: SessionDep,
    dag_id: str | None = None,
    run_id: str | None = None,
    task_id: str | None = None,
    status_: Annotated[str | None, Query(alias="status")] = None,
    category: str | None = None,
    created_from: datetime | None = None,
    created_to: datetime | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> schemas.InvestigationList:
    """Newest first; only the DAGs the user may read are listed or counted."""
    if status_ is not None and status_ not in InvestigationStatus.ALL:
        raise HTTPException(422, f"status must be one of {', '.join(InvestigationStatus.ALL)}")
    if category is not None and category not in {c.value for c in Category}:
        raise HTTPException(422, f"category must be one of {', '.join(c.value for c in Category)}")
    rows, total = repository.list_investigations(
        session,
        dag_id=dag_id,
        run_id=run_id,
        task_id=task_id,
        status=status_,
        category=category,
        created_from=created_from,
        created_to=created_to,
        readable_dag_ids=readable_dag_ids(user),
        limit=limit,
        offset=offset,
    )
    return schemas.InvestigationList(
        investigations=[schemas.InvestigationSummary.of(r) for r in rows], total_entries=total
    )


def _history(session: Session, inv: Investigation) -> schemas.History:
    since = utcnow() - timedelta(days=HISTORY_DAYS)
    earlier = [
        r
        for r in repository.task_history(session, inv.dag_id, inv.task_id, limit=100)
        if r.id != inv.id and r.created_at < inv.created_at
    ]
    same = [
        r for r in earlier if inv.fingerprint and r.fingerprint == inv.fingerprint and r.created_at >= since
    ]
    last = same[0] if same else None
    last_fix = feedback = comment = None
    if last is not None:
        for finding in repository.list_findings(session, last.id):
            if finding.kind == "root_cause":
                feedback, comment = finding.feedback, finding.feedback_comment
            elif (finding.data or {}).get("field") == "immediate_fix":
                last_fix = finding.body
    return schemas.History(
        window_days=HISTORY_DAYS,
        same_fingerprint=len(same),
        task_investigations=len(earlier),
        last_seen_at=last.created_at if last else None,
        last_investigation_id=last.id if last else None,
        last_fix=last_fix,
        last_feedback=feedback,
        last_feedback_comment=comment,
    )


def _code_evidence(request: Request, user: Any, session: Session, inv: Investigation) -> set[str]:
    """Evidence ids of the DAG diffs ``user`` may not see (no ``CODE`` access to the DAG)."""
    diffs = {
        a.evidence_id for a in repository.list_artifacts(session, inv.id) if a.kind == EvidenceKind.DIFF.value
    }
    return diffs if diffs and not may_read_code(request, user, inv.dag_id) else set()


def _logs_tab_line_of(summaries: dict[str, dict[str, Any] | None], cite: str) -> int | None:
    """The Logs-tab number of the line ``cite`` (``E1:L42``) names, when it is a task log line."""
    evidence_id, _, line = cite.partition(":L")
    return logs_tab_line(summaries.get(evidence_id), int(line)) if line.isdigit() else None


def _detail(session: Session, inv: Investigation, hidden: set[str]) -> schemas.InvestigationDetail:
    """The detail view; cited lines of the ``hidden`` evidence (diffs without CODE access) are left out."""
    result = inv.result if isinstance(inv.result, dict) else None
    cites: list[str] = []
    if result is not None:
        cites = [str(c) for c in (result.get("root_cause") or {}).get("evidence", [])]
        cites = [c for c in cites if c.split(":", 1)[0] not in hidden]
    summary = schemas.InvestigationSummary.of(inv).model_dump()
    artifacts = repository.list_artifacts(session, inv.id)
    summaries = {a.evidence_id: a.summary for a in artifacts}
    return schemas.InvestigationDetail(
        **summary,
        error=inv.error,
        engine=inv.engine,
        model=inv.model,
        input_tokens=inv.input_tokens,
        output_tokens=inv.output_tokens,
        cost_usd=inv.cost_usd,
        fingerprint=inv.fingerprint,
        reused_from_id=inv.reused_from_id,
        slack_state=inv.slack_state,
        result=result,
        steps=[schemas.StepOut.of(s) for s in repository.list_steps(session, inv.id)],
        findings=[schemas.FindingOut.of(f) for f in repository.list_findings(session, inv.id)],
        artifacts=[schemas.ArtifactMeta.of(a) for a in artifacts],
        cited_lines=[
            schemas.CitedLine(cite=c, text=t, logs_tab_line=_logs_tab_line_of(summaries, c))
            for c, t in cited_lines(session, inv.id, cites)
        ],
        history=_history(session, inv),
        previous_run=schemas.PreviousRun.model_validate(inv.previous_run) if inv.previous_run else None,
    )


@router.get("/investigations/{investigation_id}", response_model=schemas.InvestigationDetail)
def get_investigation(
    investigation_id: str, request: Request, user: UserDep, session: SessionDep
) -> schemas.InvestigationDetail:
    """The investigation with its steps, findings, evidence metadata, cited lines and history."""
    inv = _load(request, user, session, investigation_id)
    return _detail(session, inv, _code_evidence(request, user, session, inv))


@router.get("/task-instance", response_model=schemas.TaskInstanceInvestigations)
def task_instance_investigations(
    *,
    request: Request,
    user: UserDep,
    session: SessionDep,
    dag_id: str,
    run_id: str,
    task_id: str,
    map_index: int = -1,
    try_number: int | None = None,
) -> schemas.TaskInstanceInvestigations:
    """The investigation of one task instance's try (latest by default) and its other tries."""
    if not may_access_dag(request, user, dag_id, "GET"):
        raise HTTPException(status.HTTP_404_NOT_FOUND, NOT_FOUND)
    rows, _ = repository.list_investigations(
        session, dag_id=dag_id, run_id=run_id, task_id=task_id, limit=MAX_PAGE
    )
    tries = sorted((r for r in rows if r.map_index == map_index), key=lambda r: r.try_number, reverse=True)
    inv = repository.get_by_try(
        session, dag_id=dag_id, run_id=run_id, task_id=task_id, map_index=map_index, try_number=try_number
    )
    if inv is not None and not may_access_dag(request, user, dag_id, "GET", DagAccessEntity.TASK_LOGS):
        raise HTTPException(status.HTTP_403_FORBIDDEN, TASK_LOGS_DENIED)
    return schemas.TaskInstanceInvestigations(
        investigation=_detail(session, inv, _code_evidence(request, user, session, inv)) if inv else None,
        tries=[schemas.InvestigationSummary.of(r) for r in tries],
    )


@router.get(
    "/investigations/{investigation_id}/artifacts/{evidence_id}", response_model=schemas.ArtifactContent
)
def get_artifact(
    investigation_id: str, evidence_id: str, request: Request, user: UserDep, session: SessionDep
) -> schemas.ArtifactContent:
    """One piece of evidence (redacted, capped) as numbered lines, for highlighting cited lines."""
    inv = _load(request, user, session, investigation_id)
    artifact = next(
        (a for a in repository.list_artifacts(session, inv.id) if a.evidence_id == evidence_id), None
    )
    if artifact is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Evidence not found")
    if artifact.evidence_id in _code_evidence(request, user, session, inv):
        raise HTTPException(status.HTTP_403_FORBIDDEN, CODE_DENIED)
    evidence = repository.evidence_of(artifact)
    meta = schemas.ArtifactMeta.of(artifact).model_dump()
    return schemas.ArtifactContent(
        **meta,
        lines=[
            schemas.ArtifactLine(no=n, text=t, logs_tab_line=logs_tab_line(artifact.summary, n))
            for n, t in numbered_lines(evidence)
        ],
    )


# --------------------------------------------------------------------------- stream


def _poll(investigation_id: str, after_seq: int) -> sse.Poll:
    """One stream read; step ``after_seq`` itself is fetched too, to tell whether it still exists."""
    with session_scope() as session:
        inv = repository.get(session, investigation_id)
        if inv is None:
            return sse.Poll(status=None)
        current = inv.status
        rows = repository.list_steps(session, investigation_id, after_seq=max(after_seq - 1, 0))
        known = True
        if after_seq > 0:
            known = bool(rows) and rows[0].seq == after_seq
            rows = rows[1:] if known else []
        return sse.Poll(
            status=current,
            resume_ok=known,
            steps=[schemas.StepOut.of(s).model_dump(mode="json") for s in rows],
        )


@router.get("/investigations/{investigation_id}/stream")
async def stream(
    investigation_id: str,
    request: Request,
    user: UserDep,
    last_event_id: Annotated[str | None, Header()] = None,
    after: Annotated[int | None, Query(ge=0)] = None,
) -> StreamingResponse:
    """SSE: every persisted step as it lands (id = seq), replay when finished, then ``done``."""

    def check() -> None:
        with session_scope() as session:
            _load(request, user, session, investigation_id)

    await run_in_threadpool(check)
    settings = app_settings(request.app)
    name = _user_name(user)
    if not settings.streams.acquire(name):
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            f"{settings.streams.per_user} investigation streams are already open for you; close one",
        )
    start = sse.parse_last_event_id(last_event_id) if last_event_id is not None else (after or 0)

    async def poll(after_seq: int) -> sse.Poll:
        return await run_in_threadpool(_poll, investigation_id, after_seq)

    events = sse.stream_events(
        poll,
        after_seq=start,
        poll_seconds=settings.stream_poll_seconds,
        keepalive_seconds=settings.stream_keepalive_seconds,
        is_disconnected=request.is_disconnected,
        max_seconds=settings.stream_max_seconds,
    )
    slot = sse.Slot(settings.streams, name)
    return StreamingResponse(
        slot.hold(events),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache, no-transform", "X-Accel-Buffering": "no"},
        # Also when the body never started (the client left before the first byte).
        background=BackgroundTask(slot.release),
    )


# --------------------------------------------------------------------------- report


_FILENAME_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


@router.get("/investigations/{investigation_id}/report.md", response_class=PlainTextResponse)
def report(investigation_id: str, request: Request, user: UserDep, session: SessionDep) -> PlainTextResponse:
    """The Markdown report of a finished investigation (409 while it has no result)."""
    inv = _load(request, user, session, investigation_id)
    if not isinstance(inv.result, dict):
        raise HTTPException(
            status.HTTP_409_CONFLICT, f"the investigation has no result yet (status {inv.status})"
        )
    capture = inv.capture if isinstance(inv.capture, dict) else {}
    context = FailureContext(
        key=TaskKey.of(inv),
        error_type=str(capture.get("error_type") or ""),
        error_message=str(capture.get("error_message") or ""),
        trigger=inv.trigger,
    )
    evidence = []
    for artifact in repository.list_artifacts(session, inv.id):
        try:
            kind = EvidenceKind(artifact.kind)
        except ValueError:
            kind = EvidenceKind.LOG
        evidence.append(
            Evidence(
                id=artifact.evidence_id,
                kind=kind,
                name=artifact.name,
                source=artifact.source,
                content=artifact.content,
                size_bytes=artifact.size_bytes,
                truncated=artifact.truncated,
                summary=artifact.summary or {},
            )
        )
    text = render_markdown(
        InvestigationResult.from_json(inv.result),
        context=context,
        evidence=evidence,
        title=f"{inv.dag_id}.{inv.task_id} (run {inv.run_id}, try {inv.try_number})",
        steps=[
            Step(StepKind(row.kind), row.title, row.body, row.data or {}, row.source)
            for row in repository.list_steps(session, inv.id)
        ],
    )
    filename = _FILENAME_UNSAFE.sub("_", f"investigation-{inv.dag_id}-{inv.task_id}-try{inv.try_number}")
    return PlainTextResponse(
        text,
        media_type="text/markdown; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename[:150]}.md"'},
    )


# --------------------------------------------------------------------------- writes


@router.post(
    "/investigations/{investigation_id}/rerun",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=schemas.RerunOut,
)
def rerun(investigation_id: str, request: Request, user: UserDep) -> schemas.RerunOut:
    """Queue the investigation again (uploaded evidence is kept); 409 while it is queued or running."""
    with _write_session() as session:
        inv = _load(request, user, session, investigation_id, "POST")
        if not repository.request_rerun(session, inv.id):
            raise HTTPException(
                status.HTTP_409_CONFLICT, f"the investigation is {inv.status}; wait for it to finish"
            )
        return schemas.RerunOut(id=inv.id, status=InvestigationStatus.QUEUED)


@router.post(
    "/investigations/{investigation_id}/artifacts",
    status_code=status.HTTP_201_CREATED,
    response_model=schemas.ArtifactMeta,
)
async def add_artifact(investigation_id: str, request: Request, user: UserDep) -> schemas.ArtifactMeta:
    """Add evidence (log, schema, trace, dataset) as a file or text; re-run to include it."""

    def check() -> None:
        with session_scope() as session:
            _load(request, user, session, investigation_id, "POST")

    await run_in_threadpool(check)
    max_bytes = conf.upload_max_bytes()
    try:
        declared = int(request.headers.get("content-length") or 0)
    except ValueError:
        declared = 0
    try:
        if declared > max_bytes + FORM_OVERHEAD_BYTES:
            raise UploadError(413, f"the upload is larger than the {human_size(max_bytes)} limit")
        kind, name, raw = await read_upload(request, max_bytes)
        upload = await run_in_threadpool(
            build_upload, kind=kind, name=name, raw=raw, max_bytes=max_bytes, user=_user_name(user)
        )
    except UploadError as exc:
        raise HTTPException(exc.status_code, exc.message) from None

    def store() -> schemas.ArtifactMeta:
        with session_scope() as session:
            row = repository.add_artifact(
                session,
                investigation_id,
                upload.evidence,
                origin=repository.UPLOAD_ORIGIN,
                max_bytes=max_bytes,
            )
            return schemas.ArtifactMeta.of(row)

    return await run_in_threadpool(store)


@router.post("/investigations/{investigation_id}/feedback", response_model=schemas.FindingOut)
def feedback(
    investigation_id: str, body: schemas.FeedbackIn, request: Request, user: UserDep
) -> schemas.FindingOut:
    """👍/👎 (or clear) on the root cause with an optional comment; 409 before there is a root cause."""
    with _write_session() as session:
        inv = _load(request, user, session, investigation_id, "POST")
        finding = repository.set_feedback(
            session, inv.id, body.feedback, comment=(body.comment or None), user=_user_name(user)
        )
        if finding is None:
            raise HTTPException(status.HTTP_409_CONFLICT, "the investigation has no root cause yet")
        return schemas.FindingOut.of(finding)
