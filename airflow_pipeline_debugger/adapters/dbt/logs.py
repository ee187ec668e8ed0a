"""Streaming parse of dbt's own output: the console text, ``logs/dbt.log``, and ``--log-format json``.

One pass over the lines (never the whole log in memory) extracts what run_results.json cannot say:
which invocation the log belongs to, whether that invocation wrote new artifacts, top-level errors
raised before any node ran (parse and compilation errors write no run_results.json), and the
per-node failure blocks dbt prints at the end of a run. The same lines may arrive wrapped in an
Airflow task log (Airflow 3 writes JSON lines with the text under ``event``; Airflow 2 prefixes
``[ts] {file.py:12} INFO - ``), so each line is unwrapped before matching.

It also reads the structured summary that astronomer-cosmos appends to a failed dbt task's error when
``AiConfig(diagnose_on_failure=True)`` is set (fields of its ``DbtFailureDiagnosis`` model:
``root_cause``, ``suggested_fix``, ``confidence``). That summary is another model's opinion, so it is
kept as a claim to weigh, never as a finding.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from airflow_pipeline_debugger.adapters.dbt.artifacts import parse_timestamp
from airflow_pipeline_debugger.domain import JSONDict
from airflow_pipeline_debugger.tolerant import as_int, json_line, json_object

MAX_LINE_CHARS = 4_000
MAX_DETAIL_LINES = 12
MAX_FAILURES = 200

# ANSI colour codes; dbt colours its console even when stdout is a pipe, and a log viewer that drops
# the ESC byte leaves "[0m" behind, so both forms are stripped.
_ANSI_RE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]|\[(?:\d{1,2};)*\d{1,2}m")
# Airflow 2 task log prefix: "[2026-01-01T00:00:00.000+0000] {subprocess.py:93} INFO - "
_AIRFLOW_PREFIX_RE = re.compile(r"^\[[^\]]{10,40}\] \{[^}]*\} [A-Z]+ - ")
# dbt file log prefix: "18:49:38.178306 [error] [MainThread]: "
_DBT_FILE_PREFIX_RE = re.compile(r"^(?P<time>\d{2}:\d{2}:\d{2}\.\d+) \[\s*\w+\s*\] \[[^\]]*\]: ")
# dbt console prefix: "18:47:41  " (two spaces; a line of the same message without it is a continuation)
_DBT_CONSOLE_PREFIX_RE = re.compile(r"^(?P<time>\d{2}:\d{2}:\d{2})  ")

# "=============== 18:49:12.199020 | 17fa2711-7163-41ff-a457-f5feb96dae3a ===============" (30 "=" each side)
HEADER_RE = re.compile(r"={5,} (?P<time>[\d:.]+) \| (?P<invocation_id>[0-9a-f]{8}-[0-9a-f-]{27}) ={5,}")
# "Running with dbt=1.11.16"
RUNNING_WITH_RE = re.compile(r"Running with dbt=(?P<version>[0-9][\w.+-]*)")
# "Failure in test not_null_stg_orders_customer_id (models/staging/schema.yml)"
# "Failure in model stg_customers (models/staging/stg_customers.sql)"
FAILURE_IN_RE = re.compile(
    r"^(?P<prefix>Failure|Warning) in (?P<resource_type>test|model|snapshot|seed|unit_test|source|operation)"
    r" (?P<name>\S+)(?: \((?P<path>[^)]*)\))?"
)
# "Database Error in model stg_customers (models/staging/stg_customers.sql)" (also Runtime/Compilation)
ERROR_IN_RE = re.compile(
    r"(?P<error_type>Database|Runtime|Compilation|Parsing|Dependency|Internal) Error in "
    r"(?P<resource_type>test|model|snapshot|seed|unit_test|source|operation|macro) (?P<name>\S+)"
    r"(?: \((?P<path>[^)]*)\))?"
)
# "Got 3 results, configured to fail if != 0"
GOT_RESULTS_RE = re.compile(
    r"Got (?P<count>\d+) results?, configured to (?P<level>fail|warn) if (?P<condition>.+)"
)
# "8 of 18 FAIL 3 not_null_stg_orders_customer_id ...... [FAIL 3 in 0.03s]"
# "1 of 18 ERROR creating sql view model main.stg_customers ...... [ERROR in 0.11s]"
RESULT_LINE_RE = re.compile(
    r"^(?P<index>\d+) of (?P<total>\d+) (?P<status>FAIL|ERROR|WARN|PASS|OK|SKIP|NO-OP)"
    r"(?: (?P<count>\d+))? (?P<what>.+?)\s*\.*\s*\[(?P<badge>[^\]]*)\]\s*$"
)
# "Encountered an error:" — the next line names the error kind, the lines after it say what.
ENCOUNTERED_RE = re.compile(r"^Encountered an error:?\s*(?P<rest>.*)$")
# "Completed with 1 error, 0 partial successes, and 0 warnings:" / "Completed with 2 errors and 1 warning:"
COMPLETED_RE = re.compile(
    r"Completed with (?P<errors>\d+) errors?(?:, (?P<partial>\d+) partial success(?:es)?)?,? and "
    r"(?P<warnings>\d+) warnings?"
)
COMPLETED_OK_RE = re.compile(r"^Completed successfully$")
# "Done. PASS=12 WARN=0 ERROR=1 SKIP=5 NO-OP=0 TOTAL=18"
DONE_RE = re.compile(
    r"Done\. PASS=(?P<pass>\d+) WARN=(?P<warn>\d+) ERROR=(?P<error>\d+) SKIP=(?P<skip>\d+)"
    r"(?: NO-OP=(?P<noop>\d+))? TOTAL=(?P<total>\d+)"
)
# "Wrote artifact RunResultsArtifact to /path/target/run_results.json" (debug file log)
WROTE_ARTIFACT_RE = re.compile(r"Wrote artifact (?P<artifact_type>\w+) to (?P<path>\S+)")
# "Command `dbt build` failed at 18:50:40.981401 after 3.51 seconds"
COMMAND_DONE_RE = re.compile(r"Command `(?P<command>dbt[^`]*)` (?P<outcome>succeeded|failed) at")
# "running dbt with arguments {... 'invocation_command': 'dbt build --select x', ...}"
INVOCATION_COMMAND_RE = re.compile(r"'invocation_command': '(?P<command>[^']*)'")
# "  compiled code at target/compiled/pkg/models/staging/stg_customers.sql" (dbt 1.5+ prints "compiled
# Code at", earlier releases "compiled SQL at")
COMPILED_AT_RE = re.compile(r"compiled (?:code|sql) at (?P<path>\S+)", re.IGNORECASE)
#: The package a compiled path names: dbt writes ``target/compiled/<package>/<path in package>``, and a
#: model it ran under ``target/run/<package>/…``.
_COMPILED_PACKAGE_RE = re.compile(r"(?:^|[\\/])target[\\/](?:compiled|run)[\\/](?P<package>[\w-]+)[\\/]")


def compiled_package(path: str) -> str:
    """The package a node's compiled path belongs to (``target/compiled/fivetran_log/…``), else ``""``."""
    m = _COMPILED_PACKAGE_RE.search(path)
    return m["package"] if m else ""


