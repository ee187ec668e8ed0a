"""The worker ran out of a resource: disk (INFRA) or memory inside Python (CONFIG: sizing)."""

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
from airflow_pipeline_debugger.heuristics.base import SignalRule
from airflow_pipeline_debugger.heuristics.generic.network import _EXPLAINS, _quote


class DiskFull(SignalRule):
    """``No space left on device``: a disk the task writes to is full (INFRA)."""

    id = "generic.disk_full"
    title = "Disk full"
    reads = (G.DISK_FULL,)
    supersedes = (*_EXPLAINS, "generic.python_exception")
    #: A node's disk filled by others (infra), a volume too small for the work (config) or an input
    #: that grew (data): the error alone does not say which, so it is never a confident answer.
    max_confidence = 65

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Infra finding: free space, then retry."""
        return self.finding(
            title="A disk filled up on the worker",
            severity=Severity.SEVERE,
            category=Category.INFRA,
            transience=Transience.INTERMITTENT,
            likelihood=87,
            summary=f"Writing failed because the disk is full ({_quote(hits)}).",
            signals=hits[:3],
            immediate_fix="Free space on the worker (temp files, old logs), then clear the task.",
            change="Write large intermediates to object storage; clean temp files in a finally block.",
            prevention="Log retention and temp-dir cleanup on workers; size ephemeral storage on pods.",
            monitoring="Alert at 80% disk use on worker volumes.",
        )


class OutOfMemory(SignalRule):
    """``MemoryError`` / ``Cannot allocate memory`` inside the task (CONFIG: memory sizing)."""

    id = "generic.out_of_memory"
    title = "Out of memory"
    reads = (G.OUT_OF_MEMORY,)
    supersedes = _EXPLAINS

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Config finding: the task's memory need exceeds what it has."""
        return self.finding(
            title="The task ran out of memory",
            severity=Severity.SEVERE,
            category=Category.CONFIG,
            transience=Transience.INTERMITTENT,
            likelihood=74,
            summary=f"An allocation failed ({_quote(hits)}): the task needs more memory than it has.",
            signals=hits[:3],
            immediate_fix="Re-run on a worker with more free memory.",
            change="Process data in chunks or stream it; size the worker/pod memory from the measured peak.",
            prevention="Memory requests per task on Kubernetes; a dedicated queue for heavy tasks.",
            monitoring="Track peak RSS per task.",
        )
