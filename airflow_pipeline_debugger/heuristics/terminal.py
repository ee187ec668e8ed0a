"""The lines a task died with, and what the lines before them say about its input.

A log ends with the error that killed the task: the last traceback, the tool's final error block or
the failed-task line. Rules that classify an error read that *terminal block* rather than every
line that looks like an error, because long logs are full of chatter (INFO lines about evicted cache
entries, a WARNING about a connection that was retried and recovered) that names the wrong cause.

The lines *before* the terminal block can turn a generic exception into a data problem: a
``KeyError: 'customer_id'`` after a line listing the extract's columns without that name, a
``ZeroDivisionError`` right after "fetched 0 rows". :func:`input_context` finds such lines.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from airflow_pipeline_debugger.domain import EvidenceBundle, EvidenceKind, LogLine, Signal
from airflow_pipeline_debugger.evidence.levels import EXCEPTION_LINE_RE, is_retried
from airflow_pipeline_debugger.evidence.lines import numbered_lines
from airflow_pipeline_debugger.heuristics.message import (
    indentation,
    is_exception_line,
    payload,
    rendered_where,
    shorten_middle,
)
from airflow_pipeline_debugger.tolerant import as_int

#: Lines kept before and after the last error line (a traceback's frames come before it on Python,
#: a JVM trace's "Caused by" chain after it).
LINES_BEFORE = 15
LINES_AFTER = 60
#: Lines of a child's relayed output kept before the operator's report of its exit (a JVM trace
#: with its "Caused by" chain).
RELAYED_LINES = LINES_AFTER
#: Without an error line, the end of the log is where the task stopped.
TAIL_LINES = 40
#: How far back from the terminal block the input context is looked for.
CONTEXT_LINES = 400

#: A level near a line's start; ``/`` after it is Celery's ``[…: ERROR/MainProcess]``.
_LEVEL_RE = re.compile(
    r"(?:^|[\s\[|:{(])(ERROR|CRITICAL|FATAL|WARN(?:ING)?|INFO|DEBUG|TRACE)(?=[\s\]|:)\-/]|$)"
)
_QUIET_LEVELS = frozenset({"INFO", "DEBUG", "TRACE"})
#: Levels at which code reports a problem it caught and carries on from.
_CAUGHT_LEVELS = _QUIET_LEVELS | {"WARNING"}
#: Loggers through which Airflow streams a child process's output while it runs (KubernetesPodOperator,
#: SubprocessHook, BashOperator, Docker, and SparkSubmitHook, which logs every line spark-submit prints
#: at INFO).
_STREAM_RE = re.compile(
    r"\{\{?(?:pod_launcher|pod_manager|pod|subprocess|bash|docker|process_utils|spark_submit)\.py:\d+\}\}?"
    r"|\[airflow\.task\.hooks\.[\w.]*(?:SubprocessHook|PodManager|SparkSubmitHook)\]"
    r"|\bSubprocessHook\b|\bpod_manager\b"
)
#: Those, and Airflow 2's logging_mixin relaying the task's own print() output.
_RELAY_RE = re.compile(_STREAM_RE.pattern + r"|\{\{?logging_mixin\.py:\d+\}\}?")


def level_of(text: str) -> str:
    """The log level a line declares near its start (``ERROR``, ``WARNING``, ``INFO`` …), else ``""``."""
    match = _LEVEL_RE.search(text[:160])
    if not match:
        return ""
    level = match.group(1)
    return "WARNING" if level.startswith("WARN") else level


def is_relayed(text: str) -> bool:
    """A line Airflow logged for a child: a pod's, a subprocess's or print()'s output, logged as INFO.

    Its own level is lost, so its words count as the task's output, not as chatter.
    """
    return bool(_RELAY_RE.search(text[:400]))


def is_streamed(text: str) -> bool:
    """A line of a child process's output streamed while the child runs: the child is still working.

    Unlike print() output relayed through logging_mixin, which says nothing of a child.
    """
    return bool(_STREAM_RE.search(text[:400]))


#: httpx's record of a call of the task's supervisor to the Execution API about its task instance
#: that was refused or failed (``HTTP Request: PUT …/execution/task-instances/<id>/heartbeat "HTTP/1.1
#: 403 Forbidden"``): logged at INFO like every request, yet the supervisor stops the task on it. A
#: variable, XCom or connection the task looked up and did not find (``GET …/execution/variables/x
#: "HTTP/1.1 404 Not Found"``) is an ordinary miss the task handles (a default), so it stays chatter.
_SUPERVISOR_CALL_FAILED_RE = re.compile(
    r"HTTP Request: [A-Z]{3,7} (?=[^\s\"]{0,2000}/execution/task-instances/)[^\s\"]{1,2000} "
    r"\"HTTP/[\d.]{1,5} [45]\d\d\b"
)


def is_chatter(text: str) -> bool:
    """An INFO/DEBUG line (not relayed output): weak evidence for any cause, whatever words it contains.

    Not a refused call of the supervisor to the Execution API, which httpx records at INFO.
    """
    return (
        level_of(text) in _QUIET_LEVELS
        and not is_relayed(text)
        and not _SUPERVISOR_CALL_FAILED_RE.search(text)
    )


def not_carried_on_from(bundle: EvidenceBundle, signals: list[Signal]) -> list[Signal]:
    """``signals`` less those the task logged as a caught problem and then carried on from.

    Code that catches an exception and goes on logs it below ERROR: a ``GitDagBundle`` with a
    ``repo_url`` logs the ``git_default`` connection it did not find at INFO, a hook that falls back
    to defaults logs a WARNING. When later lines of the same log follow such a line, the task
    survived it, and the error it died of is another one: weak evidence for the cause (issue 19).
    A child's output relayed as INFO is the child's own error and keeps its weight, as does a line
    nothing follows (no line shows the task went on) or one whose log was not kept.
    """
    last_line = {b.evidence_id: b.lines[-1].line_no for b in terminal_blocks(bundle) if b.lines}

    def carried_on(signal: Signal) -> bool:
        return bool(signal.lines) and all(
            level_of(line.text) in _CAUGHT_LEVELS
            and not is_relayed(line.text)
            and last_line.get(line.evidence_id, 0) > line.line_no
            for line in signal.lines
        )

    return [s for s in signals if not carried_on(s)]


@dataclass(frozen=True)
class TerminalBlock:
    """The numbered lines around one log's last error (or its tail), and the lines before them."""

    evidence_id: str
    lines: tuple[LogLine, ...]
    before: tuple[LogLine, ...]
    #: The last error line the scanner found, when there is one (else the block is the log's tail).
    anchor: LogLine | None = None
    #: The first line of the failure's aftermath the block stops before (Airflow marking the task
    #: failed, its email alert, a failure callback), when the log goes on past the task's error.
    aftermath: LogLine | None = None
    #: Airflow's mark that an earlier attempt failed, when the log shows one before the error: the
    #: lines up to it are that attempt's, which the failing one got past.
    earlier_attempt: LogLine | None = None

    @property
    def has_error(self) -> bool:
        """Whether the log ends in an error line (not just stops)."""
        return self.anchor is not None


