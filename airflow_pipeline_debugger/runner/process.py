"""One claimed investigation, end to end, in the runner.

1. load the investigation and the failed try (``task_instance`` for the current try, else the
   archived ``task_instance_history`` row);
2. read the task log back through Airflow's log reader and take the worker's capture out of it
   (:mod:`.handoff`); store the capture on the investigation;
3. build the :class:`~airflow_pipeline_debugger.evidence.request.CollectionRequest` — failure context
   from the metadata DB and the capture, the log copy, the artifact paths the worker named, the
   evidence users added (:mod:`.added`), file access limited to the configured roots, and a
   metadata session for the adapters that read it;
4. run the engine with the DB-backed sink (each step committed before the next one is produced);
5. flag the answer when users kept marking its rule wrong on this DAG (:mod:`.track_record`),
   record the outcome and tell Slack.

A cancelled investigation (timed out, runner stopping) stops at the next stage boundary the
engine checks and records a step saying where; the runner has recorded the outcome already.

Engine settings (rules, topology, model client) are loaded once per process and reused.
"""

from __future__ import annotations

import functools
import logging
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from airflow_pipeline_debugger import conf
from airflow_pipeline_debugger.adapters.collect import collect_evidence
from airflow_pipeline_debugger.adapters.registry import configured_adapters
from airflow_pipeline_debugger.adapters.spark.eventlog import APP_ID_RE
from airflow_pipeline_debugger.domain import (
    FailureContext,
    InvestigationCancelledError,
    InvestigationResult,
    TaskKey,
)
from airflow_pipeline_debugger.engine.fingerprint import CachedInvestigation
from airflow_pipeline_debugger.engine.llm.settings import configured_client
from airflow_pipeline_debugger.engine.pipeline import EngineOptions, investigate_bundle
from airflow_pipeline_debugger.engine.rules import load_heuristics
from airflow_pipeline_debugger.engine.steps import status_step
from airflow_pipeline_debugger.engine.topology import configured_topology
from airflow_pipeline_debugger.evidence.files import FileAccess
from airflow_pipeline_debugger.evidence.redact import redact
from airflow_pipeline_debugger.evidence.request import CollectionRequest, LogSource
from airflow_pipeline_debugger.evidence.scope import TryScope, refuse
from airflow_pipeline_debugger.notify.dispatch import notify_finished, notify_started
from airflow_pipeline_debugger.runner.added import add_to_request, mark_added, write_added
from airflow_pipeline_debugger.runner.handoff import TaskLog, read_task_log
from airflow_pipeline_debugger.runner.sink import DbStepSink
from airflow_pipeline_debugger.runner.track_record import note_track_record
from airflow_pipeline_debugger.store import repository
from airflow_pipeline_debugger.store.dag_settings import run_conf, tags_and_owners
from airflow_pipeline_debugger.store.session import is_db_outage, session_scope
from airflow_pipeline_debugger.store.task_instances import failed_try, rendered_fields
from airflow_pipeline_debugger.tolerant import clip
from airflow_pipeline_debugger.trigger.capture import Capture

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from airflow_pipeline_debugger.adapters.base import Adapter
    from airflow_pipeline_debugger.engine.fingerprint import CachedInvestigation
    from airflow_pipeline_debugger.engine.llm.base import LLMClient
    from airflow_pipeline_debugger.evidence.files import FileAccess
    from airflow_pipeline_debugger.heuristics.base import Heuristic
    from airflow_pipeline_debugger.runner.work import WorkContext

log = logging.getLogger(__name__)

#: Rendered template fields that are the task's command line (adapters detect dbt/Spark from it).
COMMAND_FIELDS = ("bash_command", "application", "sql", "command", "cmds", "arguments")
MAX_COMMAND_CHARS = 4000


@dataclass
class EngineSettings:
    """What collection and the engine need besides the failure; built once per runner process.

    The topology is not kept: ``configured_topology()`` is cached per file modification time, so
    an edited topology file in the DAGs repository applies to the next investigation.
    """

    heuristics: list[Heuristic]
    llm: LLMClient | None
    #: ``extra_adapters`` loaded, ``disabled_adapters`` left out.
    adapters: tuple[Adapter, ...]

    @classmethod
    def load(cls) -> EngineSettings:
        """Adapters, rules and the model client (through Airflow connections) from the configuration."""
        return cls(
            heuristics=load_heuristics(),
            llm=configured_client(inside_airflow=True),
            adapters=configured_adapters(),
        )


_settings: EngineSettings | None = None
_settings_lock = threading.Lock()


def engine_settings() -> EngineSettings:
    """The process-wide engine settings (loaded on first use)."""
    global _settings  # noqa: PLW0603 - one set of rules and one model client per process
    with _settings_lock:
        if _settings is None:
            _settings = EngineSettings.load()
        return _settings


# --------------------------------------------------------------------------- reading the failure


