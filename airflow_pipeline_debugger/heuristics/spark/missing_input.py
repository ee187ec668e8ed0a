"""The input path or table does not exist: missing or late upstream data (DATA)."""

from __future__ import annotations

import difflib
import re

from airflow_pipeline_debugger.adapters.spark import signals as S
from airflow_pipeline_debugger.domain import (
    Category,
    EvidenceBundle,
    EvidenceKind,
    RuleFinding,
    Severity,
    Signal,
    Transience,
)
from airflow_pipeline_debugger.evidence.provenance import MAX_SOURCE_BYTES
from airflow_pipeline_debugger.heuristics.base import Heuristic
from airflow_pipeline_debugger.heuristics.spark._common import first_attr


class MissingInput(Heuristic):
    """``[PATH_NOT_FOUND] Path does not exist`` or ``[TABLE_OR_VIEW_NOT_FOUND]`` at read time.

    A dated partition that is not there is usually late or skipped upstream delivery; a table that
    does not exist can also be a wrong name or catalog, so it is rated a little lower. A view the
    job's own source registers under a near name (``orders_cleaned`` for ``orders_clean``) is the
    job's rename on one side only (CODE).
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
        own = "" if paths else own_view_near(bundle, what)
        if own:
            return self._own_view(tables, what, own)
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

    def _own_view(self, tables: list[Signal], what: str, own: str) -> RuleFinding:
        """The job registers a view of a near name itself and reads another one: its own mismatch (CODE)."""
        return self.finding(
            title=f"The job reads view {what} but registers it as {own}",
            severity=Severity.SEVERE,
            category=Category.CODE,
            transience=Transience.PERMANENT,
            likelihood=70,
            summary=(
                f"Spark found no table or view {what}. The job's own source registers a temporary view "
                f"named {own} and never one named {what}: the name it registers and the name its SQL reads "
                "no longer match (a rename on one side only). No input is missing."
            ),
            signals=tables[:2],
            details=[("missing view", what), ("view the job registers", own)],
            immediate_fix=f"Use one name for the view in the job ({own} or {what}), then rerun.",
            change="Keep the view's name in one constant the registration and the SQL both use.",
            prevention="Run the job's SQL against a small fixture in CI so a renamed view fails there.",
            monitoring="Group failures by error condition (TABLE_OR_VIEW_NOT_FOUND) after deploys.",
        )


#: A temporary view the job registers itself (``df.createOrReplaceTempView("orders_clean")``).
_VIEW_RE = re.compile(
    r"\.(?:createOrReplaceTempView|createTempView|createOrReplaceGlobalTempView|createGlobalTempView|"
    r"registerTempTable)\(\s*[\"'](?P<name>[\w.]{1,120})[\"']"
)
#: How close two names must be (difflib's ratio) to be one view renamed on one side.
NEAR_NAME_RATIO = 0.8


def own_view_near(bundle: EvidenceBundle, missing: str) -> str:
    """A view the job's source registers with a name near ``missing`` but not equal to it, else ``""``."""
    name = missing.replace("`", "").lower()
    if "." in name:
        return ""  # a temporary view has no schema or catalog: a qualified name is a table
    registered: set[str] = set()
    for evidence in bundle.evidence:
        if evidence.kind is EvidenceKind.SOURCE:
            registered.update(
                m["name"].lower() for m in _VIEW_RE.finditer(evidence.content[:MAX_SOURCE_BYTES])
            )
    if not name or name in registered:
        return ""
    near = [r for r in registered if difflib.SequenceMatcher(None, name, r).ratio() >= NEAR_NAME_RATIO]
    return min(near, default="")
