"""The text of the log lines a root cause cites, read back from the stored evidence.

The Slack alert shows the first few and the API returns them with the investigation, so both read
them the same way: line numbers are those of the original log, mapped through the stored excerpt.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from airflow_pipeline_debugger.evidence.lines import numbered_lines
from airflow_pipeline_debugger.store import repository

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

#: Cited lines resolved for one alert (the message shows three and counts the rest).
MAX_CITED_LINES = 10


def cited_lines(session: Session, investigation_id: str, cites: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """``(citation, text)`` of the lines a root cause cites (``E1:L42``), from the stored evidence.

    Line numbers are those of the original log, mapped through the excerpt's ``line_map``
    (``evidence.lines.numbered_lines``); citations that name no stored line are skipped.
    """
    wanted: dict[str, list[tuple[str, int]]] = {}
    for cite in list(dict.fromkeys(cites))[:MAX_CITED_LINES]:
        evidence_id, sep, line = cite.partition(":L")
        if sep and line.isdigit():
            wanted.setdefault(evidence_id, []).append((cite, int(line)))
    if not wanted:
        return ()
    found: dict[str, str] = {}
    for artifact in repository.list_artifacts(session, investigation_id):
        if artifact.evidence_id not in wanted:
            continue
        evidence = repository.evidence_of(artifact)
        by_number = {n: text for n, text in numbered_lines(evidence) if n is not None}
        for cite, number in wanted[artifact.evidence_id]:
            if number in by_number and by_number[number].strip():
                found[cite] = by_number[number].strip()
    return tuple((cite, found[cite]) for cite in dict.fromkeys(cites) if cite in found)
