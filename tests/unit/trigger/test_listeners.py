"""Listener routing: worker objects are captured, server objects are handed to the enqueuer."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from airflow_pipeline_debugger.domain import TaskKey
from airflow_pipeline_debugger.trigger import listeners as mod
from airflow_pipeline_debugger.trigger.sources import RunFailure, TaskFailure, TriggerSource


class RuntimeTaskInstance(SimpleNamespace):
    pass


RuntimeTaskInstance.__module__ = "airflow.sdk.execution_time.task_runner"


class TaskInstance(SimpleNamespace):
    pass


TaskInstance.__module__ = "airflow.models.taskinstance"


class FakeEnqueuer:
    def __init__(self):
        self.items = []

    def submit(self, item):
        self.items.append(item)
        return True

    def flush(self, timeout, start=True):
        return True


@pytest.fixture
def enq(monkeypatch):
    fake = FakeEnqueuer()
    monkeypatch.setattr(mod, "_enqueuer", lambda: fake)
    return fake


def _orm_ti(state="failed"):
    return TaskInstance(dag_id="d", run_id="r", task_id="t", map_index=3, try_number=2, state=state)


def test_worker_object_is_captured_not_enqueued(monkeypatch, enq):
    seen = []
    monkeypatch.setattr(mod, "capture_from_listener", lambda ti, error: seen.append((ti, error)))
    ti = RuntimeTaskInstance(dag_id="d")
    err = ValueError("x")
    mod.listener.on_task_instance_failed(previous_state="running", task_instance=ti, error=err)
    assert seen == [(ti, err)] and enq.items == []


@pytest.fixture
def listener():
    return mod.PipelineDebuggerListener()


def test_scheduler_failure_is_enqueued_with_key_and_state(enq, listener):
    listener.on_starting(component=SimpleNamespace(job_type="SchedulerJob"))
    listener.on_task_instance_failed(
        previous_state="running", task_instance=_orm_ti(), error="Executor reported that the task failed"
    )
    (item,) = enq.items
    assert item == TaskFailure(
        key=TaskKey("d", "r", "t", 3, 2),
        state="failed",
        trigger=TriggerSource.LISTENER_SCHEDULER,
        error="Executor reported that the task failed",
    )


def test_manual_mark_failed_in_api_server(enq, listener):
    listener.on_task_instance_failed(
        previous_state=None,
        task_instance=_orm_ti(),
        error="TaskInstance's state was manually set to `failed`.",
    )
    assert enq.items[0].trigger is TriggerSource.MANUAL_MARK_FAILED


def test_other_api_server_failure(enq, listener):
    listener.on_task_instance_failed(previous_state=None, task_instance=_orm_ti(), error=None)
    assert enq.items[0].trigger is TriggerSource.LISTENER_API and enq.items[0].error == ""


def test_a_task_runner_start_is_not_a_server_job(enq, listener):
    """The worker's task runner calls ``on_starting`` too, with a marker that is no Airflow job."""
    listener.on_starting(component=object())
    assert not listener.in_job


def test_dag_run_failed_is_enqueued(enq):
    mod.listener.on_dag_run_failed(dag_run=SimpleNamespace(dag_id="d", run_id="r"), msg="task_failure")
    assert enq.items == [RunFailure("d", "r", TriggerSource.DAG_RUN_FAILED)]


def test_listener_never_raises(monkeypatch):
    def broken():
        raise RuntimeError("queue gone")

    monkeypatch.setattr(mod, "_enqueuer", broken)
    mod.listener.on_task_instance_failed(previous_state=None, task_instance=_orm_ti(), error=None)
    mod.listener.on_dag_run_failed(dag_run=SimpleNamespace(dag_id="d", run_id="r"), msg="x")
    mod.listener.on_dag_run_failed(dag_run=object(), msg="x")  # no dag_id attribute
    mod.listener.before_stopping(component=None)


def test_hookimpls_are_airflow_hooks():
    import pluggy

    pm = pluggy.PluginManager("airflow")
    pm.register(mod.listener)
    names = {impl.plugin_name for impl in pm.hook.on_task_instance_failed.get_hookimpls()}
    assert names and mod.get_listeners() == [mod.listener]