# "Concurrency: 1 threads (target='dev')"
TARGET_RE = re.compile(r"Concurrency: \d+ threads? \(target='(?P<target>[^']*)'\)")
# Cosmos AiConfig diagnosis: a heading mentioning a diagnosis, then "root_cause: …" style fields.
COSMOS_HEADING_RE = re.compile(r"\b(?:ai|llm|cosmos)\b.{0,40}\bdiagnos", re.IGNORECASE)
COSMOS_FIELD_RE = re.compile(
    r"^[\s\-*>#|]*(?P<key>root[ _]cause|suggested[ _]fix|confidence)\**\s*[:=]\s*(?P<value>.+?)\s*$",
    re.IGNORECASE,
)

_RUN_RESULTS_ARTIFACTS = frozenset({"RunResultsArtifact", "RunExecutionResult", "RunResults"})
_MANIFEST_ARTIFACTS = frozenset({"WritableManifest", "Manifest"})


@dataclass
class Invocation:
    """One dbt command as the log tells it."""

    invocation_id: str = ""
    started: str = ""
    started_at: datetime | None = None
    dbt_version: str = ""
    command: str = ""
    target: str = ""
    wrote_run_results: bool = False
    wrote_manifest: bool = False
    #: dbt reports written artifacts at debug level only; without debug lines "not written" is unknown.
    debug_seen: bool = False
    success: bool | None = None
    top_level_error: str = ""
    top_level_error_line: int = 0

    def to_json(self) -> JSONDict:
        """JSON-able form for ``bundle.facts``."""
        return {
            "invocation_id": self.invocation_id,
            "started": self.started_at.isoformat() if self.started_at else self.started,
            "dbt_version": self.dbt_version,
            "command": self.command,
            "target": self.target,
            "wrote_run_results": self.wrote_run_results if self.debug_seen else None,
            "wrote_manifest": self.wrote_manifest if self.debug_seen else None,
            "success": self.success,
            "top_level_error": self.top_level_error,
        }


