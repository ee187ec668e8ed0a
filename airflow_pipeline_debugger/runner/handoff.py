"""Server side of the hand-off: read the task log back and take the worker's capture record out of it.

The log is read through Airflow's own ``TaskLogReader`` — local file, the worker's log server or
remote storage, whatever the deployment uses — and streamed to a private temporary file as JSON
lines (bounded memory for huge logs). The capture record is kept apart and removed from that file,
so the evidence scanner does not see the worker's traceback twice.

Timing: the worker writes the record in ``finalize()``, *after* it reported the failure and after
the task's own failure callbacks ran, and remote logs are uploaded after the process exits. A
runner that reads the log right after the failure can therefore be early. The log itself says when
no record can follow: ``finalize()`` ends by closing the ``Post Execute`` group (the record, when
there is one, is written before that), and the supervisor writes ``Process terminated by signal``
or ``Process exited abnormally`` once the task process is gone (SIGKILL, OOM). When neither the
record nor such an end is in the log and the try ended less than ``[pipeline_debugger]
handoff_settle_seconds`` ago, the log is read again at growing intervals until one of them shows
up or that time is over. A try without a record then (lost worker, a log that never closes) is
investigated from the log and the metadata alone.
"""

from __future__ import annotations

import contextlib
import json
import logging
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from airflow_pipeline_debugger import conf
from airflow_pipeline_debugger.adapters.collect import DEFAULT_LOG_SCAN_MAX_BYTES
from airflow_pipeline_debugger.domain import TaskKey
from airflow_pipeline_debugger.evidence.environment import CAPTURE_MARKER
from airflow_pipeline_debugger.trigger.capture import CAPTURE_LOGGER, Capture, find_capture

log = logging.getLogger(__name__)

#: Task-runner events that open and close the group ``finalize()`` closes last.
_POST_EXECUTE = "::group::Post Execute"
_END_GROUP = "::endgroup::"
#: Supervisor events written once the task process has exited without finishing ``finalize()``.
_PROCESS_GONE = ("Process terminated by signal", "Process exited abnormally")
#: First pause between reads while waiting for the record, and the longest one.
FIRST_POLL_S = 0.25
MAX_POLL_S = 2.0
#: Bytes of the end of an over-long log kept in the spooled copy (the scanner's tail window).
SPOOL_TAIL_BYTES = 16 * 1024 * 1024
#: Capture records of the capture logger kept for the check; a try writes one, a retry loop a few.
MAX_CAPTURE_RECORDS = 20


@dataclass
class TaskLog:
    """The task log of one try as the runner got it."""

    path: Path | None = None
    messages: int = 0
    size_bytes: int = 0
    #: Bytes of the middle of the log left out of the copy (over ``log_scan_max_bytes``).
    omitted_bytes: int = 0
    capture: Capture | None = None
    problems: list[str] = field(default_factory=list)
    error: str = ""
    #: The log shows the task process is done (``finalize()`` finished, or the process died): a
    #: record that is not in it will not come.
    finished: bool = False
    #: ``[line_no, logs_tab_no, count]`` runs: the number Airflow's Logs tab gives each line of the copy.
    logs_tab_map: list[list[int]] = field(default_factory=list)

    def cleanup(self) -> None:
        """Delete the temporary copy."""
        if self.path is not None:
            with contextlib.suppress(OSError):
                self.path.unlink()
            self.path = None


def _message_fields(message: Any) -> tuple[str, str | None, str]:
    """``(event, logger, json_line)`` of one ``StructuredLogMessage`` (or a plain string line)."""
    if isinstance(message, str):
        return message, None, json.dumps({"event": message})
    event = str(getattr(message, "event", "") or "")
    extra = getattr(message, "model_extra", None) or {}
    logger = extra.get("logger") if isinstance(extra, dict) else None
    dump = getattr(message, "model_dump_json", None)
    line = dump() if callable(dump) else json.dumps({"event": event})
    return event, logger if isinstance(logger, str) else None, line


@dataclass
class _Copy:
    """The spooled copy being written, with the number Airflow's Logs tab shows for each of its lines."""

    out: TextIO
    logs_tab_map: list[list[int]]
    lines: int = 0
    records_numbered: int = 0

    def tab_number(self, event: str) -> int | None:
        """The number Airflow's Logs tab gives the record that comes next, ``None`` for none.

        The tab (Airflow 3.3) numbers every record of the log but the ``::group::`` /
        ``::endgroup::`` markers, from 0, and ``#N`` in its URL scrolls to line N.
        """
        if "::group::" in event or "::endgroup::" in event:
            return None
        self.records_numbered += 1
        return self.records_numbered - 1

    def write(self, line: str, tab_no: int | None) -> None:
        """Append ``line``; ``tab_no`` extends the last ``[line_no, logs_tab_no, count]`` run or opens one."""
        self.out.write(line)
        self.out.write("\n")
        self.lines += 1
        if tab_no is None:
            return
        runs = self.logs_tab_map
        if runs and runs[-1][0] + runs[-1][2] == self.lines and runs[-1][1] + runs[-1][2] == tab_no:
            runs[-1][2] += 1
        else:
            runs.append([self.lines, tab_no, 1])


