"""A connection or Variable lookup the task logged below ERROR and carried on from is not the cause.

A ``GitDagBundle`` with a ``repo_url`` and no ``git_default`` connection logs the failed lookup at
INFO (with its traceback in ``error_detail``) on every try it serves; a hook that falls back to its
defaults logs a WARNING. Each case runs a log written here through evidence collection (the
runner's path: scanner, adapters, terminal block) and the deterministic engine.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from airflow_pipeline_debugger.adapters.collect import collect_evidence
from airflow_pipeline_debugger.domain import FailureContext, InvestigationResult, TaskKey
from airflow_pipeline_debugger.engine.pipeline import analyse_bundle
from airflow_pipeline_debugger.evidence.files import FileAccess
from airflow_pipeline_debugger.evidence.request import CollectionRequest, LogSource
from airflow_pipeline_debugger.heuristics.registry import build_heuristics

HEURISTICS = build_heuristics()
SITE = "/usr/local/lib/python3.12/site-packages/airflow"


def record(level: str, event: str, logger: str, error: tuple[str, str, list[str]] | None = None) -> str:
    """One Airflow 3 JSON log line; ``error`` is (type, value, frames as ``file:line:function``)."""
    obj: dict[str, object] = {
        "timestamp": "2026-11-30T04:12:07.118204Z",
        "level": level,
        "event": event,
        "logger": logger,
    }
    if error is not None:
        exc_type, value, frames = error
        obj["error_detail"] = [
            {
                "exc_type": exc_type,
                "exc_value": value,
                "is_cause": False,
                "frames": [
                    {"filename": f, "lineno": int(n), "name": name}
                    for f, n, name in (frame.rsplit(":", 2) for frame in frames)
                ],
            }
        ]
    return json.dumps(obj)


LOOKUP_FRAMES = [
    f"{SITE}/providers/git/hooks/git.py:122:__init__",
    f"{SITE}/sdk/execution_time/context.py:231:_get_connection",
]
BUNDLE_SETUP = record(
    "info",
    "Connection not found but repo_url provided, continuing without Airflow connection",
    "airflow.providers.git.bundles.git",
    ("AirflowNotFoundException", "The conn_id `git_default` isn't defined", LOOKUP_FRAMES),
)
PARSED = record("info", "Filling up the DagBag from /opt/airflow/bundles/repo/dags/billing.py", "task")
DIED_OF_KEYERROR = record(
    "error",
    "Task failed with exception",
    "task",
    ("KeyError", "'invoice_total'", ["/opt/airflow/bundles/repo/dags/billing.py:48:summarise"]),
)
DIED_OF_CONNECTION = record(
    "error",
    "Task failed with exception",
    "task",
    (
        "AirflowNotFoundException",
        "The conn_id `billing_pg` isn't defined",
        ["/opt/airflow/bundles/repo/dags/billing.py:31:extract", *LOOKUP_FRAMES[1:]],
    ),
)
A2 = "[2026-11-30T04:12:07.118+0000] {{{where}}} {level} - {text}"

CASES = [
    # (id, log lines, root-cause rule, category, words the root cause names)
    (
        "git_bundle_info_then_key_error",
        [BUNDLE_SETUP, PARSED, DIED_OF_KEYERROR],
        "generic.python_exception",
        "code",
        ["KeyError", "dags/billing.py:48"],
    ),
    (
        "hook_fallback_warning_then_value_error",
        [
            A2.format(
                where="base.py:84",
                level="WARNING",
                text="AirflowNotFoundException: The conn_id `s3_archive` isn't defined; using the default "
                "credential chain",
            ),
            A2.format(where="billing.py:30", level="INFO", text="archived 12 files"),
            A2.format(where="taskinstance.py:441", level="ERROR", text="Task failed with exception"),
            "Traceback (most recent call last):",
            '  File "/opt/airflow/dags/billing.py", line 52, in summarise',
            "ValueError: could not convert string to float: 'n/a'",
        ],
        "generic.error_code",
        "data",
        ["'n/a'", "not a number"],
    ),
    (
        "variable_default_warning_then_type_error",
        [
            A2.format(
                where="variables.py:19",
                level="WARNING",
                text="VARIABLE_NOT_FOUND: {'key': 'billing_batch_size'}; falling back to 500",
            ),
            A2.format(where="taskinstance.py:441", level="ERROR", text="Task failed with exception"),
            "Traceback (most recent call last):",
            '  File "/opt/airflow/dags/billing.py", line 60, in batch',
            "TypeError: unsupported operand type(s) for +: 'int' and 'str'",
        ],
        "generic.python_exception",
        "code",
        ["TypeError", "dags/billing.py:60"],
    ),
    # The task's own lookup failed it: the rule fires, naming that connection, not the bundle's.
    (
        "git_bundle_info_then_missing_connection",
        [BUNDLE_SETUP, PARSED, DIED_OF_CONNECTION],
        "airflow.missing_connection",
        "config",
        ["billing_pg"],
    ),
    (
        "plain_traceback_missing_connection",
        [
            A2.format(where="taskinstance.py:441", level="ERROR", text="Task failed with exception"),
            "Traceback (most recent call last):",
            '  File "/opt/airflow/dags/billing.py", line 31, in extract',
            "airflow.sdk.exceptions.AirflowNotFoundException: The conn_id `billing_pg` isn't defined",
        ],
        "airflow.missing_connection",
        "config",
        ["billing_pg"],
    ),
    # A child process's output relayed at INFO is the child's error, not chatter.
    (
        "relayed_child_output_missing_connection",
        [
            A2.format(
                where="subprocess.py:93",
                level="INFO",
                text="AirflowNotFoundException: The conn_id `billing_pg` isn't defined",
            ),
            A2.format(
                where="taskinstance.py:441",
                level="ERROR",
                text="Task failed with exception: Bash command failed. The command returned a non-zero "
                "exit code 1.",
            ),
        ],
        "airflow.missing_connection",
        "config",
        ["billing_pg"],
    ),
    (
        "missing_variable_raised",
        [
            A2.format(where="taskinstance.py:441", level="ERROR", text="Task failed with exception"),
            "Traceback (most recent call last):",
            '  File "/opt/airflow/dags/billing.py", line 12, in batch',
            "airflow.sdk.exceptions.AirflowRuntimeError: VARIABLE_NOT_FOUND: {'key': 'billing_batch_size'}",
        ],
        "airflow.missing_variable",
        "config",
        ["billing_batch_size"],
    ),
]


def investigate(lines: list[str]) -> tuple[InvestigationResult, set[str]]:
    """The engine's answer for one task log, and the rules that produced any hypothesis."""
    request = CollectionRequest(
        context=FailureContext(key=TaskKey(dag_id="billing", task_id="summarise"), trigger="test"),
        files=FileAccess({"*": [Path.cwd()]}),
        logs=[LogSource(name="task log", source="test", text="\n".join(lines) + "\n")],
    )
    outcome, result = analyse_bundle(collect_evidence(request), HEURISTICS)
    return result, {f.rule_id for f in outcome.findings}


@pytest.mark.parametrize(
    ("lines", "rule", "category", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_a_lookup_the_task_carried_on_from_is_not_the_cause(
    lines: list[str], rule: str, category: str, words: list[str]
) -> None:
    result, fired = investigate(lines)
    cause = result.root_cause
    assert (cause.rule_id, result.category.value) == (rule, category), cause.title
    for word in words:
        assert word in cause.title, (word, cause.title)
    if rule == "generic.python_exception":
        # Not an alternative either: nothing the task went on from is offered as a cause.
        assert not fired & {"airflow.missing_connection", "airflow.missing_variable"}, fired
        assert "git_default" not in cause.title and "context.py" not in cause.title