@dataclass
class LogFailure:
    """A failure block dbt printed: the node, the error kind and the message lines under it."""

    resource_type: str
    name: str
    path: str = ""
    error_type: str = ""
    failures: int | None = None
    condition: str = ""
    level: str = "fail"
    detail: list[str] = field(default_factory=list)
    line_no: int = 0
    compiled_path: str = ""
    #: Position of the invocation it belongs to in ``DbtLog.invocations`` (a log may hold several runs).
    invocation: int = 0

    @property
    def message(self) -> str:
        """The error text as dbt printed it, one line per detail line."""
        return "\n".join(self.detail)

    def to_json(self) -> JSONDict:
        """JSON-able form for ``bundle.facts``."""
        return {
            "resource_type": self.resource_type,
            "name": self.name,
            "path": self.path,
            "error_type": self.error_type,
            "failures": self.failures,
            "condition": self.condition,
            "level": self.level,
            "message": self.message,
            "line_no": self.line_no,
            "compiled_path": self.compiled_path,
        }


@dataclass
class NodeLine:
    """One ``N of M STATUS …`` progress line."""

    status: str
    what: str
    failures: int | None
    line_no: int
    invocation: int = 0


@dataclass
class CosmosDiagnosis:
    """The structured summary Cosmos' AI diagnosis appended (model output: a claim, not evidence)."""

    root_cause: str = ""
    suggested_fix: str = ""
    confidence: str = ""
    line_no: int = 0

    def to_json(self) -> JSONDict:
        """JSON-able form for ``bundle.facts``."""
        return {
            "root_cause": self.root_cause,
            "suggested_fix": self.suggested_fix,
            "confidence": self.confidence,
            "line_no": self.line_no,
        }


@dataclass
class DbtLog:
    """Everything one pass over a dbt (or Airflow-wrapped dbt) log extracted."""

    format: str = "text"
    invocations: list[Invocation] = field(default_factory=list)
    failures: list[LogFailure] = field(default_factory=list)
    node_lines: list[NodeLine] = field(default_factory=list)
    errors_reported: int | None = None
    warnings_reported: int | None = None
    stats: dict[str, int] = field(default_factory=dict)
    cosmos: CosmosDiagnosis | None = None
    first_timestamp: datetime | None = None
    last_timestamp: datetime | None = None
    lines_read: int = 0

    @property
    def is_dbt(self) -> bool:
        """Whether anything dbt-shaped was seen at all."""
        return bool(self.invocations or self.failures or self.node_lines or self.stats)

    @property
    def latest(self) -> Invocation | None:
        """The last invocation in the log: the one the failed task ended with."""
        return self.invocations[-1] if self.invocations else None

    def latest_failures(self) -> list[LogFailure]:
        """Failure blocks of the last invocation (earlier runs in the same file are history)."""
        last = max(len(self.invocations) - 1, 0)
        return [f for f in self.failures if f.invocation == last]

    def latest_node_lines(self) -> list[NodeLine]:
        """Progress lines of the last invocation."""
        last = max(len(self.invocations) - 1, 0)
        return [n for n in self.node_lines if n.invocation == last]

    def to_json(self) -> JSONDict:
        """JSON-able form for ``bundle.facts``."""
        return {
            "format": self.format,
            "invocations": [i.to_json() for i in self.invocations[-5:]],
            "failures": [f.to_json() for f in self.latest_failures()[:50]],
            "earlier_failures": len(self.failures) - len(self.latest_failures()),
            "errors_reported": self.errors_reported,
            "warnings_reported": self.warnings_reported,
            "stats": dict(self.stats),
            "cosmos_diagnosis": self.cosmos.to_json() if self.cosmos else None,
            "lines_read": self.lines_read,
        }


