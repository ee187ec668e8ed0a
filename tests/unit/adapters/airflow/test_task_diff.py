"""The failing task's serialized definition between two DAG versions: arguments, templates, dependencies."""

from __future__ import annotations

from typing import Any

from airflow_pipeline_debugger.adapters.airflow.metadata import task_diff


def dag(*tasks: dict[str, Any]) -> dict[str, Any]:
    """A serialized DAG as ``serialized_dag.data`` stores it."""
    return {"dag": {"tasks": [{"__type": "operator", "__var": t} for t in tasks]}}


EXTRACT = {"task_id": "extract", "downstream_task_ids": ["load"]}
LOAD = {
    "task_id": "load",
    "bash_command": "python jobs/load.py --table orders",
    "retries": 2,
    "template_fields": ["bash_command"],
    "downstream_task_ids": [],
}


def test_an_unchanged_task_has_no_diff() -> None:
    assert task_diff(dag(EXTRACT, LOAD), dag(EXTRACT, LOAD), "load") == {}


def test_changed_command_and_new_upstream_task_are_named() -> None:
    check = {"task_id": "check", "downstream_task_ids": ["load"]}
    edited = {**LOAD, "bash_command": "python jobs/load.py --table orders_v2", "retries": 5}
    diff = task_diff(dag(EXTRACT, LOAD), dag(EXTRACT, check, edited), "load")
    assert diff == {
        "bash_command": {
            "before": "python jobs/load.py --table orders",
            "after": "python jobs/load.py --table orders_v2",
        },
        "upstream_tasks": {"added": ["check"], "removed": []},
    }  # retries is a setting: the config diff reports it


def test_a_task_missing_from_a_version_cannot_be_compared() -> None:
    assert task_diff(dag(EXTRACT), dag(EXTRACT, LOAD), "load") is None