def _rendered_command(session: Session, ti: Any) -> str:
    """The rendered command line of the task (bash command, Spark application …), if recorded."""
    fields = rendered_fields(session, TaskKey.of(ti))
    for name in COMMAND_FIELDS:
        value = fields.get(name)
        if isinstance(value, str) and value:
            return value[:MAX_COMMAND_CHARS]
        if isinstance(value, list) and value:
            return " ".join(str(v) for v in value)[:MAX_COMMAND_CHARS]
    return ""


def failure_context(
    session: Session, ti: Any, key: TaskKey, trigger: str, capture: Capture | None
) -> FailureContext:
    """What is known before evidence: identity, operator, command, tags, and the worker's error."""
    tags, owners = tags_and_owners(session, key.dag_id)
    operator = (capture.operator if capture and capture.operator else "") or str(
        getattr(ti, "custom_operator_name", None) or getattr(ti, "operator", None) or ""
    )
    return FailureContext(
        key=key,
        max_tries=int(getattr(ti, "max_tries", 0) or (capture.max_tries if capture else 0)),
        operator=operator,
        command=_rendered_command(session, ti) if ti is not None else "",
        tags=tags,
        params=run_conf(session, key.dag_id, key.run_id),
        error_type=capture.error_type if capture else "",
        error_message=capture.error_message if capture else "",
        trigger=trigger,
        owner=", ".join(owners),
    )


def file_access(log_dir: Path) -> FileAccess:
    """Allow-listed roots: the private log copy and the configured roots, each for its adapter.

    Airflow's ``base_log_folder`` is not one: it holds every DAG's task logs, and this try's own log
    is read through Airflow's log reader into ``log_dir``.
    """
    everyone: list[Path | str] = [log_dir, *conf.log_roots()]
    return FileAccess(
        {
            "*": everyone,
            "dbt": list(conf.dbt_artifact_roots()),
            "spark": list(conf.spark_event_log_roots()),
        },
        max_bytes=max(conf.evidence_max_bytes(), 1),
    )


def _datetime(value: Any) -> datetime | None:
    """A row's date, or ``None`` for a missing one (or a test double's stand-in)."""
    return value if isinstance(value, datetime) else None


def try_scope(ti: Any, capture: Capture | None) -> TryScope:
    """The try's window from its row, and the Spark application id its worker recorded (if any)."""
    recorded = (capture.artifacts.get("spark") or {}).get("app_id") if capture else None
    app_ids = (recorded,) if isinstance(recorded, str) and APP_ID_RE.fullmatch(recorded) else ()
    return TryScope(
        start=_datetime(getattr(ti, "start_date", None)),
        end=_datetime(getattr(ti, "end_date", None)),
        app_ids=app_ids,
    )


def _log_sources(task_log: TaskLog, key: TaskKey) -> list[LogSource]:
    if task_log.path is None:
        return []
    name = f"task log (try {key.try_number})"
    return [
        LogSource(
            name=name,
            source=f"airflow task log {key.dag_id}/{key.task_id}",
            path=task_log.path,
            logs_tab_map=task_log.logs_tab_map,
        )
    ]


def build_request(
    ctx: WorkContext, context: FailureContext, task_log: TaskLog, scope: TryScope, log_dir: Path
) -> CollectionRequest:
    """The engine's input for one failed try, scoped to it, with the metadata DB open to the adapters."""
    key = context.key
    capture = task_log.capture
    return CollectionRequest(
        context=context,
        files=file_access(log_dir),
        logs=_log_sources(task_log, key),
        artifact_paths=[Path(p) for p in capture.artifact_paths()] if capture else [],
        metadata=functools.partial(session_scope, ctx.session_factory),
        scope=scope,
    )


# --------------------------------------------------------------------------- the work


def failure_reason(exc: BaseException) -> str:
    """An exception's text as users may see it: cut (so a huge message costs little), then redacted.

    Exception texts carry DSNs and tokens (``could not connect to postgresql://u:pw@host``).
    """
    return redact(clip(f"{type(exc).__name__}: {exc}", 2 * repository.MAX_ERROR_CHARS))


def read_failure(
    ctx: WorkContext, key: TaskKey, trigger: str, log_dir: Path
) -> tuple[TaskLog, FailureContext, TryScope]:
    """The failed try's log (with the worker's capture, stored on the investigation), context and scope."""
    with session_scope(ctx.session_factory) as session:
        ti = failed_try(session, key)
        task_log = (
            read_task_log(
                ti, key, log_dir, settle_s=conf.handoff_settle_seconds(), cancelled=ctx.cancelled.is_set
            )
            if ti is not None
            else TaskLog(error="the task instance no longer exists in the metadata DB")
        )
        context = failure_context(session, ti, key, trigger, task_log.capture)
        scope = try_scope(ti, task_log.capture)
    if task_log.capture is not None:
        with session_scope(ctx.session_factory) as session:
            # stores the capture on the existing row (only if it has none yet)
            repository.ensure_investigation(
                session, **task_log.capture.key.to_json(), trigger=trigger, capture=task_log.capture.to_json()
            )
    for problem in [*task_log.problems, *([task_log.error] if task_log.error else [])]:
        log.warning("pipeline-debugger investigation %s: %s", ctx.investigation_id, problem)
    return task_log, context, scope


