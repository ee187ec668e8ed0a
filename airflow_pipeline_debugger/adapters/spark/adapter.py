"""The Spark adapter: recognises Spark tasks, finds and measures their event logs, and briefs the model.

Driver-log lines are recognised by :data:`~.driverlog.PATTERNS` (the shared log scanner turns them
into signals). ``collect`` adds what a log line cannot say — the *measured* task distribution:

1. it locates event logs: artifact paths, then application ids printed in the logs (``app-…``,
   ``application_…``, ``local-…``) looked up under the allow-listed Spark event-log roots and the
   ``spark.eventLog.dir`` named on the command line;
2. it parses each (streaming, bounded memory — :mod:`.eventlog`) into per-stage distributions;
3. it leaves one ``spark_event_log`` evidence (a compact, human-readable table), measured signals
   (``spark.stage_skew``, ``spark.task_oom``, ``spark.gc_pressure`` …) whose attributes carry the
   numbers, and ``bundle.facts["spark"]`` for the rules and the model.
"""

from __future__ import annotations

import itertools
import logging
import re
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from airflow_pipeline_debugger import conf
from airflow_pipeline_debugger.adapters.base import Adapter
from airflow_pipeline_debugger.adapters.spark import signals as S
from airflow_pipeline_debugger.adapters.spark.driverlog import PATTERNS
from airflow_pipeline_debugger.adapters.spark.eventlog import (
    APP_ID_RE,
    EventLogSummary,
    is_event_log_path,
    parse_event_log,
)
from airflow_pipeline_debugger.adapters.spark.ownership import announced_app_ids, event_log_refusal
from airflow_pipeline_debugger.domain import (
    Evidence,
    EvidenceBundle,
    EvidenceKind,
    JSONDict,
    PipelineType,
    Signal,
)
from airflow_pipeline_debugger.evidence.redact import redact
from airflow_pipeline_debugger.evidence.request import CollectionRequest, LogSource
from airflow_pipeline_debugger.evidence.scope import refuse
from airflow_pipeline_debugger.tolerant import size_text

log = logging.getLogger(__name__)

#: Event logs parsed per investigation (the failing app, plus a retry or a sibling at most).
MAX_EVENT_LOGS = 3
#: Decompressed bytes read per event log; a bigger log is summarised from its first part, with a note.
#: Also the bound on the time a decompression bomb can cost (memory is bounded by the codecs).
MAX_EVENT_LOG_BYTES = 2 << 30
#: Log lines scanned for application ids and ``spark.eventLog.dir`` (when no scanner signal has them).
MAX_LOG_LINES_FOR_IDS = 200_000
#: Stages listed in the evidence text and kept in the facts (the most telling first).
MAX_STAGES_SHOWN = 25
#: Inputs listed in the evidence text (the largest first; the volume history compares them all).
INPUTS_SHOWN = 10
#: Top stages (by skew ratio) reported as ``spark.stage_skew`` signals for the rules to grade.
SKEW_SIGNALS = 3
#: Stages (by GC time, by disk spill) reported as ``spark.gc_pressure`` / ``spark.spill`` signals.
TOP_STAGES = 2
#: A stage needs this many measured tasks before max/median means anything (median of 2 is a mean).
#: The one copy: the skew rules' ``min_tasks`` defaults to it and may only raise it.
MIN_TASKS_FOR_SKEW = 3
OOM_CLASS = "java.lang.OutOfMemoryError"

EVENT_LOG_DIR_RE = re.compile(r"spark\.eventLog\.dir[= ]+(?P<dir>[^\s'\"]+)")


