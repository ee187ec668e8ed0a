"""Typed, tolerant views of the facts collectors leave in ``EvidenceBundle.facts``.

Collectors write plain JSON dicts (they are stored and prompted as such). The engine reads them in
one place so that a missing or oddly-typed key degrades to "unknown" instead of an exception, and so
that the key names the engine depends on are written down once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from airflow_pipeline_debugger.domain import EvidenceBundle, EvidenceKind, LogLine
from airflow_pipeline_debugger.evidence.lines import numbered_lines
from airflow_pipeline_debugger.heuristics.terminal import (
    cut_in_traceback,
    raised_at,
    read_error,
    stated_failure,
    terminal_blocks,
)
from airflow_pipeline_debugger.tolerant import as_bool, as_int, as_str

#: Lines that look like the start of an error when no collector marked one.
_ERROR_LINE_RE = re.compile(
    r"(Traceback \(most recent call last\)|\b[A-Z][A-Za-z0-9_]*(Error|Exception)\b|\bERROR\b|\bFATAL\b|"
    r"\bFailed\b|\bFAILED\b)"
)

#: Signal-code words that point at each standard alternative. Signal codes are
#: ``<platform>.<what>``; matching on the ``what`` part keeps this independent of the catalogue.
RESOURCE_WORDS = ("oom", "memory", "heap", "disk", "no_space", "killed", "sigkill", "exit_137", "gc_")
TRANSIENT_WORDS = (
    "timeout",
    "timed_out",
    "connection",
    "network",
    "unreachable",
    "dns",
    "refused",
    "reset",
    "throttl",
    "rate_limit",
    "unavailable",
    "eviction",
    "evicted",
    "heartbeat",
    "zombie",
    "preempt",
    "lost",
)
#: Codes with these words name something not set up ("airflow.missing_connection"), not a blip.
NOT_TRANSIENT_WORDS = ("missing", "not_found", "not_defined", "undefined", "no_such")
DATA_WORDS = (
    "schema",
    "null",
    "duplicate",
    "unique",
    "missing_input",
    "missing_partition",
    "no_data",
    "empty_input",
    "cast",
    "type_mismatch",
    "test_fail",
)


def evidence_ids_of(bundle: EvidenceBundle, *kinds: EvidenceKind) -> list[str]:
    """Ids of the evidence of the given kinds, in collection order."""
    return [e.id for e in bundle.evidence if e.kind in kinds]


@dataclass(frozen=True)
class HistoryView:
    """What the run history says about this failure (``facts["history"]``).

    Keys read: ``seen_before`` (this error signature failed before), ``last_outcome``
    (``success``/``failed``: how the previous run of the task ended), ``resolved_on_retry``
    (the last time this signature failed, a retry succeeded), ``recent_failures`` /
    ``recent_runs`` (counts over the window the collector looked at), ``last_success``.
    """

    available: bool = False
    seen_before: bool | None = None
    last_outcome: str = ""
    resolved_on_retry: bool | None = None
    recent_failures: int | None = None
    recent_runs: int | None = None
    last_success: str = ""
    citations: tuple[str, ...] = ()

    @classmethod
    def of(cls, bundle: EvidenceBundle) -> HistoryView:
        """Read ``facts["history"]``; absent → ``available=False``."""
        raw = bundle.facts.get("history")
        if not isinstance(raw, dict) or not raw:
            return cls()
        return cls(
            available=True,
            seen_before=as_bool(raw.get("seen_before")),
            last_outcome=as_str(raw.get("last_outcome")),
            resolved_on_retry=as_bool(raw.get("resolved_on_retry")),
            recent_failures=as_int(raw.get("recent_failures")),
            recent_runs=as_int(raw.get("recent_runs")),
            last_success=as_str(raw.get("last_success")),
            citations=tuple(evidence_ids_of(bundle, EvidenceKind.RUN_HISTORY)),
        )


@dataclass(frozen=True)
class ChangesView:
    """What changed since the last success (``facts["changes"]``).

    Keys read: ``code_changed``, ``config_changed`` (booleans; ``None`` = could not tell),
    ``changed`` (list of short descriptions, e.g. file names or settings), ``since`` (the last
    success the comparison was made against).
    """

    available: bool = False
    code_changed: bool | None = None
    config_changed: bool | None = None
    changed: tuple[str, ...] = ()
    since: str = ""
    citations: tuple[str, ...] = ()

    @classmethod
    def of(cls, bundle: EvidenceBundle) -> ChangesView:
        """Read ``facts["changes"]``; absent → ``available=False``."""
        raw = bundle.facts.get("changes")
        if not isinstance(raw, dict) or not raw:
            return cls()
        changed = raw.get("changed")
        return cls(
            available=True,
            code_changed=as_bool(raw.get("code_changed")),
            config_changed=as_bool(raw.get("config_changed")),
            changed=tuple(str(c) for c in changed) if isinstance(changed, list) else (),
            since=as_str(raw.get("since")),
            citations=tuple(evidence_ids_of(bundle, EvidenceKind.DIFF, EvidenceKind.CONFIG)),
        )

    @property
    def anything_changed(self) -> bool:
        """True when code or config is known to have changed."""
        return bool(self.code_changed or self.config_changed)


@dataclass(frozen=True)
class ErrorLineView:
    """The first error line of the logs, the one a human would read first."""

    line: LogLine | None = None
    error_type: str = ""
    error_message: str = ""
    extra: tuple[LogLine, ...] = field(default=())
    #: What the log says the error was when it is not the line alone (a traceback's exception line
    #: read past its header, a message wrapped over several lines).
    said: str = ""
    #: Where the exception was raised (``dags/load.py:80 in main (…)``) when a frame is right above it.
    raised_at: str = ""
    #: The log stops inside a traceback, or the error is a traceback cut before its exception line:
    #: what was raised is missing.
    cut: bool = False
    #: No line was marked an error: the log's closing message reports the failure in words.
    stated: bool = False

    @property
    def text(self) -> str:
        """Best one-line description of the error."""
        if self.error_type or self.error_message:
            return f"{self.error_type}: {self.error_message}".strip(": ")
        return self.said or (self.line.text.strip() if self.line else "")


def _summary_line(evidence_id: str, raw: Any) -> LogLine | None:
    """A ``first_error`` summary entry (``{"line_no": 12, "text": "..."}``) as a cited line."""
    if not isinstance(raw, dict):
        return None
    line_no = as_int(raw.get("line_no", raw.get("line")))
    text = as_str(raw.get("text"))
    if line_no is None or not text:
        return None
    return LogLine(evidence_id, line_no, text)


def first_error(bundle: EvidenceBundle) -> ErrorLineView:
    """The first error: the structured error of the task, then the collectors' marked line.

    Falls back to the first error-looking line of the log content so that even a bundle from an
    unknown tool names the line to read.
    """
    ctx = bundle.context
    line: LogLine | None = None
    for ev in bundle.evidence:
        if ev.kind is not EvidenceKind.LOG:
            continue
        line = _summary_line(ev.id, ev.summary.get("first_error"))
        if line:
            break
    if line is None:
        for ev in bundle.evidence:
            if ev.kind is not EvidenceKind.LOG or not ev.content:
                continue
            for line_no, text in numbered_lines(ev):
                if line_no is not None and _ERROR_LINE_RE.search(text):
                    line = LogLine(ev.id, line_no, text.strip()[:500])
                    break
            if line:
                break
    return ErrorLineView(line=line, error_type=ctx.error_type, error_message=ctx.error_message)


def terminal_error(bundle: EvidenceBundle) -> ErrorLineView:
    """The error the task died with: its structured error, and the last error line of the last log.

    Where no rule recognises a failure, this is the line to read first: a log's first error is often
    a warning-level problem the task survived, its last one is what stopped it. A header (a relayed
    traceback's first line, a summary ending in a colon) is read past, to the line that says the error.
    A log with no error line at all may still end in a message that states one in words (a tool that
    prints ``error: …`` without a level): that message is the error, not an abrupt stop.
    """
    first = first_error(bundle)
    # The terminal block's anchor: the scanner's last error, unless that is the failure's aftermath.
    anchors = {block.evidence_id: block.anchor for block in terminal_blocks(bundle) if block.anchor}
    for ev in reversed(bundle.evidence):
        if ev.kind is not EvidenceKind.LOG:
            continue
        if line := anchors.get(ev.id) or _summary_line(ev.id, ev.summary.get("last_error")):
            return _read_at(bundle, first, line)
    if first.line is not None:
        return _read_at(bundle, first, first.line)
    for ev in reversed(bundle.evidence):
        if ev.kind is not EvidenceKind.LOG or not ev.content:
            continue
        lines = [LogLine(ev.id, n, t) for n, t in numbered_lines(ev) if n is not None and t.strip()]
        if (stated := stated_failure(lines)) is not None:
            line, said = stated
            return replace(
                first, line=line, said=said, stated=True, cut=ev.summary.get("cut_in_traceback") is True
            )
        break
    return first


def _read_at(bundle: EvidenceBundle, first: ErrorLineView, line: LogLine) -> ErrorLineView:
    """The view of the error at ``line``, read past a header to the line that says the error."""
    ev = next((e for e in bundle.evidence if e.id == line.evidence_id and e.content), None)
    numbered = (
        [LogLine(ev.id, n, text) for n, text in numbered_lines(ev) if n is not None and text.strip()]
        if ev
        else []
    )
    at = next((i for i, ln in enumerate(numbered) if ln.line_no == line.line_no), None)
    said = raised = ""
    # The scanner saw the log stop inside a traceback; or the error read here is a traceback's header
    # whose exception line the log does not have (a pod's relayed traceback, cut).
    cut = ev is not None and ev.summary.get("cut_in_traceback") is True
    if at is not None:
        cut = cut or cut_in_traceback(numbered, at)
        line, said = read_error(numbered, at)
        raised = raised_at(numbered, numbered.index(line)) if line in numbered else ""
    return replace(first, line=line, said=said, raised_at=raised, cut=cut)


def signal_what(code: str) -> str:
    """The ``<what>`` part of a ``<platform>.<what>`` signal code, lower-cased."""
    return code.split(".", 1)[-1].lower()


def matches_words(code: str, words: tuple[str, ...]) -> bool:
    """Whether a signal or rule id mentions one of ``words``."""
    what = signal_what(code)
    return any(w in what for w in words)