class CleanLine(NamedTuple):
    """One log line unwrapped to dbt's text.

    ``new_message`` is True when dbt's own time prefix was present: dbt prints it on the first line of
    each message only, so its absence marks a continuation line of a multi-line error.
    """

    text: str
    timestamp: str | None
    new_message: bool
    debug: bool


def clean_line(raw: str) -> CleanLine:
    """Unwrap one log line to dbt's own text; also return a full timestamp when the wrapper had one.

    Handles Airflow 3 JSON task-log lines (``{"event": …, "timestamp": …}``), Airflow 2 prefixes,
    ANSI colours, and dbt's console and file-log time prefixes.
    """
    line = raw.rstrip("\r\n")[:MAX_LINE_CHARS]
    stamp: str | None = None
    stripped = json_line(line)
    if stripped.startswith("{") and '"event"' in stripped:
        record = json_object(stripped)
        if record is not None and isinstance(record.get("event"), str):
            line = record["event"]
            stamp = record.get("timestamp") if isinstance(record.get("timestamp"), str) else None
    line = _ANSI_RE.sub("", line)
    line = _AIRFLOW_PREFIX_RE.sub("", line)
    match = _DBT_FILE_PREFIX_RE.match(line) or _DBT_CONSOLE_PREFIX_RE.match(line)
    debug = match is not None and "[debug]" in line[: match.end()]
    if match:
        line = line[match.end() :]
    return CleanLine(line, stamp, match is not None, debug)


