"""Apache Spark: driver-log patterns, event-log measurement and the Spark briefing."""

from __future__ import annotations

from airflow_pipeline_debugger.adapters.spark.adapter import SparkAdapter

__all__ = ["SparkAdapter"]
