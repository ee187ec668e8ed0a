"""The enqueuer thread: never blocks the caller, retries a failing DB, survives forks and floods."""

from __future__ import annotations

import threading

from airflow_pipeline_debugger.trigger import enqueue as mod
from airflow_pipeline_debugger.trigger.capture import TaskKey
from airflow_pipeline_debugger.trigger.enqueue import Enqueuer, RunFailure, TaskFailure
from airflow_pipeline_debugger.trigger.sources import TriggerSource


class FakeSession:
    def __init__(self, log):
        self.log = log

    def commit(self):
        self.log.append("commit")

    def rollback(self):
        self.log.append("rollback")

    def close(self):
        self.log.append("close")


ITEM = TaskFailure(TaskKey("d", "r", "t", -1, 1), "failed", TriggerSource.LISTENER_SCHEDULER)


def test_items_are_inserted_in_own_session(monkeypatch):
    log, handled = [], []
    monkeypatch.setattr(mod, "handle", lambda session, item: handled.append(item) or 1)
    e = Enqueuer(session_factory=lambda: FakeSession(log), retry_delays=())
    assert e.submit(ITEM) and e.submit(RunFailure("d", "r", TriggerSource.DAG_RUN_FAILED))
    assert e.flush(5)
    assert handled[0] == ITEM and len(handled) == 2 and e.created == 2
    assert log == ["commit", "close", "commit", "close"]


def test_database_errors_are_retried_then_left_to_the_sweep(monkeypatch):
    log, attempts, slept = [], [], []

    def flaky(session, item):
        attempts.append(item)
        if len(attempts) < 3:
            raise ConnectionError("database is locked")
        return 1

    monkeypatch.setattr(mod, "handle", flaky)
    e = Enqueuer(session_factory=lambda: FakeSession(log), retry_delays=(0.1, 0.2, 0.3), sleep=slept.append)
    e.submit(ITEM)
    assert e.flush(5)
    assert len(attempts) == 3 and slept == [0.1, 0.2] and e.created == 1
    assert log.count("rollback") == 2

    attempts.clear()
    monkeypatch.setattr(
        mod, "handle", lambda s, i: attempts.append(i) or (_ for _ in ()).throw(OSError("down"))
    )
    e.submit(ITEM)
    assert e.flush(5)
    assert len(attempts) == 4  # first try + three retries, then given up (no exception escapes)


def test_submit_does_not_block_while_the_thread_is_busy(monkeypatch):
    gate = threading.Event()
    monkeypatch.setattr(mod, "handle", lambda s, i: gate.wait(5) and 0)
    e = Enqueuer(session_factory=lambda: FakeSession([]), retry_delays=())
    for _ in range(50):
        assert e.submit(ITEM)
    assert not e.flush(0.05)
    gate.set()
    assert e.flush(5)


def test_full_queue_drops_and_counts(monkeypatch):
    gate = threading.Event()
    monkeypatch.setattr(mod, "MAX_PENDING", 2)
    monkeypatch.setattr(mod, "handle", lambda s, i: gate.wait(5) and 0)
    e = Enqueuer(session_factory=lambda: FakeSession([]), retry_delays=())
    results = [e.submit(ITEM) for _ in range(6)]
    assert results.count(False) >= 3 and e.dropped == results.count(False)
    gate.set()
    e.flush(5)


def test_a_forked_child_gets_a_fresh_queue_and_thread(monkeypatch):
    handled = []
    monkeypatch.setattr(mod, "handle", lambda s, i: handled.append(i) or 1)
    e = Enqueuer(session_factory=lambda: FakeSession([]), retry_delays=())
    e.submit(ITEM)
    e.flush(5)
    old_thread = e._thread
    e._pid = -1  # what a forked child sees: the parent's pid
    e.submit(ITEM)
    assert e.flush(5) and e._thread is not old_thread and len(handled) == 2


def test_flush_without_start_on_an_idle_enqueuer():
    assert Enqueuer().flush(0.01, start=False)