def in_the_error(bundle: EvidenceBundle, signals: list[Signal]) -> list[Signal]:
    """``signals`` with a line among the lines the task died with, not INFO chatter.

    A phrase that names a cause (``lock timeout 30s`` in a run's start-up banner) anywhere else in
    the log says nothing of the error the run ended on (issue 19, "terminal error first"). Only the
    lines of a log's terminal block count, from its first error line on when it has one (the run's
    last steps come before it); evidence without a block keeps every line that is not chatter.
    """
    ending: dict[str, set[int]] = {}
    for block in terminal_blocks(bundle):
        first = next((i for i, ln in enumerate(block.lines) if _opens_error(ln.text)), 0)
        ending.setdefault(block.evidence_id, set()).update(ln.line_no for ln in block.lines[first:])

    def counts(line: LogLine) -> bool:
        lines = ending.get(line.evidence_id)
        return not is_chatter(line.text) and (lines is None or line.line_no in lines)

    return [s for s in signals if any(counts(ln) for ln in s.lines)]


def _opens_error(text: str) -> bool:
    """An error line, or dbt's line for a node that failed (``2 of 3 ERROR creating …``)."""
    return _is_error_line(text) or bool(_DBT_RESULT_ERROR_RE.match(payload(text)))


def terminal_blocks(bundle: EvidenceBundle) -> list[TerminalBlock]:
    """One block per log with content, the last log (the one the task died in) last."""
    blocks: list[TerminalBlock] = []
    for ev in bundle.evidence:
        if ev.kind is not EvidenceKind.LOG or not ev.content:
            continue
        numbered = [
            LogLine(ev.id, n, text) for n, text in numbered_lines(ev) if n is not None and text.strip()
        ]
        if not numbered:
            continue
        last = ev.summary.get("last_error")
        anchor = as_int(last.get("line_no")) if isinstance(last, dict) else 0
        aftermath: int | None = None
        if anchor:
            at = next((i for i, ln in enumerate(numbered) if ln.line_no >= anchor), len(numbered) - 1)
            at, aftermath = _before_aftermath(numbered, at)
            anchor = numbered[at].line_no if aftermath is not None else anchor
            if (header := _unhandled_header(numbered, at)) is not None:
                at, anchor = header, numbered[header].line_no
            start = _relayed_output_start(numbered, _error_group_start(numbered, at))
            last_no = anchor + LINES_AFTER
            end = next((i for i, ln in enumerate(numbered) if ln.line_no > last_no), len(numbered))
            end = min(end, aftermath) if aftermath is not None else end
        else:
            start, end = max(0, len(numbered) - TAIL_LINES), len(numbered)
        blocks.append(
            TerminalBlock(
                evidence_id=ev.id,
                lines=tuple(numbered[start:end]),
                before=tuple(numbered[max(0, start - CONTEXT_LINES) : start]),
                anchor=next((ln for ln in numbered if ln.line_no == anchor), None) if anchor else None,
                aftermath=numbered[aftermath] if aftermath is not None else None,
                earlier_attempt=_earlier_attempt(numbered, start) if anchor else None,
            )
        )
    return blocks


#: Airflow's record that the task's failure is final, the handlers that run after a failure whatever
#: its cause (Airflow 2's email alert and callbacks, Airflow 3's task callbacks, notifiers), and the
#: wind-down of the processes: errors there are the failure's aftermath. An SMTP server that refused
#: the alert did not fail the task, and the runner catches a callback's exception.
_AFTERMATH_RE = re.compile(
    r"Marking task as (?:FAILED|UP_FOR_RETRY)\b|Failed to send email\b|Error when executing \w+ callback"
    r"|Failed to run task callback|Failed to send notification\b"
    # Airflow 2's task runner summing up the error it already logged (standard_task_runner), and
    # Spark's SignalUtils noting the stop signal every container of an ended application gets.
    r"|\bFailed to execute job \d+ for task \S+ \(|\bRECEIVED SIGNAL (?:TERM|INT|HUP)\b"
)
#: A new attempt starts: an error after this line is that attempt's own, not an aftermath.
_ATTEMPT_RE = re.compile(r"Starting attempt \d+|Executing <Task\b|Running <TaskInstance\b")
#: The task runner's record of the task's own failure (Airflow 2's taskinstance, Airflow 3's
#: task_runner). One after the failure was marked belongs to a later attempt whose start the log
#: does not show (an excerpt, a shipper that dropped it): the marker is not its aftermath.
_TASK_FAILED_RE = re.compile(r"Task failed with exception")
#: How far back from an error its aftermath's start is looked for (an email alert's traceback).
AFTERMATH_LINES = 40


def tells_bare_failure(line: LogLine, block: TerminalBlock) -> bool:
    """Whether ``line`` is what a bare failure record right after it stands for.

    A log cut after Airflow's ``Task failed with exception``, with no traceback under it (at most
    Airflow's INFO wind-down: ``Marking task as FAILED``, ``Task exited with return code 1``), ends
    in a record that names no error; the line just before it is the only one that says what failed
    (a Kubernetes client's DEBUG ``response body: {... "status":"Failure", "message": "… is
    forbidden …"}``), so its level does not make it chatter. A line further up is not: the task
    went on after it (``HTTP … 404`` for a Variable, then "Using default watermark").
    """
    anchor = block.anchor
    if anchor is None or anchor.evidence_id != line.evidence_id or not _TASK_FAILED_RE.search(anchor.text):
        return False
    if any(ln.line_no > anchor.line_no and not is_chatter(ln.text) for ln in block.lines):
        return False
    before = [ln for ln in (*block.before, *block.lines) if ln.line_no < anchor.line_no]
    return bool(before) and before[-1] == line


