"""Apache Airflow itself: task-runner, supervisor and scheduler failure patterns for every task."""

from __future__ import annotations

from airflow_pipeline_debugger.adapters.airflow.adapter import AirflowAdapter

__all__ = ["AirflowAdapter"]