class _Parser:
    """Line-at-a-time state machine behind :func:`parse_log_lines`."""

    def __init__(self) -> None:
        self.log = DbtLog()
        self.block: LogFailure | None = None
        self.pending_error: Invocation | None = None
        self.cosmos_armed = 0

    def invocation(self) -> Invocation:
        if not self.log.invocations:
            self.log.invocations.append(Invocation())
        return self.log.invocations[-1]

    def note_time(self, stamp: str | None) -> None:
        parsed = parse_timestamp(stamp) if stamp else None
        if parsed is None:
            return
        if self.log.first_timestamp is None:
            self.log.first_timestamp = parsed
        self.log.last_timestamp = parsed

    def feed_json(self, record: JSONDict, line_no: int) -> bool:
        """Handle a ``--log-format json`` record; False when the line is not one."""
        info, data = record.get("info"), record.get("data")
        if not isinstance(info, dict) or not isinstance(data, dict):
            return False
        self.log.format = "json"
        ts = info.get("ts")
        stamp = ts if isinstance(ts, str) else ""
        self.note_time(stamp)
        inv_id = str(info.get("invocation_id", ""))
        if inv_id and (not self.log.invocations or self.log.invocations[-1].invocation_id != inv_id):
            self.log.invocations.append(
                Invocation(invocation_id=inv_id, started=stamp, started_at=parse_timestamp(stamp))
            )
        if info.get("level") == "debug":
            self.invocation().debug_seen = True
        msg = _ANSI_RE.sub("", str(info.get("msg", "")))
        handler = _JSON_HANDLERS.get(str(info.get("name", "")))
        if handler is not None:
            handler(self, _JsonEvent(str(info.get("name", "")), data, msg, line_no))
        self.scan_cosmos(msg, line_no)
        return True

    # One method per dbt event name (dbt's structured logging: core/events/types.proto).

    def on_version(self, ev: _JsonEvent) -> None:
        self.invocation().dbt_version = str(ev.data.get("version", "")).lstrip("=")

    def on_args(self, ev: _JsonEvent) -> None:
        args = ev.data.get("args")
        if isinstance(args, dict):
            self.invocation().command = str(args.get("invocation_command", ""))

    def on_concurrency(self, ev: _JsonEvent) -> None:
        self.invocation().target = str(ev.data.get("target_name", ""))

    def on_artifact(self, ev: _JsonEvent) -> None:
        inv, kind = self.invocation(), str(ev.data.get("artifact_type", ""))
        inv.wrote_run_results |= kind in _RUN_RESULTS_ARTIFACTS
        inv.wrote_manifest |= kind in _MANIFEST_ARTIFACTS

    def on_main_error(self, ev: _JsonEvent) -> None:
        inv = self.invocation()
        inv.top_level_error = _ANSI_RE.sub("", str(ev.data.get("exc", ev.msg)))
        inv.top_level_error_line = ev.line_no
        inv.success = False

    def on_completed(self, ev: _JsonEvent) -> None:
        self.invocation().success = bool(ev.data.get("success"))

    def on_summary(self, ev: _JsonEvent) -> None:
        self.log.errors_reported = as_int(ev.data.get("num_errors"))
        self.log.warnings_reported = as_int(ev.data.get("num_warnings"))

    def on_stats(self, ev: _JsonEvent) -> None:
        stats = ev.data.get("stats")
        if isinstance(stats, dict):
            self.log.stats = {str(k): v for k, v in stats.items() if isinstance(v, int)}

    def on_result_failure(self, ev: _JsonEvent) -> None:
        node = _node_info(ev.data)
        self.add_failure(
            LogFailure(
                resource_type=str(ev.data.get("resource_type") or node.get("resource_type", "")),
                name=str(ev.data.get("node_name") or node.get("node_name", "")),
                path=str(ev.data.get("path", "")),
                level="warn" if ev.name == "RunResultWarning" else "fail",
                line_no=ev.line_no,
            )
        )

    def on_result_error(self, ev: _JsonEvent) -> None:
        self.attach_json_detail(_ANSI_RE.sub("", str(ev.data.get("msg", ev.msg))), ev.line_no)

    def on_compiled_path(self, ev: _JsonEvent) -> None:
        if self.log.failures:
            self.log.failures[-1].compiled_path = str(ev.data.get("path", ""))

    def on_test_result(self, ev: _JsonEvent) -> None:
        status = str(ev.data.get("status", ""))
        if status in {"fail", "warn", "error"}:
            failures = as_int(ev.data.get("num_failures"))
            self.add_node_line(status.upper(), str(ev.data.get("name", "")), failures, ev.line_no)

    def on_model_result(self, ev: _JsonEvent) -> None:
        if str(ev.data.get("status", "")) == "error":
            name = str(_node_info(ev.data).get("node_name", ""))
            self.add_node_line("ERROR", name, None, ev.line_no)

    def attach_json_detail(self, text: str, line_no: int) -> None:
        failure = self.log.failures[-1] if self.log.failures else None
        if failure is None:
            failure = LogFailure(resource_type="", name="", line_no=line_no)
            self.add_failure(failure)
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        for ln in lines:
            self.absorb_detail(failure, ln)

    def add_failure(self, failure: LogFailure) -> None:
        failure.invocation = max(len(self.log.invocations) - 1, 0)
        if len(self.log.failures) < MAX_FAILURES:
            self.log.failures.append(failure)

    def add_node_line(self, status: str, what: str, failures: int | None, line_no: int) -> None:
        index = max(len(self.log.invocations) - 1, 0)
        self.log.node_lines.append(NodeLine(status, what, failures, line_no, index))

    def absorb_detail(self, failure: LogFailure, text: str) -> None:
        """Add one message line under a failure, reading the facts it carries."""
        got = GOT_RESULTS_RE.search(text)
        if got:
            failure.failures = int(got["count"])
            failure.condition = got["condition"].strip()
            failure.level = got["level"]
        err = ERROR_IN_RE.search(text)
        if err and not failure.error_type:
            failure.error_type = f"{err['error_type']} Error"
            failure.resource_type = failure.resource_type or err["resource_type"]
            failure.name = failure.name or err["name"]
            failure.path = failure.path or (err["path"] or "")
        compiled = COMPILED_AT_RE.search(text)
        if compiled:
            failure.compiled_path = compiled["path"]
            return
        if len(failure.detail) < MAX_DETAIL_LINES:
            failure.detail.append(text)

    def feed_invocation_marker(self, line: str, text: str) -> bool:
        """Start a new invocation on a file-log header or a console ``Running with dbt=`` line."""
        header = HEADER_RE.search(line)
        if header:
            self.close_block()
            self.log.invocations.append(
                Invocation(invocation_id=header["invocation_id"], started=header["time"])
            )
            return True
        running = RUNNING_WITH_RE.search(text)
        if not running:
            return False
        self.close_block()
        inv = self.log.invocations[-1] if self.log.invocations else None
        # A console log has no header: each "Running with dbt=" starts a new invocation.
        if inv is None or inv.dbt_version:
            inv = Invocation()
            self.log.invocations.append(inv)
        inv.dbt_version = running["version"]
        return True

    def feed_pending_error(self, text: str, new_message: bool) -> bool:
        """Collect the lines under ``Encountered an error:`` until the next dbt message or a blank."""
        if self.pending_error is None:
            return False
        if new_message or not text:
            self.pending_error = None
            return False
        inv = self.pending_error
        inv.top_level_error = f"{inv.top_level_error}\n{text}".strip() if inv.top_level_error else text
        if inv.top_level_error.count("\n") >= MAX_DETAIL_LINES:
            self.pending_error = None
        return True

    def feed_text(self, line: str, new_message: bool, line_no: int) -> None:
        """Handle one unwrapped text line."""
        text = line.strip()
        if self.feed_invocation_marker(line, text) or self.feed_pending_error(text, new_message):
            return
        failure_in = FAILURE_IN_RE.search(text)
        error_in = None if failure_in else ERROR_IN_RE.match(text)
        if failure_in or (error_in and self.block is None and self.in_summary()):
            self.close_block()
            m = failure_in or error_in
            assert m is not None
            self.block = LogFailure(
                resource_type=m["resource_type"],
                name=m["name"],
                path=m["path"] or "",
                level="warn" if failure_in and failure_in["prefix"] == "Warning" else "fail",
                line_no=line_no,
            )
            if error_in:
                self.absorb_detail(self.block, text)
            self.add_failure(self.block)
            return
        if self.block is not None:
            # A new dbt message ends the block unless it is indented under it ("  Got 3 results");
            # lines without dbt's prefix are continuation lines of the same multi-line error.
            indented = line[:1].isspace()
            if DONE_RE.search(text) or RESULT_LINE_RE.match(text) or (new_message and not indented):
                self.close_block()
            else:
                if text:
                    self.absorb_detail(self.block, text)
                return
        self.feed_markers(text, line_no)

    def in_summary(self) -> bool:
        return self.log.errors_reported is not None

    def feed_markers(self, text: str, line_no: int) -> None:
        """Match the one-line markers; the first pattern that matches handles the line."""
        for pattern, handler in _TEXT_MARKERS:
            match = pattern.search(text)
            if match:
                handler(self, match, line_no)
                return
        self.scan_cosmos(text, line_no)

    def on_encountered(self, m: re.Match[str], line_no: int) -> None:
        inv = self.invocation()
        inv.top_level_error = m["rest"].strip()
        inv.top_level_error_line = line_no
        inv.success = False
        self.pending_error = inv

    def on_completed_with(self, m: re.Match[str], line_no: int) -> None:
        self.log.errors_reported = int(m["errors"])
        self.log.warnings_reported = int(m["warnings"])

    def on_completed_ok(self, m: re.Match[str], line_no: int) -> None:
        self.log.errors_reported, self.log.warnings_reported = 0, 0

    def on_done(self, m: re.Match[str], line_no: int) -> None:
        self.log.stats = {k: int(v) for k, v in m.groupdict().items() if v is not None}

    def on_result_line(self, m: re.Match[str], line_no: int) -> None:
        if m["status"] in {"FAIL", "ERROR", "WARN"}:
            count = int(m["count"]) if m["count"] else None
            self.add_node_line(m["status"], m["what"].strip(), count, line_no)

    def on_compiled_at(self, m: re.Match[str], line_no: int) -> None:
        if self.log.failures and not self.log.failures[-1].compiled_path:
            self.log.failures[-1].compiled_path = m["path"]

    def on_wrote(self, m: re.Match[str], line_no: int) -> None:
        inv = self.invocation()
        inv.wrote_run_results |= m["artifact_type"] in _RUN_RESULTS_ARTIFACTS
        inv.wrote_manifest |= m["artifact_type"] in _MANIFEST_ARTIFACTS

    def on_command_done(self, m: re.Match[str], line_no: int) -> None:
        inv = self.invocation()
        inv.success = m["outcome"] == "succeeded"
        inv.command = inv.command or m["command"]

    def on_invocation_command(self, m: re.Match[str], line_no: int) -> None:
        self.invocation().command = m["command"]

    def on_target(self, m: re.Match[str], line_no: int) -> None:
        self.invocation().target = m["target"]

    def scan_cosmos(self, text: str, line_no: int) -> None:
        """Pick up Cosmos' diagnosis fields: after a diagnosis heading, or as a full field triple."""
        for piece in text.splitlines() or [text]:
            if COSMOS_HEADING_RE.search(piece):
                self.cosmos_armed = 12
            field_match = COSMOS_FIELD_RE.match(piece)
            if field_match:
                key = field_match["key"].lower().replace(" ", "_")
                diagnosis = self.log.cosmos or CosmosDiagnosis(line_no=line_no)
                if self.cosmos_armed or key == "root_cause" or self.log.cosmos is not None:
                    setattr(diagnosis, key, field_match["value"][:1000])
                    self.log.cosmos = diagnosis
            elif self.cosmos_armed:
                self.cosmos_armed -= 1

    def close_block(self) -> None:
        self.block = None

    def finish(self) -> DbtLog:
        cosmos = self.log.cosmos
        # A lone "root_cause:" line is common in other tools' output; require a second field.
        if cosmos is not None and not (cosmos.suggested_fix or cosmos.confidence):
            self.log.cosmos = None
        return self.log


