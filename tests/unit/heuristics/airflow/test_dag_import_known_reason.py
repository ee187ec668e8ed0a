"""A DAG import failing on a known error outside the code takes that error's meaning, and only then.

The known-reason branch of ``airflow.dag_import_error`` reads the most decisive error of the logs: it
must be the one the import failed on (later in the same log), and an error of the DAG file's own code
(a ``SyntaxError``) keeps the finding on the code whatever else the logs say.
"""

from __future__ import annotations

from pathlib import Path

from support.engine_answer import HEURISTICS, analyse

from airflow_pipeline_debugger.adapters.collect import collect_evidence
from airflow_pipeline_debugger.domain import FailureContext, TaskKey
from airflow_pipeline_debugger.engine.pipeline import analyse_bundle
from airflow_pipeline_debugger.evidence.files import FileAccess
from airflow_pipeline_debugger.evidence.request import CollectionRequest, LogSource

IMPORT_FAILED = (
    "[2026-12-06 23:54:08,587] {__init__.py:416} ERROR - Failed to import: /opt/airflow/dags/sync.py"
)
SYNTAX_ERROR = [
    IMPORT_FAILED,
    "Traceback (most recent call last):",
    '  File "/opt/airflow/dags/sync.py", line 3, in <module>',
    "    x = (",
    "SyntaxError: '(' was never closed",
]
FERNET = [
    "[2026-12-06 23:59:00,000] {variable.py:80} ERROR - Can't decrypt _val for key=api_key, invalid token",
    "cryptography.fernet.InvalidToken",
]


def test_a_known_error_in_another_log_is_not_why_the_import_failed() -> None:
    """Line numbers of two logs do not compare: the scheduler's Fernet error later than L1 is no reason."""
    other = [
        f"[2026-12-06 23:5{i}:00,000] {{scheduler.py:1}} INFO - heartbeat {i}" for i in range(8)
    ] + FERNET
    request = CollectionRequest(
        context=FailureContext(key=TaskKey(dag_id="sync", task_id="load"), trigger="test"),
        files=FileAccess({"*": [Path.cwd()]}),
        logs=[
            LogSource(name="task log", source="test", text="\n".join(SYNTAX_ERROR) + "\n"),
            LogSource(name="scheduler log", source="test", text="\n".join(other) + "\n"),
        ],
    )
    _, result = analyse_bundle(collect_evidence(request), HEURISTICS)
    root = result.root_cause
    assert (root.rule_id, root.category.value) == ("airflow.dag_import_error", "code"), root.title
    assert "Fernet" not in root.title


def test_the_files_own_syntax_error_outranks_a_known_error_after_it() -> None:
    root = analyse([*SYNTAX_ERROR, *FERNET]).root_cause
    assert (root.rule_id, root.category.value) == ("airflow.dag_import_error", "code"), root.title


def test_the_known_reason_titles_the_finding_by_its_head_whole_words() -> None:
    """The title names the reason's head (no mid-word cut at 160 characters); the summary has all of it."""
    root = analyse([IMPORT_FAILED, "", "cryptography.fernet.InvalidToken"]).root_cause
    assert root.category.value == "config"
    assert (
        root.title == "The worker could not load the DAG: Airflow could not decrypt a Connection or Variable"
    )
    assert "differs from the key that encrypted it" in root.summary
    assert "most likely" in root.summary
