"""A package of the failing traceback changed version since the last success: the engine's answer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from airflow_pipeline_debugger.adapters.collect import collect_evidence
from airflow_pipeline_debugger.domain import FailureContext, InvestigationResult, TaskKey
from airflow_pipeline_debugger.engine.pipeline import analyse_bundle
from airflow_pipeline_debugger.evidence.files import FileAccess
from airflow_pipeline_debugger.evidence.request import CollectionRequest, LogSource
from airflow_pipeline_debugger.heuristics.registry import build_heuristics

HEURISTICS = build_heuristics()
LOG = [
    "[2026-12-01T02:47:02.000+0000] {task.py:10} ERROR - Task failed with exception",
    "Traceback (most recent call last):",
    '  File "/opt/airflow/dags/orders.py", line 12, in score_orders',
    '  File "/venv/lib/python3.11/site-packages/pd_env_probe/__init__.py", line 2, in score',
    "KeyError: 'weighting'",
]


def analyse(environment: dict[str, Any] | None) -> InvestigationResult:
    request = CollectionRequest(
        context=FailureContext(key=TaskKey(dag_id="orders", task_id="score_orders"), trigger="test"),
        files=FileAccess({"*": [Path.cwd()]}),
        logs=[LogSource(name="task log", source="test", text="\n".join(LOG) + "\n")],
    )
    bundle = collect_evidence(request)
    if environment is not None:
        bundle.facts["environment"] = environment
    _, result = analyse_bundle(bundle, HEURISTICS)
    return result


def changed(
    *rows: tuple[str, str, str, bool], traceback: tuple[str, ...] = ("pd_env_probe",)
) -> dict[str, Any]:
    return {
        "since": "ok_run",
        "traceback": list(traceback),
        "changed": [{"package": p, "now": n, "then": t, "in_traceback": i} for p, n, t, i in rows],
    }


CASES = [
    # (id, facts["environment"], rule id, category, words the root cause names)
    (
        "upgraded_package_raised_the_error",
        changed(("pd_env_probe", "2.1.0", "1.9.3", True)),
        "generic.package_changed",
        "config",
        ["pd_env_probe 2.1.0, 1.9.3 at the last success", "raised inside pd_env_probe"],
    ),
    (
        "upgrade_outside_the_traceback_is_not_the_answer",
        changed(("numpy", "2.0.0", "1.26.4", False)),
        "generic.python_exception",
        "code",
        ["KeyError"],
    ),
    ("no_change_recorded", changed(), "generic.python_exception", "code", ["KeyError"]),
    ("no_environment_facts", None, "generic.python_exception", "code", ["KeyError"]),
]


@pytest.mark.parametrize(
    ("environment", "rule", "category", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_the_engine_answers(
    environment: dict[str, Any] | None, rule: str, category: str, words: list[str]
) -> None:
    result = analyse(environment)
    text = f"{result.root_cause.title} {result.root_cause.summary}"
    assert (result.root_cause.rule_id, result.category.value) == (rule, category), text
    for word in words:
        assert word in text


def test_confidence_rises_when_the_error_was_raised_inside_the_changed_package() -> None:
    inside = analyse(changed(("pd_env_probe", "2.1.0", "1.9.3", True))).root_cause
    passing = analyse(
        changed(("pd_env_probe", "2.1.0", "1.9.3", True), traceback=("pd_env_probe", "pandas"))
    ).root_cause
    assert inside.rule_id == passing.rule_id == "generic.package_changed"
    assert inside.confidence > passing.confidence
