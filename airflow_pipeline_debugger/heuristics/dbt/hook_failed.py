"""An on-run-end (or on-run-start) hook failed: the hook's macro is the bug, not the models' data (CODE).

An ``on-run-end`` hook runs after every node, on dbt's own run metadata (``results``,
``invocation_args_dict``, the graph); packages that upload run artifacts or test results (an
artifact or observability package) do their work there. When such a hook fails with a type or value
error, its input was dbt's metadata, not the pipeline's data: the macro mishandles something dbt
produced, typically a field left empty for skipped or errored nodes, an object a newer dbt put into
the invocation arguments, or a column the package sized too small. The models themselves ran.
A hook that fails on a set-up or platform error (a grant, a connection, a quota) is left to the rules
that read that error.
"""

from __future__ import annotations

import re

from airflow_pipeline_debugger.adapters.dbt.logs import clean_line
from airflow_pipeline_debugger.domain import (
    Category,
    EvidenceBundle,
    LogLine,
    RuleFinding,
    Severity,
    Signal,
    Transience,
)
from airflow_pipeline_debugger.heuristics.base import sentence
from airflow_pipeline_debugger.heuristics.dbt._common import DbtRule
from airflow_pipeline_debugger.heuristics.knowledge import classify
from airflow_pipeline_debugger.heuristics.terminal import is_relayed, terminal_blocks

_TIME_RE = re.compile(r"^\s*(?:\d{2}:\d{2}:\d{2}(?:\.\d+)?\s*(?:\|\s*)?)?")
#: dbt's own framing around a hook's error: headers and run summary lines, not what went wrong.
_FRAME_RE = re.compile(
    r"^(?:(?:Database|Runtime|Compilation) Error|Encountered an error:?|Completed with .*|"
    r"Finished running .*|Done\. .*|on-run-(?:start|end) failed, error:?|.*error while running on-run-.*|"
    r"Running \d+ on-run-.*|"
    r"\d+ of \d+ \w+ hook: .*|\.{3})$",
    re.IGNORECASE,
)
#: A conversion of an empty value: what a hook gets from a result field dbt leaves empty.
_EMPTY_VALUE_RE = re.compile(r"(?:value|input syntax)[^'\"]{0,40}(?:''|\"\")|(?:''|\"\") is not")
#: A line Airflow 2 logged itself (not relayed from dbt's process): "Task failed with exception".
_AIRFLOW_OWN_RE = re.compile(r"^\[[^\]]{10,40}\] \{[^}]*\} [A-Z]+ - ")
MAX_ERROR_LINES = 3
MAX_ERROR_CHARS = 300


def _text(line: LogLine) -> str:
    """The line as dbt printed it (wrapper, colours, time prefix removed); "" for Airflow's own lines."""
    if _AIRFLOW_OWN_RE.match(line.text) and not is_relayed(line.text):
        return ""
    return _TIME_RE.sub("", clean_line(line.text).text).strip()


def _around(bundle: EvidenceBundle, at: LogLine) -> tuple[list[LogLine], str]:
    """The error lines after the hook line (dbt's framing dropped) and the step logged just before it."""
    for block in terminal_blocks(bundle):
        if block.evidence_id != at.evidence_id:
            continue
        lines = [*block.before, *block.lines]
        after = [
            ln for ln in lines if ln.line_no > at.line_no and _text(ln) and not _FRAME_RE.match(_text(ln))
        ]
        before = [
            _text(ln)
            for ln in lines
            if ln.line_no < at.line_no and _text(ln) and not _FRAME_RE.match(_text(ln))
        ]
        return after[:MAX_ERROR_LINES], (before[-1] if before else "")
    return [], ""


class HookFailed(DbtRule):
    """dbt's on-run-end/on-run-start hook failed on dbt's own run metadata: the hook's macro (CODE)."""

    id = "dbt.hook_failed"
    title = "A dbt on-run hook failed"
    reads = ("dbt.hook_failed",)
    supersedes = ("dbt.compile_error",)

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Finding quoting the hook's error and the step before it; none for a set-up or platform error."""
        hit = hits[-1]
        hook = str(hit.attributes.get("hook") or "on-run-end")
        anchor = hit.lines[0] if hit.lines else None
        errors, step = _around(bundle, anchor) if anchor else ([], "")
        error = " ".join(_text(ln) for ln in errors)[:MAX_ERROR_CHARS] or "the hook's error is not in the log"
        codes = [m for m in classify(_text(ln) for ln in errors) if not m.prior.wrapper]
        if codes and codes[0].prior.category in (Category.CONFIG, Category.INFRA):
            return None
        empty = bool(_EMPTY_VALUE_RE.search(error))
        during = f" after '{step}'" if step else ""
        return self.finding(
            title=f"The dbt {hook} hook failed{during}: {error}"[:160],
            severity=Severity.SEVERE,
            category=Category.CODE,
            transience=Transience.PERMANENT,
            likelihood=72,
            summary=sentence(
                f"The {hook} hook failed{during} with: {error}. The hook runs on dbt's own run metadata "
                "(results, invocation args), usually a package's macro that uploads run artifacts, so the "
                "bug is in that macro (the SQL or values it builds from dbt's metadata), not in the models' "
                "data"
                + (
                    ": an empty value, as result fields such as rows_affected are for nodes that were "
                    "skipped or errored"
                    if empty
                    else " (often after a dbt or package upgrade changed that metadata)"
                )
            ),
            lines=errors[:2],
            signals=[hit],
            details=[("hook", hook), ("last step logged", step or "unknown"), ("error", error)],
            immediate_fix=(
                f"Find the macro the {hook} hook calls (dbt_project.yml `{hook}:`, or the package's), "
                "check the package's changelog for this error and upgrade it; to unblock the run, disable "
                "the hook (or the package's upload) until then."
            ),
            change=(
                "Upgrade the package that owns the hook to a release compatible with this dbt version, "
                "or fix the macro (cast or skip empty fields, serialise only plain values)."
            ),
            prevention=(
                "Pin dbt and hook packages together; upgrade them in CI with a full `dbt build` first."
            ),
            monitoring=f"Alert on dbt runs whose {hook} hook fails even when every model passed.",
        )