class SparkAdapter(Adapter):
    """Apache Spark jobs: spark-submit, Spark SQL/JDBC operators, ``@task.pyspark``, PySpark scripts."""

    name = "spark"
    pipeline_type = PipelineType.SPARK
    operator_classnames = frozenset(
        {
            "SparkSubmitOperator",
            "SparkSqlOperator",
            "SparkJDBCOperator",
            "_PySparkDecoratedOperator",
            "PySparkOperator",
            "SparkKubernetesOperator",
        }
    )
    command_markers = ("spark-submit", "pyspark", "spark-sql", "spark-shell")
    #: Words only Spark (or the platform running it) prints: an excerpt of a failure often has no
    #: SparkContext line, only the stage failure, the executor loss or the Py4J wrapper.
    content_markers = (
        "SparkContext",
        "org.apache.spark",
        "pyspark.errors",
        "pyspark.sql.utils",
        "SparkSession",
        "/pyspark/",
        "Py4JJavaError",
        "Job aborted due to stage failure",
        "ExecutorLostFailure",
        "TaskSetManager",
        # An executor's own log (YARN's container logs, a Kubernetes executor pod's output).
        "CoarseGrainedExecutorBackend",
        "SparkUncaughtExceptionHandler",
        "Executor task launch worker",
        # Spark's scheduler on YARN and its record of an executor's container gone.
        "YarnScheduler",
        "Lost executor ",
        "spark.executor.",
        "spark.driver.",
        "spark.yarn.",
        "io.delta.",
        "Driver received SIGTERM/SIGKILL",
        # SparkFiles: where spark-submit --py-files / addFile put the job's own code on each node.
        "/userFiles-",
    )
    patterns = PATTERNS
    briefing = (
        "Spark: judge memory failures by the measured task distribution in facts.spark, not by the "
        "OutOfMemoryError line alone. If the task that died read far more than the stage median "
        "(spark.stage_skew ratio >= 10, e.g. 8.5 GB vs 200 MB) the cause is data skew — one hot key "
        "through a shuffle/join — and more executor memory will fail again; the fix is salting, AQE "
        "skew join (spark.sql.adaptive.skewJoin.*), broadcasting the small side or isolating the hot "
        "key. An OOM with an even distribution is a memory/partitioning configuration problem. In "
        "local mode driver and executor share one JVM, so 'driver' OOM lines can be collateral. "
        "AnalysisException UNRESOLVED_COLUMN after an upstream schema change is schema drift (data); "
        "PythonException from the Python worker is a UDF bug (code); maxResultSize / broadcast "
        "timeouts are configuration; FetchFailed / ExecutorLost without OOM is infrastructure."
    )

    def claims_artifact(self, path: Path) -> bool:
        """Event-log files and ``eventlog_v2_*`` folders (by name; contents are read later)."""
        return is_event_log_path(path)

    def collect(self, request: CollectionRequest, bundle: EvidenceBundle) -> None:
        """Find, parse and measure event logs into ``bundle``; never raises."""
        try:
            _Collection(request, bundle).run()
        except Exception as exc:  # the contract: one broken artifact never stops an investigation
            log.warning("spark collection failed for %s: %s", request.context.key.task_id, exc, exc_info=True)
            _collection_error(bundle, "spark", "spark adapter", f"{type(exc).__name__}: {exc}")

    def diagnostic_commands(self, bundle: EvidenceBundle) -> list[str]:
        """Read-only checks for this app: History Server REST calls, a hot-key query, the input schema.

        Nothing here re-runs the job: the AQE re-run is a fix, flagged as one by the rules. The History
        Server comes from ``spark_history_server_url``; unset, it stays a placeholder to fill in.
        """
        facts = bundle.facts.get("spark") or {}
        app_id = str((facts.get("app") or {}).get("id") or "<appId>")
        commands: list[str] = []
        stage = facts.get("worst_stage") or {}
        if stage:
            server = conf.spark_history_server_url() or "<spark_history_server_url>"
            base = f"{server}/api/v1/applications/{app_id}"
            sid, attempt = stage.get("stage_id"), stage.get("attempt", 0)
            commands.append(f'curl -s "{base}/stages/{sid}/{attempt}/taskSummary?quantiles=0.5,0.95,1.0"')
            commands.append(f'curl -s "{base}/stages/{sid}/{attempt}/taskList?sortBy=-runtime&length=10"')
        keys = [k for join in facts.get("join_keys") or [] for k in join.get("left", [])]
        key = keys[0] if keys else "<join_key>"
        if bundle.has_signal(S.STAGE_SKEW, *S.OOM_CODES):
            commands.append(
                f'python -c "from pyspark.sql import SparkSession, functions as F; '
                f"spark = SparkSession.builder.getOrCreate(); "
                f"spark.table('<fact_table>').groupBy('{key}').count()"
                f".orderBy(F.desc('count')).show(20)\""
            )
        if bundle.has_signal(S.UNRESOLVED_COLUMN, S.ANALYSIS_ERROR, S.PATH_NOT_FOUND, S.TABLE_NOT_FOUND):
            path = next((s.attributes.get("path") for s in bundle.signals_with(S.PATH_NOT_FOUND)), None)
            source = f"spark.read.parquet('{path}')" if path else "spark.read.parquet('<input_path>')"
            commands.append(
                f'python -c "from pyspark.sql import SparkSession; '
                f'spark = SparkSession.builder.getOrCreate(); {source}.printSchema()"'
            )
        return list(dict.fromkeys(commands))


