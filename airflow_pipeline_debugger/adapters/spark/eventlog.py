"""Streaming parser of Spark event logs into per-stage task distributions and application facts.

An event log is one JSON object per line (``JsonProtocol``). Spark 4 writes rolling logs by default:
a folder ``eventlog_v2_<appId>/`` holding ``events_<n>_<appId>[.<codec>]`` parts (zstd by default)
and an ``appstatus_<appId>[.inprogress]`` marker; older or non-rolling logs are one file
``<appId>[.<codec>][.inprogress]``. A crashed driver leaves ``.inprogress`` names, an unfinished
compressed frame and often half a JSON line at the end — all of which are reported as notes.

Memory does not grow with the log: lines are decoded one at a time, events the analysis does not
need are recognised from their ``{"Event":"…"`` prefix and skipped without JSON decoding, and each
stage attempt keeps its task metrics in bounded :class:`Distribution` objects that are reduced to a
few numbers shortly after the stage completes (see :data:`FINALIZE_LAG`). The result is plain data
(:meth:`EventLogSummary.to_json`) for ``bundle.facts["spark"]`` and for the rules.

What each stage read is named from the SQL plans: a scan node (``Scan csv``, ``Scan parquet
db.orders``, ``BatchScan``, ``Scan hive``, ``Scan JDBCRelation(…)``) lists the accumulator ids of
its metrics, and the ``StageCompleted`` of the stage that ran the scan lists those ids among its
accumulables. The stage's input bytes and records (its tasks' ``Input Metrics``) are then the
input's (the largest read of it), keyed by the table or the location with partition values masked
(``dt=*``), so the same input compares with itself across runs while stage ids shift
(:attr:`EventLogSummary.inputs`).
"""

from __future__ import annotations

import re
from collections import Counter, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from airflow_pipeline_debugger.adapters.spark.codecs import DecodeState, codec_of, decompress
from airflow_pipeline_debugger.adapters.spark.distribution import DEFAULT_CAPACITY, Distribution
from airflow_pipeline_debugger.evidence.redact import redact
from airflow_pipeline_debugger.tolerant import json_object

JSON = dict[str, Any]
Opener = Callable[[Path], BinaryIO]

#: Longest single line kept; a longer one (a giant SQL plan, or a decompression bomb's endless line)
#: is skipped as a corrupt line and never held whole in memory.
MAX_LINE_BYTES = 32 << 20
#: Longest event decoded as JSON: the handled events are a few KiB (the environment at most some
#: hundred), and decoding a line costs several times its size in objects.
MAX_DECODED_LINE_BYTES = 4 << 20
#: A completed stage keeps its raw samples until this many later stages complete, so the task-end
#: events Spark posts after ``StageCompleted`` (killed speculative copies, tasks of a failed stage)
#: still land in the distributions; then it is reduced to its summary.
FINALIZE_LAG = 32
#: Stage attempts kept in the summary; beyond it the least interesting successful ones are dropped.
MAX_STAGES = 2000
MAX_LISTED = 10
#: Succeeded tasks a stage needs before the share of its unfinished tasks is compared with them.
MIN_SUCCEEDED_FOR_IMPLIED = 3
MAX_TEXT = 2000
#: Configuration keys copied into the facts. An allow-list, so secrets in Spark properties never leave.
CONFIG_KEYS = (
    "spark.master",
    "spark.submit.deployMode",
    "spark.app.name",
    "spark.driver.memory",
    "spark.driver.memoryOverhead",
    "spark.driver.maxResultSize",
    "spark.driver.cores",
    "spark.executor.memory",
    "spark.executor.memoryOverhead",
    "spark.executor.cores",
    "spark.executor.instances",
    "spark.executor.pyspark.memory",
    "spark.memory.fraction",
    "spark.memory.offHeap.enabled",
    "spark.memory.offHeap.size",
    "spark.dynamicAllocation.enabled",
    "spark.dynamicAllocation.maxExecutors",
    "spark.task.maxFailures",
    "spark.serializer",
    "spark.default.parallelism",
    "spark.sql.shuffle.partitions",
    "spark.sql.adaptive.enabled",
    "spark.sql.adaptive.coalescePartitions.enabled",
    "spark.sql.adaptive.skewJoin.enabled",
    "spark.sql.adaptive.skewJoin.skewedPartitionFactor",
    "spark.sql.adaptive.skewJoin.skewedPartitionThresholdInBytes",
    "spark.sql.adaptive.advisoryPartitionSizeInBytes",
    "spark.sql.autoBroadcastJoinThreshold",
    "spark.sql.broadcastTimeout",
    "spark.eventLog.compression.codec",
    "spark.eventLog.rolling.enabled",
)
#: Properties Spark's launcher and PySpark set for every application: not the job's own settings.
_LAUNCHER_PREFIXES = (
    *("spark.app.", "spark.eventLog.", "spark.submit.", "spark.ui.", "spark.repl.", "spark.driver.host"),
    *("spark.driver.port", "spark.driver.extraJavaOptions", "spark.executor.extraJavaOptions"),
    *("spark.executor.id", "spark.master", "spark.scheduler.mode", "spark.serializer.objectStreamReset"),
    *("spark.sql.artifact.isolation.enabled", "spark.sql.warehouse.dir", "spark.jars", "spark.files"),
    *("spark.sql.catalogImplementation", "spark.rdd.compress", "spark.driver.bindAddress"),
)
#: A property whose name says it holds a secret: never kept, whatever Spark's own redaction did.
_SECRET_KEY_RE = re.compile(
    r"(?i)secret|pass(?:wd|word|phrase)?(?![a-z])|pgpass|token|credential|[._-]key\b|access[._-]?key|apikey|"
    r"private[._-]?key|auth|\bpat\b|\.sas\.|signature|cert|jaas"
)
#: Sections whose values are environment variables or keys of a store (where secrets are usually put):
#: never kept, whatever the key is called.
_SECRET_SECTIONS = (
    *(
        "spark.executorEnv.",
        "spark.kubernetes.driverEnv.",
        "spark.yarn.appMasterEnv.",
        "spark.hadoop.fs.azure.",
    ),
    *("spark.kubernetes.driver.secrets.", "spark.kubernetes.executor.secrets.", "spark.ssl."),
)
#: The job's own settings kept per application, and the characters of each value.
MAX_SETTINGS = 100
MAX_SETTING_CHARS = 200
_EVENT_PREFIX = b'{"Event":"'
_HANDLED = frozenset(
    {
        "SparkListenerLogStart",
        "SparkListenerApplicationStart",
        "SparkListenerApplicationEnd",
        "SparkListenerEnvironmentUpdate",
        "SparkListenerExecutorAdded",
        "SparkListenerExecutorRemoved",
        "SparkListenerExecutorExcluded",
        "SparkListenerExecutorBlacklisted",
        "SparkListenerJobStart",
        "SparkListenerJobEnd",
        "SparkListenerStageSubmitted",
        "SparkListenerStageCompleted",
        "SparkListenerTaskStart",
        "SparkListenerTaskEnd",
        "org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionEnd",
    }
)
_SQL_START = "org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart"
#: Query-plan events scanned (without JSON decoding) for the keys of shuffle joins: the hot-key query
#: in the remediation needs the join column.
_PLAN_EVENTS = frozenset(
    {
        _SQL_START,
        "org.apache.spark.sql.execution.ui.SparkListenerSQLAdaptiveExecutionUpdate",
    }
)
_JOIN_RE = re.compile(
    rb"(?P<type>SortMergeJoin|ShuffledHashJoin|BroadcastHashJoin|BroadcastNestedLoopJoin) "
    rb"\[(?P<left>[^\]]{1,300})\], \[(?P<right>[^\]]{1,300})\], (?P<how>\w+)"
)
_ATTR_ID_RE = re.compile(r"#\d+L?$")
#: Scan nodes of a SQL plan that read an external input (in-memory relations are not inputs).
_SCAN_NODE_RE = re.compile(r"^(?:Scan|BatchScan|HiveTableScan)\b")
_IN_MEMORY_SCANS = (
    "Scan ExistingRDD",
    "Scan OneRowRelation",
    "Scan RDD",
    "LocalTableScan",
    "Scan LocalRelation",
)
#: ``InMemoryFileIndex(1 paths)[file:/data/orders]`` → the bracketed locations.
_FILE_INDEX_RE = re.compile(r"^\w*FileIndex(?:\(\d+ paths?\))?\[(?P<paths>.*)\]?$")
#: Path segments that change from run to run: a partition value, a date, a run timestamp.
_PARTITION_VALUE_RE = re.compile(r"(?<=[/\[])(?P<col>[^/=\[\],]+)=[^/\],]*")
_DATED_SEGMENT_RE = re.compile(r"(?<=/)\d[\d_:.TZ-]*(?=/|$|,|\])")
#: Scan inputs kept per log (an application reads a handful; a pathological plan is bounded).
MAX_INPUTS = 200
MAX_INPUT_NAME = 300
_ROLLING_PART = re.compile(r"^events_(\d+)_")
_ATTEMPT_SUFFIX = re.compile(r"_\d+$")
#: Application ids as Spark prints them: standalone/K8s ``app-…``, YARN ``application_…``, local mode.
APP_ID_RE = re.compile(r"\b(app-\d{14}-\d{4}|application_\d{10,}_\d{4,}|local-\d{13})\b")