def _process_gone(event: str) -> bool:
    """Whether ``event`` is the supervisor saying the task process exited (signal, exit code, SIGSEGV)."""
    return event.startswith(_PROCESS_GONE) or "Received SIGSEGV" in event[:300]


def spool_log(
    messages: Iterable[Any], key: TaskKey, dest_dir: Path, *, max_bytes: int = DEFAULT_LOG_SCAN_MAX_BYTES
) -> TaskLog:
    """Write ``messages`` as JSON lines to a temporary file, minus capture records; find the capture.

    The copy holds at most ``max_bytes`` (``[pipeline_debugger] log_scan_max_bytes``, what the
    scanner reads anyway): the head, then one line saying what was left out, then the last
    :data:`SPOOL_TAIL_BYTES` — the end of a failed task's log is where its error is. Capture records
    from a logger other than the capture logger, or with no logger name to check, are counted and
    dropped at once rather than kept for the check, and at most :data:`MAX_CAPTURE_RECORDS` of ours
    are kept (the last one wins).
    """
    result = TaskLog()
    records: deque[tuple[str, str | None]] = deque(maxlen=MAX_CAPTURE_RECORDS)
    foreign: list[tuple[str, str | None]] = []
    foreign_count = 0
    tail_budget = min(SPOOL_TAIL_BYTES, max_bytes // 2)
    head_budget = max_bytes - tail_budget
    tail: deque[tuple[str, int | None]] = deque()
    tail_bytes = omitted_lines = omitted_bytes = 0
    fd, name = tempfile.mkstemp(prefix="task-log-", suffix=".jsonl", dir=dest_dir)
    path = Path(name)
    in_post_execute = False
    with open(fd, "w", encoding="utf-8", errors="replace") as out:  # noqa: PTH123 - a descriptor, not a path
        copy = _Copy(out, result.logs_tab_map)
        for message in messages:
            event, logger, line = _message_fields(message)
            numbered = copy.tab_number(event)
            if CAPTURE_MARKER in event:
                if logger == CAPTURE_LOGGER:
                    records.append((event, logger))
                else:
                    foreign_count += 1
                    if len(foreign) < MAX_CAPTURE_RECORDS:
                        foreign.append((event, logger))
                continue
            in_post_execute = in_post_execute or event == _POST_EXECUTE
            if (in_post_execute and event == _END_GROUP) or _process_gone(event):
                result.finished = True
            size = len(line) + 1
            result.messages += 1
            result.size_bytes += size
            if result.size_bytes <= head_budget:
                copy.write(line, numbered)
                continue
            tail.append((line, numbered))
            tail_bytes += size
            while tail_bytes > tail_budget and tail:
                dropped = len(tail.popleft()[0]) + 1
                tail_bytes -= dropped
                omitted_lines += 1
                omitted_bytes += dropped
        if omitted_lines:
            result.omitted_bytes = omitted_bytes
            notice = (
                f"[pipeline-debugger] {omitted_lines} log line(s) ({omitted_bytes} bytes) left out here: "
                f"the log is over the {max_bytes}-byte limit (log_scan_max_bytes); its head and tail are kept"
            )
            copy.write(json.dumps({"event": notice}), None)  # ours: not a line of Airflow's log
        for line, numbered in tail:
            copy.write(line, numbered)
    result.path = path
    result.capture, result.problems = find_capture([*foreign, *records], key)
    if foreign_count > len(foreign):
        result.problems.append(
            f"ignored {foreign_count - len(foreign)} more capture marker(s) not written by the capture logger"
        )
    return result


def _read_once(ti: Any, key: TaskKey, dest_dir: Path) -> TaskLog:
    from airflow.utils.log.log_reader import TaskLogReader

    try:
        stream, _metadata = TaskLogReader().read_log_chunks(ti, key.try_number, {})
        return spool_log(stream, key, dest_dir, max_bytes=conf.log_scan_max_bytes())
    except Exception as exc:  # remote store down, log server unreachable, no handler
        log.warning("pipeline-debugger: could not read the log of %s", key.as_tuple(), exc_info=True)
        return TaskLog(error=f"{type(exc).__name__}: {exc}")


def read_task_log(
    ti: Any,
    key: TaskKey,
    dest_dir: Path,
    *,
    settle_s: float,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    sleep: Callable[[float], None] = time.sleep,
    cancelled: Callable[[], bool] = lambda: False,
) -> TaskLog:
    """Read the log of one try, again while it has neither the record nor its end.

    Re-reads happen at growing intervals and only until ``settle_s`` after the try ended.
    """
    got = _read_once(ti, key, dest_dir)
    ended = getattr(ti, "end_date", None)
    if not isinstance(ended, datetime):
        return got
    pause = FIRST_POLL_S
    while got.capture is None and not got.error and not got.finished:
        remaining = settle_s - (now() - ended).total_seconds()
        if remaining <= 0 or cancelled():
            return got
        sleep(min(pause, remaining))
        pause = min(pause * 2, MAX_POLL_S)
        again = _read_once(ti, key, dest_dir)
        if again.error:
            return got
        got.cleanup()
        got = again
    return got
