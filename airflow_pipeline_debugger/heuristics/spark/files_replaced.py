"""Files replaced under a running job: another run rewrote the path it had listed (CODE, intermittent).

Spark plans a scan from a listing of the input's files; when a task then opens one that is gone it
fails with ``FileNotFoundException`` and Spark's own hint, "It is possible the underlying files have
been updated" (error condition ``FAILED_READ_FILE.FILE_NOT_EXIST``). The input was there when the job
started: something rewrote or deleted it *during* the run — a second run of the producer (a duplicate
schedule, a rerun or a backfill overlapping the normal run), or a writer that overwrites in place
while readers run. The fix goes to how the runs are scheduled and how the data is published (write
to a new location and swap, one run at a time), not to the data itself, so it is not the generic
"input file missing" answer.
"""

from __future__ import annotations

import re

from airflow_pipeline_debugger.adapters.spark import signals as S
from airflow_pipeline_debugger.domain import (
    Category,
    EvidenceBundle,
    RuleFinding,
    Severity,
    Signal,
    Transience,
)
from airflow_pipeline_debugger.heuristics.base import SignalRule
from airflow_pipeline_debugger.heuristics.spark._common import first_attr
from airflow_pipeline_debugger.heuristics.terminal import terminal_blocks

#: The path a FileNotFoundException names (on the hint's line or the one before it).
_PATH_RE = re.compile(
    r"(?:No such file or directory|File does not exist|FileNotFoundException)\W{0,4}"
    r"'?(?P<path>[a-z][\w+.-]*:/[^\s']+|/[^\s']+?)'?(?=[\s.]*$|\s)"
)


class FilesReplaced(SignalRule):
    """``FileNotFoundException … It is possible the underlying files have been updated``."""

    id = "spark.files_replaced"
    title = "Input files replaced during the run"
    reads = (S.FILES_REPLACED,)
    supersedes = ("generic.file_not_found", "generic.error_code", "spark.executor_loss")
    #: Overlapping runs are the usual reason, but a retention job or a manual delete reads the same.
    max_confidence = 60

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Finding naming the vanished path and the overlap that removed it."""
        path = first_attr(hits, "path") or _path_before(bundle, hits[0])
        where = f" ({path})" if path else ""
        return self.finding(
            title=f"A file the job had listed was rewritten or deleted while it ran{where}",
            severity=Severity.SEVERE,
            category=Category.CODE,
            transience=Transience.INTERMITTENT,
            likelihood=62,
            summary=(
                f"A task could not open a file of its input{where} that Spark had listed when it planned "
                "the query: 'It is possible the underlying files have been updated'. The input existed when "
                "the job started and was rewritten or deleted during the run — typically a second run of "
                "its producer (a duplicate schedule, a rerun or a backfill overlapping the normal run) or a "
                "writer overwriting the path in place while this job read it. The runs overlap; the data "
                "itself is not shown to be bad."
            ),
            signals=hits[:2],
            details=[("path", path or "not named in the log"), ("Spark's hint", hits[0].message)],
            immediate_fix=(
                "Check which other run or job wrote to that path during this one (the scheduler's runs of "
                "the producer, a rerun or backfill); once it has finished, clear the task."
            ),
            change=(
                "Make the producer run once per period and publish atomically (write to a new directory, "
                "then swap or register it), and keep readers from starting before it finished (a sensor "
                "or a dataset dependency); set max_active_runs=1 on the writer's DAG."
            ),
            prevention=(
                "Never overwrite a table or path in place while it can be read; for cached tables run "
                "REFRESH TABLE after a rewrite."
            ),
            monitoring="Alert when two runs of the same producer overlap or one runs twice for a period.",
        )


def _path_before(bundle: EvidenceBundle, hint: Signal) -> str:
    """The path of the ``FileNotFoundException`` printed on or just before the hint's line."""
    line = hint.lines[0] if hint.lines else None
    for block in terminal_blocks(bundle):
        if line is None or block.evidence_id != line.evidence_id:
            continue
        near = [ln for ln in (*block.before, *block.lines) if line.line_no - 3 <= ln.line_no <= line.line_no]
        for candidate in reversed(near):
            if m := _PATH_RE.search(candidate.text[:4000]):
                return m.group("path")
    return ""