#: Airflow's record that an attempt is over, after which the log's next lines are a later attempt's.
_MARKED_RE = re.compile(r"Marking task as (?:FAILED|UP_FOR_RETRY)\b")


def _earlier_attempt(numbered: list[LogLine], start: int) -> LogLine | None:
    """The last mark of a failed attempt before the error group starting at index ``start``, if any."""
    return next(
        (
            numbered[i]
            for i in range(start - 1, max(-1, start - 1 - CONTEXT_LINES), -1)
            if _MARKED_RE.search(numbered[i].text[:400])
        ),
        None,
    )


#: dbt's line for a node that failed (``1 of 2 ERROR creating … [ERROR in 0.08s]``): a status, not
#: the error, which dbt printed for that node before it.
_DBT_RESULT_ERROR_RE = re.compile(r"^\d+ of \d+ ERROR\b")
#: dbt's header for an exception it did not wrap (an adapter's or a driver's), the message on the
#: next line, bare: ``Unhandled error while executing model.shop.orders`` then ``Submission method …``.
_DBT_UNHANDLED_RE = re.compile(r"^Unhandled error while executing\b")
#: A message that ends in where the error is, not what it is: Snowflake's ``SQL compilation error:
#: error line 24 at position 8`` prints the error itself (``invalid identifier 'X'``) on the next line.
_LOCATION_ONLY_RE = re.compile(r"\berror line \d{1,9} at position \d{1,9}\s*$")
#: Lines under such a message that are no part of it: a traceback's header, dbt's pointer to the SQL.
_NOT_A_MESSAGE_RE = re.compile(r"Traceback \(most recent call last\)|compiled (?:[Cc]ode|SQL) at ")
#: How far back from a node's result line dbt's unhandled-error header is looked for.
UNHANDLED_LINES = 12


def _unhandled_header(numbered: list[LogLine], at: int) -> int | None:
    """The index of dbt's unhandled-error header a node's result line at ``at`` reports, if any.

    A log cut before dbt's closing summary (which repeats the error) ends in the node's result line;
    the error is the message under the header just before it.
    """
    if not _DBT_RESULT_ERROR_RE.match(payload(numbered[at].text)):
        return None
    return next(
        (
            i
            for i in range(at - 2, max(-1, at - 1 - UNHANDLED_LINES), -1)
            if _DBT_UNHANDLED_RE.match(payload(numbered[i].text))
        ),
        None,
    )


def _is_error_line(text: str) -> bool:
    return level_of(text) in ("ERROR", "CRITICAL", "FATAL") or bool(EXCEPTION_LINE_RE.match(text.strip()))


def _before_aftermath(numbered: list[LogLine], at: int) -> tuple[int, int | None]:
    """The task's own error when the error at ``at`` is in its failure's aftermath, and where that starts.

    Returns ``(at, None)`` when it is not: no aftermath line since the attempt began, or no error
    before it to fall back on.
    """
    cut: int | None = None
    for _ in range(3):  # an alert's error, then a callback's: each step moves to the error before
        first = None
        floor = max(-1, at - 1 - CONTEXT_LINES)
        for i in range(at, floor, -1):
            text = numbered[i].text[:400]
            if _ATTEMPT_RE.search(text) or (first is None and _TASK_FAILED_RE.search(text)):
                floor = i  # this attempt's lines only: an earlier attempt's error is not its cause
                break
            if _AFTERMATH_RE.search(text) and i >= at - AFTERMATH_LINES:
                first = i
        if first is None:
            break
        before = next((i for i in range(first - 1, floor, -1) if _is_error_line(numbered[i].text)), None)
        if before is None:
            break
        at, cut = before, first
    return at, cut


def _error_group_start(numbered: list[LogLine], at: int) -> int:
    """Where the error group ending at index ``at`` starts: its traceback header or first error line.

    Frames and continuation lines carry no level; a line with another level (INFO, WARNING) is not
    part of the group. At most :data:`LINES_BEFORE` lines back.
    """
    start = at
    for i in range(at - 1, max(-1, at - 1 - LINES_BEFORE), -1):
        text = numbered[i].text
        level = level_of(text)
        if level and level not in ("ERROR", "CRITICAL", "FATAL"):
            break
        start = i
    return start


def _relayed_output_start(numbered: list[LogLine], start: int) -> int:
    """``start`` moved back over the child's output the task relayed just before its error group.

    An operator that runs a child (spark-submit, a pod, a bash command) logs the child's lines at
    INFO and then raises its own report of the exit (``Cannot execute: spark-submit … Error code is:
    1``, ``Pod … returned a failure``): the child's last lines hold the error it died of, so they
    belong to the terminal block. At most :data:`RELAYED_LINES` of them. The task's own print()
    output is no child's: it stays before the block, where its words weigh as the task's context.
    """
    first = start
    while first > 0 and start - first < RELAYED_LINES and is_streamed(numbered[first - 1].text):
        first -= 1
    return first


_DBT_NODE_RE = re.compile(
    r"\b(?:(?:Database|Runtime|Compilation) Error|Failure) in "
    r"(?P<kind>model|test|seed|snapshot|macro|operation|unit_test) "
    r"(?P<name>[\w.\-]+)(?: \((?P<path>[^)]+)\))?"
)


def split_dbt_header(message: str) -> tuple[str, str] | None:
    """``("model orders", "Query error: …")`` for a message that opens with dbt's node header, else ``None``.

    The header's path (``(models/marts/orders.sql)``) is dropped: the node names it, and a title
    has no room for both it and the adapter's message under it.
    """
    m = _DBT_NODE_RE.match(message)
    if m is None or not (rest := message[m.end() :].strip()):
        return None
    return f"{m.group('kind')} {m.group('name')}", rest