def is_event_log_path(path: Path) -> bool:
    """Whether a name looks like a Spark event log (rolling folder, part, or single file)."""
    name = path.name.removesuffix(".inprogress")
    if name.startswith("eventlog_v2_") or _ROLLING_PART.match(name):
        return True
    stem = name.split(".", 1)[0]
    # YARN cluster mode appends the attempt: application_<ts>_<n>_<attempt>.
    return bool(APP_ID_RE.fullmatch(stem) or APP_ID_RE.fullmatch(_ATTEMPT_SUFFIX.sub("", stem)))


def event_log_parts(path: Path, list_dir: Callable[[Path], list[Path]] | None = None) -> list[Path]:
    """The files of one event log in order: the rolling parts of an ``eventlog_v2_`` folder, or the file."""
    if not path.is_dir():
        return [path]
    entries = (list_dir or (lambda p: sorted(p.iterdir())))(path)
    parts = [(int(m.group(1)), p) for p in entries if (m := _ROLLING_PART.match(p.name)) and p.is_file()]
    return [p for _, p in sorted(parts)]


def _is_in_progress(path: Path, parts: list[Path]) -> bool:
    if path.name.endswith(".inprogress") or any(p.name.endswith(".inprogress") for p in parts):
        return True
    if path.is_dir():
        return any(p.name.startswith("appstatus_") and p.name.endswith(".inprogress") for p in path.iterdir())
    return False


@dataclass
class _TaskRef:
    """Which task held an extreme value (for "task 5 read 8.5 GB")."""

    task_id: int
    index: int
    attempt: int
    executor: str
    host: str
    status: str

    def to_json(self) -> JSON:
        return {
            "task_id": self.task_id,
            "index": self.index,
            "attempt": self.attempt,
            "executor": self.executor,
            "host": self.host,
            "status": self.status,
        }


_DIST_METRICS = (
    "shuffle_read_bytes",
    "shuffle_read_records",
    "input_bytes",
    "run_time_ms",
    "task_duration_ms",
)


