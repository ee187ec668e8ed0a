"""The input path or table does not exist: missing or late upstream data (DATA)."""

from __future__ import annotations

from airflow_pipeline_debugger.adapters.spark import signals as S
from airflow_pipeline_debugger.domain import Category, EvidenceBundle, RuleFinding, Severity, Transience
from airflow_pipeline_debugger.heuristics.base import Heuristic
from airflow_pipeline_debugger.heuristics.spark._common import first_attr


class MissingInput(Heuristic):
    """``[PATH_NOT_FOUND] Path does not exist`` or ``[TABLE_OR_VIEW_NOT_FOUND]`` at read time.

    A dated partition that is not there is usually late or skipped upstream delivery; a table that
    does not exist can also be a wrong name or catalog, so it is rated a little lower.
    """

    id = "spark.missing_input"
    title = "Input not found"
    requires = frozenset({S.PATH_NOT_FOUND, S.TABLE_NOT_FOUND})
    #: A producer that has not delivered (data) or a path or name the job gets wrong (code/config):
    #: the error reads the same, as generic.file_not_found's does.
    max_confidence = 65

    def evaluate(self, bundle: EvidenceBundle) -> RuleFinding | None:
        """Finding naming the path or table that is missing."""
        paths = bundle.signals_with(S.PATH_NOT_FOUND)
        tables = bundle.signals_with(S.TABLE_NOT_FOUND)
        if not paths and not tables:
            return None
        what = first_attr(paths, "path") if paths else first_attr(tables, "table")
        kind = "path" if paths else "table"
        return self.finding(
            title=f"Input {kind} {what} does not exist",
            severity=Severity.SEVERE,
            category=Category.DATA,
            transience=Transience.PERMANENT,
            likelihood=85 if paths else 72,
            summary=(
                f"Spark failed before processing anything because the input {kind} {what} is missing: "
                "the upstream "
                "producer has not delivered it (late or skipped run), or it was moved/deleted."
            ),
            signals=(paths or tables)[:2],
            details=[(f"missing {kind}", what)],
            immediate_fix=(
                f"Check whether the upstream job that writes {what} ran; once it exists, clear this task."
                if paths
                else f"Check that {what} exists in the expected catalog/database (SHOW TABLES), then rerun."
            ),
            change=(
                "Wait for the input before reading it: a sensor on the path/partition (or an Airflow asset "
                "dependency on the producer) upstream of this task."
            ),
            prevention=(
                "Model the producer → consumer dependency explicitly (sensor or data-aware scheduling)."
            ),
            monitoring="Alert on the producer's freshness/SLA rather than on this consumer's failure.",
        )
