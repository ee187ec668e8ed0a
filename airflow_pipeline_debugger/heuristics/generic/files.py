"""An input file the task opens does not exist (DATA: the producer did not deliver it)."""

from __future__ import annotations

from airflow_pipeline_debugger.adapters import generic as G
from airflow_pipeline_debugger.domain import (
    Category,
    EvidenceBundle,
    RuleFinding,
    Severity,
    Signal,
    Transience,
)
from airflow_pipeline_debugger.heuristics.airflow._common import attribute, code_changed
from airflow_pipeline_debugger.heuristics.base import SignalRule
from airflow_pipeline_debugger.heuristics.generic.network import _EXPLAINS, _quote


class FileNotFound(SignalRule):
    """``No such file or directory``: an expected input is missing (DATA), or a changed path (CODE)."""

    id = "generic.file_not_found"
    title = "File not found"
    reads = (G.FILE_NOT_FOUND,)
    supersedes = _EXPLAINS

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Data finding naming the path; code when the task's code changed."""
        path = attribute(hits, "path")
        changed = code_changed(bundle)
        return self.finding(
            title="An input file the task reads is missing" + (f": {path}" if path else ""),
            severity=Severity.SEVERE,
            category=Category.CODE if changed else Category.DATA,
            transience=Transience.INTERMITTENT,
            likelihood=64,
            summary=(
                f"The task opened a path that does not exist ({_quote(hits)}). "
                + (
                    "Its code changed since the last success, so the path it builds may be wrong."
                    if changed
                    else "The producer has not delivered it (late or failed upstream), or wrote it elsewhere."
                )
            ),
            signals=hits[:3],
            details=[("path", path)] if path else [],
            immediate_fix=(
                "Check whether the upstream producer delivered the file; clear the task when it has."
            ),
            change="Wait for the file with a sensor (or an asset) instead of assuming it exists.",
            prevention="Make the dependency on the producer explicit (sensor, asset schedule).",
            monitoring="Alert on late deliveries before the consumer runs.",
        )