def _cache_lookup(ctx: WorkContext) -> Any:
    def lookup(fingerprint: str, since: datetime) -> CachedInvestigation | None:
        with session_scope(ctx.session_factory) as session:
            hit = repository.find_recent_by_fingerprint(
                session, fingerprint, since, exclude_id=ctx.investigation_id
            )
            if hit is None or not isinstance(hit.result, dict):
                return None
            return CachedInvestigation(
                investigation_id=hit.id,
                created_at=hit.created_at,
                result=InvestigationResult.from_json(hit.result),
            )

    return lookup


def record_stop(ctx: WorkContext, stop: InvestigationCancelledError) -> None:
    """The step that says where a cancelled investigation stopped (only once its outcome is recorded)."""
    step = status_step(
        "Investigation stopped",
        f"{stop.reason[:1].upper()}{stop.reason[1:]}; the work stopped at {stop.where}.",
        {"status": "stopped", "reason": stop.reason, "stopped_at": stop.where},
        source="runner",
    )
    with session_scope(ctx.session_factory) as session:
        repository.append_closing_step(session, ctx.investigation_id, step)


def investigate(ctx: WorkContext) -> None:
    """Run one claimed investigation to its recorded end (succeeded or failed), or until cancelled."""
    try:
        _investigate(ctx)
    except InvestigationCancelledError as stop:
        log.info("pipeline-debugger investigation %s stopped: %s", ctx.investigation_id, stop)
        record_stop(ctx, stop)


def _investigate(ctx: WorkContext) -> None:
    started = time.monotonic()
    with session_scope(ctx.session_factory) as session:
        inv = repository.get(session, ctx.investigation_id)
        if inv is None:
            return
        key = TaskKey.of(inv)
        trigger = inv.trigger
        if inv.attempts > 1:  # taking over from a runner that died half-way: start clean
            repository.clear_progress(session, ctx.investigation_id)
    ctx.cancelled.check("the start")
    notify_started(ctx.investigation_id)
    settings = engine_settings()
    log_dir = Path(tempfile.mkdtemp(prefix="pipeline-debugger-"))
    try:
        task_log, context, scope = read_failure(ctx, key, trigger, log_dir)
        request = build_request(ctx, context, task_log, scope, log_dir)
        with session_scope(ctx.session_factory) as session:
            added = write_added(session, ctx.investigation_id, log_dir)
        add_to_request(request, added, settings.adapters)
        bundle = collect_evidence(
            request,
            settings.adapters,
            max_evidence_bytes=conf.evidence_max_bytes(),
            log_scan_max_bytes=conf.log_scan_max_bytes(),
            cancel=ctx.cancelled,
        )
        mark_added(bundle, added)
        for problem in task_log.problems:  # capture records not trusted: a gap, never evidence
            refuse(bundle, "capture record", "task log", problem)
        sink = DbStepSink(ctx.investigation_id, ctx.session_factory, ctx.cancelled)
        for evidence in bundle.evidence:
            sink.add_evidence(evidence)
        options = EngineOptions.from_conf(investigation_id=ctx.investigation_id, cancel=ctx.cancelled)
        result: InvestigationResult = investigate_bundle(
            bundle,
            sink,
            llm=settings.llm,
            topology=configured_topology(),
            heuristics=settings.heuristics,
            cache_lookup=_cache_lookup(ctx) if options.cache_hours > 0 else None,
            options=options,
        )
    except InvestigationCancelledError:
        raise
    except Exception as exc:
        if is_db_outage(exc):
            raise  # not the investigation's fault: the runner puts it back in the queue
        log.exception("pipeline-debugger investigation %s failed", ctx.investigation_id)
        if not ctx.cancelled.is_set():
            with session_scope(ctx.session_factory) as session:
                repository.mark_failed(
                    session, ctx.investigation_id, failure_reason(exc), runner_id=ctx.runner_id
                )
            notify_finished(ctx.investigation_id)
        return
    finally:
        shutil.rmtree(log_dir, ignore_errors=True)
    ctx.cancelled.check("recording the result")
    with session_scope(ctx.session_factory) as session:
        note_track_record(session, result, key.dag_id, ctx.investigation_id)
        done = repository.mark_succeeded(session, ctx.investigation_id, result, runner_id=ctx.runner_id)
    if not done:
        log.warning(
            "pipeline-debugger investigation %s finished after losing its claim; result discarded",
            ctx.investigation_id,
        )
        return
    log.info(
        "pipeline-debugger investigation %s finished in %.1fs: %s (%s, confidence %d)",
        ctx.investigation_id,
        time.monotonic() - started,
        result.root_cause.title,
        result.category.value,
        result.root_cause.confidence,
    )
    notify_finished(ctx.investigation_id)
