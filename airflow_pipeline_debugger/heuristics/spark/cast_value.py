"""Spark could not cast a value: the job's literal (CODE) or the input's changed form (DATA).

``[CAST_INVALID_INPUT] The value 'C-103123' of the type "STRING" cannot be cast to "BIGINT"`` is
filed under SQLSTATE 22018, which reads as the code's by default. Where the value came from decides,
as for a warehouse's cast error (:mod:`..dbt.value_error`): a value the job's source writes as a
literal (``'ORD-' + order_id``, ``col("status") == "REFUNDED" | …``) is the code's; a value the source
never names came from the input, and when it has the look of a changed input (a placeholder, a number
with a prefix, a unit or separators, a date: :mod:`..value_shape`) the producer changed what it
writes. A plain word the source never names is left to the SQLSTATE's reading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from airflow_pipeline_debugger.adapters import generic as G
from airflow_pipeline_debugger.adapters.spark import signals as S
from airflow_pipeline_debugger.domain import (
    Category,
    EvidenceBundle,
    EvidenceKind,
    LogLine,
    RuleFinding,
    Severity,
    Transience,
)
from airflow_pipeline_debugger.evidence.provenance import MAX_SOURCE_BYTES
from airflow_pipeline_debugger.heuristics.base import AMBIGUOUS_CEILING, Heuristic, sentence
from airflow_pipeline_debugger.heuristics.code_site import failing_statement
from airflow_pipeline_debugger.heuristics.message import shorten_middle
from airflow_pipeline_debugger.heuristics.terminal import is_chatter, terminal_blocks
from airflow_pipeline_debugger.heuristics.value_shape import PLACEHOLDER_RE, data_shape

#: Spark's wording of a cast or conversion it refused, with the value and the types.
_CAST_RE = re.compile(
    r"\[(?:CAST_INVALID_INPUT|CONVERSION_INVALID_INPUT)\] The value '(?P<value>[^'\n]{0,200})'"
    r"(?: \([^)\n]{0,80}\))? of the type \"(?P<source>[\w ]{1,40})\" cannot be (?:cast|converted) to "
    r"\"?(?P<target>[\w(), ]{1,60}?)\"? because it is malformed"
)
#: Where PySpark says the failing expression was built (``== DataFrame ==`` / ``"cast" was called
#: from`` / ``/jobs/orders.py:13``): the job's line, whose statement names the column.
_CALLED_FROM_RE = re.compile(r"^\s*(?P<file>/?[\w./-]{1,300}\.py):(?P<line>\d{1,7})\s*$")
#: Characters of an error line searched (a hostile line costs no more).
LINE_CHARS = 2000
#: The value's look or its literal in the source is a strong but not a confident reading: the rival
#: (a column mapped wrong, a literal built elsewhere) stays open.
LITERAL_LIKELIHOOD = 62
#: Shortest value looked for across the job's files when PySpark does not name the statement.
MIN_LITERAL_CHARS = 3
INPUT_LIKELIHOOD = 60


@dataclass(frozen=True)
class _Cast:
    value: str
    target: str
    line: LogLine
    #: The job's statement that built the cast, when PySpark names its line and the source is known.
    statement: str = ""


class CastValue(Heuristic):
    """A refused cast whose value the job's source writes (CODE) or whose look is a changed input (DATA)."""

    id = "spark.cast_value"
    title = "A value Spark could not cast"
    #: A refused cast ends a job with an exception line (PySpark's or the JVM's) or an aborted stage.
    requires = frozenset({G.PYTHON_EXCEPTION, G.CODE_ERROR, S.PYTHON_EXCEPTION, S.STAGE_FAILURE})
    #: Where the value came from is read, not seen: the rival (a column mapped wrong) stays open.
    max_confidence = AMBIGUOUS_CEILING
    supersedes = (
        "generic.error_code",
        "generic.python_exception",
        "spark.driver_code_error",
        "generic.input_broke_code",
    )

    def evaluate(self, bundle: EvidenceBundle) -> RuleFinding | None:
        """Finding naming the value and whose it is; none when its origin says nothing."""
        cast = _last_cast(bundle)
        if cast is None:
            return None
        value = shorten_middle(cast.value, 80)
        said = shorten_middle(cast.line.text.strip(), 240)
        source = _source_writing(bundle, cast)
        if source is not None:
            return self.finding(
                title=f"The job's code writes '{value}' where {cast.target} is expected",
                severity=Severity.SEVERE,
                category=Category.CODE,
                transience=Transience.PERMANENT,
                likelihood=LITERAL_LIKELIHOOD,
                summary=sentence(
                    f"Spark could not cast '{value}' to {cast.target} ({cast.line.cite()}: {said}), "
                    f"and {source} writes '{value}' itself: an expression mixes a text "
                    "literal with a number (`+` for concatenation, a comparison bound wrongly), not a value "
                    "of the input"
                ),
                lines=[cast.line],
                details=[("value", value), ("cast to", cast.target), ("error", said)],
                immediate_fix=(
                    f"Find '{value}' in {source} and fix the expression around it (`concat` instead of "
                    "`+`, parentheses around a comparison, the right column), then rerun."
                ),
                change="Type the expression explicitly and cover it with a test on a small DataFrame.",
                prevention="Run the job's transformations in CI on a sample with ANSI mode on.",
                monitoring="Alert on CAST_INVALID_INPUT in the job's driver log.",
            )
        shape = data_shape(cast.value)
        if shape is None:
            return None
        return self.finding(
            title=f"The input holds '{value}' ({shape}) where the job casts to {cast.target}",
            severity=Severity.SEVERE,
            category=Category.DATA,
            transience=Transience.PERMANENT,
            likelihood=INPUT_LIKELIHOOD,
            summary=sentence(
                f"Spark could not cast '{value}' to {cast.target} ({cast.line.cite()}: {said}). The job's "
                f"source does not write that value, so it came from the input, and it is {shape}: the "
                "producer changed how it writes the column, under a cast that fitted the old form"
                + (f" (the cast: `{shorten_middle(cast.statement, 160)}`)" if cast.statement else "")
            ),
            lines=[cast.line],
            details=[("value", value), ("cast to", cast.target), ("error", said)],
            immediate_fix=(
                f"Find the rows holding '{value}' in the input and confirm with the producer whether the "
                "form is new; map it before the cast (`try_cast`, `regexp_replace`, a CASE) or have the "
                "producer restore the agreed form, then rerun."
            ),
            change="Agree the column's format with the producer and check it at ingestion.",
            prevention="Add a format check on the column (a pattern or try_cast count) before the job.",
            monitoring="Alert on the share of rows whose value fails the cast.",
        )