@dataclass
class StageAttempt:
    """Online aggregate of one stage attempt; ``summary`` replaces the samples once finalized."""

    stage_id: int
    attempt: int
    capacity: int = DEFAULT_CAPACITY
    name: str = ""
    num_tasks: int = 0
    submitted_ms: int = 0
    completed_ms: int = 0
    status: str = "running"
    failure_reason: str = ""
    ended: int = 0
    succeeded: int = 0
    failed: int = 0
    killed: int = 0
    late_task_ends: int = 0
    gc_ms: float = 0.0
    run_ms: float = 0.0
    input_records: float = 0.0
    #: Inputs the stage's scans read (from the SQL plans' scan metrics in its accumulables).
    input_names: list[str] = field(default_factory=list)
    memory_spilled: float = 0.0
    disk_spilled: float = 0.0
    shuffle_write_bytes: float = 0.0
    output_bytes: float = 0.0
    peak_execution_memory: float = 0.0
    end_reasons: Counter[str] = field(default_factory=Counter)
    failed_tasks: list[JSON] = field(default_factory=list)
    unfinished_tasks: list[JSON] = field(default_factory=list)
    parent_ids: list[int] = field(default_factory=list)
    max_read_task: _TaskRef | None = None
    longest_task: _TaskRef | None = None
    dists: dict[str, Distribution] | None = None
    finalized: JSON | None = None

    def __post_init__(self) -> None:
        seed = self.stage_id * 1009 + self.attempt
        self.dists = {m: Distribution(self.capacity, seed) for m in _DIST_METRICS}

    def finalize(self) -> None:
        """Reduce the samples to their summaries (idempotent)."""
        if self.dists is not None:
            self.finalized = {m: d.summary() for m, d in self.dists.items()}
            self.dists = None

    def metric(self, name: str) -> JSON:
        """Summary of one distribution metric."""
        if self.dists is not None:
            return self.dists[name].summary()
        summary: JSON = (self.finalized or {})[name]
        return summary

    def add_metrics(self, ref: _TaskRef, metrics: JSON, duration: float) -> None:
        """Fold one ended task's ``Task Metrics`` into the sums and distributions."""
        run_ms = float(metrics.get("Executor Run Time", 0))
        read_bytes = _shuffle_read_bytes(metrics)
        self.gc_ms += float(metrics.get("JVM GC Time", 0))
        self.run_ms += run_ms
        self.memory_spilled += float(metrics.get("Memory Bytes Spilled", 0))
        self.disk_spilled += float(metrics.get("Disk Bytes Spilled", 0))
        self.shuffle_write_bytes += float(
            (metrics.get("Shuffle Write Metrics") or {}).get("Shuffle Bytes Written", 0)
        )
        self.output_bytes += float((metrics.get("Output Metrics") or {}).get("Bytes Written", 0))
        self.input_records += float((metrics.get("Input Metrics") or {}).get("Records Read", 0))
        self.peak_execution_memory = max(
            self.peak_execution_memory, float(metrics.get("Peak Execution Memory", 0))
        )
        if self.dists is None:
            self.late_task_ends += 1
            return
        dists = self.dists
        if self.max_read_task is None or read_bytes > dists["shuffle_read_bytes"].max:
            self.max_read_task = ref
        if self.longest_task is None or duration > dists["task_duration_ms"].max:
            self.longest_task = ref
        dists["shuffle_read_bytes"].add(read_bytes)
        records = (metrics.get("Shuffle Read Metrics") or {}).get("Total Records Read", 0)
        dists["shuffle_read_records"].add(float(records))
        dists["input_bytes"].add(float((metrics.get("Input Metrics") or {}).get("Bytes Read", 0)))
        dists["run_time_ms"].add(run_ms)
        dists["task_duration_ms"].add(duration)

    def to_json(self) -> JSON:
        """Plain data for the facts, with the ratios the skew rule reads."""
        metrics = {m: self.metric(m) for m in _DIST_METRICS}
        reads = metrics["shuffle_read_bytes"]
        stage_bytes = (
            metrics["input_bytes"]["total"] + reads["total"] + self.shuffle_write_bytes + self.output_bytes
        )
        duration = self.completed_ms - self.submitted_ms if self.completed_ms and self.submitted_ms else 0
        return {
            "stage_id": self.stage_id,
            "attempt": self.attempt,
            "name": self.name,
            "status": self.status,
            "failure_reason": self.failure_reason,
            "num_tasks": self.num_tasks,
            "parent_ids": self.parent_ids,
            "tasks": {
                "ended": self.ended,
                "succeeded": self.succeeded,
                "failed": self.failed,
                "killed": self.killed,
                "unfinished": len(self.unfinished_tasks),
            },
            "task_failure_rate": round(self.failed / self.ended, 4) if self.ended else 0.0,
            "submitted_ms": self.submitted_ms,
            "completed_ms": self.completed_ms,
            "duration_ms": duration,
            **metrics,
            "skew": {
                "shuffle_read_ratio": _ratio(reads),
                "shuffle_read_records_ratio": _ratio(metrics["shuffle_read_records"]),
                "input_ratio": _ratio(metrics["input_bytes"]),
                "run_time_ratio": _ratio(metrics["run_time_ms"]),
                "duration_ratio": _ratio(metrics["task_duration_ms"]),
                "max_task_share_of_shuffle_read": round(reads["max"] / reads["total"], 4)
                if reads["total"]
                else 0.0,
                "max_shuffle_read_task": self.max_read_task.to_json() if self.max_read_task else None,
                "longest_task": self.longest_task.to_json() if self.longest_task else None,
            },
            "gc_time_ms": self.gc_ms,
            "executor_run_time_ms": self.run_ms,
            "gc_fraction": round(self.gc_ms / self.run_ms, 4) if self.run_ms else 0.0,
            "memory_spilled_bytes": self.memory_spilled,
            "disk_spilled_bytes": self.disk_spilled,
            "shuffle_write_bytes": self.shuffle_write_bytes,
            "output_bytes": self.output_bytes,
            "input_records": self.input_records,
            "input_names": self.input_names,
            "stage_bytes": stage_bytes,
            "spill_fraction": round(self.disk_spilled / stage_bytes, 4) if stage_bytes else 0.0,
            "memory_spill_fraction": round(self.memory_spilled / stage_bytes, 4) if stage_bytes else 0.0,
            "peak_execution_memory_max": self.peak_execution_memory,
            "end_reasons": dict(self.end_reasons),
            "failed_tasks": self.failed_tasks,
            "unfinished_tasks": self.unfinished_tasks,
            "late_task_ends": self.late_task_ends,
        }


def _shuffle_read_bytes(metrics: JSON) -> float:
    """Remote plus local shuffle bytes read by one task (what a reduce partition weighs)."""
    read = metrics.get("Shuffle Read Metrics") or {}
    return float(read.get("Remote Bytes Read", 0)) + float(read.get("Local Bytes Read", 0))


def _ratio(summary: JSON) -> float:
    """Max / median, with the median floored at 1 as Spark's AQE does (an empty median is not zero)."""
    if not summary["count"]:
        return 0.0
    return round(float(summary["max"]) / max(float(summary["median"]), 1.0), 2)


