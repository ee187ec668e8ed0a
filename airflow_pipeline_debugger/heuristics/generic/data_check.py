"""The task's own data check failed: its code raised with a finding about the data it read (DATA).

DAG code, Spark jobs and SQL check operators guard a load with checks of their own: ``raise
ValueError(f"{n} duplicate order_id values")``, ``assert len(df) >= 1000``, ``raise
DataQualityError("17 rows with null email")``, common-sql's ``Test failed.``. The traceback looks
like a code bug, but the check did its job: by the category guide the code is right for the data it
is entitled to expect, and the fix goes to the data or its producer. A check that is wrong (a
threshold too strict for a normal day) is the other cause the same evidence fits, so the finding
stays below the confident band, and lower when the task's code changed since its last success.

Only an exception the task raised on purpose counts: a type code raises for such findings
(``ValueError``, ``AssertionError``, ``Exception``, a custom ``…ValidationError``) raised in the task's
own frame, or a SQL/data-quality operator's failed check; the message must read as a measure of the
data (nulls, duplicates, counts below an expectation, a mismatch, stale or unexpected values) and
not as a set-up or service problem (a connection, a credential, a timeout). A line before it that
shows the input empty, changed or null is the better reading (``generic.input_broke_code`` cites it).
"""

from __future__ import annotations

import re

from airflow_pipeline_debugger.adapters import generic as G
from airflow_pipeline_debugger.domain import (
    Category,
    EvidenceBundle,
    RuleFinding,
    Severity,
    Signal,
    Transience,
)
from airflow_pipeline_debugger.evidence.frames import describe_frames, is_library
from airflow_pipeline_debugger.heuristics.airflow._common import code_changed
from airflow_pipeline_debugger.heuristics.base import AMBIGUOUS_CEILING, SignalRule, sentence
from airflow_pipeline_debugger.heuristics.generic.python_exception import traceback_frames
from airflow_pipeline_debugger.heuristics.message import QUOTE_CHARS, shorten_middle
from airflow_pipeline_debugger.heuristics.terminal import (
    input_context,
    lines_around,
    not_carried_on_from,
    raising_source,
    terminal_blocks,
)

#: Likelihood of a data cause when the task's own check reports one; a wrong check is the rival.
CHECK_LIKELIHOOD = 62
#: When the task's code changed since its last success: the check (or what feeds it) may be new.
CODE_CHANGED_PENALTY = 12
#: Characters of the message read (a check's message leads with its finding).
READ_CHARS = 1000
#: Characters of the message in the title.
TITLE_DETAIL_CHARS = 100

#: Types code raises on purpose for a finding about data.
_CHECK_TYPES = frozenset(
    {"Exception", "ValueError", "AssertionError", "RuntimeError", "AirflowException", "AirflowFailException"}
)
#: A custom type named for a check (``DataQualityError``, ``ValidationFailed``, ``ExpectationError``);
#: not ``Invalid…`` (``InvalidRequestException`` is a service refusing a request) nor ``Checkpoint…``
#: (a streaming job's saved state).
_CHECK_TYPE_RE = re.compile(
    r"(?i)validat|quality|check(?!point)|expectation|reconcil|anomal|freshness|stale|duplicate"
)
#: Spark's error condition for an error the job's SQL raised itself: ``raise_error('unmapped channel: ' ||
#: channel)`` or ``assert_true(…)``. The message is the job's own, as a Python ``raise`` would be.
_SQL_RAISED_RE = re.compile(r"\[(USER_RAISED_EXCEPTION)\] ?(.{0,1000}?)(?: SQLSTATE: \w{5})?$", re.DOTALL)
_SQL_RAISE_TYPES = frozenset({"USER_RAISED_EXCEPTION"})
#: The statement a check raises with: a builtin failing inside an expression (``int(x)`` on ``NaN``,
#: ``datetime(0, 1, 1)``) raises the same ``ValueError`` from the task's own frame without one.
_RAISING_STATEMENT_RE = re.compile(r"(?:raise|assert)\b")
#: Library code whose purpose is checking data: the failure it raises is a failed check, not a bug.
_CHECK_LIBRARIES = ("/common/sql/operators/", "/great_expectations/", "/soda/", "/pandera/")

