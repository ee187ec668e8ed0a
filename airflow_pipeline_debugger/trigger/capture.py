"""Worker-side capture: what only the task process knows, handed to the server through the task log.

The task process on a worker cannot touch the metadata DB (Airflow 3 blocks the ORM there), and an
HTTP call to the api-server would need a token, could block and would be lost while the api-server is
down. So the capture is written as **one structured log record** through the task's own logging
pipeline: the supervisor stores it with the task log (and uploads it with remote logging), Airflow's
secrets masker runs over it, and the runner reads it back server-side through ``TaskLogReader``.
No network, no token, nothing to lose when a server component is down.

Why the record does not copy the local log tail: it lives *in* that log, so whoever can read the
record can read the whole log (the runner reads it through the same reader).

Everything here is best effort and bounded: a capture never raises, never blocks on the network and
costs about a millisecond (``benchmarks/bench_trigger.py`` measures it). The redaction patterns are
imported with this module (when the plugin loads), so a failure pays only for the scan.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import shlex
import socket
import sys
import threading
import time
import traceback
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import PurePath
from typing import Any

from airflow_pipeline_debugger.domain import JSONDict, TaskKey
from airflow_pipeline_debugger.evidence.environment import (
    CAPTURE_MARKER,
    RECORD_LOGGER,
    environment_record,
    failure_packages,
    traceback_packages,
    versions,
)
from airflow_pipeline_debugger.evidence.redact import redact_text

CAPTURE_VERSION = 1
#: Name of the logger the record is written through; the reader only trusts records from it.
CAPTURE_LOGGER = RECORD_LOGGER

MAX_MESSAGE_CHARS = 2_000
MAX_TRACEBACK_CHARS = 8_000
MAX_PATH_CHARS = 1_000
#: Records longer than this are rejected by the reader (a hostile or corrupted log line).
MAX_RECORD_CHARS = 64_000
MAX_CHAIN = 5
#: Upper bound on the Py4J probe of a live SparkContext in the task process.
SPARK_PROBE_TIMEOUT_S = 0.05

_DBT_FLAGS = ("--project-dir", "--target-path", "--profiles-dir")
_SPARK_EVENT_LOG_KEY = "spark.eventLog.dir"
_SPARK_APP_ID_ATTRS = ("_yarn_application_id", "_kubernetes_application_id", "_driver_id")

_log = logging.getLogger(CAPTURE_LOGGER)
_captured: set[tuple[str, str, str, int, int]] = set()
_captured_lock = threading.Lock()


@dataclass
class Capture:
    """A parsed capture record, as the runner sees it."""

    key: TaskKey
    via: str
    state: str = ""
    max_tries: int = 0
    operator: str = ""
    hostname: str = ""
    pid: int = 0
    captured_at: str = ""
    error_type: str = ""
    error_message: str = ""
    traceback: str = ""
    error_chain: list[str] = field(default_factory=list)
    artifacts: dict[str, JSONDict] = field(default_factory=dict)
    capture_ms: float = 0.0
    #: ``{"packages": {name: version}, "traceback": [names, innermost last]}`` (``evidence/environment.py``).
    environment: JSONDict = field(default_factory=dict)

    def artifact_paths(self) -> list[str]:
        """Every file or folder path the capture names (dbt project/target dirs, Spark event-log dir)."""
        paths: list[str] = []
        for tool in self.artifacts.values():
            for key, value in tool.items():
                if (key.endswith(("_dir", "_path"))) and isinstance(value, str) and value:
                    paths.append(value)
        return paths

    def to_json(self) -> JSONDict:
        """The record as stored in the ``capture`` column of the investigation."""
        return {
            "v": CAPTURE_VERSION,
            "key": self.key.to_json(),
            "via": self.via,
            "state": self.state,
            "max_tries": self.max_tries,
            "operator": self.operator,
            "hostname": self.hostname,
            "pid": self.pid,
            "captured_at": self.captured_at,
            "error": {
                "type": self.error_type,
                "message": self.error_message,
                "traceback": self.traceback,
                "chain": list(self.error_chain),
            },
            "artifacts": {k: dict(v) for k, v in self.artifacts.items()},
            "capture_ms": self.capture_ms,
            "environment": dict(self.environment),
        }


class CaptureFormatError(ValueError):
    """A line carried the capture marker but not a well-formed record."""


# --------------------------------------------------------------------------- redaction


def _redact(text: str) -> str:
    """Mask secrets: the provider's patterns plus every loaded Airflow secrets masker.

    The logging pipeline masks again, but only on the JSON-encoded text, where a secret containing
    a quote or backslash no longer matches; masking the raw strings first closes that gap.
    """
    return redact_text(text) if text else text


def _cap(text: str, limit: int, *, keep_end: bool = False) -> str:
    if len(text) <= limit:
        return text
    marker = "…[truncated]…"
    if keep_end:
        return marker + text[-(limit - len(marker)) :]
    return text[: limit - len(marker)] + marker


# --------------------------------------------------------------------------- artifact discovery


def _split_command(command: str) -> list[str]:
    try:
        return shlex.split(command)
    except ValueError:
        return command.split()


def _flag_values(tokens: list[str], flags: Iterable[str]) -> dict[str, str]:
    """``--flag value`` and ``--flag=value`` pairs for the given flags (last one wins, like argparse)."""
    wanted = set(flags)
    found: dict[str, str] = {}
    for i, tok in enumerate(tokens):
        name, eq, value = tok.partition("=")
        if name in wanted:
            if eq:
                found[name] = value
            elif i + 1 < len(tokens):
                found[name] = tokens[i + 1]
    return found


def _join(base: str | None, path: str) -> str:
    if base and not PurePath(path).is_absolute():
        return os.path.normpath(PurePath(base) / path)
    return path


def dbt_paths(command: str, *, cwd: str | None = None, env: Mapping[str, str] | None = None) -> JSONDict:
    """The dbt project/target/profiles dirs named by a shell command (``cd X && dbt run --project-dir Y``).

    Precedence follows dbt: flags, then ``DBT_*`` environment variables, then the working directory
    (``cd`` in the command or the operator's ``cwd``); the target dir defaults to ``<project>/target``.
    """
    tokens = _split_command(command)
    if not any(PurePath(t).name == "dbt" for t in tokens):
        return {}
    env = env or {}
    workdir = cwd
    for i, tok in enumerate(tokens[:-1]):
        if tok == "cd":
            workdir = _join(workdir, tokens[i + 1])
    flags = _flag_values(tokens, _DBT_FLAGS)
    project = flags.get("--project-dir") or env.get("DBT_PROJECT_DIR") or workdir
    out: JSONDict = {}
    if project:
        out["project_dir"] = _join(workdir, project)
    target = flags.get("--target-path") or env.get("DBT_TARGET_PATH")
    if target:
        out["target_path"] = _join(out.get("project_dir") or workdir, target)
    elif "project_dir" in out:
        out["target_path"] = str(PurePath(out["project_dir"]) / "target")
    profiles = flags.get("--profiles-dir") or env.get("DBT_PROFILES_DIR")
    if profiles:
        out["profiles_dir"] = _join(workdir, profiles)
    return {k: _cap(v, MAX_PATH_CHARS) for k, v in out.items()}


def spark_paths_from_command(command: str, *, cwd: str | None = None) -> JSONDict:
    """The Spark event-log dir given on a ``spark-submit``/``pyspark`` command line (``--conf k=v``)."""
    if "spark" not in command:
        return {}
    tokens = _split_command(command)
    for i, tok in enumerate(tokens):
        candidate = tok
        if tok in {"--conf", "-c"} and i + 1 < len(tokens):
            candidate = tokens[i + 1]
        key, eq, value = candidate.partition("=")
        if eq and key == _SPARK_EVENT_LOG_KEY and value:
            return {"event_log_dir": _cap(_join(cwd, value) if "://" not in value else value, MAX_PATH_CHARS)}
    return {}


def _in_process_spark() -> JSONDict:
    """App id and event-log dir of a SparkContext still alive in this process (PySpark local jobs).

    Only looked at when PySpark is already imported. Reading them is a local Py4J call to the
    driver JVM; it runs in a daemon thread given :data:`SPARK_PROBE_TIMEOUT_S`, so a JVM stuck in
    garbage collection costs the task that long at most and never blocks it.
    """
    if "pyspark" not in sys.modules:
        return {}
    try:
        from pyspark import SparkContext

        sc = SparkContext._active_spark_context
    except Exception:  # noqa: BLE001 - a broken Spark install must not break the capture
        return {}
    if sc is None:
        return {}
    found: JSONDict = {}

    def probe() -> None:
        try:
            found["app_id"] = str(sc.applicationId)
            event_log_dir = sc.getConf().get(_SPARK_EVENT_LOG_KEY)
            if event_log_dir:
                found["event_log_dir"] = str(event_log_dir)
        except Exception:  # noqa: BLE001, S110 - a dead JVM just means nothing to report
            pass

    thread = threading.Thread(target=probe, name="pipeline-debugger-spark-probe", daemon=True)
    thread.start()
    thread.join(SPARK_PROBE_TIMEOUT_S)
    return dict(found)


def _operator_artifacts(task: Any) -> dict[str, JSONDict]:
    """Tool artifacts an operator points at: command lines, cosmos attributes, Spark submit conf."""
    artifacts: dict[str, JSONDict] = {}
    env = getattr(task, "env", None)
    env_map = env if isinstance(env, Mapping) else {}
    cwd = getattr(task, "cwd", None)
    cwd = cwd if isinstance(cwd, str) else None
    command = getattr(task, "bash_command", None)
    if isinstance(command, str) and command:
        dbt = dbt_paths(command, cwd=cwd, env=env_map)
        if dbt:
            artifacts["dbt"] = dbt
        spark = spark_paths_from_command(command, cwd=cwd)
        if spark:
            artifacts["spark"] = spark
    # astronomer-cosmos dbt operators
    project_dir = getattr(task, "project_dir", None)
    if project_dir and "dbt" not in artifacts:
        project = str(project_dir)
        artifacts["dbt"] = {
            "project_dir": _cap(project, MAX_PATH_CHARS),
            "target_path": _cap(str(PurePath(project) / "target"), MAX_PATH_CHARS),
        }
    # SparkSubmitOperator keeps its --conf dict and hook privately
    spark_conf = getattr(task, "_conf", None) or getattr(task, "conf", None)
    if isinstance(spark_conf, Mapping) and spark_conf.get(_SPARK_EVENT_LOG_KEY):
        artifacts.setdefault("spark", {})["event_log_dir"] = _cap(
            str(spark_conf[_SPARK_EVENT_LOG_KEY]), MAX_PATH_CHARS
        )
    hook = getattr(task, "_hook", None)
    for attr in _SPARK_APP_ID_ATTRS:
        value = getattr(hook, attr, None) if hook is not None else None
        if isinstance(value, str) and value:
            artifacts.setdefault("spark", {})["app_id"] = value
            break
    live = _in_process_spark()
    if live:
        spark = artifacts.setdefault("spark", {})
        for k, v in live.items():
            spark.setdefault(k, v)
    return artifacts


# --------------------------------------------------------------------------- building and emitting


def _qualname(obj: object) -> str:
    cls = obj if isinstance(obj, type) else type(obj)
    module = cls.__module__
    return cls.__qualname__ if module == "builtins" else f"{module}.{cls.__qualname__}"


def _capped_redacted(text: str, limit: int, *, keep_end: bool = False) -> str:
    """Cut to twice ``limit``, redact, then cut to ``limit``.

    Redaction runs in the task's process, so its cost must follow the cap, not the message (a 5 MB
    exception text took seconds). The margin keeps a secret cut by the first cut away from what is
    kept: its recognisable head (``password=``, ``scheme://``) is either inside or dropped with it.
    """
    return _cap(_redact(_cap(text, 2 * limit, keep_end=keep_end)), limit, keep_end=keep_end)


def _error_fields(error: BaseException | str | None) -> tuple[str, str, str, list[str]]:
    if error is None:
        return "", "", "", []
    if isinstance(error, str):
        return "", _capped_redacted(error, MAX_MESSAGE_CHARS), "", []
    tb = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    chain: list[str] = []
    seen = {id(error)}
    cause = error.__cause__ or error.__context__
    while cause is not None and len(chain) < MAX_CHAIN and id(cause) not in seen:
        seen.add(id(cause))
        chain.append(f"{_qualname(cause)}: {_capped_redacted(str(cause), MAX_MESSAGE_CHARS)}")
        cause = cause.__cause__ or cause.__context__
    return (
        _qualname(error),
        _capped_redacted(str(error), MAX_MESSAGE_CHARS),
        _capped_redacted(tb, MAX_TRACEBACK_CHARS, keep_end=True),
        chain,
    )


def build_capture(ti: Any, error: BaseException | str | None, *, via: str, task: Any = None) -> Capture:
    """Collect the worker-only facts about a failed try into a :class:`Capture` (may raise)."""
    started = time.perf_counter()
    task = task if task is not None else getattr(ti, "task", None)
    error_type, message, tb, chain = _error_fields(error)
    state = getattr(ti, "state", None)
    operator = ""
    if task is not None:
        operator = str(getattr(task, "operator_class_path", "") or "") or _qualname(task)
    capture = Capture(
        key=TaskKey.of(ti),
        via=via,
        state=str(getattr(state, "value", state) or ""),
        max_tries=int(getattr(ti, "max_tries", 0) or 0),
        operator=operator,
        hostname=str(getattr(ti, "hostname", None) or socket.gethostname()),
        pid=os.getpid(),
        captured_at=datetime.now(UTC).isoformat(),
        error_type=error_type,
        error_message=message,
        traceback=tb,
        error_chain=chain,
        artifacts=_operator_artifacts(task) if task is not None else {},
        environment=_environment(error, task),
    )
    capture.capture_ms = round((time.perf_counter() - started) * 1000, 3)
    return capture


def _environment(error: BaseException | str | None, task: Any) -> JSONDict:
    """Versions of the packages the traceback runs through (and the tools'), for the change evidence."""
    names = traceback_packages(error) if isinstance(error, BaseException) else []
    packages = failure_packages(names, _operator_module(task))
    return {"packages": packages, "traceback": [n for n in names if n in packages]} if packages else {}


def _operator_module(task: Any) -> str:
    return type(task).__module__ if task is not None else ""


def encode_record(capture: Capture) -> str:
    """The one-line log event: marker, space, compact ASCII JSON (newlines escaped)."""
    body = json.dumps(capture.to_json(), separators=(",", ":"), ensure_ascii=True, default=str)
    if len(body) > MAX_RECORD_CHARS - len(CAPTURE_MARKER) - 1:
        capture.traceback = _cap(capture.traceback, MAX_TRACEBACK_CHARS // 4, keep_end=True)
        capture.error_chain = capture.error_chain[:1]
        body = json.dumps(capture.to_json(), separators=(",", ":"), ensure_ascii=True, default=str)
    return f"{CAPTURE_MARKER} {body}"


def claim_capture(key: TaskKey) -> bool:
    """Reserve the capture of one try in this process; False when the callback or listener did it."""
    with _captured_lock:
        if key.as_tuple() in _captured:
            return False
        _captured.add(key.as_tuple())
        return True


def capture_failure(ti: Any, error: BaseException | str | None, *, via: str, task: Any = None) -> bool:
    """Capture one failed try and write the record to the task log; never raises.

    Returns True when a record was written (False when this try was already captured in this
    process — the callback and the listener both run for a plain failure — or on any error).
    """
    try:
        key = TaskKey.of(ti)
        if not claim_capture(key):
            return False
        record = encode_record(build_capture(ti, error, via=via, task=task))
        # WARNING so that a ``logging_level = WARNING`` deployment still keeps the record.
        _log.warning(record)
        return True
    except Exception:  # noqa: BLE001 - the debugger must never fail the user's task
        with contextlib.suppress(Exception):
            _log.debug("pipeline-debugger capture failed", exc_info=True)
        return False


def record_environment(ti: Any) -> bool:
    """Write the package versions a successful try ran with to its log; never raises.

    One INFO record per successful try: the baseline a later failure's versions are compared with.
    """
    try:
        _log.info(environment_record(TaskKey.of(ti), _operator_module(getattr(ti, "task", None))))
        return True
    except Exception:  # noqa: BLE001 - the debugger must never fail the user's task
        with contextlib.suppress(Exception):
            _log.debug("pipeline-debugger environment record failed", exc_info=True)
        return False


# --------------------------------------------------------------------------- reading back

_KEY_STRINGS = ("dag_id", "run_id", "task_id")
_MARKER_RE = re.compile(re.escape(CAPTURE_MARKER) + r" (\{.*\})\s*$", re.DOTALL)


def _as_int(value: Any, default: int = 0) -> int:
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.lstrip("-").isdigit():
        return int(value)
    return default


def _as_dict(value: Any) -> JSONDict:
    return value if isinstance(value, dict) else {}


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _as_str(value: Any, limit: int = MAX_MESSAGE_CHARS) -> str:
    return _cap(value, limit) if isinstance(value, str) else ""


def parse_record(event: str) -> Capture:
    """Parse one log event carrying the marker; raises :class:`CaptureFormatError` when malformed."""
    if len(event) > MAX_RECORD_CHARS:
        raise CaptureFormatError(f"capture record is {len(event)} characters, above {MAX_RECORD_CHARS}")
    match = _MARKER_RE.search(event)
    if not match:
        raise CaptureFormatError("no capture marker followed by a JSON object")
    try:
        raw = json.loads(match.group(1))
    except json.JSONDecodeError as exc:
        raise CaptureFormatError(f"capture record is not valid JSON: {exc.msg} at {exc.pos}") from exc
    if not isinstance(raw, dict) or _as_int(raw.get("v")) != CAPTURE_VERSION:
        raise CaptureFormatError("capture record has an unknown version")
    key = raw.get("key")
    if not isinstance(key, dict) or not all(isinstance(key.get(k), str) for k in _KEY_STRINGS):
        raise CaptureFormatError("capture record has no task key")
    error = _as_dict(raw.get("error"))
    artifacts_raw = _as_dict(raw.get("artifacts"))
    artifacts: dict[str, JSONDict] = {}
    for tool, values in artifacts_raw.items():
        if isinstance(tool, str) and isinstance(values, dict):
            artifacts[tool] = {
                k: _as_str(v, MAX_PATH_CHARS)
                for k, v in values.items()
                if isinstance(k, str) and isinstance(v, str)
            }
    chain_raw = error.get("chain")
    chain: list[Any] = chain_raw if isinstance(chain_raw, list) else []
    capture_ms = raw.get("capture_ms")
    environment = _as_dict(raw.get("environment"))
    return Capture(
        key=TaskKey(
            dag_id=key["dag_id"],
            run_id=key["run_id"],
            task_id=key["task_id"],
            map_index=_as_int(key.get("map_index"), -1),
            try_number=_as_int(key.get("try_number")),
        ),
        via=_as_str(raw.get("via"), 32),
        state=_as_str(raw.get("state"), 32),
        max_tries=_as_int(raw.get("max_tries")),
        operator=_as_str(raw.get("operator"), 300),
        hostname=_as_str(raw.get("hostname"), 300),
        pid=_as_int(raw.get("pid")),
        captured_at=_as_str(raw.get("captured_at"), 64),
        error_type=_as_str(error.get("type"), 300),
        # Redacted again on read: the record may come from a worker running an older version.
        error_message=_redact(_as_str(error.get("message"))),
        traceback=_redact(_as_str(error.get("traceback"), MAX_TRACEBACK_CHARS + 32)),
        error_chain=[_redact(_as_str(c)) for c in chain[:MAX_CHAIN] if isinstance(c, str)],
        artifacts=artifacts,
        capture_ms=float(capture_ms) if isinstance(capture_ms, int | float) else 0.0,
        environment={
            "packages": versions(environment.get("packages")),
            "traceback": [
                _as_str(n, 100) for n in _as_list(environment.get("traceback"))[:50] if isinstance(n, str)
            ],
        }
        if environment
        else {},
    )


def find_capture(events: Iterable[tuple[str, str | None]], key: TaskKey) -> tuple[Capture | None, list[str]]:
    """The capture for ``key`` among ``(event, logger_name)`` pairs of a task log, plus problems seen.

    Only records written through :data:`CAPTURE_LOGGER` count: a line the task printed to stdout
    cannot impersonate one, and a line with no logger name (a plain-text log, an old format) cannot
    prove where it came from, so it is ignored too. Only records for this exact try count, and the
    last one wins. Ignored and malformed records are reported, never fatal.
    """
    found: Capture | None = None
    problems: list[str] = []
    for event, logger_name in events:
        if CAPTURE_MARKER not in event:
            continue
        if logger_name is None:
            problems.append("ignored a capture marker with no logger name: its origin cannot be checked")
            continue
        if logger_name != CAPTURE_LOGGER:
            problems.append(f"ignored a capture marker written by logger {logger_name!r}")
            continue
        try:
            capture = parse_record(event)
        except CaptureFormatError as exc:
            problems.append(str(exc))
            continue
        if capture.key != key:
            problems.append(f"ignored a capture record for another try: {capture.key.as_tuple()}")
            continue
        found = capture
    return found, problems