@dataclass
class EventLogSummary:
    """Everything measured from one event log, plus notes on what could not be read."""

    path: str
    files: list[str] = field(default_factory=list)
    codec: str = ""
    in_progress: bool = False
    app: JSON = field(default_factory=dict)
    config: dict[str, str] = field(default_factory=dict)
    #: The properties the job set itself (``--conf``, the session builder, spark-defaults), redacted,
    #: secret-named ones dropped: what a value an error quotes may have come from.
    settings: dict[str, str] = field(default_factory=dict)
    executors: JSON = field(default_factory=lambda: {"added": 0, "removed": 0, "excluded": 0, "removals": []})
    jobs: JSON = field(default_factory=lambda: {"total": 0, "succeeded": 0, "failed": []})
    sql_failures: list[JSON] = field(default_factory=list)
    join_keys: list[JSON] = field(default_factory=list)
    stages: list[JSON] = field(default_factory=list)
    #: What the application read, per input (see :func:`_inputs`): ``name``, ``bytes``, ``records``,
    #: ``stages``, ``partial`` (no stage reading it succeeded: the numbers are a lower bound).
    inputs: list[JSON] = field(default_factory=list)
    stages_dropped: int = 0
    compressed_bytes: int = 0
    decompressed_bytes: int = 0
    lines: int = 0
    events: int = 0
    corrupt_lines: int = 0
    event_counts: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def usable(self) -> bool:
        """Whether anything Spark-shaped was read (a garbage file gives no events)."""
        return self.events > 0

    def to_json(self) -> JSON:
        """Plain data for ``bundle.facts["spark"]``."""
        return {
            "path": self.path,
            "files": self.files,
            "codec": self.codec,
            "in_progress": self.in_progress,
            "app": self.app,
            "config": self.config,
            "settings": self.settings,
            "executors": self.executors,
            "jobs": self.jobs,
            "sql_failures": self.sql_failures,
            "join_keys": self.join_keys,
            "stages": self.stages,
            "inputs": self.inputs,
            "stages_dropped": self.stages_dropped,
            "log": {
                "compressed_bytes": self.compressed_bytes,
                "decompressed_bytes": self.decompressed_bytes,
                "lines": self.lines,
                "events": self.events,
                "corrupt_lines": self.corrupt_lines,
                "event_counts": self.event_counts,
            },
            "notes": self.notes,
        }


