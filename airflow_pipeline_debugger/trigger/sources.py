"""Where an investigation came from: the ``trigger`` column, and the failures listeners report.

Light on purpose: the listener module imports this in every task process, where only the Task SDK
is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from airflow_pipeline_debugger.domain import TaskKey


class TriggerSource(StrEnum):
    """The path that enqueued an investigation (the first one wins; the insert is idempotent)."""

    #: ``on_task_instance_failed`` in the scheduler: heartbeat timeout, executor-reported failure.
    LISTENER_SCHEDULER = "listener_scheduler"
    #: ``on_task_instance_failed`` in the api-server for a failure that was not a manual mark.
    LISTENER_API = "listener_api"
    #: A user marked the task failed (UI or REST API); fires in the api-server.
    MANUAL_MARK_FAILED = "manual_mark_failed"
    #: The api-server committed a failed end state a worker reported through the Execution API.
    EXECUTION_API = "execution_api"
    #: ``on_dag_run_failed``: every failed task of the run not yet investigated.
    DAG_RUN_FAILED = "dag_run_failed"
    #: The reconciliation sweep: SIGKILLed task processes, lost workers, anything a hook missed.
    SWEEP = "sweep"
    #: A user asked for a new investigation of an existing failure.
    RERUN = "rerun"


@dataclass(frozen=True)
class TaskFailure:
    """One failed try reported by a listener."""

    key: TaskKey
    state: str
    trigger: TriggerSource
    error: str = ""


@dataclass(frozen=True)
class RunFailure:
    """A failed DAG run: enqueue each of its failed tries that has no investigation."""

    dag_id: str
    run_id: str
    trigger: TriggerSource