def application_file(command: str) -> str:
    """The application file of a spark-submit command line (``.py``/``.jar``), if any."""
    try:
        args = shlex.split(command)
    except ValueError:
        return ""
    return next((a for a in args if a.endswith((".py", ".jar"))), "")


def _collection_error(bundle: EvidenceBundle, name: str, source: str, message: str) -> None:
    bundle.add_evidence(
        Evidence(
            id="",
            kind=EvidenceKind.COLLECTION_ERROR,
            name=name,
            source=source,
            content=f"Spark evidence could not be collected: {message}",
        )
    )


class _Collection:
    """One run of :meth:`SparkAdapter.collect` (an object so each step stays small)."""

    def __init__(self, request: CollectionRequest, bundle: EvidenceBundle) -> None:
        self.request = request
        self.bundle = bundle
        self.searched: list[str] = []
        self.roots: list[Path] = []

    def run(self) -> None:
        announced, mentioned, log_dirs = self.ids_from_logs()
        found = self.locate(announced, log_dirs)
        self.refuse_mentioned(mentioned, found)
        summaries: list[tuple[EventLogSummary, str]] = []
        for path, expected_id in found:
            if len(summaries) >= MAX_EVENT_LOGS:
                break
            summary = self.parse(path, expected_id)
            if summary is not None:
                summaries.append(summary)
        facts: JSONDict = {"app_ids_in_logs": announced, "event_logs_searched": self.searched[:20]}
        if summaries:
            primary, evidence_id = _primary(summaries, announced)
            facts.update(_facts(primary))
            facts["event_logs"] = [
                {"path": s.path, "app_id": s.app.get("id", ""), "evidence_id": eid} for s, eid in summaries
            ]
            self.emit(primary, evidence_id, facts)
        elif announced or self.request.artifact_paths:
            facts["event_log_missing"] = (
                "no event log of this try found for "
                + (", ".join(announced) if announced else "the given artifacts")
                + " (enable spark.eventLog.enabled and allow-list spark.eventLog.dir)"
            )
        self.bundle.facts["spark"] = facts

    def given(self, path: Path) -> bool:
        """Whether ``path`` was named by a user (``analyze`` arguments, an upload): read as given."""
        scope = self.request.scope
        return scope is None or scope.is_chosen(path)

    # -- locating --------------------------------------------------------------------------------

    def ids_from_logs(self) -> tuple[list[str], list[str], list[str]]:
        """Ids this try announced (:mod:`.ownership`), ids only mentioned, and ``spark.eventLog.dir`` values.

        The rendered command is the DAG author's text, so it only names folders; the captured
        error is the try's own exception (the YARN client's ``Application … finished with failed
        status``) and is read for announcements like the log.
        """
        scope = self.request.scope
        announced: list[str] = list(scope.app_ids) if scope is not None else []
        mentioned: list[str] = []
        context = self.request.context
        dirs = [m.group("dir") for m in EVENT_LOG_DIR_RE.finditer(context.command or "")]
        for line in itertools.chain([context.error_message or ""], self.log_lines()):
            if "spark.eventLog.dir" in line:
                dirs.extend(m.group("dir") for m in EVENT_LOG_DIR_RE.finditer(line))
            if "app" in line or "local-" in line:
                announced.extend(i for i in announced_app_ids([line]) if i not in announced)
                mentioned.extend(i for i in APP_ID_RE.findall(line) if i not in mentioned)
        announced = announced[-MAX_EVENT_LOGS * 3 :]
        return announced, [i for i in mentioned if i not in announced], list(dict.fromkeys(dirs))

    def log_lines(self) -> Iterator[str]:
        """Lines of every log source, bounded, read through the allow-listed reader."""
        count = 0
        for source in self.request.logs:
            for line in _source_lines(self.request, source):
                count += 1
                if count > MAX_LOG_LINES_FOR_IDS:
                    return
                yield line

    def locate(self, app_ids: list[str], log_dirs: list[str]) -> list[tuple[Path, str]]:
        """Event logs to parse, each with the application id it must start (``""``: read as given).

        A folder a user named is listed; a folder the task named (the capture's or the command's
        ``spark.eventLog.dir``) is shared by every job writing there, so only the ids this try
        announced are looked up in it, like in the allow-listed roots.
        """
        found: list[tuple[Path, str]] = []
        roots = [Path(d.removeprefix("file:")) for d in log_dirs]
        for artifact in self.request.artifact_paths:
            if self.given(artifact):
                found.extend((p, "") for p in self.expand(artifact) if all(p != f for f, _ in found))
            elif is_event_log_path(artifact):
                self.searched.append(str(artifact))
                match = APP_ID_RE.search(artifact.name)
                found.append((artifact, match.group(1) if match else artifact.name))
            else:
                roots.append(artifact)
        roots.extend(self.request.files.roots_for(EVENT_LOG_SCOPE))
        self.roots = list(dict.fromkeys(roots))
        for app_id in reversed(app_ids):  # the last id announced is the app that failed
            if any(app_id in p.name for p, _ in found):
                continue
            for candidate in self.candidates(app_id, record=True):
                if all(candidate != f for f, _ in found):
                    found.append((candidate, app_id))
        return found

    def candidates(self, app_id: str, *, record: bool = False) -> list[Path]:
        """Existing event logs of ``app_id`` under the roots (``record``: note where it looked)."""
        hits: list[Path] = []
        for root in self.roots:
            for candidate in event_log_candidates(root, app_id):
                if record:
                    self.searched.append(str(candidate))
                if _exists(self.request, candidate):
                    hits.append(candidate)
        return hits

    def refuse_mentioned(self, mentioned: list[str], found: list[tuple[Path, str]]) -> None:
        """Refuse, with a gap that says why, the event logs of ids the log only names."""
        for app_id in mentioned:
            if any(app_id in p.name for p, _ in found):
                continue
            for candidate in self.candidates(app_id)[:1]:
                refuse(
                    self.bundle,
                    candidate.name,
                    str(candidate),
                    f"{app_id} is named in the task log, but no line shows this try started it (Spark, "
                    "YARN and Airflow's Spark hook announce the applications they start); its event log "
                    "was not read",
                )

    def expand(self, artifact: Path) -> list[Path]:
        """An artifact that is an event log, or the event logs directly inside a folder."""
        self.searched.append(str(artifact))
        if is_event_log_path(artifact):
            return [artifact]
        try:
            entries = _list_dir(self.request, artifact) if artifact.is_dir() else []
        except OSError:
            return []
        return sorted(
            (p for p in entries if is_event_log_path(p) and not p.name.startswith(("events_", "appstatus_"))),
            key=lambda p: p.name,
        )[-MAX_EVENT_LOGS:]

    # -- parsing -----------------------------------------------------------------------------------

    def parse(self, path: Path, expected_id: str = "") -> tuple[EventLogSummary, str] | None:
        """Parse one event log into evidence; unreadable ones become collection errors.

        A log found for ``expected_id`` becomes evidence only when its own start event agrees
        (:func:`.ownership.event_log_refusal`); otherwise it is refused with the reason.
        """
        try:
            summary = parse_event_log(
                path, opener=lambda p: _open(self.request, p), max_bytes=MAX_EVENT_LOG_BYTES
            )
        except (OSError, PermissionError, ValueError) as exc:
            _collection_error(self.bundle, path.name, str(path), f"event log {path} could not be read: {exc}")
            return None
        if not summary.usable:
            _collection_error(self.bundle, path.name, str(path), "; ".join(summary.notes) or "no events")
            return None
        if expected_id:
            reason = event_log_refusal(summary.app, expected_id, self.request.scope)
            if reason:
                refuse(self.bundle, path.name, str(path), reason)
                return None
        evidence = self.bundle.add_evidence(
            Evidence(
                id="",
                kind=EvidenceKind.SPARK_EVENT_LOG,
                name=path.name,
                source=str(path),
                content=_redact(render(summary)),
                size_bytes=summary.compressed_bytes,
                truncated=bool(summary.stages_dropped) or any("stopped after" in n for n in summary.notes),
                summary={
                    "app_id": summary.app.get("id", ""),
                    "events": summary.events,
                    "stages": len(summary.stages),
                    "in_progress": summary.in_progress,
                    "notes": summary.notes[:5],
                },
            )
        )
        return summary, evidence.id

    # -- signals -----------------------------------------------------------------------------------

    def emit(self, summary: EventLogSummary, evidence_id: str, facts: JSONDict) -> None:
        """Measured signals from the primary event log (the rules grade them)."""
        add = self.bundle.signals.append
        app = summary.app
        add(
            Signal(
                S.EVENT_LOG,
                f"Event log of {app.get('id', '?')} ({app.get('name', '')}): "
                f"{len(summary.stages)} stage attempts, {summary.events} events"
                f"{' (incomplete)' if summary.in_progress else ''}",
                evidence_id,
                attributes={
                    "app_id": app.get("id", ""),
                    "in_progress": summary.in_progress,
                    "complete": "end_ms" in app,
                    "notes": summary.notes[:5],
                    "master": summary.config.get("spark.master", ""),
                },
            )
        )
        ranked = sorted(
            (s for s in summary.stages if s["shuffle_read_bytes"]["count"] >= MIN_TASKS_FOR_SKEW),
            key=stage_ratio,
            reverse=True,
        )
        for stage in ranked[:SKEW_SIGNALS]:
            add(_skew_signal(stage, evidence_id))
        stages = summary.stages
        for stage in sorted(stages, key=lambda s: s["gc_time_ms"], reverse=True)[:TOP_STAGES]:
            if stage["gc_time_ms"] > 0:
                add(_gc_signal(stage, evidence_id))
        for stage in sorted(stages, key=lambda s: s["disk_spilled_bytes"], reverse=True)[:TOP_STAGES]:
            if stage["disk_spilled_bytes"] > 0 or stage["memory_spilled_bytes"] > 0:
                add(_spill_signal(stage, evidence_id))
        for stage in stages:
            add_failure_signals(stage, evidence_id, add)
        for job in summary.jobs["failed"][:3]:
            add(
                Signal(
                    S.JOB_FAILED,
                    f"Job {job['job_id']} failed: {(job['message'] or '').partition(chr(10))[0][:300]}",
                    evidence_id,
                    attributes=dict(job),
                )
            )
        removals = [r for r in summary.executors["removals"] if r["reason"]]
        if removals:
            add(
                Signal(
                    S.EXECUTOR_REMOVED,
                    f"{len(removals)} executor(s) removed: {removals[0]['reason'][:200]}",
                    evidence_id,
                    attributes={"count": len(removals), "removals": removals[:5]},
                )
            )
        facts["evidence_id"] = evidence_id