class EventLogParser:
    """Feed event-log lines, then :meth:`finish`; see the module docstring for the memory model."""

    def __init__(self, path: str, capacity: int = DEFAULT_CAPACITY) -> None:
        """Start an empty summary for the log at ``path`` (used in notes only)."""
        self.summary = EventLogSummary(path=path)
        self._capacity = capacity
        self._stages: dict[tuple[int, int], StageAttempt] = {}
        self._completed: deque[tuple[int, int]] = deque()
        self._running: dict[int, tuple[int, int, int, int, int, str, str]] = {}
        self._job_stages: dict[int, list[int]] = {}
        self._counts: Counter[str] = Counter()
        self._corrupt_at: list[str] = []
        self._last_ms = 0
        #: Accumulator id of a scan node's metric → the input the scan reads.
        self._scan_accumulators: dict[int, str] = {}

    # -- input ---------------------------------------------------------------------------------

    def feed(self, line: bytes, part: str = "", line_no: int = 0) -> None:
        """Process one complete line (``part`` and ``line_no`` locate it in notes)."""
        self.summary.lines += 1
        line = line.strip()
        if not line:
            return
        name = _event_name(line)
        if name is not None and name not in _HANDLED:
            self._counts[name] += 1
            self.summary.events += 1
            if name in _PLAN_EVENTS:
                self._scan_plan(line)
            if name == _SQL_START:
                self._scan_inputs(line)
            return
        if len(line) > MAX_DECODED_LINE_BYTES:
            self._corrupt(part, line_no, f"over {MAX_DECODED_LINE_BYTES >> 20} MiB")
            return
        event = json_object(line)
        if event is None or not isinstance(event.get("Event"), str):
            self._corrupt(part, line_no)
            return
        name = event["Event"]
        self._counts[name] += 1
        self.summary.events += 1
        handler = _HANDLERS.get(name)
        if handler is not None:
            try:
                handler(self, event)
            except (TypeError, ValueError, KeyError, AttributeError) as exc:
                self._corrupt(part, line_no, f"{name} has an unexpected shape ({type(exc).__name__}: {exc})")

    def _scan_plan(self, line: bytes) -> None:
        """Record the join keys of the plan (deduplicated, bounded) for hot-key diagnostics."""
        joins = self.summary.join_keys
        for match in _JOIN_RE.finditer(line):
            if len(joins) >= MAX_LISTED:
                return
            entry = {
                "type": match["type"].decode(),
                "how": match["how"].decode(),
                "left": [
                    _ATTR_ID_RE.sub("", k.strip()) for k in match["left"].decode(errors="replace").split(",")
                ],
                "right": [
                    _ATTR_ID_RE.sub("", k.strip()) for k in match["right"].decode(errors="replace").split(",")
                ],
            }
            if entry not in joins:
                joins.append(entry)

    def _scan_inputs(self, line: bytes) -> None:
        """Remember which accumulators belong to which input's scan (bounded; a huge plan is skipped).

        Only the plan an execution starts with: an adaptive re-plan keeps the scans (and their
        metrics) of the stages it has not changed, and decoding every re-plan would cost the most.
        """
        if len(line) > MAX_DECODED_LINE_BYTES or len(self._scan_accumulators) > 50 * MAX_INPUTS:
            return
        event = json_object(line)
        plan = event.get("sparkPlanInfo") if event is not None else None
        stack = [plan] if isinstance(plan, dict) else []
        while stack:
            node = stack.pop()
            children = node.get("children")
            stack.extend(c for c in (children if isinstance(children, list) else []) if isinstance(c, dict))
            name = scan_input_name(node)
            metrics = node.get("metrics")
            if not name or not isinstance(metrics, list):
                continue
            for metric in metrics:
                acc = metric.get("accumulatorId") if isinstance(metric, dict) else None
                if isinstance(acc, int):
                    self._scan_accumulators[acc] = name

    def note(self, text: str) -> None:
        """Record something the reader of the analysis should know (deduplicated)."""
        if text not in self.summary.notes:
            self.summary.notes.append(text)

    def oversized(self, part: str, line_no: int) -> None:
        """A line over :data:`MAX_LINE_BYTES` was dropped unread: a corrupt line, and a note."""
        self.note(f"{part}: an event over {MAX_LINE_BYTES >> 20} MiB was skipped")
        self._corrupt(part, line_no, f"over {MAX_LINE_BYTES >> 20} MiB")

    def _corrupt(self, part: str, line_no: int, why: str = "") -> None:
        self.summary.corrupt_lines += 1
        if len(self._corrupt_at) < 5:
            self._corrupt_at.append(f"{part}:L{line_no}{f' ({why})' if why else ''}")

    # -- handlers --------------------------------------------------------------------------------

    def _stage(self, stage_id: int, attempt: int) -> StageAttempt:
        key = (stage_id, attempt)
        stage = self._stages.get(key)
        if stage is None:
            stage = self._stages[key] = StageAttempt(stage_id, attempt, capacity=self._capacity)
        return stage

    def _on_log_start(self, e: JSON) -> None:
        self.summary.app["spark_version"] = str(e.get("Spark Version", ""))

    def _on_app_start(self, e: JSON) -> None:
        app = self.summary.app
        app.update(
            id=str(e.get("App ID", "")),
            name=str(e.get("App Name", "")),
            attempt_id=str(e.get("App Attempt ID", "") or ""),
            user=str(e.get("User", "")),
            start_ms=int(e.get("Timestamp", 0)),
        )

    def _on_app_end(self, e: JSON) -> None:
        app = self.summary.app
        app["end_ms"] = int(e.get("Timestamp", 0))
        if "ExitCode" in e:
            app["exit_code"] = e["ExitCode"]
        if app.get("start_ms"):
            app["duration_ms"] = app["end_ms"] - app["start_ms"]

    def _on_environment(self, e: JSON) -> None:
        props = e.get("Spark Properties") or {}
        pairs = props.items() if isinstance(props, dict) else (tuple(p) for p in props)
        wanted = set(CONFIG_KEYS)
        for key, value in pairs:
            if key in wanted:
                self.summary.config[key] = str(value)[:200]
            if _own_setting(str(key)) and len(self.summary.settings) < MAX_SETTINGS:
                # redacted as ``key=value``, so the redactor's own key names apply too
                kept = str(redact(f"{key}={str(value)[:MAX_SETTING_CHARS]}")).split("=", 1)[-1]
                self.summary.settings[str(key)[:MAX_SETTING_CHARS]] = kept

    def _on_executor_added(self, e: JSON) -> None:
        self.summary.executors["added"] += 1
        self._seen(e.get("Timestamp"))

    def _on_executor_removed(self, e: JSON) -> None:
        execs = self.summary.executors
        execs["removed"] += 1
        self._seen(e.get("Timestamp"))
        if len(execs["removals"]) < 50:
            execs["removals"].append(
                {
                    "executor": str(e.get("Executor ID", "")),
                    "reason": str(e.get("Removed Reason", ""))[:MAX_TEXT],
                    "time_ms": int(e.get("Timestamp", 0)),
                }
            )

    def _on_executor_excluded(self, e: JSON) -> None:
        self.summary.executors["excluded"] += 1

    def _on_job_start(self, e: JSON) -> None:
        self.summary.jobs["total"] += 1
        job_id = int(e["Job ID"])
        stage_ids = [int(s) for s in e.get("Stage IDs", [])][:200]
        if len(self._job_stages) < 10_000:
            self._job_stages[job_id] = stage_ids
        for info in e.get("Stage Infos", []) or []:
            stage = self._stage(int(info["Stage ID"]), int(info.get("Stage Attempt ID", 0)))
            stage.name = stage.name or str(info.get("Stage Name", ""))[:300]
            stage.num_tasks = stage.num_tasks or int(info.get("Number of Tasks", 0))

    def _on_job_end(self, e: JSON) -> None:
        job_id = int(e["Job ID"])
        self._seen(e.get("Completion Time"))
        result = e.get("Job Result") or {}
        stage_ids = self._job_stages.pop(job_id, [])
        if result.get("Result") == "JobSucceeded":
            self.summary.jobs["succeeded"] += 1
            return
        failed = self.summary.jobs["failed"]
        if len(failed) < 20:
            message = str((result.get("Exception") or {}).get("Message", result.get("Result", "")))
            failed.append({"job_id": job_id, "message": message[:MAX_TEXT], "stage_ids": stage_ids[:50]})

    def _on_stage_submitted(self, e: JSON) -> None:
        info = e["Stage Info"]
        stage = self._stage(int(info["Stage ID"]), int(info.get("Stage Attempt ID", 0)))
        stage.name = str(info.get("Stage Name", ""))[:300]
        stage.num_tasks = int(info.get("Number of Tasks", 0))
        stage.submitted_ms = int(info.get("Submission Time", 0) or 0)
        stage.parent_ids = [int(p) for p in info.get("Parent IDs") or []][:50]
        self._seen(stage.submitted_ms)

    def _on_stage_completed(self, e: JSON) -> None:
        info = e["Stage Info"]
        stage = self._stage(int(info["Stage ID"]), int(info.get("Stage Attempt ID", 0)))
        stage.name = stage.name or str(info.get("Stage Name", ""))[:300]
        stage.num_tasks = stage.num_tasks or int(info.get("Number of Tasks", 0))
        stage.submitted_ms = stage.submitted_ms or int(info.get("Submission Time", 0) or 0)
        stage.completed_ms = int(info.get("Completion Time", 0) or 0)
        self._seen(stage.completed_ms)
        for acc in info.get("Accumulables") or []:
            acc_id = acc.get("ID") if isinstance(acc, dict) else None
            name = self._scan_accumulators.get(acc_id) if isinstance(acc_id, int) else None
            if name and name not in stage.input_names and len(stage.input_names) < MAX_LISTED:
                stage.input_names.append(name)
        reason = info.get("Failure Reason")
        stage.status = "failed" if reason else "succeeded"
        stage.failure_reason = str(reason or "")[:MAX_TEXT]
        self._completed.append((stage.stage_id, stage.attempt))
        while len(self._completed) > FINALIZE_LAG:
            old = self._stages.get(self._completed.popleft())
            if old is not None:
                old.finalize()
        if len(self._stages) > 2 * MAX_STAGES:
            self._prune_stages()

    def _on_task_start(self, e: JSON) -> None:
        info = e["Task Info"]
        if len(self._running) < 200_000:
            self._running[int(info["Task ID"])] = (
                int(e["Stage ID"]),
                int(e.get("Stage Attempt ID", 0)),
                int(info.get("Index", 0)),
                int(info.get("Attempt", 0)),
                int(info.get("Launch Time", 0)),
                str(info.get("Executor ID", "")),
                str(info.get("Host", "")),
            )

    def _on_task_end(self, e: JSON) -> None:
        info = e.get("Task Info") or {}
        task_id = int(info.get("Task ID", -1))
        self._running.pop(task_id, None)
        stage = self._stage(int(e["Stage ID"]), int(e.get("Stage Attempt ID", 0)))
        reason = e.get("Task End Reason") or {}
        kind = str(reason.get("Reason", "Success"))
        stage.ended += 1
        if kind == "Success":
            stage.succeeded += 1
            status = "succeeded"
        elif kind == "TaskKilled":
            stage.killed += 1
            status = "killed"
        else:
            stage.failed += 1
            status = "failed"
        if kind != "Success":
            label = f"{kind} {reason['Class Name']}" if reason.get("Class Name") else kind
            stage.end_reasons[label] += 1
        launch = int(info.get("Launch Time", 0) or 0)
        finish = int(info.get("Finish Time", 0) or 0)
        self._seen(finish)
        metrics = e.get("Task Metrics") or {}
        read_bytes = _shuffle_read_bytes(metrics)
        run_ms = float(metrics.get("Executor Run Time", 0))
        gc_ms = float(metrics.get("JVM GC Time", 0))
        ref = _TaskRef(
            task_id, int(info.get("Index", 0)), int(info.get("Attempt", 0)), str(info.get("Executor ID", "")),
            str(info.get("Host", "")), status,
        )  # fmt: skip
        if status != "succeeded" and len(stage.failed_tasks) < MAX_LISTED:
            stage.failed_tasks.append(
                _failed_task(ref, kind, reason, read_bytes=read_bytes, run_ms=run_ms, gc_ms=gc_ms)
            )
        if metrics:
            stage.add_metrics(
                ref, metrics, duration=float(finish - launch) if finish >= launch > 0 else run_ms
            )

    def _on_sql_end(self, e: JSON) -> None:
        error = e.get("errorMessage")
        if error and len(self.summary.sql_failures) < MAX_LISTED:
            self.summary.sql_failures.append(
                {"execution_id": e.get("executionId"), "error": str(error)[:MAX_TEXT]}
            )

    def _seen(self, ms: object) -> None:
        if isinstance(ms, int) and ms > self._last_ms:
            self._last_ms = ms

    def _prune_stages(self) -> None:
        """Keep failed and running stages plus the heaviest successful ones (bounded facts)."""
        keep_always = [k for k, s in self._stages.items() if s.status != "succeeded"]
        done = [k for k, s in self._stages.items() if s.status == "succeeded"]
        room = max(0, MAX_STAGES - len(keep_always))

        def weight(key: tuple[int, int]) -> float:
            stage = self._stages[key]
            return float(stage.metric("task_duration_ms")["max"]) + float(
                stage.metric("shuffle_read_bytes")["max"]
            )

        done.sort(key=weight, reverse=True)
        for key in done[room:]:
            del self._stages[key]
            self.summary.stages_dropped += 1

    # -- output ----------------------------------------------------------------------------------

    def finish(self) -> EventLogSummary:
        """Attach tasks that never ended, reduce every stage, and return the summary."""
        for task_id, (
            stage_id,
            attempt,
            index,
            task_attempt,
            launch,
            executor,
            host,
        ) in self._running.items():
            stage = self._stage(stage_id, attempt)
            if len(stage.unfinished_tasks) < MAX_LISTED:
                stage.unfinished_tasks.append(
                    {
                        "task_id": task_id,
                        "index": index,
                        "attempt": task_attempt,
                        "executor": executor,
                        "host": host,
                        "launched_ms": launch,
                        "running_ms_at_log_end": max(0, self._last_ms - launch) if launch else 0,
                    }
                )
        summary = self.summary
        for stage in self._stages.values():
            stage.finalize()
        summary.stages = [self._stages[k].to_json() for k in sorted(self._stages)]
        _imply_unfinished_reads(summary.stages)
        summary.inputs = _inputs(summary.stages)
        summary.event_counts = dict(self._counts.most_common(40))
        if summary.corrupt_lines:
            self.note(
                f"{summary.corrupt_lines} line(s) were not valid Spark events and were skipped"
                f" (first at {', '.join(self._corrupt_at)})"
            )
        if self._running:
            self.note(
                f"{len(self._running)} task(s) started but never ended in the log (the driver or executor "
                "died while they ran, or the log was cut)"
            )
        if summary.stages_dropped:
            self.note(f"{summary.stages_dropped} successful stage attempt(s) omitted to bound the summary")
        if summary.events and "end_ms" not in summary.app:
            self.note(
                "no SparkListenerApplicationEnd: the application did not stop cleanly"
                " (crash, kill, or still running)"
            )
        return summary


