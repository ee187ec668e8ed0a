"""dbt adapter: dbt Core (Bash, astronomer-cosmos) and dbt Cloud tasks."""

from __future__ import annotations

from airflow_pipeline_debugger.adapters.dbt.adapter import DbtAdapter

__all__ = ["DbtAdapter"]