#: What a data check reports, in the words of the finding it names (first match wins).
_FINDINGS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("null or missing values", re.compile(r"(?i)\bnulls?\b|\bNaN\b|\bmissing values?\b|\bis null\b")),
    ("duplicates", re.compile(r"(?i)\bduplicat\w*|\bnot unique\b|\buniqueness\b")),
    (
        "too few or too many rows",
        re.compile(
            r"(?i)\bexpected (?:at least|at most|more than|fewer than|[<>]=?|min(?:imum)?|max(?:imum)?)"
            r"\s*\d[\d,_]*\s*(?:rows?|records?|lines?|files?|events?)\b"
            r"|\b(?:row|record)[ _]?counts?\b[^\n]{0,60}?(?:\bbelow\b|\babove\b|\bless than\b|"
            r"\bgreater than\b|\bunder\b|\bover\b|\bexpected\b|[<>]|!=|\bthreshold\b|\bdropped\b)"
            r"|\bonly \d[\d,_]* (?:rows?|records?|lines?|files?|events?)\b"
            # a count the check compared with a statistic of the input: "1412 rows < 50% of median",
            # "812 records below the expected minimum" (not a limit of the code: "1200 records > max_batch")
            r"|(?<![\d,_])\d[\d,_]{0,20} (?:rows?|records?|lines?|files?|events?)\s*(?:[<>]=?|\bbelow\b|"
            r"\bunder\b|\bfewer than\b|\bless than\b|\bmore than\b|\babove\b)[^\n]{0,40}?"
            r"\b(?:median|mean|average|expected|usual|typical|previous|yesterday|last|min(?:imum)?|threshold)\b"
            r"|\b0 (?:rows?|records?)\b|\bno (?:rows|records|data)\b(?! (?:source|type|dir|folder|path))"
            r"|\bempty (?:extract|file|input|table|"
            r"dataframe|result|partition)\b"
        ),
    ),
    (
        "a mismatch between totals or counts",
        re.compile(
            r"(?i)\bmismatch(?:es|ed)?\b(?! input\b)"
            r"|\bdo(?:es)?(?:n't| not) (?:reconcile|add up|balance|match)\b"
            r"|\breconcil\w*|\bout of balance\b|\d\s*!=\s*-?\d"
        ),
    ),
    (
        "stale or late input",
        re.compile(
            r"(?i)\bstale\b|\bnot fresh\b|\bfreshness\b|\b(?:arrived|landed|is|was) late\b|\bolder than\b"
        ),
    ),
    (
        "unexpected or out-of-range values",
        re.compile(
            r"(?i)\bnegative (?:values?|amounts?|quantit\w*|prices?|totals?|balances?)\b"
            r"|(?<!index )\bout of (?:range|bounds)\b"
            r"|\binvalid (?:values?|rows?|records?|dates?|amounts?|emails?|ids?|codes?)\b"
            r"|\b(?:unexpected|unknown) (?:values?|status\w*|categor\w*|currenc\w*|codes?)\b"
            # a value the job maps (a channel, a payment method) arrived without a mapping
            r"|\bunmapped\b|\b(?:unknown|unexpected|unsupported|unrecogni[sz]ed|new) \w+(?: \w+)? values?\b"
            # rows whose key has no match in the dimension they reference (referential integrity)
            r"|\breferenc\w* (?:an? )?(?:unknown|missing|non-?existent)\b|\bunknown \w*_(?:id|key|code)s?\b"
            r"|\borphan\w*|\bunmatched\b|\bmissing (?:keys?|ids?|rows?|records?|partitions?|dates?)\b"
        ),
    ),
    (
        "a schema change",
        re.compile(
            r"(?i)\bschema (?:mismatch|drift|chang\w*|differ\w*)|\b(?:unexpected|missing|extra) columns?\b"
            r"|\bcolumns? (?:missing|renamed|dropped)\b"
        ),
    ),
    (
        "a failed data check",
        re.compile(
            r"(?i)\b(?:data[- ]quality|dq(?:[- ](?:check|gate|rule))?|quality (?:check|gate)|sanity[- ]check|"
            r"integrity check|expectations?|"
            r"row[- ]count check|volume check|anomal\w*|validation)\b[^\n]{0,40}?"
            r"\b(?:fail\w*|violat\w*|breach\w*|not met|exceed\w*)|^Test failed\b|\btests? have failed\b"
        ),
    ),
)
#: A message about the set-up, a service or the code itself rather than the data.
_NOT_DATA_RE = re.compile(
    r"(?i)\b(?:connect\w*|timed? ?out|timeout|permission|denied|forbidden|unauthori[sz]ed|credentials?|"
    r"tokens?|password|ssl|tls|certificate|hmac|signing|health|https?|status code|api key|"
    r"env(?:ironment)? var\w*|"
    r"config\w*|settings?|version|import\w*|modules?|package|disk|memory|quota|rate limit\w*|"
    r"validation errors? for|does not match format|template|xcom|argument|parameter|param|flags?|options?|"
    r"unreachable|unavailable|refused|secrets?|sessions?|sig(?:term|kill)|signal|conf|dag[ _]?runs?|"
    r"(?:dag|task)[ _]?ids?|variables?|conn(?:ection)?[ _]?ids?)\b"
)