def failing_node(block: TerminalBlock, at: LogLine | None = None) -> str:
    """The dbt node a terminal block names (``model orders (models/orders.sql)``), else ``""``.

    dbt heads each failure's lines with the node (``Database Error in model …``, ``Failure in test
    …``): with ``at``, the nearest such header at or before that line, so a log with several
    failures names the one the line belongs to; else the block's last.
    """
    lines = block.lines if at is None else [ln for ln in block.lines if ln.line_no <= at.line_no]
    for line in reversed(lines):
        if m := _DBT_NODE_RE.search(line.text):
            return f"{m.group('kind')} {m.group('name')}" + (
                f" ({m.group('path')})" if m.group("path") else ""
            )
    return ""


# --------------------------------------------------------------------------- the input's shape

_EMPTY_RES = (
    re.compile(
        r"\b(?:fetched|read|loaded|returned|got|extracted|selected|found|received|processed|downloaded|"
        r"retrieved|queried|contains?|has)\s+0\s+(?:(?:new|valid|matching|usable|eligible|data|input|source)\s+)?"
        r"(?:rows?|records?|lines?|files?|objects?|items?|"
        r"partitions?|results?)\b",
        re.IGNORECASE,
    ),
    # "rows: 0", "row_count=0", "rows for 2026-12-06=0"
    re.compile(
        r"\b(?:rows?|records?|row[ _]count|num[ _]rows|count)"
        r"(?: (?:for|on) (?:\d{4}-\d\d-\d\d|dt=[\w-]{1,20}|today|yesterday))?"
        r"\s*[:=]\s*0\b"
        r"(?![.,]\d)",
        re.IGNORECASE,
    ),
    # A step's own report of its size: "validating extract: 0 rows", "batch = 0 records".
    re.compile(r"[:=]\s*0 (?:rows?|records?)\b(?! (?:failed|rejected|skipped|dropped|with errors))", re.I),
    re.compile(
        r"(?<![\d.])0 (?:rows?|records?) (?:fetched|read|loaded|returned|extracted|selected|found)", re.I
    ),
    # What a validation or filter step leaves: "0 valid records", "0 matching rows".
    re.compile(r"(?<![\w.,])0 (?:valid|matching|usable|eligible) (?:rows?|records?)\b", re.I),
    # Not "no data source named …" / "no data type …": a lookup of the set-up or the code failing.
    re.compile(
        r"\bno (?:rows|records|data|files|objects|results)(?! (?:source|type|dir|folder|path))"
        r"(?: (?:found|returned|to process|available))?\b",
        re.I,
    ),
    re.compile(
        r"\b(?:empty|header[- ]only) (?:file|dataframe|data ?frame|result|input|extract|table|folder|"
        r"directory|partition|response|csv|export)\b|\bonly (?:a |the )?header\b",
        re.IGNORECASE,
    ),
    re.compile(r"\bshape\W{0,3}\(0,\s*\d+\)"),
)
_COLUMNS_RE = re.compile(
    r"\b(?:columns?|fields?|header|schema)\b[^\n:=]{0,40}[:=]\s*[\[({]?\s*(?P<list>['\"]?[\w.]+['\"]?"
    r"(?:\s*,\s*['\"]?[\w.]+['\"]?){0,200})",
    re.IGNORECASE,
)
_SUGGESTION_RE = re.compile(
    r"(?:Did you mean|Candidate bindings|Perhaps you meant|did you mean one of)\W*(?P<name>[\w.\"'`]+)",
    re.IGNORECASE,
)
_NULLS_RE = re.compile(
    r"\b(?:[1-9]\d*) (?:null|NaN|missing) values?\b|\bnulls? (?:found|in column)\b"
    # a per-column count of nulls with one above zero: "null counts: {'postcode': 37, 'city': 0}"
    r"|\b(?:null|NaN|missing)[_ ]?(?:counts?|values?)\b[^\n]{0,20}?[:=]\s*\{[^}\n]{0,300}?:\s*[1-9]\d*\b"
    # a count of nulls by name: "null attributes=30", "nulls: 12"
    r"|\bnulls?(?: \w+)?\s*[:=]\s*[1-9]\d*\b(?![.,]\d)"
    r"|\b[1-9]\d* (?:rows?|records?) (?:have|has|with|contain|containing) (?:a )?(?:null|NaN|missing)\b",
    re.I,
)
_DUPLICATES_RE = re.compile(
    r"\b(?:[1-9]\d*) duplicates?\b|\bduplicate (?:keys?|rows?|values?|records?)\b", re.I
)
#: Counts of what a step rejected, removed or changed rather than read: "rejected: 0 rows",
#: "cleanup: 0 rows affected", "error count: 0" say nothing about the input being empty.
_OUTCOME_RE = re.compile(
    r"\b(?:reject\w*|errors?|errored|fail\w*|bad|invalid|skip\w*|drop\w*|delet\w*|purg\w*|affected|"
    r"updated|inserted|upserted|merged|written|quarantin\w*|dead[- ]?letter\w*|duplicat\w*|orphan\w*|"
    r"discard\w*|filtered|removed|nulls?|mismatch\w*|warnings?)\b",
    re.I,
)
#: Where the label of a count starts: the message's start, a separator between its clauses or a colon.
_CLAUSE_RE = re.compile(r"[;:=,|()\[\]{}]| - ")
#: Characters before and after a count read for what it counts.
LABEL_CHARS = 40
#: A check that reports nulls or duplicates it tolerated: "3 rows have null x (allowed) - PASS".
_TOLERATED_RE = re.compile(
    r"\b(?:PASS(?:ED)?|OK|allowed|tolerated|within (?:the )?threshold|acceptable)\b", re.I
)


@dataclass(frozen=True)
class InputContext:
    """A line that shows the task's input broke the code's promise, and what it says."""

    kind: str  # "empty", "columns", "value", "suggestion", "nulls", "duplicates"
    line: LogLine
    detail: str
    #: The words of the line that say so (``columns: cust_id``), without its timestamp and logger.
    said: str = ""


