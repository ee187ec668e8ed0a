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

import re
from dataclasses import dataclass

from airflow_pipeline_debugger.domain import EvidenceBundle, EvidenceKind, LogLine
from airflow_pipeline_debugger.evidence.lines import numbered_lines
from airflow_pipeline_debugger.tolerant import as_int

#: Lines kept before and after the last error line (a traceback's frames come before it on Python,
#: a JVM trace's "Caused by" chain after it).
LINES_BEFORE = 15
LINES_AFTER = 60
#: Without an error line, the end of the log is where the task stopped.
TAIL_LINES = 40
#: How far back from the terminal block the input context is looked for.
CONTEXT_LINES = 400

_LEVEL_RE = re.compile(
    r"(?:^|[\s\[|:{(])(ERROR|CRITICAL|FATAL|WARN(?:ING)?|INFO|DEBUG|TRACE)(?=[\s\]|:)\-]|$)"
)
_QUIET_LEVELS = frozenset({"INFO", "DEBUG", "TRACE"})
#: Loggers through which Airflow relays a child's output (KubernetesPodOperator, SubprocessHook, print()).
_RELAY_RE = re.compile(
    r"\{\{?(?:pod_launcher|pod_manager|pod|subprocess|logging_mixin|bash|docker|process_utils)\.py:\d+\}\}?"
    r"|\[airflow\.task\.hooks\.[\w.]*(?:SubprocessHook|PodManager)\]|\bSubprocessHook\b|\bpod_manager\b"
)
_RETRY_RE = re.compile(r"(?i)\bretrying\b|\bwill retry\b|\bretry(?:ing)? in \d|\battempt \d+ (?:of|/) ?\d+")


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


def is_chatter(text: str) -> bool:
    """An INFO/DEBUG line (not relayed output): weak evidence for any cause, whatever words it contains."""
    return level_of(text) in _QUIET_LEVELS and not is_relayed(text)


def is_retried(text: str) -> bool:
    """A line that reports a problem the program meant to survive: it says it retries."""
    return bool(_RETRY_RE.search(text))


@dataclass(frozen=True)
class TerminalBlock:
    """The numbered lines around one log's last error (or its tail), and the lines before them."""

    evidence_id: str
    lines: tuple[LogLine, ...]
    before: tuple[LogLine, ...]
    #: The last error line the scanner found, when there is one (else the block is the log's tail).
    anchor: LogLine | None = None

    @property
    def has_error(self) -> bool:
        """Whether the log ends in an error line (not just stops)."""
        return self.anchor is not None


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
        if anchor:
            at = next((i for i, ln in enumerate(numbered) if ln.line_no >= anchor), len(numbered) - 1)
            start = _error_group_start(numbered, at)
            last_no = anchor + LINES_AFTER
            end = next((i for i, ln in enumerate(numbered) if ln.line_no > last_no), len(numbered))
        else:
            start, end = max(0, len(numbered) - TAIL_LINES), len(numbered)
        blocks.append(
            TerminalBlock(
                evidence_id=ev.id,
                lines=tuple(numbered[start:end]),
                before=tuple(numbered[max(0, start - CONTEXT_LINES) : start]),
                anchor=next((ln for ln in numbered if ln.line_no == anchor), None) if anchor else None,
            )
        )
    return blocks


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


_DBT_NODE_RE = re.compile(
    r"\b(?:Database|Runtime|Compilation) Error in (?P<kind>model|test|seed|snapshot|macro|operation) "
    r"(?P<name>[\w.\-]+)(?: \((?P<path>[^)]+)\))?"
)


def failing_node(block: TerminalBlock) -> str:
    """The dbt node a terminal block names (``model orders (models/orders.sql)``), else ``""``."""
    for line in reversed(block.lines):
        if m := _DBT_NODE_RE.search(line.text):
            return f"{m.group('kind')} {m.group('name')}" + (
                f" ({m.group('path')})" if m.group("path") else ""
            )
    return ""


# --------------------------------------------------------------------------- the input's shape