@dataclass(frozen=True)
class _JsonEvent:
    name: str
    data: JSONDict
    msg: str
    line_no: int


def _node_info(data: JSONDict) -> JSONDict:
    node = data.get("node_info")
    return node if isinstance(node, dict) else {}


_JSON_HANDLERS: dict[str, Callable[[_Parser, _JsonEvent], None]] = {
    "MainReportVersion": _Parser.on_version,
    "MainReportArgs": _Parser.on_args,
    "ConcurrencyLine": _Parser.on_concurrency,
    "ArtifactWritten": _Parser.on_artifact,
    "MainEncounteredError": _Parser.on_main_error,
    "CommandCompleted": _Parser.on_completed,
    "EndOfRunSummary": _Parser.on_summary,
    "StatsLine": _Parser.on_stats,
    "RunResultFailure": _Parser.on_result_failure,
    "RunResultWarning": _Parser.on_result_failure,
    "RunResultError": _Parser.on_result_error,
    "RunResultWarningMessage": _Parser.on_result_error,
    "RunResultErrorNoMessage": _Parser.on_result_error,
    "SQLCompiledPath": _Parser.on_compiled_path,
    "LogTestResult": _Parser.on_test_result,
    "LogModelResult": _Parser.on_model_result,
    "LogSnapshotResult": _Parser.on_model_result,
    "LogSeedResult": _Parser.on_model_result,
}

