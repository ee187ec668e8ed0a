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


A2_HEAD = [
    "[2024-05-01, 02:47:02 UTC] {taskinstance.py:2698} ERROR - Task failed with exception",
    "Traceback (most recent call last):",
]
IN_CONF = [
    '  File "/opt/airflow/dags/orders.py", line 41, in load',
    "    day = context['dag_run'].conf['{key}']",
]
IN_DASK = [
    *IN_DAG,
    '  File "/usr/local/lib/python3.12/site-packages/dask/dataframe/core.py", line 5010, in __getitem__',
]


@pytest.mark.parametrize(
    ("lines", "rule", "words"),
    [
        # Airflow 2 still has every such key: a KeyError on one there is the task's own dictionary.
        (
            [*A2_HEAD, *(f.format(key="execution_date") for f in IN_DAG), "KeyError: 'execution_date'"],
            None,
            [],
        ),
        # The run's conf (a key the trigger did not pass), a data library other than pandas.
        (log(IN_CONF, "logical_date"), None, []),
        (log(IN_DASK, "logical_date"), None, []),
        # The same key in a templated field, and the attribute Airflow 3 removed from the DAG run.
        (
            [
                *HEAD,
                '  File "/usr/lib/python3.12/site-packages/jinja2/environment.py", line 1295, in render',
                "jinja2.exceptions.UndefinedError: 'next_ds' is undefined",
            ],
            "airflow.context_key_missing",
            ["next_ds", "removed", "data_interval_end"],
        ),
        (
            [*HEAD, *IN_DAG[:1], "AttributeError: 'DagRun' object has no attribute 'execution_date'"],
            "airflow.context_key_missing",
            ["DagRun", "removed", "logical_date"],
        ),
    ],
)
def test_other_wordings_and_other_owners_of_the_key(
    lines: list[str], rule: str | None, words: list[str]
) -> None:
    """Review probes: the key read elsewhere than Airflow 3's context is not named as the context's."""
    root = analyse(lines).root_cause
    if rule is None:
        assert root.rule_id != "airflow.context_key_missing", root.title
    else:
        assert root.rule_id == rule, (root.rule_id, root.title)
    text = f"{root.title} {root.summary}".lower()
    assert all(word.lower() in text for word in words), (words, root.title, root.summary)
