"""Upstream evidence: a generic error in the task, the last lines of its upstream tasks, the engine's answer.

Each case is collected like an investigation (every registered adapter scans the failed task's log),
the upstream tasks' final lines are added as the runner's ``upstream_logs`` collector adds them, and
the real engine ranks every built-in rule, so a case passes only when the engine itself chooses it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from airflow_pipeline_debugger.adapters.collect import collect_evidence
from airflow_pipeline_debugger.domain import (
    Evidence,
    EvidenceBundle,
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


def a3(level: str, text: str, where: str = "transform.py:10") -> str:
    return f"[2026-12-01T02:47:02.000+0000] {{{where}}} {level} - {text}"


def analyse(
    own: list[str], upstream: dict[str, list[str]], facts: dict[str, Any] | None = None
) -> tuple[EvidenceBundle, InvestigationResult]:
    """The failed ``transform``'s log, its upstream tasks' last lines (first numbered 101) and ``facts``."""
    request = CollectionRequest(
        context=FailureContext(key=TaskKey(dag_id="orders", task_id="transform"), trigger="test"),
        files=FileAccess({"*": [Path.cwd()]}),
        logs=[LogSource(name="task log", source="test", text="\n".join(own) + "\n")],
    )
    bundle = collect_evidence(request)
    for task_id, lines in upstream.items():
        bundle.add_evidence(
            Evidence(
                id="",
                kind=EvidenceKind.UPSTREAM_LOG,
                name=f"upstream log {task_id}",
                source=f"airflow task log orders/{task_id}",
                content="\n".join(lines),
                summary={"upstream_task_id": task_id, "first_line_no": 101, "total_lines": 100 + len(lines)},
            )
        )
    bundle.facts.update(facts or {})
    _, result = analyse_bundle(bundle, HEURISTICS)
    return bundle, result


def died_of(error: str) -> list[str]:
    return [
        a3("INFO", "reading customers from export"),
        a3("ERROR", "Task failed with exception"),
        "Traceback (most recent call last):",
        '  File "/opt/airflow/dags/orders.py", line 41, in transform',
        error,
    ]


KEY_ERROR = died_of("KeyError: 'customer_id'")
DIVISION = died_of("ZeroDivisionError: division by zero")
DONE = a3("INFO", "Done. Returned value was: None", "python.py:220")
RENAMED = a3("INFO", "export wrote 2 rows; columns: cust_id", "load.py:12")

CASES = [
    # (id, the task's log, upstream tasks' last lines, rule id, category, words the answer must name)
    (
        "upstream_export_renamed_the_column",
        KEY_ERROR,
        {"load": [a3("INFO", "starting export", "load.py:3"), RENAMED, DONE]},
        "generic.upstream_input",
        "data",
        ["Upstream task load", "without 'customer_id'", "columns: cust_id", "E2:L102"],
    ),
    (
        "upstream_lists_several_columns_without_the_key",
        KEY_ERROR,
        {"extract": [a3("INFO", "columns: id, name, email", "extract.py:9"), DONE]},
        "generic.upstream_input",
        "data",
        ["Upstream task extract", "columns: id, name, email"],
    ),
    (
        "upstream_wrote_zero_rows",
        DIVISION,
        {"extract": [a3("INFO", "Wrote 0 rows to orders_export", "extract.py:9"), DONE]},
        "generic.upstream_input",
        "data",
        ["Upstream task extract logged an empty output", "Wrote 0 rows to orders_export"],
    ),
    (
        "upstream_fetched_nothing",
        DIVISION,
        {"extract": [a3("INFO", "no rows returned for 2026-12-01", "extract.py:9"), DONE]},
        "generic.upstream_input",
        "data",
        ["Upstream task extract logged an empty output"],
    ),
    (
        "the_nearest_upstream_that_says_something_is_named",
        KEY_ERROR,
        {"load": [a3("INFO", "export finished", "load.py:3"), DONE], "extract": [RENAMED, DONE]},
        "generic.upstream_input",
        "data",
        ["Upstream task extract"],
    ),
    (
        "upstream_columns_include_the_key_leave_it_code",
        KEY_ERROR,
        {"load": [a3("INFO", "export wrote 2 rows; columns: customer_id, name", "load.py:12"), DONE]},
        "generic.python_exception",
        "code",
        ["KeyError: 'customer_id' raised in the task code"],
    ),
    (
        "an_unrelated_lone_name_is_not_a_rename",
        KEY_ERROR,
        {"load": [a3("INFO", "using schema: public", "load.py:12"), DONE]},
        "generic.python_exception",
        "code",
        ["KeyError"],
    ),
    (
        "usual_upstream_counts_leave_it_code",
        DIVISION,
        {"extract": [a3("INFO", "Wrote 48,213 rows to orders_export", "extract.py:9"), DONE]},
        "generic.python_exception",
        "code",
        ["ZeroDivisionError: division by zero", "dags/orders.py:41"],
    ),
    (
        "a_specific_error_is_not_explained_by_upstream",
        died_of("psycopg2.OperationalError: connection to 10.0.0.5 port 5432 failed: Connection refused"),
        {"extract": [a3("INFO", "Wrote 0 rows to orders_export", "extract.py:9"), DONE]},
        "generic.network_error",
        "infra",
        ["Connection refused"],
    ),
    (
        "no_upstream_logs_leave_it_code",
        KEY_ERROR,
        {},
        "generic.python_exception",
        "code",
        ["KeyError"],
    ),
]


@pytest.mark.parametrize(
    ("own", "upstream", "rule", "category", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_the_engine_answers(
    own: list[str], upstream: dict[str, list[str]], rule: str, category: str, words: list[str]
) -> None:
    _, result = analyse(own, upstream)
    cited = " ".join(result.root_cause.evidence)
    text = f"{result.root_cause.title} {result.root_cause.summary} {cited}"
    assert (result.root_cause.rule_id, result.category.value) == (rule, category), text
    for word in words:
        assert word in text, text


def test_the_answer_cites_the_upstream_line_and_the_error() -> None:
    bundle, result = analyse(KEY_ERROR, {"load": [RENAMED, DONE]})
    upstream = next(e for e in bundle.evidence if e.kind is EvidenceKind.UPSTREAM_LOG)
    own = next(e for e in bundle.evidence if e.kind is EvidenceKind.LOG)
    assert result.root_cause.evidence[:2] == [f"{upstream.id}:L101", f"{own.id}:L5"]


def test_the_title_names_the_task_and_the_words_without_the_line_prefix() -> None:
    _, result = analyse(KEY_ERROR, {"load": [RENAMED, DONE]})
    assert result.root_cause.title == (
        "Upstream task load logged an output without 'customer_id': columns: cust_id"
    )


def test_a_code_change_lowers_the_confidence() -> None:
    _, plain = analyse(KEY_ERROR, {"load": [RENAMED, DONE]})
    bundle_changed, _ = analyse(KEY_ERROR, {"load": [RENAMED, DONE]})
    bundle_changed.facts["changes"] = {"code_changed": True}
    _, changed = analyse_bundle(bundle_changed, HEURISTICS)
    assert changed.root_cause.confidence < plain.root_cause.confidence


def failed_first(category: str, answered: bool = True) -> dict[str, Any]:
    """``facts["upstream"]`` when ``extract`` failed in the run (and, if ``answered``, was investigated)."""
    answer = {"id": "inv-1", "category": category, "root_cause_title": "Disk full on /data", "confidence": 80}
    return {
        "upstream": {
            "tasks": {"extract": "failed", "load": "success"},
            "failed": ["extract"],
            "investigations": {"extract": answer} if answered else {},
        }
    }


@pytest.mark.parametrize(
    ("own", "facts", "rule", "category"),
    [
        (KEY_ERROR, failed_first("infra"), "generic.upstream_failed_first", "infra"),
        (DIVISION, failed_first("data"), "generic.upstream_failed_first", "data"),
        (KEY_ERROR, failed_first("infra", answered=False), "generic.python_exception", "code"),
        (
            died_of("psycopg2.OperationalError: connection to 10.0.0.5 port 5432 failed: Connection refused"),
            failed_first("data"),
            "generic.network_error",
            "infra",
        ),
    ],
    ids=[
        "key_error_after_a_failed_extract",
        "division_after_a_failed_extract",
        "not_answered",
        "specific_error",
    ],
)
def test_an_upstream_task_that_failed_first_is_the_cause(
    own: list[str], facts: dict[str, Any], rule: str, category: str
) -> None:
    _, result = analyse(own, {}, facts)
    assert (result.root_cause.rule_id, result.category.value) == (rule, category), result.root_cause.title
    if rule == "generic.upstream_failed_first":
        assert result.root_cause.title == "Upstream task extract failed first in this run: Disk full on /data"
