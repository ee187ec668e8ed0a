"""A hook that raised while building its connection from the Connection: the Connection's (config)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from airflow_pipeline_debugger.engine.offline import OfflineSettings, analyze_files

pytestmark = pytest.mark.unit

SETTINGS = OfflineSettings.load(use_model=False)
SITE = "/opt/airflow/.venv/lib/python3.12/site-packages"


def _answer(tmp_path: Path, frames: list[tuple[str, int, str]], error: str) -> tuple[str, str]:
    """Category and rule ``analyze`` gives a task log ending in a traceback through ``frames``."""
    traceback = "".join(f'  File "{file}", line {line}, in {func}\n    pass\n' for file, line, func in frames)
    log = tmp_path / "attempt=1.log"
    log.write_text(
        "[2026-12-08T02:47:01.000+0000] {taskinstance.py:1} INFO - Starting attempt 1 of 1\n"
        "[2026-12-08T02:47:02.000+0000] {taskinstance.py:2} ERROR - Task failed with exception\n"
        f"Traceback (most recent call last):\n{traceback}{error}\n",
        encoding="utf-8",
    )
    result = analyze_files([log], [], SETTINGS).result
    return result.category.value, result.root_cause.rule_id


TASK = ("/opt/airflow/dags/replenishment.py", 33, "propose")
SQL_HOOK = (f"{SITE}/airflow/providers/common/sql/hooks/sql.py", 849, "run")

CASES = [
    # (why, frames, error, category, rule)
    (
        "a cursor type the extra names that the installed driver lacks",
        [
            TASK,
            SQL_HOOK,
            (f"{SITE}/airflow/providers/postgres/hooks/postgres.py", 328, "get_conn"),
            (f"{SITE}/airflow/providers/postgres/hooks/postgres.py", 250, "_get_cursor"),
        ],
        "ValueError: realdictcursor is not supported with psycopg3. Use dictcursor instead.",
        "config",
        "airflow.connection_setup",
    ),
    (
        "a conn_type no installed hook serves",
        [TASK, (f"{SITE}/airflow/models/connection.py", 360, "get_hook")],
        'airflow.exceptions.AirflowException: Unknown hook type "postgresql+psycopg"',
        "config",
        "airflow.connection_setup",
    ),
    (
        "the same error raised in the task's own code",
        [TASK],
        "ValueError: realdictcursor is not supported with psycopg3. Use dictcursor instead.",
        "code",
        "generic.python_exception",
    ),
    (
        "a string the task passed as headers, refused by the standard library under get_conn (review)",
        [
            TASK,
            (f"{SITE}/airflow/providers/http/hooks/http.py", 170, "get_conn"),
            ("/usr/lib/python3.12/_collections_abc.py", 949, "update"),
        ],
        "ValueError: not enough values to unpack (expected 2, got 1)",
        "code",
        "generic.python_exception",
    ),
    (
        "hook_params with a keyword the hook does not take (review)",
        [TASK, (f"{SITE}/airflow/sdk/definitions/connection.py", 252, "get_hook")],
        "TypeError: HttpHook.__init__() got an unexpected keyword argument 'timeout'",
        "code",
        "generic.python_exception",
    ),
    (
        "a value error raised while running the query, not while connecting",
        [TASK, SQL_HOOK, (f"{SITE}/airflow/providers/common/sql/hooks/sql.py", 904, "_run_command")],
        "ValueError: parameters must be a sequence",
        "code",
        "generic.python_exception",
    ),
]


@pytest.mark.parametrize(("why", "frames", "error", "category", "rule"), CASES, ids=[c[0] for c in CASES])
def test_a_hook_that_refuses_its_connection_is_the_connections(
    tmp_path: Path, why: str, frames: list[tuple[str, int, str]], error: str, category: str, rule: str
) -> None:
    assert _answer(tmp_path, frames, error) == (category, rule), why


def test_a_refused_login_while_connecting_is_not_read_as_a_field_of_the_definition(tmp_path: Path) -> None:
    frames = [TASK, SQL_HOOK, (f"{SITE}/airflow/providers/postgres/hooks/postgres.py", 328, "get_conn")]
    error = (
        'psycopg2.OperationalError: connection to server at "db" (10.0.0.5), port 5432 failed: FATAL:  '
        'password authentication failed for user "etl"'
    )
    _, rule = _answer(tmp_path, frames, error)
    assert rule != "airflow.connection_setup"


def test_a_hostile_frame_name_is_not_matched_whole(tmp_path: Path) -> None:
    """A builder-shaped name 200 KB long in Airflow 3's structured error is skipped, not backtracked."""
    frames = [
        {"filename": TASK[0], "lineno": TASK[1], "name": TASK[2]},
        {
            "filename": f"{SITE}/airflow/providers/x/hooks/h.py",
            "lineno": 9,
            "name": "conn_params" * 20_000 + "<x>",
        },
    ]
    record = {
        "timestamp": "2026-12-08T02:47:02Z",
        "level": "error",
        "event": "Task failed with exception",
        "logger": "task",
        "error_detail": [{"exc_type": "ValueError", "exc_value": "bad", "frames": frames}],
    }
    log = tmp_path / "attempt=1.log"
    log.write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = analyze_files([log], [], SETTINGS).result
    assert result.root_cause.rule_id != "airflow.connection_setup"
