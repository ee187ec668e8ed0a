"""The enqueuer thread: never blocks the caller, retries a failing DB, survives forks and floods."""

from __future__ import annotations

import threading

from airflow_pipeline_debugger.domain import TaskKey
from airflow_pipeline_debugger.trigger import enqueue as mod
from airflow_pipeline_debugger.trigger.enqueue import Enqueuer
from airflow_pipeline_debugger.trigger.sources import RunFailure, TaskFailure, TriggerSource


class FakeSession:
    def __init__(self, log):
        self.log = log

    def commit(self):
        self.log.append("commit")

    def rollback(self):
        self.log.append("rollback")

    def close(self):
        self.log.append("close")


def per_item(handle):
    """``handle_batch`` built from a per-item fake, as the real one sums its inserts."""
    return lambda session, items: sum(handle(session, item) for item in items)


ITEM = TaskFailure(TaskKey("d", "r", "t", -1, 1), "failed", TriggerSource.LISTENER_SCHEDULER)


def test_items_are_inserted_in_own_session(monkeypatch):
    log, handled = [], []
    monkeypatch.setattr(mod, "handle_batch", per_item(lambda session, item: handled.append(item) or 1))
    e = Enqueuer(session_factory=lambda: FakeSession(log), retry_delays=())
    assert e.submit(ITEM) and e.submit(RunFailure("d", "r", TriggerSource.DAG_RUN_FAILED))
    assert e.flush(5)
    assert handled[0] == ITEM and len(handled) == 2 and e.created == 2
    assert log.count("commit") == log.count("close") in (1, 2) and "rollback" not in log


def test_a_storm_is_inserted_in_a_few_transactions(monkeypatch):
    log, gate = [], threading.Event()
    monkeypatch.setattr(mod, "handle_batch", per_item(lambda session, item: gate.wait(5) and 1))
    e = Enqueuer(session_factory=lambda: FakeSession(log), retry_delays=())
    for i in range(250):  # the thread is held on the first batch while the rest arrive
        assert e.submit(TaskFailure(TaskKey("d", "r", f"t{i}", -1, 1), "failed", TriggerSource.SWEEP))
    gate.set()
    assert e.flush(5)
    assert e.created == 250 and 3 <= log.count("commit") <= 4  # 1 (+ the rest in batches of 100)


def test_an_item_the_database_refuses_does_not_sink_its_batch(monkeypatch):
    gate, handled = threading.Event(), []
    bad = TaskFailure(TaskKey("d", "r", "bad", -1, 1), "failed", TriggerSource.SWEEP)

    def insert(session, item):
        gate.wait(5)
        if item == bad:
            raise ValueError("value too long for type character varying(250)")
        handled.append(item)
        return 1

    monkeypatch.setattr(mod, "handle_batch", per_item(insert))
    e = Enqueuer(session_factory=lambda: FakeSession([]), retry_delays=(0.0,), sleep=lambda s: None)
    items = [TaskFailure(TaskKey("d", "r", f"t{i}", -1, 1), "failed", TriggerSource.SWEEP) for i in range(5)]
    for item in [items[0], bad, *items[1:]]:
        e.submit(item)
    gate.set()
    assert e.flush(5)
    assert set(items) <= set(handled) and e.created == 5


def test_database_errors_are_retried_then_left_to_the_sweep(monkeypatch):
    log, attempts, slept = [], [], []

    def flaky(session, item):
        attempts.append(item)
        if len(attempts) < 3:
            raise ConnectionError("database is locked")
        return 1

    monkeypatch.setattr(mod, "handle_batch", per_item(flaky))
    e = Enqueuer(session_factory=lambda: FakeSession(log), retry_delays=(0.1, 0.2, 0.3), sleep=slept.append)
    e.submit(ITEM)
    assert e.flush(5)
    assert len(attempts) == 3 and slept == [0.1, 0.2] and e.created == 1
    assert log.count("rollback") == 2

    attempts.clear()
    monkeypatch.setattr(
        mod,
        "handle_batch",
        per_item(lambda s, i: attempts.append(i) or (_ for _ in ()).throw(OSError("down"))),
    )
    e.submit(ITEM)
    assert e.flush(5)
    assert len(attempts) == 4  # first try + three retries, then given up (no exception escapes)


