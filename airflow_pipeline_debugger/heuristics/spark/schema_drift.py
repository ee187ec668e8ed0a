"""A column the job selects no longer exists in its input: upstream schema drift (DATA), or a code bug.

Spark's ``[UNRESOLVED_COLUMN.WITH_SUGGESTION]`` names the missing column and the closest existing
ones. When the facts about changes show the job's own code changed since the last success, the job
is the suspect (CODE); otherwise the input changed under it (DATA).
"""

from __future__ import annotations

import difflib
import re

from airflow_pipeline_debugger.adapters.spark import signals as S
from airflow_pipeline_debugger.domain import (
    Category,
    CodeBlock,
    CodeLanguage,
    EvidenceBundle,
    RuleFinding,
    Severity,
    Signal,
    Transience,
)
from airflow_pipeline_debugger.heuristics.base import SignalRule
from airflow_pipeline_debugger.heuristics.spark._common import first_attr

#: A column Spark named after the expression that computed it (``sum(amount)``, ``count(1)``): only the
#: job's own aggregation or projection makes one; an input read from storage has none.
_DERIVED_RE = re.compile(r"^[A-Za-z_][\w.]{0,60}\(.{0,120}\)$")


def _likeliest_new_name(column: str, candidates: list[str], *, ordered: bool) -> str:
    """The candidate the missing column most likely became.

    "Did you mean one of the following?" lists Spark's suggestions closest first
    (``orderSuggestedIdentifiersBySimilarity``), so its first is the answer whatever another string
    metric would prefer. Spark 2.x-3.3's "given input columns" lists the input in schema order, so
    the closest name is looked for.
    """
    if not candidates:
        return ""
    if ordered:
        return candidates[0]
    close = difflib.get_close_matches(column, candidates, n=1, cutoff=0.4)
    return close[0] if close else candidates[0]


def _words(name: str) -> set[str]:
    """The lower-case words of a name or an expression (``sum_amount``, ``sum(amount)``: sum, amount)."""
    return {w for w in re.split(r"[\W_]+", name.lower()) if w}


class SchemaDrift(SignalRule):
    """``AnalysisException: [UNRESOLVED_COLUMN…]`` — the query references a column its input lacks."""

    id = "spark.schema_drift"
    title = "Missing column (schema drift)"
    reads = (S.UNRESOLVED_COLUMN,)
    #: A column renamed upstream (data) or a name the job got wrong (code): without a change record
    #: the error alone cannot tell, like a missing table.
    max_confidence = 65

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Finding naming the column and the likely new name."""
        column = first_attr(hits, "column").strip("`")
        suggestions = [s.strip().strip("`") for s in first_attr(hits, "suggestions").split(",") if s.strip()]
        guess = _likeliest_new_name(column, suggestions, ordered="input columns:" not in hits[0].message)
        changes = bundle.facts.get("changes") if isinstance(bundle.facts.get("changes"), dict) else {}
        code_changed = bool(changes.get("code_changed")) if changes else False
        derived = [c for c in suggestions if _DERIVED_RE.search(c)]
        if derived and suggestions[0] == derived[0] and _words(column) <= _words(derived[0]):
            return self._unset_alias(hits, column, derived)
        category = Category.CODE if code_changed else Category.DATA
        cause = (
            "the job's code changed since the last success, so the new code references a column its input "
            "never had"
            if code_changed
            else "the job's code did not change (or no change is known): its input's schema changed upstream"
        )
        return self.finding(
            title=f"Column `{column}` no longer exists in the input"
            + (f" (renamed to `{guess}`?)" if guess else ""),
            severity=Severity.SEVERE,
            category=category,
            transience=Transience.PERMANENT,
            likelihood=88,
            summary=(
                f"Spark could not resolve `{column}`"
                + (f"; the input now has {', '.join(f'`{s}`' for s in suggestions)}" if suggestions else "")
                + f". The failure is at analysis time, before any data was processed, and {cause}."
            ),
            signals=hits[:2],
            details=[
                ("missing column", column),
                ("closest existing columns", ", ".join(suggestions) or "none given"),
                ("likely new name", guess or "unknown"),
                ("job code changed since last success", "yes" if code_changed else "no / unknown"),
            ],
            immediate_fix=(
                f"Confirm with the upstream owner that `{column}` became `{guess}`, then map it back: "
                f"`df.withColumnRenamed('{guess}', '{column}')` (or select `{guess}` AS `{column}`) and "
                "rerun."
                if guess and not code_changed
                else f"Fix the reference to `{column}` in the job (or revert the change) and rerun."
            ),
            change=(
                f"Map the new name back where the job reads its input, so the rest keeps `{column}`:"
                if guess
                else f"Reference an existing column instead of `{column}`."
            ),
            change_code=[
                CodeBlock(
                    f"df = spark.read.parquet(path).withColumnRenamed('{guess}', '{column}')",
                    CodeLanguage.PYTHON,
                )
            ]
            if guess
            else [],
            prevention=(
                "Read inputs with an explicit expected schema (spark.read.schema(...)) or assert "
                "required columns "
                "before transforming, and agree a data contract / schema-change notice with the "
                "upstream team."
            ),
            monitoring="Check the input schema against the expected columns in a sensor or a pre-task.",
        )

    def _unset_alias(self, hits: list[Signal], column: str, derived: list[str]) -> RuleFinding:
        """The closest column is the job's own, named by the expression that has the missing name's words.

        ``sum_amount`` beside ``sum(amount)`` (Spark lists the closest first): an alias the job never set
        (CODE). Another expression column in the list says nothing about a column the input renamed.
        """
        named = ", ".join(f"`{c}`" for c in derived[:3])
        function = derived[0].split("(", 1)[0]
        return self.finding(
            title=f"Column `{column}` is not a name the job gave: its own result is named {named}",
            severity=Severity.SEVERE,
            category=Category.CODE,
            transience=Transience.PERMANENT,
            likelihood=74,
            summary=(
                f"Spark could not resolve `{column}`; the columns at that point include {named}, named after "
                "the expression that computed them, which only the job's own aggregation or projection "
                f"makes. The job refers to `{column}` without having given that name (`.alias('{column}')`), "
                "so the fix is in the job, not in its input."
            ),
            signals=hits[:2],
            details=[("missing column", column), ("columns named by expression", ", ".join(derived))],
            immediate_fix=(
                f"Name the computed column where it is made (`F.{function}(...).alias('{column}')`) or refer "
                f"to it as {derived[0]!r}, then rerun."
            ),
            change=f"Alias each computed column used later: `F.{function}(...).alias('{column}')`.",
            prevention="Run the job on a small sample in CI: analysis errors fail before any data is read.",
            monitoring="Group failures by Spark error class per job to spot deploys that broke analysis.",
        )