def _base(stage: JSONDict) -> JSONDict:
    return {"stage_id": stage["stage_id"], "attempt": stage["attempt"], "stage_name": stage["name"]}


def _gc_signal(stage: JSONDict, evidence_id: str) -> Signal:
    return Signal(
        S.GC_PRESSURE,
        f"Stage {stage['stage_id']}.{stage['attempt']}: GC took {stage['gc_fraction']:.0%} of "
        f"{stage['executor_run_time_ms'] / 1000:.1f}s executor run time",
        evidence_id,
        attributes={
            **_base(stage),
            "gc_fraction": stage["gc_fraction"],
            "gc_time_ms": stage["gc_time_ms"],
            "executor_run_time_ms": stage["executor_run_time_ms"],
        },
    )


def _spill_signal(stage: JSONDict, evidence_id: str) -> Signal:
    return Signal(
        S.SPILL,
        f"Stage {stage['stage_id']}.{stage['attempt']}: spilled {human_bytes(stage['disk_spilled_bytes'])} "
        f"to disk ({stage['spill_fraction']:.0%} of the stage's {human_bytes(stage['stage_bytes'])})",
        evidence_id,
        attributes={
            **_base(stage),
            "disk_spilled_bytes": stage["disk_spilled_bytes"],
            "memory_spilled_bytes": stage["memory_spilled_bytes"],
            "stage_bytes": stage["stage_bytes"],
            "spill_fraction": stage["spill_fraction"],
        },
    )


