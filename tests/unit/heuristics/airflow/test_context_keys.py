"""A context key the run does not have: removed in Airflow 3, or left out for a run without a logical date."""

from __future__ import annotations

import pytest
from support.engine_answer import analyse

HEAD = [
    "[2026-12-01T02:47:02.000+0000] {task_runner.py:870} ERROR - Task failed with exception",
    "Traceback (most recent call last):",
]
IN_DAG = ['  File "/opt/airflow/dags/orders.py", line 41, in load', "    day = context['{key}']"]
IN_PANDAS = [
    '  File "/opt/airflow/dags/orders.py", line 41, in load',
    "    frame['{key}']",
    '  File "/usr/local/lib/python3.12/site-packages/pandas/core/frame.py", line 4102, in __getitem__',
    "    indexer = self.columns.get_loc(key)",
]


def log(frames: list[str], key: str) -> list[str]:
    return [*HEAD, *(f.format(key=key) for f in frames), f"KeyError: '{key}'"]


@pytest.mark.parametrize(
    ("key", "frames", "rule", "words"),
    [
        ("execution_date", IN_DAG, "airflow.context_key_missing", ["removed", "logical_date"]),
        ("next_ds", IN_DAG, "airflow.context_key_missing", ["removed", "data_interval_end"]),
        ("logical_date", IN_DAG, "airflow.context_key_missing", ["logical date", "manually"]),
        ("data_interval_start", IN_DAG, "airflow.context_key_missing", ["logical date", "asset"]),
        # A column or field of that name, raised by a data library: not the context.
        ("logical_date", IN_PANDAS, None, ["logical_date"]),
        # Bare ds and ts are names a frame's columns carry as often as the context.
        ("ds", IN_DAG, None, ["ds"]),
        # Another key is the task's own dictionary.
        ("customer_id", IN_DAG, None, ["customer_id"]),
    ],
)
def test_a_context_key_the_run_does_not_have(
    key: str, frames: list[str], rule: str | None, words: list[str]
) -> None:
    result = analyse(log(frames, key))
    root = result.root_cause
    if rule is None:
        assert root.rule_id != "airflow.context_key_missing", root.title
    else:
        assert root.rule_id == rule, (root.rule_id, root.title)
    assert result.category.value == "code", (root.rule_id, root.title)
    text = f"{root.title} {root.summary}".lower()
    assert all(word.lower() in text for word in words), (words, root.title, root.summary)