def input_context(
    block: TerminalBlock, missing_name: str = "", *, lone_column: bool = False
) -> InputContext | None:
    """The nearest line before (or in) the terminal block that shows the input empty, changed or null.

    ``missing_name`` is the column or key the error names (``KeyError: 'customer_id'``): a line that
    lists the input's columns counts only when the name is not among them. A list of one name says
    little on its own (``schema: public``); with ``lone_column`` it counts when that name reads as
    the missing one renamed (``columns: cust_id`` for ``customer_id``), as an upstream task's output
    line does.
    """
    wanted = missing_name.strip(_QUOTES).lower()
    for line in reversed((*block.before, *block.lines)):
        text = line.text
        if empty := next((m for r in _EMPTY_RES if (m := r.search(text)) and _counts_input(text, m)), None):
            return InputContext("empty", line, "the input was empty", empty.group(0))
        if missing_name and (named := _naming_context(line, missing_name, lone_column)):
            return named
        if (m := _SUGGESTION_RE.search(text)) and _renamed(
            wanted, suggested := m.group("name").strip(_QUOTES)
        ):
            return InputContext("suggestion", line, f"the input has {suggested}")
        if _TOLERATED_RE.search(text):
            continue
        if _NULLS_RE.search(text):
            return InputContext("nulls", line, "the input had null values")
        if _DUPLICATES_RE.search(text):
            return InputContext("duplicates", line, "the input had duplicates")
    return None


def _naming_context(line: LogLine, missing_name: str, lone_column: bool) -> InputContext | None:
    """A line that places the missing name in the input: as a value it carries, or not among its columns."""
    text = line.text
    if (values := _VALUES_RE.search(text)) and _lists_exactly(values["list"], missing_name):
        detail = f"the input carries the value {missing_name!r}, which the code has no entry for"
        return InputContext("value", line, detail, values.group(0).strip())
    wanted = missing_name.strip(_QUOTES).lower()
    if wanted and (listed := _listed_without(text, wanted, lone_column)):
        return InputContext("columns", line, f"the input's columns do not include {missing_name!r}", listed)
    return None


#: A line listing the values the input holds: ``distinct regions in input: ['EMEA', 'APAC-SOUTH']``,
#: ``distinct tiers seen: {'gold': 423, 'diamond': 3}``, ``new status values: ['on_hold']``.
_VALUES_RE = re.compile(
    r"\b(?:distinct|new|unknown|unexpected|unmapped|values?|seen)\b[^\n\[{]{0,60}[:=]\s*"
    r"(?P<list>\[[^\]\n]{1,2000}\]|\{[^}\n]{1,2000}\})",
    re.IGNORECASE,
)


def _lists_exactly(listed: str, name: str) -> bool:
    """Whether a bracketed list (or a dict's keys) holds ``name`` as a quoted item, with its case."""
    return any(
        item.split(":", 1)[0].strip().strip(_QUOTES) == name for item in listed.strip("[]{}").split(",")
    )


def _counts_input(text: str, m: re.Match[str]) -> bool:
    """Whether a zero count counts what the step read, not what it rejected, removed or changed.

    The label of the count (the words of its clause before it, ``rejected: 0 rows``), the count
    itself (``error count: 0``) and the word after it (``0 rows affected``) are read.
    """
    before = text[max(0, m.start() - LABEL_CHARS) : m.start()]
    label = _CLAUSE_RE.split(before)[-1]
    after = text[m.end() : m.end() + LABEL_CHARS].split(maxsplit=1)[:1]
    return not _OUTCOME_RE.search(f"{label} {m.group(0)} {' '.join(after)}")


_QUOTES = "'\"`"
_NAME_PARTS_RE = re.compile(r"[^a-z0-9]+")


def _listed_without(text: str, wanted: str, lone_column: bool) -> str:
    """The column list a line gives (``columns: cust_id``) when ``wanted`` is not in it, else ``""``."""
    for m in _COLUMNS_RE.finditer(text):
        names = [n.strip(" '\"").lower() for n in m.group("list").split(",")]
        if wanted in names or any(misspelt(wanted, n) for n in names):
            return ""
        if len(names) > 1 or (lone_column and _sounds_alike(wanted, names[0])):
            return m.group(0).strip()
    return ""