def add_failure_signals(stage: JSONDict, evidence_id: str, add: Any) -> None:
    """Failure-rate, OOM, fetch-failure and executor-loss signals of one stage attempt."""
    sid = f"{stage['stage_id']}.{stage['attempt']}"
    base = _base(stage)
    tasks = stage["tasks"]
    if tasks["failed"]:
        add(
            Signal(
                S.TASK_FAILURES,
                f"Stage {sid}: {tasks['failed']} of {tasks['ended']} task attempts failed "
                f"({', '.join(f'{k} x{v}' for k, v in stage['end_reasons'].items())})",
                evidence_id,
                attributes={
                    **base,
                    "failed": tasks["failed"],
                    "ended": tasks["ended"],
                    "failure_rate": stage["task_failure_rate"],
                    "end_reasons": stage["end_reasons"],
                    "stage_status": stage["status"],
                },
            )
        )
    max_task = stage["skew"]["max_shuffle_read_task"] or {}
    for task in stage["failed_tasks"]:
        reason = task.get("reason", "")
        if task.get("exception_class") == OOM_CLASS:
            is_max = task.get("task_id") == max_task.get("task_id")
            add(
                Signal(
                    S.TASK_OOM,
                    f"Stage {sid} task {task['index']} (TID {task['task_id']}) died with OutOfMemoryError "
                    f"after reading {human_bytes(task['shuffle_read_bytes'])} of shuffle data"
                    f"{' — the largest partition of the stage' if is_max else ''}",
                    evidence_id,
                    attributes={
                        **base,
                        **{
                            k: task.get(k) for k in ("task_id", "index", "attempt", "executor", "description")
                        },
                        "shuffle_read_bytes": task["shuffle_read_bytes"],
                        "is_largest_task": is_max,
                        "gc_time_ms": task.get("gc_time_ms", 0),
                        "run_time_ms": task.get("run_time_ms", 0),
                    },
                )
            )
        elif reason == "FetchFailed":
            add(
                Signal(
                    S.FETCH_FAILED,
                    f"Stage {sid} task {task['index']}: shuffle fetch failed from "
                    f"{task.get('block_manager', '?')}",
                    evidence_id,
                    attributes={**base, **task},
                )
            )
        elif reason == "ExecutorLostFailure":
            add(
                Signal(
                    S.EXECUTOR_LOST,
                    f"Stage {sid} task {task['index']}: executor {task.get('executor', '?')} lost "
                    f"({task.get('loss_reason', '')[:200]})",
                    evidence_id,
                    attributes={**base, **task},
                )
            )


