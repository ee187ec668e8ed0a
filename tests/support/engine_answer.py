"""One log in, the deterministic engine's answer out: the path table-driven rule tests share.

The log is collected like an investigation's (every registered adapter scans it) and ranked by the
real engine over every built-in rule, so a case passes only when the engine itself chooses it.
"""

from __future__ import annotations

from pathlib import Path

from airflow_pipeline_debugger.adapters.collect import collect_evidence
from airflow_pipeline_debugger.domain import FailureContext, InvestigationResult, TaskKey
from airflow_pipeline_debugger.engine.pipeline import analyse_bundle
from airflow_pipeline_debugger.evidence.files import FileAccess
from airflow_pipeline_debugger.evidence.request import CollectionRequest, LogSource
from airflow_pipeline_debugger.heuristics.registry import build_heuristics

HEURISTICS = build_heuristics()


def analyse(lines: list[str]) -> InvestigationResult:
    """The engine's answer for a task log made of ``lines``."""
    request = CollectionRequest(
        context=FailureContext(key=TaskKey(dag_id="orders", task_id="load"), trigger="test"),
        files=FileAccess({"*": [Path.cwd()]}),
        logs=[LogSource(name="task log", source="test", text="\n".join(lines) + "\n")],
    )
    _, result = analyse_bundle(collect_evidence(request), HEURISTICS)
    return result