_EMPTY_RES = (
    re.compile(
        r"\b(?:fetched|read|loaded|returned|got|extracted|selected|found|received|processed|downloaded|"
        r"retrieved|queried|contains?|has)\s+0\s+(?:(?:new|valid|matching|usable|eligible)\s+)?"
        r"(?:rows?|records?|lines?|files?|objects?|items?|"
        r"partitions?|results?)\b",
        re.IGNORECASE,
    ),
    re.compile(r"\b(?:rows?|records?|row[ _]count|num[ _]rows|count)\s*[:=]\s*0\b(?![.,]\d)", re.IGNORECASE),
    re.compile(
        r"(?<![\d.])0 (?:rows?|records?) (?:fetched|read|loaded|returned|extracted|selected|found)", re.I
    ),
    # What a validation or filter step leaves: "0 valid records", "0 matching rows".
    re.compile(r"(?<![\w.,])0 (?:valid|matching|usable|eligible) (?:rows?|records?)\b", re.I),
    re.compile(
        r"\bno (?:rows|records|data|files|objects|results)(?: (?:found|returned|to process|available))?\b",
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
_NULLS_RE = re.compile(r"\b(?:[1-9]\d*) (?:null|NaN|missing) values?\b|\bnulls? (?:found|in column)\b", re.I)
_DUPLICATES_RE = re.compile(
    r"\b(?:[1-9]\d*) duplicates?\b|\bduplicate (?:keys?|rows?|values?|records?)\b", re.I
)


@dataclass(frozen=True)
class InputContext:
    """A line that shows the task's input broke the code's promise, and what it says."""

    kind: str  # "empty", "columns", "suggestion", "nulls", "duplicates"
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
        if empty := next((m for r in _EMPTY_RES if (m := r.search(text))), None):
            return InputContext("empty", line, "the input was empty", empty.group(0))
        if wanted and (listed := _listed_without(text, wanted, lone_column)):
            detail = f"the input's columns do not include {missing_name!r}"
            return InputContext("columns", line, detail, listed)
        if (m := _SUGGESTION_RE.search(text)) and _renamed(
            wanted, suggested := m.group("name").strip(_QUOTES)
        ):
            return InputContext("suggestion", line, f"the input has {suggested}")
        if _NULLS_RE.search(text):
            return InputContext("nulls", line, "the input had null values")
        if _DUPLICATES_RE.search(text):
            return InputContext("duplicates", line, "the input had duplicates")
    return None


_QUOTES = "'\"`"
_NAME_PARTS_RE = re.compile(r"[^a-z0-9]+")


def _listed_without(text: str, wanted: str, lone_column: bool) -> str:
    """The column list a line gives (``columns: cust_id``) when ``wanted`` is not in it, else ``""``."""
    for m in _COLUMNS_RE.finditer(text):
        names = [n.strip(" '\"").lower() for n in m.group("list").split(",")]
        if wanted in names:
            return ""
        if len(names) > 1 or (lone_column and _sounds_alike(wanted, names[0])):
            return m.group(0).strip()
    return ""


def _sounds_alike(missing: str, listed: str) -> bool:
    """Whether two column names share a word or a word's start (``cust_id`` / ``customer_id``)."""
    parts = [p for p in _NAME_PARTS_RE.split(missing) if p]
    others = [p for p in _NAME_PARTS_RE.split(listed) if p]
    return any(
        a == b or (min(len(a), len(b)) >= 3 and (a.startswith(b) or b.startswith(a)))
        for a in parts
        for b in others
    )


def _renamed(missing: str, suggested: str) -> bool:
    """Whether a suggested name reads as the missing one renamed, not as a part of it.

    ``customers`` suggested for ``customers__dbt_tmp`` is a prefix match of the tool's own temporary
    relation, not a rename; ``email_address`` for ``email`` or ``cust_id`` for ``customer_id`` is.
    """
    suggested = suggested.lower()
    if not suggested or suggested == missing:
        return False
    return not missing or not (missing.startswith(suggested) or suggested.startswith(missing + "__"))