def stage_ratio(stage: JSONDict) -> float:
    """Max/median of shuffle read or input, or the implied share of a task that never ended."""
    skew = stage["skew"]
    return float(
        max(skew["shuffle_read_ratio"], skew["input_ratio"], skew.get("unfinished_implied_ratio", 0.0))
    )


def _implied_skew_signal(stage: JSONDict, evidence_id: str) -> Signal:
    """The stage's heaviest task died before Spark logged its metrics: its share is inferred."""
    reads, skew = stage["shuffle_read_bytes"], stage["skew"]
    task = stage["unfinished_tasks"][0] if stage["unfinished_tasks"] else {}
    implied = float(skew["unfinished_implied_read_bytes"])
    written = float(skew["parents_shuffle_write_bytes"])
    sid = f"{stage['stage_id']}.{stage['attempt']}"
    unfinished = stage["tasks"]["unfinished"]
    return Signal(
        S.STAGE_SKEW,
        f"Stage {sid}: the task that never finished (TID {task.get('task_id', '?')}) held about "
        f"{human_bytes(implied)} of shuffle data vs {human_bytes(reads['median'])} median "
        f"({skew['unfinished_implied_ratio']:g}x): the parent stages wrote {human_bytes(written)}, the "
        f"{reads['count']} finished tasks read {human_bytes(reads['total'])}"
        + (f", the rest is spread over {unfinished} unfinished tasks" if unfinished > 1 else ""),
        evidence_id,
        attributes={
            "stage_id": stage["stage_id"],
            "attempt": stage["attempt"],
            "stage_name": stage["name"],
            "metric": "shuffle read (implied)",
            "ratio": skew["unfinished_implied_ratio"],
            "max_bytes": implied,
            "median_bytes": reads["median"],
            "p95_bytes": reads["p95"],
            "tasks": reads["count"] + unfinished,
            "exact": False,
            "estimated": True,
            "max_task_share": round(implied / written, 4) if written else 0.0,
            "max_task": {**task, "status": "unfinished"},
            "max_task_failed": stage["status"] != "succeeded",
            "duration_ratio": skew["duration_ratio"],
            "records_ratio": skew["shuffle_read_records_ratio"],
            "stage_duration_ms": stage["duration_ms"],
            "stage_status": stage["status"],
        },
    )