def scan_input_name(node: JSON) -> str:
    """The input a SQL plan node scans, stable across runs; ``""`` for other nodes and in-memory data.

    A table's name when the scan names one (``Scan parquet spark_catalog.db.orders``), else the file
    locations with partition values and dated folders masked (``s3://lake/orders/dt=*``): a daily
    run reads another partition of the same input.
    """
    node_name = str(node.get("nodeName") or "").strip()
    if not _SCAN_NODE_RE.match(node_name) or node_name.startswith(_IN_MEMORY_SCANS):
        return ""
    metadata = node.get("metadata")
    location = str(metadata.get("Location") or "") if isinstance(metadata, dict) else ""
    words = node_name.split(" ", 2)
    # FileSourceScanExec is ``Scan <format> <table>``: the table, when there is one, names the input.
    table = words[2] if len(words) == 3 and words[0] == "Scan" and location else ""
    if not table and location:
        match = _FILE_INDEX_RE.match(location)
        paths = (match["paths"] if match else location).rstrip("]").split(", ")
        name = ", ".join(dict.fromkeys(_mask(p) for p in paths))
    else:
        name = table or (words[1] if words[0] == "BatchScan" and len(words) > 1 else node_name)
    return _mask(name)[:MAX_INPUT_NAME]


def _mask(name: str) -> str:
    """Partition values and dated folders as ``*``: ``s3://lake/orders/dt=*``, ``/raw/orders/*/*``."""
    return _DATED_SEGMENT_RE.sub("*", _PARTITION_VALUE_RE.sub(lambda m: f"{m['col']}=*", name))


