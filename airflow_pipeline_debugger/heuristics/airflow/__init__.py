"""Deterministic rules for Airflow-level failures (ids ``airflow.<name>``)."""

from __future__ import annotations

from airflow_pipeline_debugger.heuristics.airflow.connection_setup import ConnectionSetup
from airflow_pipeline_debugger.heuristics.airflow.context_keys import ContextKeyMissing
from airflow_pipeline_debugger.heuristics.airflow.killed import (
    ExternallyStopped,
    HeartbeatTimeout,
    PodEvicted,
    ProcessKilled,
    SupervisorStopped,
)
from airflow_pipeline_debugger.heuristics.airflow.missing_config import MissingConnection, MissingVariable
from airflow_pipeline_debugger.heuristics.airflow.pod_logs import PodLogStreamBroken
from airflow_pipeline_debugger.heuristics.airflow.process_exit import CommandFailed, ExecutionApiError
from airflow_pipeline_debugger.heuristics.airflow.task_setup import (
    DagImportError,
    DagImportTimeout,
    MissingModule,
    ParamValidation,
    PoolStarvation,
    TemplateError,
    XComError,
)
from airflow_pipeline_debugger.heuristics.airflow.timeouts import (
    DagRunTimeout,
    ExecutionTimeout,
    SensorTimeout,
)

RULES = (
    MissingConnection,
    ConnectionSetup,
    MissingVariable,
    ExecutionTimeout,
    SensorTimeout,
    DagRunTimeout,
    ProcessKilled,
    SupervisorStopped,
    HeartbeatTimeout,
    PodEvicted,
    PodLogStreamBroken,
    ExternallyStopped,
    TemplateError,
    MissingModule,
    DagImportError,
    DagImportTimeout,
    XComError,
    ParamValidation,
    PoolStarvation,
    ExecutionApiError,
    CommandFailed,
    ContextKeyMissing,
)

__all__ = ["RULES"]