def data_finding(message: str) -> str:
    """What a check's message reports about the data (``duplicates``), or ``""`` when it reads otherwise."""
    text = message[:READ_CHARS]
    if _NOT_DATA_RE.search(text):
        return ""
    return next((what for what, pattern in _FINDINGS if pattern.search(text)), "")


class OwnDataCheck(SignalRule):
    """The task's own check raised with a finding about its input: the data broke the expectation."""

    id = "generic.data_check"
    title = "The task's own data check failed"
    reads = (G.CODE_ERROR, G.PYTHON_EXCEPTION)
    read_together = True
    #: A Spark job's driver code raising its own check reads as a driver bug without this.
    supersedes = (
        "generic.python_exception",
        "generic.error_code",
        "generic.input_broke_code",
        "spark.driver_code_error",
    )

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Data finding on the task's last exception, when it is a check reporting on data."""
        live = not_carried_on_from(bundle, hits)
        if not live:
            return None
        last = max(live, key=lambda s: s.lines[0].line_no if s.lines else -1)
        exc_type = str(last.attributes.get("exception_type") or "").rsplit(".", 1)[-1]
        detail = str(last.attributes.get("detail") or "").strip()
        if raised := _SQL_RAISED_RE.match(detail):
            exc_type, detail = raised.group(1), raised.group(2).strip()
        what = data_finding(detail)
        frames = traceback_frames(bundle, last)
        if (
            not what
            or not _raised_on_purpose(exc_type, frames, what, _source(bundle, last))
            or _shown_earlier(bundle, last)
        ):
            return None
        where = describe_frames(frames)
        at = f" at {where}" if where else ""
        changed = code_changed(bundle)
        return self.finding(
            title=f"The task's own data check failed: {shorten_middle(detail, TITLE_DETAIL_CHARS)}",
            severity=Severity.SEVERE,
            category=Category.DATA,
            transience=Transience.PERMANENT,
            likelihood=CHECK_LIKELIHOOD - (CODE_CHANGED_PENALTY if changed else 0),
            max_confidence=AMBIGUOUS_CEILING,
            summary=sentence(
                f"The task's code raised {exc_type}{at} with a finding about the data it read "
                f"({shorten_middle(detail, QUOTE_CHARS)}): the check did its job and the input broke the "
                f"expectation it encodes ({what}). The fix goes to the data or its producer; if this input "
                "is legitimate, the check itself is what to change"
            ),
            signals=[last],
            details=[
                ("check", f"{exc_type}: {detail}"[:300]),
                ("found", what),
                *([("raised at", where)] if where else []),
            ],
            counter_evidence=(
                "The task's code changed since its last success: the check, or what feeds it, may be new."
                if changed
                else ""
            ),
            immediate_fix=(
                f"Look at the rows the check names ({what}) in this run's input with its producer; fix or "
                "re-deliver them, then clear the task. If the data is right (a holiday, a new legitimate "
                "value), adjust the check instead."
            ),
            change=(
                "Have the producer correct the data at its source, or quarantine the failing rows and load "
                "the rest if a partial load is acceptable."
            ),
            prevention=(
                "Move the check to the producer's output (a data contract or test) so bad data stops before "
                "it reaches this task."
            ),
            monitoring="Record the check's measure on every run and alert on its trend before it fails.",
        )


def _shown_earlier(bundle: EvidenceBundle, signal: Signal) -> bool:
    """Whether a line before the check's own shows the input broken: that reading cites it."""
    if not signal.lines:
        return False
    at = signal.lines[0]
    for block in terminal_blocks(bundle):
        if block.evidence_id == at.evidence_id and (context := input_context(block)) is not None:
            return context.line.line_no < at.line_no
    return False


def _source(bundle: EvidenceBundle, signal: Signal) -> str:
    """The source line that raised the signal's exception, ``""`` when the log does not show it."""
    lines, at = lines_around(bundle, signal.lines[0] if signal.lines else None)
    return raising_source(lines, at) if at >= 0 else ""


def _raised_on_purpose(exc_type: str, frames: list[tuple[str, str, str]], what: str, source: str) -> bool:
    """Whether the exception is a check's: a check library's, or a checking type raised in the task's frame.

    With no frames at all (a log that kept only the exception line), the message must name a check.
    When the log shows the raising line, it must be a ``raise`` or an ``assert``: a builtin's error
    (``cannot convert float NaN to integer``) is raised by an expression, not by a check.
    """
    if frames and any(lib in frames[-1][0] for lib in _CHECK_LIBRARIES):
        return True
    if exc_type in _SQL_RAISE_TYPES:
        return True  # the job's own SQL raised it (``raise_error(…)``, ``assert_true(…)``)
    if exc_type not in _CHECK_TYPES and not _CHECK_TYPE_RE.search(exc_type):
        return False
    if source and not _RAISING_STATEMENT_RE.match(source):
        return False
    if not frames:
        return what == "a failed data check"
    return not is_library(frames[-1][0])