def _inputs(stages: list[JSON]) -> list[JSON]:
    """Input bytes and records per input: the most any one stage read of it.

    A stage's ``Input Metrics`` belong to the inputs its scans read (joined with ``+`` when it read
    several, since the metrics do not split them); a stage that read input without a named scan (the
    RDD API) is keyed by its name (``textFile at job.py:12``: the code site, stable across runs).
    Two actions on one DataFrame read the input twice: the largest read is the input's size, whatever
    the job's number of actions or caching (a sum would count re-reads, and a failed run's missing
    ones). Of a stage's attempts the last one with input is used. ``partial``: no stage reading the
    input succeeded, so the numbers are a lower bound.
    """
    last: dict[int, JSON] = {}
    for stage in stages:  # sorted by (stage, attempt)
        if stage["input_bytes"]["total"] or stage["input_records"]:
            last[stage["stage_id"]] = stage
    found: dict[str, JSON] = {}
    for stage in last.values():
        names = stage["input_names"]
        name = " + ".join(sorted(names)) if names else f"stage {stage['name'] or stage['stage_id']}"
        if name not in found and len(found) >= MAX_INPUTS:
            continue
        entry = found.setdefault(
            name, {"name": name, "bytes": 0, "records": 0, "stages": [], "partial": True}
        )
        entry["bytes"] = max(entry["bytes"], int(stage["input_bytes"]["total"]))
        entry["records"] = max(entry["records"], int(stage["input_records"]))
        entry["stages"].append(stage["stage_id"])
        complete = stage["status"] == "succeeded" and not stage["tasks"]["unfinished"]
        entry["partial"] = entry["partial"] and not complete
    return sorted(found.values(), key=lambda e: -e["bytes"])


def _imply_unfinished_reads(stages: list[JSON]) -> None:
    """Estimate what the tasks that never ended were reading, from what their parent stages wrote.

    A JVM killed by an OutOfMemoryError often dies before Spark logs the ``TaskEnd`` of the task
    that caused it, so the heaviest task is exactly the one missing from the distribution. The
    shuffle its stage reads was written by the parent stages, so ``written - read by the finished
    tasks`` is what the unfinished ones held between them; spread evenly over them it is a lower
    bound on the largest. Only for stages that did not succeed and have at least
    :data:`MIN_SUCCEEDED_FOR_IMPLIED` succeeded tasks to compare with, and marked as an estimate.
    """
    written: dict[int, float] = {}
    for stage in stages:  # sorted by (stage, attempt): the last attempt's figure wins
        if stage["shuffle_write_bytes"]:
            written[stage["stage_id"]] = stage["shuffle_write_bytes"]
    for stage in stages:
        unfinished = stage["tasks"]["unfinished"]
        parents = [written[p] for p in stage["parent_ids"] if p in written]
        if not unfinished or stage["status"] == "succeeded" or not parents:
            continue
        if stage["tasks"]["succeeded"] < MIN_SUCCEEDED_FOR_IMPLIED:
            continue
        missing = sum(parents) - stage["shuffle_read_bytes"]["total"]
        if missing <= 0:
            continue
        per_task = missing / unfinished
        median = stage["shuffle_read_bytes"]["median"]
        stage["skew"]["unfinished_implied_read_bytes"] = round(per_task)
        stage["skew"]["unfinished_implied_ratio"] = round(per_task / max(float(median), 1.0), 2)
        stage["skew"]["parents_shuffle_write_bytes"] = sum(parents)


_HANDLERS: dict[str, Callable[[EventLogParser, JSON], None]] = {
    "SparkListenerLogStart": EventLogParser._on_log_start,
    "SparkListenerApplicationStart": EventLogParser._on_app_start,
    "SparkListenerApplicationEnd": EventLogParser._on_app_end,
    "SparkListenerEnvironmentUpdate": EventLogParser._on_environment,
    "SparkListenerExecutorAdded": EventLogParser._on_executor_added,
    "SparkListenerExecutorRemoved": EventLogParser._on_executor_removed,
    "SparkListenerExecutorExcluded": EventLogParser._on_executor_excluded,
    "SparkListenerExecutorBlacklisted": EventLogParser._on_executor_excluded,
    "SparkListenerJobStart": EventLogParser._on_job_start,
    "SparkListenerJobEnd": EventLogParser._on_job_end,
    "SparkListenerStageSubmitted": EventLogParser._on_stage_submitted,
    "SparkListenerStageCompleted": EventLogParser._on_stage_completed,
    "SparkListenerTaskStart": EventLogParser._on_task_start,
    "SparkListenerTaskEnd": EventLogParser._on_task_end,
    "org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionEnd": EventLogParser._on_sql_end,
}


def _event_name(line: bytes) -> str | None:
    """The event type from the line prefix Spark always writes first; ``None`` when not in that shape."""
    if not line.startswith(_EVENT_PREFIX):
        return None
    end = line.find(b'"', len(_EVENT_PREFIX), 200)
    if end < 0:
        return None
    return line[len(_EVENT_PREFIX) : end].decode("ascii", "replace")