def _skew_signal(stage: JSONDict, evidence_id: str) -> Signal:
    reads, skew = stage["shuffle_read_bytes"], stage["skew"]
    if skew.get("unfinished_implied_ratio", 0.0) > max(skew["shuffle_read_ratio"], skew["input_ratio"]):
        return _implied_skew_signal(stage, evidence_id)
    use_input = skew["input_ratio"] > skew["shuffle_read_ratio"]
    dist = stage["input_bytes"] if use_input else reads
    ratio = skew["input_ratio"] if use_input else skew["shuffle_read_ratio"]
    metric = "input" if use_input else "shuffle read"
    max_task = skew["max_shuffle_read_task"] or {}
    sid = f"{stage['stage_id']}.{stage['attempt']}"
    return Signal(
        S.STAGE_SKEW,
        f"Stage {sid}: largest task {metric} {human_bytes(dist['max'])} vs {human_bytes(dist['median'])} "
        f"median ({ratio:g}x) over {dist['count']} tasks",
        evidence_id,
        attributes={
            "stage_id": stage["stage_id"],
            "attempt": stage["attempt"],
            "stage_name": stage["name"],
            "metric": metric,
            "ratio": ratio,
            "max_bytes": dist["max"],
            "median_bytes": dist["median"],
            "p95_bytes": dist["p95"],
            "tasks": dist["count"],
            "exact": dist["exact"],
            "max_task_share": skew["max_task_share_of_shuffle_read"],
            "max_task": max_task,
            "max_task_failed": max_task.get("status") == "failed",
            "duration_ratio": skew["duration_ratio"],
            "records_ratio": skew["shuffle_read_records_ratio"],
            "stage_duration_ms": stage["duration_ms"],
            "stage_status": stage["status"],
        },
    )


def _primary(summaries: list[tuple[EventLogSummary, str]], app_ids: list[str]) -> tuple[EventLogSummary, str]:
    """The log of the last app id printed, else one with a failed job, else the first."""
    for app_id in reversed(app_ids):
        for summary, eid in summaries:
            if summary.app.get("id") == app_id:
                return summary, eid
    failed = [(s, e) for s, e in summaries if s.jobs["failed"]]
    return (failed or summaries)[0]


def _interest(stage: JSONDict) -> float:
    """Failed stages first, then by how lopsided and how long."""
    failed = 1e12 if stage["status"] == "failed" else 0.0
    return failed + stage_ratio(stage) * 1e6 + float(stage["duration_ms"])


def _facts(summary: EventLogSummary) -> JSONDict:
    data = summary.to_json()
    stages = sorted(data["stages"], key=_interest, reverse=True)
    worst = stages[0] if stages else None
    data["stages"] = stages[:MAX_STAGES_SHOWN]
    data["stages_omitted"] = max(0, len(stages) - MAX_STAGES_SHOWN)
    if worst is not None:
        data["worst_stage"] = {
            "stage_id": worst["stage_id"],
            "attempt": worst["attempt"],
            "status": worst["status"],
            "shuffle_read_ratio": worst["skew"]["shuffle_read_ratio"],
            "skew_ratio": stage_ratio(worst),
        }
    return data


def human_bytes(value: float) -> str:
    """``8.5 GB`` style (decimal units, as Spark's UI prints sizes)."""
    return size_text(value)


