"""Where an investigation came from: the ``trigger`` column of the investigation table."""

from __future__ import annotations

from enum import StrEnum


class TriggerSource(StrEnum):
    """The path that enqueued an investigation (the first one wins; the insert is idempotent)."""

    #: ``on_task_instance_failed`` in the scheduler: heartbeat timeout, executor-reported failure.
    LISTENER_SCHEDULER = "listener_scheduler"
    #: ``on_task_instance_failed`` in the api-server for a failure that was not a manual mark.
    LISTENER_API = "listener_api"
    #: A user marked the task failed (UI or REST API); fires in the api-server.
    MANUAL_MARK_FAILED = "manual_mark_failed"
    #: ``on_dag_run_failed``: every failed task of the run not yet investigated.
    DAG_RUN_FAILED = "dag_run_failed"
    #: The reconciliation sweep: SIGKILLed task processes, lost workers, anything a hook missed.
    SWEEP = "sweep"
    #: A user asked for a new investigation of an existing failure.
    RERUN = "rerun"