def _failed_task(
    ref: _TaskRef, kind: str, reason: JSON, *, read_bytes: float, run_ms: float, gc_ms: float
) -> JSON:
    """What a failed or killed task says about why: the fields Spark's end reasons carry."""
    record: JSON = {
        **ref.to_json(),
        "reason": kind,
        "shuffle_read_bytes": read_bytes,
        "run_time_ms": run_ms,
        "gc_time_ms": gc_ms,
    }
    for source, target in (
        ("Class Name", "exception_class"),
        ("Description", "description"),
        ("Loss Reason", "loss_reason"),
        ("Exit Caused By App", "exit_caused_by_app"),
        ("Kill Reason", "kill_reason"),
        ("Message", "message"),
        ("Shuffle ID", "shuffle_id"),
    ):
        if source in reason:
            value = reason[source]
            record[target] = value[:MAX_TEXT] if isinstance(value, str) else value
    address = reason.get("Block Manager Address")
    if isinstance(address, dict):
        record["block_manager"] = f"{address.get('Host', '')}:{address.get('Port', '')}"
    return record


def _default_open(path: Path) -> BinaryIO:
    return path.open("rb")


def iter_lines(chunks: Iterator[bytes], on_oversized: Callable[[], None]) -> Iterator[tuple[bytes, bool]]:
    """Split a chunk stream into lines; yields ``(line, complete)`` — the last may lack its newline."""
    buffer = bytearray()
    skipping = False
    for chunk in chunks:
        start = 0
        while True:
            newline = chunk.find(b"\n", start)
            if newline < 0:
                if not skipping:
                    buffer += chunk[start:]
                    if len(buffer) > MAX_LINE_BYTES:
                        buffer.clear()
                        skipping = True
                        on_oversized()
                break
            if skipping:
                skipping = False
            elif len(buffer) + newline - start > MAX_LINE_BYTES:
                buffer.clear()
                on_oversized()
            elif buffer:
                buffer += chunk[start:newline]
                yield bytes(buffer), True
                buffer.clear()
            else:
                yield chunk[start:newline], True
            start = newline + 1
    if buffer and not skipping:
        yield bytes(buffer), False


def parse_event_log(
    path: Path,
    *,
    opener: Opener = _default_open,
    capacity: int = DEFAULT_CAPACITY,
    max_bytes: int | None = None,
) -> EventLogSummary:
    """Parse one event log (a file or an ``eventlog_v2_`` folder). Never raises for bad content.

    :param opener: opens a part for binary reading (the adapter passes the allow-listed reader).
    :param max_bytes: stop after this many decompressed bytes, with a note (huge logs).
    """
    parser = EventLogParser(str(path), capacity=capacity)
    summary = parser.summary
    parts = event_log_parts(path)
    summary.files = [p.name for p in parts]
    summary.in_progress = _is_in_progress(path, parts)
    if not parts:
        parser.note(f"{path.name}: no events_<n>_<appId> files in the folder")
    codecs: list[str] = []
    budget_hit = False
    for part in parts:
        if budget_hit:
            break
        try:
            stream = opener(part)
        except OSError as exc:
            parser.note(f"{part.name}: cannot be opened ({exc.strerror or exc})")
            continue
        with stream:
            budget_hit = _read_part(parser, part.name, stream, codecs, max_bytes)
    summary.codec = ",".join(sorted(set(codecs)))
    result = parser.finish()
    if not result.usable:
        parser.note(f"{path.name}: no Spark events could be read — not an event log, or empty")
    return result


def _read_part(
    parser: EventLogParser, name: str, stream: BinaryIO, codecs: list[str], max_bytes: int | None
) -> bool:
    """Stream one part into the parser; returns whether the byte budget ran out."""
    summary = parser.summary
    head = stream.read(16)
    codec = codec_of(name, head)
    codecs.append(codec)
    state = DecodeState(codec)

    line_no = 0

    def oversized() -> None:
        nonlocal line_no
        line_no += 1
        parser.oversized(name, line_no)

    budget_hit = False
    chunks = _counted(decompress(_Prefixed(head, stream), codec, state), summary, max_bytes)
    lines = iter_lines(chunks, oversized)
    for raw, complete in lines:
        line_no += 1
        if not complete and raw.strip() and json_object(raw) is None:
            parser.note(
                f"{name}: the last record is cut off after {len(raw)} bytes and was ignored"
                " (the writer died mid-line or the copy is truncated)"
            )
            break
        parser.feed(raw, name, line_no)
        if max_bytes is not None and summary.decompressed_bytes > max_bytes:
            break
    if max_bytes is not None and summary.decompressed_bytes > max_bytes:
        parser.note(f"stopped after {summary.decompressed_bytes} decompressed bytes (limit {max_bytes})")
        budget_hit = True
    summary.compressed_bytes += state.compressed_bytes
    if state.stopped:
        parser.note(f"{name}: {state.stopped}; events before that point were used")
    if state.unfinished:
        parser.note(f"{name}: {state.unfinished}")
    return budget_hit


def _counted(chunks: Iterator[bytes], summary: EventLogSummary, max_bytes: int | None) -> Iterator[bytes]:
    """Count decompressed bytes and stop past ``max_bytes``.

    Checked per chunk, so a line that never ends (nothing for the per-line check to see) cannot make
    the reader inflate on.
    """
    for chunk in chunks:
        summary.decompressed_bytes += len(chunk)
        yield chunk
        if max_bytes is not None and summary.decompressed_bytes > max_bytes:
            return


class _Prefixed:
    """A stream whose first bytes were already read for codec sniffing."""

    def __init__(self, head: bytes, stream: BinaryIO) -> None:
        self._head = head
        self._stream = stream

    def read(self, n: int = -1) -> bytes:
        if self._head:
            if n < 0:
                data, self._head = self._head + self._stream.read(), b""
                return data
            data, self._head = self._head[:n], self._head[n:]
            if len(data) < n:
                data += self._stream.read(n - len(data))
            return data
        return self._stream.read(n)


def _own_setting(key: str) -> bool:
    """Whether a Spark property is one the job set (not the launcher's), and holds no secret."""
    return not key.startswith((*_LAUNCHER_PREFIXES, *_SECRET_SECTIONS)) and not _SECRET_KEY_RE.search(key)
