"""The process-wide deferred flush timers: one per key, re-armable from inside their own run."""

from __future__ import annotations

import threading
import time

from airflow_pipeline_debugger.notify.dispatch import _DeferredFlushes


def _wait_idle(timers: _DeferredFlushes) -> None:
    deadline = time.monotonic() + 10
    while timers.pending() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert timers.pending() == 0


def test_one_timer_per_key() -> None:
    timers = _DeferredFlushes()
    runs: list[str] = []
    gate = threading.Event()
    timers.schedule(("db", 1), 0.05, lambda: (gate.wait(5), runs.append("a")))
    timers.schedule(("db", 1), 0.0, lambda: runs.append("b"))  # already waiting: ignored
    timers.schedule(("db", 2), 0.0, lambda: runs.append("c"))  # another incident
    gate.set()
    _wait_idle(timers)
    assert sorted(runs) == ["a", "c"]


def test_a_running_flush_can_defer_itself_again() -> None:
    timers = _DeferredFlushes()
    runs: list[int] = []

    def flush() -> None:
        runs.append(len(runs))
        if len(runs) < 3:
            timers.schedule(("db", 7), 0.0, flush)

    timers.schedule(("db", 7), 0.0, flush)
    _wait_idle(timers)
    assert runs == [0, 1, 2]


def test_a_failing_flush_is_logged_not_raised() -> None:
    timers = _DeferredFlushes()

    def boom() -> None:
        raise RuntimeError("database is down")

    timers.schedule(("db", 3), 0.0, boom)
    _wait_idle(timers)