def test_submit_does_not_block_while_the_thread_is_busy(monkeypatch):
    gate = threading.Event()
    monkeypatch.setattr(mod, "handle_batch", per_item(lambda s, i: gate.wait(5) and 0))
    e = Enqueuer(session_factory=lambda: FakeSession([]), retry_delays=())
    for _ in range(50):
        assert e.submit(ITEM)
    assert not e.flush(0.05)
    gate.set()
    assert e.flush(5)


def test_full_queue_drops_and_counts(monkeypatch):
    gate = threading.Event()
    monkeypatch.setattr(mod, "MAX_PENDING", 2)
    monkeypatch.setattr(mod, "handle_batch", per_item(lambda s, i: gate.wait(5) and 0))
    e = Enqueuer(session_factory=lambda: FakeSession([]), retry_delays=())
    results = [e.submit(ITEM) for _ in range(6)]
    assert results.count(False) >= 3 and e.dropped == results.count(False)
    gate.set()
    e.flush(5)


def test_a_forked_child_gets_a_fresh_queue_and_thread(monkeypatch):
    handled = []
    monkeypatch.setattr(mod, "handle_batch", per_item(lambda s, i: handled.append(i) or 1))
    e = Enqueuer(session_factory=lambda: FakeSession([]), retry_delays=())
    e.submit(ITEM)
    e.flush(5)
    old_thread = e._thread
    e._pid = -1  # what a forked child sees: the parent's pid
    e.submit(ITEM)
    assert e.flush(5) and e._thread is not old_thread and len(handled) == 2


def test_flush_without_start_on_an_idle_enqueuer():
    assert Enqueuer().flush(0.01, start=False)


def test_subscribers_hear_of_created_investigations_only(monkeypatch):
    created = iter([1, 0, 1])
    monkeypatch.setattr(mod, "handle_batch", per_item(lambda session, item: next(created)))
    e = Enqueuer(session_factory=lambda: FakeSession([]), retry_delays=())
    woken: list[str] = []

    def wake():
        woken.append("runner")

    def broken():
        raise RuntimeError("subscriber bug")

    e.subscribe(broken)
    e.subscribe(wake)
    e.subscribe(wake)  # once is enough
    assert e.submit(ITEM) and e.flush(5)
    assert e.submit(ITEM) and e.flush(5)  # already investigated: nothing new, nobody woken
    assert woken == ["runner"]
    e.unsubscribe(wake)
    e.unsubscribe(wake)  # no longer subscribed: a no-op
    assert e.submit(ITEM) and e.flush(5)
    assert woken == ["runner"] and e.created == 2  # a failing subscriber stops no insert


def test_the_exit_waits_for_queued_failures_before_the_database_closes(monkeypatch):
    """atexit runs the drain before Airflow's dispose_orm (registered earlier): no query is cut."""
    gate, handled, registered = threading.Event(), [], []
    monkeypatch.setattr(mod.atexit, "register", registered.append)
    monkeypatch.setattr(
        mod, "handle_batch", per_item(lambda session, item: (gate.wait(5) and handled.append(item)) or 1)
    )
    e = Enqueuer(session_factory=lambda: FakeSession([]), retry_delays=())
    assert e.submit(ITEM) and e.submit(ITEM)
    assert registered == [e.drain_at_exit]  # once per process, however many submits
    threading.Timer(0.2, gate.set).start()
    e.drain_at_exit()
    assert len(handled) == 2


def test_the_exit_wait_is_bounded_when_the_database_never_answers(monkeypatch):
    monkeypatch.setattr(mod.atexit, "register", lambda fn: None)
    monkeypatch.setattr(mod, "EXIT_DRAIN_S", 0.2)
    gate = threading.Event()
    monkeypatch.setattr(mod, "handle_batch", per_item(lambda session, item: gate.wait(5) and 1))
    e = Enqueuer(session_factory=lambda: FakeSession([]), retry_delays=())
    assert e.submit(ITEM)
    e.drain_at_exit()  # returns after EXIT_DRAIN_S although the item is still being written
    assert e.flush(0, start=False) is False
    gate.set()


def test_the_exit_waits_once_per_process_however_often_it_is_registered(monkeypatch):
    """A forked child inherits the parent's registration and adds its own: one bounded wait."""
    monkeypatch.setattr(mod.atexit, "register", lambda fn: None)
    waits = []
    e = Enqueuer(session_factory=lambda: FakeSession([]), retry_delays=())
    monkeypatch.setattr(e, "flush", lambda timeout, start=True: waits.append(timeout) or True)
    e.drain_at_exit()
    e.drain_at_exit()
    assert waits == [mod.EXIT_DRAIN_S]
