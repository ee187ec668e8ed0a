"""The plugin's listener: worker capture in the task runner, enqueue-only on the server side.

``on_task_instance_failed`` fires in three kinds of process (see the research notes, §3):

- the **task runner** on a worker, with a ``RuntimeTaskInstance`` and the real exception: write the
  capture record to the task log (:mod:`.worker`), nothing else — the DB is blocked there;
- the **scheduler**, with an ORM ``TaskInstance``, for failures the executor reported (heartbeat
  timeout, a task killed before it started): enqueue;
- the **api-server**, with an ORM ``TaskInstance``, when a user marks a task failed: enqueue with
  the ``manual_mark_failed`` trigger.

``on_dag_run_failed`` (scheduler, or api-server when a run is marked failed) enqueues every failed
task of the run that has no investigation yet. A plain task failure on a worker fires none of the
server-side hooks here: the api-server enqueues it when the Execution API commits the failed state
(:mod:`.execution_api`), the worker itself never does.

Server-side hooks run inline in the scheduler loop and share its scoped session, so they only hand
a small item to :class:`~.enqueue.Enqueuer`, whose thread does the insert in its own session. They
never raise and never touch ``settings.Session``.
"""

from __future__ import annotations

import contextlib
import logging
from typing import TYPE_CHECKING, Any

import pluggy

from airflow_pipeline_debugger.domain import TaskKey, state_value
from airflow_pipeline_debugger.trigger.sources import RunFailure, TaskFailure, TriggerSource
from airflow_pipeline_debugger.trigger.worker import capture_from_listener, environment_from_listener

if TYPE_CHECKING:
    from airflow_pipeline_debugger.trigger.enqueue import Enqueuer

log = logging.getLogger(__name__)

#: The marker Airflow's ``hookimpl`` is (project name ``airflow``), without importing Airflow core in
#: workers that only have the Task SDK.
hookimpl = pluggy.HookimplMarker("airflow")

_MANUAL_MARK = "manually set"
FLUSH_ON_STOP_SECONDS = 3.0


def _enqueuer() -> Enqueuer:
    """The server-side enqueuer, imported on first use.

    It loads the store and so Airflow's core, which a task process on a worker (Task SDK only) must
    never pay for when the plugin loads.
    """
    from airflow_pipeline_debugger.trigger.enqueue import get_enqueuer  # noqa: PLC0415

    return get_enqueuer()


def _is_runtime_ti(ti: Any) -> bool:
    """The Task SDK's runtime TI (worker process) rather than an ORM row (server process)."""
    return type(ti).__module__.startswith("airflow.sdk")


def server_trigger(error: Any, *, in_job: bool) -> TriggerSource:
    """Trigger source of a server-side task failure from the listener's ``error`` argument.

    ``in_job``: this process runs an Airflow job (scheduler, triggerer, dag-processor); server-side
    failures anywhere else come from the api-server (a REST call or a user in the UI).
    """
    if isinstance(error, str) and _MANUAL_MARK in error:
        return TriggerSource.MANUAL_MARK_FAILED
    return TriggerSource.LISTENER_SCHEDULER if in_job else TriggerSource.LISTENER_API


class PipelineDebuggerListener:
    """Listener object registered through the plugin's ``listeners`` list."""

    def __init__(self) -> None:
        """No job seen yet: until ``on_starting`` says otherwise, this process is the api-server."""
        self.in_job = False

    @hookimpl
    def on_starting(self, component: Any) -> None:
        """Jobs (scheduler, triggerer, dag-processor) announce themselves here; the api-server never does."""
        self.in_job = self.in_job or hasattr(component, "job_type")

    @hookimpl
    def on_task_instance_failed(self, previous_state: Any, task_instance: Any, error: Any) -> None:
        """Capture in the worker, enqueue on the server; never raises."""
        try:
            if _is_runtime_ti(task_instance):
                capture_from_listener(task_instance, error)
                return
            _enqueuer().submit(
                TaskFailure(
                    key=TaskKey.of(task_instance),
                    state=state_value(getattr(task_instance, "state", None)),
                    trigger=server_trigger(error, in_job=self.in_job),
                    error=error if isinstance(error, str) else (repr(error) if error is not None else ""),
                )
            )
        except Exception:  # the debugger must never break a task, the scheduler or the API
            with contextlib.suppress(Exception):
                log.debug("pipeline-debugger: on_task_instance_failed skipped", exc_info=True)

    @hookimpl
    def on_task_instance_success(self, previous_state: Any, task_instance: Any) -> None:
        """In the worker, record the package versions the try ran with (the baseline); never raises."""
        with contextlib.suppress(Exception):
            if _is_runtime_ti(task_instance):
                environment_from_listener(task_instance)

    @hookimpl
    def on_dag_run_failed(self, dag_run: Any, msg: str) -> None:
        """Enqueue the run's failed tasks (in the enqueuer thread); never raises."""
        try:
            _enqueuer().submit(
                RunFailure(
                    dag_id=str(dag_run.dag_id),
                    run_id=str(dag_run.run_id),
                    trigger=TriggerSource.DAG_RUN_FAILED,
                )
            )
        except Exception:
            with contextlib.suppress(Exception):
                log.debug("pipeline-debugger: on_dag_run_failed skipped", exc_info=True)

    @hookimpl
    def before_stopping(self, component: Any) -> None:
        """Give queued enqueues a moment to land before the component exits (the sweep is the backstop)."""
        with contextlib.suppress(Exception):
            _enqueuer().flush(FLUSH_ON_STOP_SECONDS, start=False)


#: The one listener instance; the plugin lists it.
listener = PipelineDebuggerListener()


def get_listeners() -> list[object]:
    """The plugin's ``listeners`` list."""
    return [listener]