def render(summary: EventLogSummary) -> str:
    """A compact text view of the event log: app, key config, stage table, failures, notes."""
    app = summary.app
    out = [
        f"Spark application {app.get('id', '?')} '{app.get('name', '')}' "
        f"(Spark {app.get('spark_version', '?')}), "
        f"event log {summary.path} [{summary.codec or 'none'}]{' INCOMPLETE' if summary.in_progress else ''}",
        "config: " + ", ".join(f"{k}={v}" for k, v in sorted(summary.config.items())),
        "settings the job made: "
        + (", ".join(f"{k}={v}" for k, v in sorted(summary.settings.items())) or "none"),
        f"jobs: {summary.jobs['total']} ({len(summary.jobs['failed'])} failed); executors added "
        f"{summary.executors['added']}, removed {summary.executors['removed']}",
        "stage.attempt status tasks(ok/failed/killed/unfinished) duration | shuffle read max / median / p95 "
        "(ratio) | task time ratio | GC% | disk spill",
    ]
    for stage in sorted(summary.stages, key=_interest, reverse=True)[:MAX_STAGES_SHOWN]:
        reads, tasks = stage["shuffle_read_bytes"], stage["tasks"]
        out.append(
            f"{stage['stage_id']}.{stage['attempt']} {stage['status']} "
            f"{tasks['succeeded']}/{tasks['failed']}/{tasks['killed']}/{tasks['unfinished']} "
            f"{stage['duration_ms'] / 1000:.1f}s | "
            f"{human_bytes(reads['max'])} / {human_bytes(reads['median'])} / "
            f"{human_bytes(reads['p95'])} ({stage['skew']['shuffle_read_ratio']:g}x) | "
            f"{stage['skew']['duration_ratio']:g}x | {stage['gc_fraction']:.0%} | "
            f"{human_bytes(stage['disk_spilled_bytes'])}  {stage['name'][:60]}"
        )
        if "unfinished_implied_read_bytes" in stage["skew"]:
            out.append(
                f"    {tasks['unfinished']} task(s) never finished; parent stages wrote "
                f"{human_bytes(stage['skew']['parents_shuffle_write_bytes'])}, so each held about "
                f"{human_bytes(stage['skew']['unfinished_implied_read_bytes'])} "
                f"({stage['skew']['unfinished_implied_ratio']:g}x the median) — estimated"
            )
        out.extend(
            f"    failed TID {t['task_id']} (index {t['index']}, executor {t['executor']}): {t['reason']} "
            f"{t.get('exception_class', '')} {str(t.get('description') or t.get('loss_reason') or '')[:200]}"
            f" — shuffle read {human_bytes(t['shuffle_read_bytes'])}"
            for t in stage["failed_tasks"][:3]
        )
    for entry in summary.inputs[:INPUTS_SHOWN]:
        stages = ", ".join(str(s) for s in entry["stages"][:10])
        partial = " — at least: no stage reading it finished" if entry["partial"] else ""
        out.append(
            f"input {entry['name']}: {human_bytes(entry['bytes'])}, {entry['records']:,} records "
            f"(largest read, stage {stages}){partial}"
        )
    for job in summary.jobs["failed"][:3]:
        out.append(f"job {job['job_id']} failed: {job['message'][:500]}")
    for removal in summary.executors["removals"][:5]:
        out.append(f"executor {removal['executor']} removed: {removal['reason'][:300]}")
    out.extend(f"note: {n}" for n in summary.notes)
    return "\n".join(out)


# --------------------------------------------------------------------------- file access and redaction


#: Scopes of the allow-listed reader: event logs are read in the Spark adapter's; logs in either.
EVENT_LOG_SCOPE = "spark"
LOG_SCOPES = ("logs", EVENT_LOG_SCOPE)


def event_log_candidates(root: Path, app_id: str) -> list[Path]:
    """Where the event log of ``app_id`` may be under ``root``: rolling folder, file, codec suffixes."""
    names = [f"eventlog_v2_{app_id}", app_id, f"{app_id}.inprogress"]
    names += [f"{app_id}.{codec}" for codec in ("zstd", "lz4", "snappy")]
    names += [f"{app_id}.{codec}.inprogress" for codec in ("zstd", "lz4", "snappy")]
    names += [f"{app_id}_1", f"{app_id}_1.inprogress"]  # YARN cluster mode: <appId>_<attemptId>
    return [root / n for n in names]


def _exists(request: CollectionRequest, path: Path) -> bool:
    try:
        return request.files.exists(path, EVENT_LOG_SCOPE)
    except (OSError, ValueError):
        return False


def _list_dir(request: CollectionRequest, path: Path) -> list[Path]:
    return request.files.list_dir(path, EVENT_LOG_SCOPE)


def _open(request: CollectionRequest, path: Path) -> BinaryIO:
    return request.files.open_binary(path, EVENT_LOG_SCOPE)


def _source_lines(request: CollectionRequest, source: LogSource) -> Iterator[str]:
    if source.text is not None:
        yield from source.text.splitlines()
        return
    if source.path is None:
        return
    files = request.files
    try:
        yield from files.iter_lines(source.path, files.scope_of(source.path, LOG_SCOPES))
    except (OSError, ValueError):
        return


def _redact(text: str) -> str:
    """Mask secrets (failure messages can carry URLs with credentials)."""
    return str(redact(text))