_TEXT_MARKERS: tuple[tuple[re.Pattern[str], Callable[[_Parser, re.Match[str], int], None]], ...] = (
    (ENCOUNTERED_RE, _Parser.on_encountered),
    (COMPLETED_RE, _Parser.on_completed_with),
    (COMPLETED_OK_RE, _Parser.on_completed_ok),
    (DONE_RE, _Parser.on_done),
    (RESULT_LINE_RE, _Parser.on_result_line),
    (COMPILED_AT_RE, _Parser.on_compiled_at),
    (WROTE_ARTIFACT_RE, _Parser.on_wrote),
    (COMMAND_DONE_RE, _Parser.on_command_done),
    (INVOCATION_COMMAND_RE, _Parser.on_invocation_command),
    (TARGET_RE, _Parser.on_target),
)


def _dbt_json(text: str) -> JSONDict | None:
    """The record when ``text`` is a ``--log-format json`` line, else None."""
    stripped = json_line(text)
    if not (stripped.startswith("{") and '"info"' in stripped):
        return None
    return json_object(stripped)


def parse_log_lines(lines: Iterable[str]) -> DbtLog:
    """Parse dbt output line by line (text, file log or JSON log, possibly inside an Airflow log)."""
    parser = _Parser()
    for line_no, raw in enumerate(lines, start=1):
        parser.log.lines_read = line_no
        record = _dbt_json(raw)
        if record is not None and parser.feed_json(record, line_no):
            continue
        cleaned = clean_line(raw)
        parser.note_time(cleaned.timestamp)
        # dbt's JSON log printed through a BashOperator arrives inside Airflow's own JSON line.
        record = _dbt_json(cleaned.text)
        if record is not None and parser.feed_json(record, line_no):
            continue
        if cleaned.debug:
            parser.invocation().debug_seen = True
        parser.feed_text(cleaned.text, cleaned.new_message, line_no)
    return parser.finish()


def parse_log_text(text: str) -> DbtLog:
    """Parse a whole log held in memory (tests, small logs handed over as text)."""
    return parse_log_lines(text.splitlines())
