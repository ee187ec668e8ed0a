"""Line numbers of stored evidence: which line of the original log each stored line is.

A log excerpt keeps only the decisive parts of a big log, so its lines are not numbered from 1:
rules, the engine, the API and Slack all cite ``E1:L42`` by the original log's numbering.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from airflow_pipeline_debugger.domain import Evidence
from airflow_pipeline_debugger.tolerant import as_int


def numbered_lines(evidence: Evidence) -> list[tuple[int | None, str]]:
    """The content as ``(line number in the original, text)``; ``None`` for annotation lines.

    A log excerpt keeps only some lines of a big log: its ``summary["line_map"]`` lists
    ``[content_index, line_no, count]`` runs, and the lines between runs are the scanner's own
    annotations ("… 120 lines omitted …"). Other evidence is numbered from
    ``summary["first_line_no"]`` (default 1).
    """
    lines = evidence.content.splitlines()
    runs = evidence.summary.get("line_map")
    if isinstance(runs, list) and runs:
        numbers: list[int | None] = [None] * len(lines)
        for run in runs:
            if not (isinstance(run, list | tuple) and len(run) == 3 and all(isinstance(x, int) for x in run)):
                continue
            index, line_no, count = run
            for k in range(max(0, count)):
                if 0 <= index + k < len(lines):
                    numbers[index + k] = line_no + k
        return list(zip(numbers, lines, strict=True))
    start = as_int(evidence.summary.get("first_line_no")) or 1
    return [(start + i, text) for i, text in enumerate(lines)]


def logs_tab_line(summary: Mapping[str, Any] | None, line_no: int | None) -> int | None:
    """The number Airflow's Logs tab shows for line ``line_no`` of a task log, or ``None``.

    The runner records it as ``summary["logs_tab_map"]`` runs of ``[line_no, logs_tab_no, count]``
    (``runner.handoff``): the tab skips group markers and the copy drops the capture record, so the
    two numberings differ. Lines of other evidence, and lines the tab does not show, have none.
    """
    runs = (summary or {}).get("logs_tab_map")
    if line_no is None or not isinstance(runs, list):
        return None
    for run in runs:
        if not (isinstance(run, list | tuple) and len(run) == 3 and all(isinstance(x, int) for x in run)):
            continue
        first, tab_no, count = (int(x) for x in run)
        if first <= line_no < first + count:
            return tab_no + line_no - first
    return None