def misspelt(wanted: str, present: str) -> bool:
    """Whether ``wanted`` is ``present`` with one letter typed wrong (``ammount`` / ``amount``).

    One letter added, dropped, changed or swapped in a name of four or more letters is how a person
    mistypes a name in code; a producer renaming a column changes a word, its case or its separators
    (``amount_usd``, ``customerId``), which this does not count.
    """
    a, b = _NAME_PARTS_RE.sub("", wanted.lower()), _NAME_PARTS_RE.sub("", present.lower())
    if a == b or min(len(a), len(b)) < 4 or abs(len(a) - len(b)) > 1 or a + "s" == b or b + "s" == a:
        return False  # a plural is a producer's rename as often as a typo
    i = next((k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :] or (a[i : i + 2] == b[i : i + 2][::-1] and a[i + 2 :] == b[i + 2 :])
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return longer[:i] + longer[i + 1 :] == shorter


def _sounds_alike(missing: str, listed: str) -> bool:
    """Whether two column names share a word or a word's start (``cust_id`` / ``customer_id``)."""
    parts = [p for p in _NAME_PARTS_RE.split(missing) if p]
    others = [p for p in _NAME_PARTS_RE.split(listed) if p]
    return any(
        a == b or (min(len(a), len(b)) >= 3 and (a.startswith(b) or b.startswith(a)))
        for a in parts
        for b in others
    )


#: A suggestion of another statement (Trino's ``Did you mean DROP VIEW x?``), not of a column or table.
_SQL_COMMANDS = frozenset(
    {"DROP", "CREATE", "ALTER", "SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "REPLACE", "SHOW"}
)


def _renamed(missing: str, suggested: str) -> bool:
    """Whether a suggested name reads as the missing one renamed, not as a part of it.

    ``customers`` suggested for ``customers__dbt_tmp`` is a prefix match of the tool's own temporary
    relation, not a rename, and an upper-case SQL command suggests another statement; ``email_address``
    for ``email`` or ``cust_id`` for ``customer_id`` is.
    """
    if suggested in _SQL_COMMANDS:
        return False
    suggested = suggested.lower()
    if not suggested or suggested == missing or misspelt(missing, suggested):
        return False
    return not missing or not (missing.startswith(suggested) or suggested.startswith(missing + "__"))


# --------------------------------------------------------------------------- the message it died with

#: The first line of a Python traceback (Python prints it with a colon; a relayed copy may lose it).
TRACEBACK_HEADER = "Traceback (most recent call last)"
_FRAME_RE = re.compile(r'File "[^"]{0,2000}", line \d{1,9}')
#: A frame with what it names: file, line, function, and its source when printed on the same line.
_FRAME_PARTS_RE = re.compile(
    r'File "(?P<file>[^"]{1,2000})", line (?P<line>\d{1,9})'
    r"(?:, in (?P<func>[\w<>.$-]{1,200}))?(?P<code>.{0,400})"
)
#: Lines above an exception line searched for the frame that raised it (frame, source, markers).
FRAME_LOOKBACK = 4
#: Lines above an exception line read for its whole traceback (a PySpark worker's runs to ~40).
MAX_TRACEBACK_LINES = 200
_CODE_TRIM = " \t\"',"
#: Python 3.11+ position markers under a frame's code line.
_MARKERS_RE = re.compile(r"[\s~^]+")
_ERROR_WORD_RE = re.compile(r"(?i)\b(?:error|exception|failed|failure|fatal)\b")
#: How a message that reports its own failure starts, when no level or exception says so: a few
#: words, then "error" / "fatal" / "failure" and a colon (``error: dbt9002: …``, ``fatal: not a git
#: repository``, ``BigQuery error in query operation: …``), a program's name and one of those
#: (``aws: error: …``), a short subject and "failed" ending the sentence (``Job failed.``), or one
#: of dbt's error headers. The same words inside a progress line
#: (``2 records failed validation``, ``errors: none``, ``non-fatal: …``, ``Resuming from last failed
#: checkpoint``) do not report the failure the log ends in.
_STATED_RE = re.compile(
    r"(?i)^(?:[\w.'\"-]{1,80}\s+){0,3}?(?:error|fatal|failure)\b[^:]{0,80}:\s*\S"
    r"|^(?:[\w.'\"-]{1,80}\s+){0,4}?failed\s*(?:[:!.]|$)"
    # A command-line program naming itself first, as argparse and most CLIs print a usage error:
    # ``aws: error: argument --bucket: expected one argument``, ``gsutil: fatal: …``
    r"|^(?-i:[a-z][\w.-]{0,40}): (?:error|fatal): \S"
    # A vendor's numbered error: Oracle's ``ORA-00942: …`` (its own prefixes, not a ticket's ``DATA-1234:``),
    # a code with its SQLSTATE (Snowflake's ``002003 (42S02): …``, MySQL's ``1146 (42S02): …``), or
    # Snowflake's bare six digits when the words after them report a failure (``252005: Failed to …``;
    # a process id's, a time's or a counter's ``194502: Wrote part-0001`` does not)
    r"|^(?-i:(?:(?:ORA|PLS|TNS|SP2|IMP|EXP|KUP|RMAN|OGG)-\d{4,5}|\d{4,6} \([0-9A-Z]{5}\)):\s*[A-Za-z])"
    r"|^\d{6}:\s*(?=[A-Za-z])(?=[^\n]{0,80}?\b(?:fail|error|could not|cannot|unable|invalid|incorrect|denied"
    r"|not (?:exist|found|allowed|authorized|supported)))"
    # dbt's own error headers, the message on the lines under them: ``Runtime Error in model x (…)``
    r"|^(?-i:(?:Runtime|Database|Compilation|Parsing|Dependency|Env Var) Error in (?:model|test|snapshot|"
    r"seed|sql operation|macro|operation|unit test)\b|Unhandled error while executing\b)"
)
#: Characters of a message read for that start.
MAX_STATED_CHARS = 400
#: Lines a header's message may span (a wrapped message, a header announcing another header).
ANNOUNCED_LINES = 4
#: Lines of an indented block read under the line it continues.
CONTINUED_LINES = 8
#: A stack frame: a JVM ``at pkg.Class.method(File.java:12)``, its ``... 12 more``, or a Python frame.
_STACK_FRAME_RE = re.compile(r'at [\w$.<>/]{1,300}\(|\.\.\. \d+ more|File "')
#: Characters of the raising frame's source line quoted.
RAISED_CODE_CHARS = 120


def read_error(lines: Sequence[LogLine], at: int) -> tuple[LogLine, str]:
    """The line that says what the error at ``lines[at]`` was, and its message (maybe over lines).

    A scanner marks the line it can recognise without a level, which for a pod's or subprocess's
    output that Airflow relays as INFO (``{pod_manager.py:N} INFO - b'…'``) is the traceback header,
    and for a tool's summary (``Completed with 1 error and 0 warnings:``), dbt's ``Unhandled error
    while executing <node>`` or a message ending in the error's position (Snowflake's ``error line 24
    at position 8``) a line that only announces the error. The message is read after such a
    header: the exception line that closes the traceback, or the lines the header announces. A
    traceback cut before its exception line falls back to the error the process printed just before
    it. A line followed by deeper-indented lines (dbt's
    ``Compilation Error`` and the message under it) is read with them.
    """
    anchor = lines[at]
    said = payload(anchor.text)
    if said.startswith(TRACEBACK_HEADER):
        if (after := _traceback_end(lines, at)) is not None:
            return after, payload(after.text)
        return _printed_before(lines, at) or (anchor, said)
    if said.endswith(":") or _DBT_UNHANDLED_RE.match(said):
        return _announced(lines, at) or (anchor, said)
    if _LOCATION_ONLY_RE.search(said):
        return _located(lines, at) or (anchor, said)
    return _continued(lines, at) or (anchor, said)


def cut_in_traceback(lines: Sequence[LogLine], at: int) -> bool:
    """Whether ``lines[at]`` heads a traceback that stops before its exception line (the error is missing)."""
    return payload(lines[at].text).startswith(TRACEBACK_HEADER) and _traceback_end(lines, at) is None


def text_frames(lines: Sequence[LogLine]) -> list[tuple[str, str, str]]:
    """The (file, line, function) frames of the last text traceback in ``lines``, outermost first.

    Read by each line's payload, so a pod's or subprocess's relayed traceback (``b'  File "…",
    line 3, in f\\n'``, ``[base]   File …``) gives the same frames as the task's own.
    """
    frames: list[tuple[str, str, str]] = []
    for line in lines:
        text = payload(line.text)
        if TRACEBACK_HEADER in text:
            frames = []
        elif m := _FRAME_PARTS_RE.search(text):
            frames.append((m.group("file"), m.group("line"), m.group("func") or "?"))
    return frames


def raised_at(lines: Sequence[LogLine], at: int) -> str:
    """Where the exception at ``lines[at]`` was raised: the traceback's last frame just above it.

    ``dags/load.py:80 in main (raise LookupError(…))``: the file by its last two path parts, the
    function, and the source line when the log has it; an Airflow 3 JSON line's structured error
    names its frame itself. ``""`` when no frame is right above.
    """
    if where := rendered_where(lines[at].text):
        return where
    if (found := _raising_frame(lines, at)) is None:
        return ""
    m, code = found
    place = f"{'/'.join(m.group('file').split('/')[-2:])}:{m.group('line')}"
    func = f" in {m.group('func')}" if m.group("func") else ""
    return f"{place}{func}" + (f" ({shorten_middle(code, RAISED_CODE_CHARS)})" if code else "")


def raising_source(lines: Sequence[LogLine], at: int) -> str:
    """The source line of the frame that raised the exception at ``lines[at]`` (``raise ValueError(msg)``).

    ``""`` when the log shows no frame right above, or the frame without its source (an Airflow 3
    JSON error, a traceback printed without source): whether the code raised on purpose is unknown then.
    """
    found = _raising_frame(lines, at)
    return found[1] if found is not None else ""


def _raising_frame(lines: Sequence[LogLine], at: int) -> tuple[re.Match[str], str] | None:
    """The last frame right above ``lines[at]`` and its source line (``""`` when the log has none)."""
    for i in range(at - 1, max(-1, at - 1 - FRAME_LOOKBACK), -1):
        m = _FRAME_PARTS_RE.search(payload(lines[i].text))
        if m is None:
            continue
        code = m.group("code").strip(_CODE_TRIM)
        if not code and i + 1 < at:
            code = payload(lines[i + 1].text).strip(_CODE_TRIM)
        return m, "" if _MARKERS_RE.fullmatch(code or " ") or is_exception_line(code) else code
    return None


def printed_statements(lines: Sequence[LogLine], at: int) -> list[tuple[tuple[str, str, str], str]]:
    """The frames of the text traceback right above ``lines[at]``, innermost first, each with its code.

    The code is the line Python prints under the frame (``""`` where the log has none): a log read
    without the job's source still shows what the failing line says (``return (parts[1], parts[5])``).
    Only the traceback's own lines are read: the walk stops at its header and at any line that is
    neither a frame nor the indented code and markers under one (an earlier traceback's exception, a
    log record), so a frame of a failure the task carried on from is never quoted.
    """
    found: list[tuple[tuple[str, str, str], str]] = []
    for i in range(at - 1, max(-1, at - 1 - MAX_TRACEBACK_LINES), -1):
        text = payload(lines[i].text)
        if TRACEBACK_HEADER in text:
            break
        if (m := _FRAME_PARTS_RE.search(text)) is None:
            if indentation(lines[i].text) or _MARKERS_RE.fullmatch(text or " "):
                continue  # the code or the position markers under a frame
            break
        # A flattened traceback keeps the code on the frame's line, inside the record's quotes; a
        # printed one puts it on the next line as written (its closing quote is the code's).
        code = m.group("code").strip(_CODE_TRIM)
        if not code and i + 1 < at:
            code = payload(lines[i + 1].text).strip()
        if _MARKERS_RE.fullmatch(code or " ") or is_exception_line(code) or _FRAME_PARTS_RE.search(code):
            code = ""
        found.append(((m.group("file"), m.group("line"), m.group("func") or "?"), code))
    return found


def lines_around(bundle: EvidenceBundle, line: LogLine | None) -> tuple[tuple[LogLine, ...], int]:
    """The terminal lines (and those before them) ``line`` is among, and its index (``-1`` when it is not)."""
    if line is not None:
        for block in terminal_blocks(bundle):
            lines = (*block.before, *block.lines)
            if block.evidence_id == line.evidence_id and line in lines:
                return lines, lines.index(line)
    return (), -1


def said_at(bundle: EvidenceBundle, line: LogLine | None) -> str:
    """What an error line says, read with the lines that continue it (``""`` without a line)."""
    lines, at = lines_around(bundle, line)
    if at >= 0:
        return read_error(lines, at)[1]
    return line.text if line is not None else ""


#: Lines after a JVM exception read for its ``Caused by:`` chain (a trace's frames sit between).
CAUSE_LOOKAHEAD = 400


def innermost_cause(bundle: EvidenceBundle, line: LogLine | None) -> str:
    """The last ``Caused by:`` of the JVM trace that ``line`` opens: what failed under the wrapper.

    ``""`` when the trace has no deeper cause.
    """
    cause = innermost_cause_line(bundle, line)
    return payload(cause.text).strip().removeprefix("Caused by: ") if cause is not None else ""


def innermost_cause_line(bundle: EvidenceBundle, line: LogLine | None) -> LogLine | None:
    """The line of the last ``Caused by:`` of the JVM trace that ``line`` opens, if it has one.

    The chain ends where the trace does: at the first line that is neither a frame (``at …``,
    ``... 12 more``) nor another ``Caused by:``. Only an unindented ``Caused by:`` is the chain's.
    """
    if line is None:
        return None
    ev = next((e for e in bundle.evidence if e.id == line.evidence_id and e.content), None)
    after = (
        itertools.islice(
            ((n, text) for n, text in numbered_lines(ev) if n is not None and n > line.line_no),
            CAUSE_LOOKAHEAD,
        )
        if ev is not None
        else iter(())
    )
    cause: LogLine | None = None
    for n, raw in after:
        text = payload(raw).strip()
        if text.startswith("Caused by: ") and indentation(raw) == 0:
            cause = LogLine(line.evidence_id, n, raw)
        elif not (text.startswith("Caused by: ") or _TRACE_CONTINUATION_RE.match(text)):
            # An indented ``Caused by:`` belongs to a suppressed exception (cleanup that failed
            # too), not to the chain under the wrapper.
            break
    return cause


#: A line inside a JVM trace: a frame, an elided count, or a suppressed exception.
_TRACE_CONTINUATION_RE = re.compile(r"at [\w$.<>/]+\(|\.\.\. \d+ (?:more|common frames omitted)|Suppressed: ")


def raised_at_line(bundle: EvidenceBundle, line: LogLine | None) -> str:
    """Where the exception on an error line was raised, when a traceback's frame is right above it."""
    lines, at = lines_around(bundle, line)
    return raised_at(lines, at) if at >= 0 else ""


def _traceback_end(lines: Sequence[LogLine], header: int) -> LogLine | None:
    """The exception line closing the traceback whose header is ``lines[header]``, if the block has it."""
    relayed = is_relayed(lines[header].text)
    expect_code = False
    for line in lines[header + 1 :]:
        if relayed and not is_relayed(line.text):
            continue  # the operator's own lines between the pod's (``Pod x is Running``)
        text = payload(line.text).strip()
        if _FRAME_RE.match(text):
            expect_code = True
            continue
        if not text or _MARKERS_RE.fullmatch(text):
            continue
        if expect_code and not is_exception_line(text):
            expect_code = False  # the frame's source line
            continue
        return line
    return None


def closing_message(lines: Sequence[LogLine]) -> tuple[LogLine, str] | None:
    """What a log without any error line ends with: its last line, or the error message it ends in.

    A child's output relayed line by line (a pod's ``b'…'``) often ends in an error message wrapped
    over a few lines that no scanner marks (``BigQuery error in query operation: … /`` the rest):
    those lines are joined from the one that says "error". ``None`` for an empty log.
    """
    if not lines:
        return None
    last = lines[-1]
    return _printed_before(lines, len(lines), relayed=is_relayed(last.text)) or (last, payload(last.text))


def states_failure(text: str) -> bool:
    """Whether a message starts by reporting a failure (``error: …``, ``fatal: …``, ``Job failed``)."""
    return bool(_STATED_RE.match(text[:MAX_STATED_CHARS]))


def stated_failure(lines: Sequence[LogLine]) -> tuple[LogLine, str] | None:
    """The message a log with no error line closes with, when it reports a failure, and its text.

    A tool that prints its error without a level or an exception class (dbt Fusion's ``error:
    dbt9002: …``, a CLI's ``fatal: …``, BigQuery's ``bq`` relayed from a pod) still ends its log with
    what went wrong. Only the closing message counts (wrapped lines joined): a failure the log went
    on from, chatter, a caught warning and a problem the program says it retries are not the error
    the log ends in. ``None`` when the log just stops.
    """
    closing = closing_message(lines)
    if closing is None:
        return None
    line, said = closing
    text = line.text
    caught = level_of(text) in _CAUGHT_LEVELS and not is_relayed(text)
    if caught or is_retried(said) or not states_failure(said):
        return None
    return closing


def _printed_before(
    lines: Sequence[LogLine], header: int, *, relayed: bool | None = None
) -> tuple[LogLine, str] | None:
    """The error message printed in the few lines before ``lines[header]`` (or the end), joined."""
    relayed = is_relayed(lines[header].text) if relayed is None else relayed
    taken: list[LogLine] = []
    for line in reversed(lines[max(0, header - ANNOUNCED_LINES) : header]):
        if is_relayed(line.text) != relayed or (not relayed and is_chatter(line.text)):
            break
        taken.insert(0, line)
        if _ERROR_WORD_RE.search(payload(line.text)):
            return taken[0], " ".join(payload(ln.text).strip() for ln in taken)
    return None


def _continued(lines: Sequence[LogLine], at: int) -> tuple[LogLine, str] | None:
    """A line with the deeper-indented lines under it that continue its message, joined.

    Blank lines inside the block are skipped; a stack frame (JVM ``at …``, Python ``File "…"``) or
    chatter ends it. A logger that prefixes only a message's first line (dbt's ``12:00:01    Runtime
    Error in model …`` over ``  Binder Error: …``) leaves the rest indented without a prefix: those
    lines continue it too, however deep the header's own indentation after its prefix. The other
    way round, a prefixed line at the margin under an unprefixed one is a new record of the logger,
    not more of the message (dbt's ``12:00:01  Encountered an error:`` after a connector's bare error
    line); an indented one (a ``- item`` list, a timestamp the message quotes) still continues it.
    """
    depth = indentation(lines[at].text)
    prefixed = payload(lines[at].text) != lines[at].text.strip()
    taken = [payload(lines[at].text)]
    for line in lines[at + 1 : at + 1 + 2 * CONTINUED_LINES]:
        text = payload(line.text)
        if not text:
            continue
        bare = prefixed and line.text[:1] in (" ", "\t") and text == line.text.strip()
        if (
            (indentation(line.text) <= depth and not bare)
            or (not prefixed and text != line.text.strip() and line.text[:1] not in (" ", "\t"))
            or is_chatter(line.text)
            or _STACK_FRAME_RE.match(text)
            or len(taken) > CONTINUED_LINES
        ):
            break
        taken.append(text)
    return (lines[at], " ".join(taken)) if len(taken) > 1 else None


def _located(lines: Sequence[LogLine], at: int) -> tuple[LogLine, str] | None:
    """A message that ends in the error's position with the one line after it that says what it is.

    Not a line that is no message: a traceback's header or frame, chatter, dbt's ``compiled code at …``.
    """
    for line in lines[at + 1 : at + 1 + ANNOUNCED_LINES]:
        text = payload(line.text).strip()
        if not text:
            continue
        if is_chatter(line.text) or _STACK_FRAME_RE.match(text) or _NOT_A_MESSAGE_RE.match(text):
            return None
        return line, f"{payload(lines[at].text).strip()} {text}"
    return None


def _announced(lines: Sequence[LogLine], header: int) -> tuple[LogLine, str] | None:
    """A header ending in a colon with the lines after it, up to the first that does not end in one."""
    taken: list[str] = [payload(lines[header].text).strip()]
    last: LogLine | None = None
    for line in lines[header + 1 : header + 1 + 2 * ANNOUNCED_LINES]:
        text = payload(line.text).strip()
        if not text:
            continue
        if is_chatter(line.text) or len(taken) > ANNOUNCED_LINES:
            break
        taken.append(text)
        last = line
        if not text.endswith(":"):
            break
    return (last, " ".join(taken)) if last is not None else None