def _last_cast(bundle: EvidenceBundle) -> _Cast | None:
    """The refused cast in the last terminal block's error lines, the last one first."""
    blocks = [b for b in terminal_blocks(bundle) if b.has_error]
    if not blocks:
        return None
    lines = (*blocks[-1].before, *blocks[-1].lines)
    for at in range(len(lines) - 1, -1, -1):
        line = lines[at]
        if is_chatter(line.text):
            continue
        if found := _CAST_RE.search(line.text[:LINE_CHARS]):
            return _Cast(
                found["value"], found["target"].strip(), line, _called_from(bundle, lines[at + 1 : at + 4])
            )
    return None


def _called_from(bundle: EvidenceBundle, after: tuple[LogLine, ...]) -> str:
    """The job's statement PySpark says built the failing expression (``""`` when not known)."""
    for line in after:
        if found := _CALLED_FROM_RE.match(line.text):
            return failing_statement(bundle, [(found["file"], found["line"], "")])
    return ""


def _source_writing(bundle: EvidenceBundle, cast: _Cast) -> str | None:
    """Where the job's source writes the refused value as a string literal, if it does.

    In the statement PySpark names when it names one (a ``"-"`` joining two columns elsewhere says
    nothing of the cast); else anywhere in the job's files, for a value too distinctive to be written
    by chance (not a placeholder, at least three characters).
    """
    literal = re.compile(r"(['\"])" + re.escape(cast.value) + r"\1")
    if cast.statement:
        return "the statement that builds the cast" if literal.search(cast.statement) else None
    if len(cast.value.strip()) < MIN_LITERAL_CHARS or PLACEHOLDER_RE.match(cast.value):
        return None
    for evidence in bundle.evidence:
        if evidence.kind is EvidenceKind.SOURCE and literal.search(evidence.content[:MAX_SOURCE_BYTES]):
            return evidence.name or "the job's source"
    return None
