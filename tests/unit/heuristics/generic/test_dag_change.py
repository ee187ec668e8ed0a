"""A commit since the last success changed the name the error names: the engine's answer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from airflow_pipeline_debugger.adapters.collect import collect_evidence
from airflow_pipeline_debugger.domain import (
    Evidence,
    EvidenceKind,
    FailureContext,
    InvestigationResult,
    TaskKey,
)
from airflow_pipeline_debugger.engine.pipeline import analyse_bundle
from airflow_pipeline_debugger.evidence.files import FileAccess
from airflow_pipeline_debugger.evidence.request import CollectionRequest, LogSource
from airflow_pipeline_debugger.heuristics.registry import build_heuristics

HEURISTICS = build_heuristics()
LOG = [
    "[2026-12-01T02:47:01.000+0000] {task.py:9} INFO - read 3 rows with columns: cust_id, amount",
    "[2026-12-01T02:47:02.000+0000] {task.py:10} ERROR - Task failed with exception",
    "Traceback (most recent call last):",
    '  File "/opt/airflow/dags/repo/dags/orders.py", line 21, in load',
    "KeyError: 'customer_id'",
]
SHA = "3f2a9c1d7e"
RENAME = [
    {
        "sha": SHA,
        "file": "dags/orders.py",
        "line": 7,
        "sign": "-",
        "text": 'cols = ["customer_id", "amount"]',
    },
    {"sha": SHA, "file": "dags/orders.py", "line": 7, "sign": "+", "text": 'cols = ["cust_id", "amount"]'},
]
EDIT_AROUND = [
    {
        "sha": SHA,
        "file": "dags/orders.py",
        "line": 7,
        "sign": "-",
        "text": 'cols = ["customer_id", "amount"]',
    },
    {"sha": SHA, "file": "dags/orders.py", "line": 7, "sign": "+", "text": 'cols = ["customer_id", "total"]'},
]
UNRELATED = [{"sha": SHA, "file": "dags/orders.py", "line": 3, "sign": "+", "text": "import json"}]


def changes(lines: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "since": "scheduled__ok",
        "code_changed": True,
        "changed": ["1 commit(s) in bundle orders_repo"],
        "git": {
            "bundle": "orders_repo",
            "commits": [
                {
                    "sha": SHA + "0" * 30,
                    "short": SHA,
                    "author": "Ada Lovelace",
                    "message": "rename customer_id",
                }
            ],
            "files": ["dags/orders.py"],
            "lines": lines,
        },
    }


def analyse(facts: dict[str, Any] | None, upstream: list[str] | None = None) -> InvestigationResult:
    request = CollectionRequest(
        context=FailureContext(key=TaskKey(dag_id="orders", task_id="load"), trigger="test"),
        files=FileAccess({"*": [Path.cwd()]}),
        logs=[LogSource(name="task log", source="test", text="\n".join(LOG) + "\n")],
    )
    bundle = collect_evidence(request)
    if upstream is not None:
        bundle.add_evidence(
            Evidence(
                id="",
                kind=EvidenceKind.UPSTREAM_LOG,
                name="upstream log extract",
                source="airflow task log orders/extract",
                content="\n".join(upstream),
                summary={"upstream_task_id": "extract", "first_line_no": 1, "total_lines": len(upstream)},
            )
        )
    if facts is not None:
        bundle.facts["changes"] = facts
    _, result = analyse_bundle(bundle, HEURISTICS)
    return result


CASES = [
    # (id, facts["changes"], rule id, category, words the root cause names)
    (
        "commit_renamed_the_missing_column",
        changes(RENAME),
        "generic.change_names_error",
        "code",
        [SHA, "Ada Lovelace", "rename customer_id", "dags/orders.py:7", "'customer_id'", "removed"],
    ),
    (
        "no_git_record",
        {"since": "scheduled__ok", "code_changed": None},
        "generic.input_broke_code",
        "data",
        [],
    ),
]


@pytest.mark.parametrize(
    ("facts", "rule", "category", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_the_engine_answers(facts: dict[str, Any], rule: str, category: str, words: list[str]) -> None:
    result = analyse(facts)
    text = f"{result.root_cause.title} {result.root_cause.summary}"
    assert (result.root_cause.rule_id, result.category.value) == (rule, category), text
    for word in words:
        assert word in text


def test_confidence_rises_when_the_commit_removed_the_name() -> None:
    removed = analyse(changes(RENAME)).root_cause
    edited = analyse(changes(EDIT_AROUND)).root_cause
    assert removed.rule_id == edited.rule_id == "generic.change_names_error"
    assert "changed 'customer_id'" in edited.title
    assert removed.confidence > edited.confidence


def test_a_commit_that_does_not_touch_the_name_is_not_the_answer() -> None:
    assert analyse(changes(UNRELATED)).root_cause.rule_id != "generic.change_names_error"


def test_a_commit_explains_the_renamed_columns_an_upstream_task_logged() -> None:
    """By the category guide a rename by this DAG's own commit is code, not upstream data."""
    upstream = ["[2026-12-01T02:46:58.000+0000] {load.py:12} INFO - export wrote 2 rows; columns: cust_id"]
    assert analyse(None, upstream).root_cause.rule_id == "generic.upstream_input"
    result = analyse(changes(RENAME), upstream)
    assert (result.root_cause.rule_id, result.category.value) == ("generic.change_names_error", "code")
    upstream_verdict = next(h.status for h in result.hypotheses if h.rule_id == "generic.upstream_input")
    assert upstream_verdict.value == "dismissed"  # explained by the commit, not a competing cause
