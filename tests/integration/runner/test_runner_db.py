"""Runners against a real database: exclusive claims, heartbeats, dead-runner recovery, timeouts, sink."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import select

from airflow_pipeline_debugger.domain import (
    Evidence,
    EvidenceKind,
    InvestigationCancelledError,
    InvestigationResult,
    PipelineType,
    Remediation,
    RootCause,
    Step,
    StepKind,
)
from airflow_pipeline_debugger.runner.service import Runner, RunnerSettings
from airflow_pipeline_debugger.runner.sink import DbStepSink
from airflow_pipeline_debugger.runner.work import WorkContext
from airflow_pipeline_debugger.store import repository
from airflow_pipeline_debugger.store.models import Investigation, InvestigationStep
from airflow_pipeline_debugger.store.session import session_scope


def _enqueue(factory, n, dag_id="d"):
    ids = []
    with session_scope(factory) as s:
        for i in range(n):
            row, created = repository.ensure_investigation(
                s, dag_id=dag_id, run_id="r", task_id=f"t{i}", map_index=-1, try_number=1, trigger="sweep"
            )
            assert created
            ids.append(row.id)
    return ids


def _result(title="boom"):
    return InvestigationResult(
        pipeline_type=PipelineType.AIRFLOW,
        hypotheses=[],
        root_cause=RootCause(title=title, confidence=40),
        remediation=Remediation(),
    )


def _finishing_work(seen, delay=0.0):
    lock = threading.Lock()

    def work(ctx: WorkContext) -> None:
        with lock:
            seen.append((ctx.investigation_id, ctx.runner_id))
        sink = DbStepSink(ctx.investigation_id, ctx.session_factory, ctx.cancelled)
        sink.add_evidence(Evidence(id="E1", kind=EvidenceKind.LOG, name="log", source="x", content="line"))
        sink.add_step(Step(kind=StepKind.STATUS, title="working"))
        time.sleep(delay)
        with session_scope(ctx.session_factory) as s:
            assert repository.mark_succeeded(s, ctx.investigation_id, _result(), runner_id=ctx.runner_id)

    return work


def _settings(**kw):
    base = {
        "concurrency": 2,
        "poll_interval_s": 0.05,
        "heartbeat_interval_s": 0.1,
        "stale_after_s": 60,
        "timeout_s": 60,
        "sweep_interval_s": 3600,
        "sweep": False,
    }
    base.update(kw)
    return RunnerSettings(**base)


def _statuses(factory):
    with factory() as s:
        return {r.id: r for r in s.scalars(select(Investigation))}


def _wait(predicate, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_two_runners_share_the_queue_without_double_work(session_factory):
    ids = _enqueue(session_factory, 12)
    seen = []
    runners = [
        Runner(settings=_settings(), session_factory=session_factory, work=_finishing_work(seen, 0.05))
        for _ in range(2)
    ]
    for r in runners:
        r.start()
    try:
        assert _wait(lambda: all(v.status == "succeeded" for v in _statuses(session_factory).values()))
    finally:
        for r in runners:
            r.stop(5)
    assert sorted(i for i, _ in seen) == sorted(ids)  # each exactly once
    rows = _statuses(session_factory)
    assert {r.claimed_by for r in rows.values()} <= {r.runner_id for r in runners}
    with session_factory() as s:
        steps = s.scalars(select(InvestigationStep).where(InvestigationStep.investigation_id == ids[0])).all()
        assert [st.seq for st in steps] == [1] and steps[0].title == "working"


def test_concurrency_cap(session_factory):
    _enqueue(session_factory, 5)
    gate = threading.Event()
    running = []

    def work(ctx):
        running.append(ctx.investigation_id)
        gate.wait(10)

    r = Runner(settings=_settings(concurrency=2), session_factory=session_factory, work=work)
    assert r.run_once() == 2
    assert r.run_once() == 0  # both slots busy
    gate.set()
    assert _wait(lambda: r._reap() or not r._snapshot())
    assert r.run_once() == 2
    r.stop(5)


def test_a_woken_runner_claims_at_once_and_a_freed_slot_claims_the_next(session_factory):
    """Neither the wake-up nor the finished investigation waits for the next poll (an hour here)."""
    seen = []
    never = _settings(concurrency=1, poll_interval_s=3600, heartbeat_interval_s=3600)
    r = Runner(settings=never, session_factory=session_factory, work=_finishing_work(seen))
    iterations = []
    run_once = r.run_once
    r.run_once = lambda: (run_once(), iterations.append(1))[0]  # type: ignore[method-assign]
    r.start()
    try:
        assert _wait(lambda: len(iterations) == 1)  # an idle first pass; the loop now waits an hour
        ids = _enqueue(session_factory, 2)
        r.wake()  # what the enqueuer does when it created investigations in this process
        assert _wait(lambda: all(v.status == "succeeded" for v in _statuses(session_factory).values()))
    finally:
        r.stop(5)
    assert sorted(i for i, _ in seen) == sorted(ids)


def test_dead_runner_claim_is_requeued_and_finished_by_another(session_factory):
    (inv_id,) = _enqueue(session_factory, 1)
    blocked = threading.Event()

    def hangs(ctx):
        blocked.set()
        threading.Event().wait(30)

    dead = Runner(settings=_settings(heartbeat_interval_s=0.1), session_factory=session_factory, work=hangs)
    assert dead.run_once() == 1 and blocked.wait(5)
    # the runner "dies": no more loop iterations, so no more heartbeats
    seen = []
    survivor = Runner(
        settings=_settings(stale_after_s=0.5), session_factory=session_factory, work=_finishing_work(seen)
    )
    survivor.start()
    try:
        assert _wait(lambda: _statuses(session_factory)[inv_id].status == "succeeded", timeout=20)
    finally:
        survivor.stop(5)
    row = _statuses(session_factory)[inv_id]
    assert (
        row.claimed_by == survivor.runner_id and row.attempts == 2 and seen == [(inv_id, survivor.runner_id)]
    )
    # the dead runner cannot overwrite the outcome any more
    with session_scope(session_factory) as s:
        assert not repository.mark_failed(s, inv_id, "late", runner_id=dead.runner_id)


def test_timeout_marks_failed_and_stops_the_sink(session_factory):
    (inv_id,) = _enqueue(session_factory, 1)
    errors = []
    release = threading.Event()
    tokens = []

    def slow(ctx):
        tokens.append(ctx.cancelled)
        sink = DbStepSink(ctx.investigation_id, ctx.session_factory, ctx.cancelled)
        sink.add_step(Step(kind=StepKind.STATUS, title="before timeout"))
        release.wait(10)
        try:
            sink.add_step(Step(kind=StepKind.STATUS, title="after timeout"))
        except InvestigationCancelledError as exc:
            errors.append(exc)

    r = Runner(settings=_settings(timeout_s=0.3), session_factory=session_factory, work=slow)
    r.start()
    try:
        assert _wait(lambda: _statuses(session_factory)[inv_id].status == "failed")
        assert _wait(tokens[0].is_set)  # cancelled right after the failure is recorded
        release.set()
        assert _wait(lambda: bool(errors))
    finally:
        r.stop(5)
    row = _statuses(session_factory)[inv_id]
    assert "timed out" in row.error and r.timed_out == 1
    with session_factory() as s:
        titles = s.scalars(
            select(InvestigationStep.title).where(InvestigationStep.investigation_id == inv_id)
        ).all()
    assert titles == ["before timeout"]


def test_stop_releases_unfinished_work(session_factory):
    (inv_id,) = _enqueue(session_factory, 1)
    started = threading.Event()

    def hangs(ctx):
        started.set()
        ctx.cancelled.wait(30)

    r = Runner(settings=_settings(), session_factory=session_factory, work=hangs)
    assert r.run_once() == 1 and started.wait(5)
    r.stop(0.2)
    row = _statuses(session_factory)[inv_id]
    assert row.status == "queued" and row.claimed_by is None and row.attempts == 0


def test_crashing_work_is_recorded(session_factory):
    (inv_id,) = _enqueue(session_factory, 1)

    def crashes(ctx):
        raise MemoryError("engine blew up")

    r = Runner(settings=_settings(), session_factory=session_factory, work=crashes)
    r.run_once()
    assert _wait(lambda: _statuses(session_factory)[inv_id].status == "failed")
    assert "crashed" in _statuses(session_factory)[inv_id].error
    r.stop(1)


@pytest.mark.parametrize("n_sinks", [4])
def test_concurrent_sinks_keep_sequence_numbers_unique(session_factory, n_sinks):
    (inv_id,) = _enqueue(session_factory, 1)
    sinks = [DbStepSink(inv_id, session_factory) for _ in range(n_sinks)]

    def write(sink, k):
        for i in range(5):
            sink.add_step(Step(kind=StepKind.STATUS, title=f"{k}-{i}"))

    threads = [threading.Thread(target=write, args=(s, k)) for k, s in enumerate(sinks)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with session_factory() as s:
        seqs = s.scalars(
            select(InvestigationStep.seq).where(InvestigationStep.investigation_id == inv_id)
        ).all()
    assert sorted(seqs) == list(range(1, 5 * n_sinks + 1))


def test_database_outage_puts_the_investigation_back_in_the_queue(session_factory):
    from sqlalchemy.exc import OperationalError

    (inv_id,) = _enqueue(session_factory, 1)

    def db_goes_away(ctx):
        DbStepSink(ctx.investigation_id, ctx.session_factory).add_step(Step(kind=StepKind.STATUS, title="x"))
        raise OperationalError("UPDATE …", {}, Exception("server closed the connection unexpectedly"))

    r = Runner(settings=_settings(), session_factory=session_factory, work=db_goes_away)
    r.run_once()
    assert _wait(lambda: r._reap() or not r._snapshot())
    row = _statuses(session_factory)[inv_id]
    assert row.status == "queued" and row.claimed_by is None and row.attempts == 0 and row.error is None
    r.stop(1)
