"""Timed-out investigations stop, a runner's live threads stay bounded, and Slack hears every end.

The issue's probe, on a real runner running the real
:func:`~airflow_pipeline_debugger.runner.process.investigate` against a migrated Airflow DB and the
fake Slack (the real ``SlackHook``): concurrency 1, several timeouts in a row.

* A model whose stream stalls mid-answer (the fake Anthropic and OpenAI-compatible servers hold
  the connection open): each timeout closes the stream, the thread ends and records where it
  stopped, and the "investigating…" placeholder becomes the timed-out alert with the redacted error.
* A collector that blocks and ignores cancellation: timed-out threads stay alive, so the runner
  stops claiming at ``max_live_threads`` (and says so), and claims again once they end.

The runner's clock is the test's: an investigation times out when the test moves the clock past
the timeout, after it saw the work reach the stall, so nothing depends on the machine's speed.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker
from support.fake_anthropic import FakeAnthropic, Reply
from support.fake_openai import ChatReply, FakeOpenAI
from support.fake_slack import FakeSlack, Message

from airflow_pipeline_debugger.adapters.base import Adapter
from airflow_pipeline_debugger.adapters.registry import configured_adapters
from airflow_pipeline_debugger.domain import EvidenceBundle, TaskKey
from airflow_pipeline_debugger.engine.llm.anthropic_client import AnthropicClient
from airflow_pipeline_debugger.engine.llm.base import LLMClient
from airflow_pipeline_debugger.engine.llm.openai_compat import OpenAICompatibleClient
from airflow_pipeline_debugger.engine.rules import load_heuristics
from airflow_pipeline_debugger.evidence.request import CollectionRequest
from airflow_pipeline_debugger.notify import dispatch
from airflow_pipeline_debugger.runner import process
from airflow_pipeline_debugger.runner.service import Runner, RunnerSettings
from airflow_pipeline_debugger.store import repository
from airflow_pipeline_debugger.store.models import Investigation, InvestigationStep
from airflow_pipeline_debugger.store.session import session_scope
from airflow_pipeline_debugger.trigger.capture import Capture

BOT_TOKEN = "xoxb-fake-token"
TIMEOUT_S = 30.0
SECRET = "S3cr3tPassw0rdXYZ"
TASK_LOG = """\
[2026-12-06T02:13:01.101+0000] {taskinstance.py:1} INFO - Starting attempt 1 of 1
[2026-12-06T02:13:02.311+0000] {load.py:41} INFO - reading the orders feed
[2026-12-06T02:13:05.815+0000] {taskinstance.py:3} ERROR - Task failed with exception
"""
INVESTIGATION_THREAD = "pipeline-debugger-investigation-"


class Clock:
    """The runner's monotonic clock, moved by the test."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def pass_timeout(self) -> None:
        self.now += TIMEOUT_S + 1


@pytest.fixture
def slack(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeSlack]:
    """The fake Slack as the bot-token connection, with "investigating…" placeholders on."""
    with FakeSlack(tokens=(BOT_TOKEN,)) as fake:
        api = {"conn_type": "slack", "password": BOT_TOKEN, "extra": {"base_url": fake.api_url}}
        monkeypatch.setenv("AIRFLOW_CONN_SLACK_API", json.dumps(api))
        monkeypatch.setenv("AIRFLOW__PIPELINE_DEBUGGER__SLACK_CONN_ID", "slack_api")
        monkeypatch.setenv("AIRFLOW__PIPELINE_DEBUGGER__SLACK_CHANNEL", "#alerts")
        monkeypatch.setenv("AIRFLOW__PIPELINE_DEBUGGER__SLACK_INVESTIGATING_MESSAGE", "True")
        monkeypatch.setenv("AIRFLOW__PIPELINE_DEBUGGER__UI_BASE_URL", "https://airflow.example.com/")
        yield fake


def _queue(factory: sessionmaker[Session], dag_id: str) -> str:
    """A queued investigation whose worker captured an error that carries a password."""
    key = TaskKey(dag_id, "scheduled__2026-12-06", "load", -1, 1)
    capture = Capture(
        key=key,
        via="callback",
        max_tries=0,
        error_type="OperationalError",
        error_message=f"could not connect to postgresql://etl:{SECRET}@warehouse:5432/orders",
    )
    with session_scope(factory) as s:
        row, created = repository.ensure_investigation(
            s, **key.to_json(), trigger="listener", capture=capture.to_json()
        )
        assert created
        return str(row.id)


def _runner(factory: sessionmaker[Session], clock: Clock, **settings: Any) -> Runner:
    base: dict[str, Any] = {
        "concurrency": 1,
        "poll_interval_s": 0.05,
        "heartbeat_interval_s": 0.5,
        "stale_after_s": 600,
        "timeout_s": TIMEOUT_S,
        "sweep": False,
    }
    return Runner(settings=RunnerSettings(**{**base, **settings}), session_factory=factory, clock=clock)


def _row(factory: sessionmaker[Session], investigation_id: str) -> Investigation:
    with factory() as s:
        row = s.get(Investigation, investigation_id)
        assert row is not None
        return row


def _steps(factory: sessionmaker[Session], investigation_id: str) -> list[InvestigationStep]:
    with factory() as s:
        return list(
            s.scalars(
                select(InvestigationStep)
                .where(InvestigationStep.investigation_id == investigation_id)
                .order_by(InvestigationStep.seq)
            )
        )


def _wait(what: str, predicate: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"still waiting for {what}")


def _live_investigation_threads() -> int:
    return sum(1 for t in threading.enumerate() if t.name.startswith(INVESTIGATION_THREAD))


def _message(slack: FakeSlack, dag_id: str) -> Message | None:
    """The top-level message about the failed task of ``dag_id`` (one task per DAG here)."""
    for message in slack.top_level_messages():
        if f"{dag_id}.load" in json.dumps(message.blocks):
            return message
    return None


def _timed_out_alert(slack: FakeSlack, dag_id: str) -> bool:
    message = _message(slack, dag_id)
    return message is not None and message.updates >= 1 and "timed out" in json.dumps(message.blocks)


def _message_updated(slack: FakeSlack, dag_id: str, times: int = 1) -> bool:
    message = _message(slack, dag_id)
    return message is not None and message.updates >= times


def _assert_final_alert(slack: FakeSlack, dag_id: str) -> None:
    """The placeholder was replaced in place: timed out, with the redacted first error, no spinner."""
    message = _message(slack, dag_id)
    assert message is not None
    text = json.dumps(message.blocks)
    assert "Investigating" in json.dumps(message.history), "the placeholder was posted first"
    assert "investigation timed out" in text and "Investigating" not in text
    assert "could not connect to postgresql://" in text and SECRET not in text


def _stop_step(factory: sessionmaker[Session], investigation_id: str) -> InvestigationStep | None:
    return next((s for s in _steps(factory, investigation_id) if s.title == "Investigation stopped"), None)


# --------------------------------------------------------------------------- a stalled model stream


def _anthropic(server: Any) -> LLMClient:
    return AnthropicClient(api_key="sk-ant-test", model="claude-test", base_url=server.url)


def _openai(server: Any) -> LLMClient:
    return OpenAICompatibleClient(base_url=server.url, model="local-test-model")


STALLED_ANSWER = {"hypotheses": [{"title": "the orders feed is empty " * 4}], "root_cause": {}}


def _stalling_anthropic() -> FakeAnthropic:
    return FakeAnthropic(default=Reply.tool_answer(STALLED_ANSWER, hang_after=1))


def _stalling_openai() -> FakeOpenAI:
    return FakeOpenAI(default=ChatReply(text=json.dumps(STALLED_ANSWER), hang_after=1))


STALLS = [
    pytest.param(_stalling_anthropic, _anthropic, id="anthropic"),
    pytest.param(_stalling_openai, _openai, id="openai"),
]


@pytest.mark.parametrize(("make_server", "make_client"), STALLS)
def test_a_stalled_model_stream_is_closed_at_the_timeout_and_slack_says_so(
    factory: sessionmaker[Session],
    failed_task: Callable[[str, str, str], str],
    slack: FakeSlack,
    monkeypatch: pytest.MonkeyPatch,
    make_server: Callable[[], Any],
    make_client: Callable[[Any], LLMClient],
) -> None:
    # The model's own budget is far away: only the investigation's timeout can end the stream.
    monkeypatch.setenv("AIRFLOW__PIPELINE_DEBUGGER__LLM_TIMEOUT_SECONDS", "600")
    with make_server() as server:
        monkeypatch.setattr(
            process,
            "_settings",
            process.EngineSettings(
                heuristics=load_heuristics(), llm=make_client(server), adapters=configured_adapters()
            ),
        )
        dags = [f"orders_{n}" for n in range(3)]
        ids = [_queue(factory, failed_task(dag_id, "PythonOperator", TASK_LOG)) for dag_id in dags]
        clock = Clock()
        runner = _runner(factory, clock)

        def stopped() -> int:
            return sum(1 for i in ids if _stop_step(factory, i) is not None)

        runner.start()
        try:
            for n in range(1, len(ids) + 1):
                _wait(f"model call {n}", lambda n=n: len(server.requests) >= n)
                clock.pass_timeout()
                runner.wake()
                _wait(f"{n} investigation(s) to record where they stopped", lambda n=n: stopped() == n)
            _wait("every investigation thread to end", lambda: _live_investigation_threads() == 0)
            for dag_id in dags:
                _wait(f"the Slack update of {dag_id}", lambda d=dag_id: _timed_out_alert(slack, d))
        finally:
            runner.stop(5)
    assert len(server.requests) == len(ids), "a cancelled call is not retried"
    for investigation_id, dag_id in zip(ids, dags, strict=True):
        row = _row(factory, investigation_id)
        assert row.status == "failed" and row.error == f"investigation timed out after {TIMEOUT_S:g}s"
        step = _stop_step(factory, investigation_id)
        assert step is not None and step.data["stopped_at"] == "the model stream"
        assert "timed out" in step.body
        _assert_final_alert(slack, dag_id)


# --------------------------------------------------------------------------- a collector that never yields


class BlockingAdapter(Adapter):
    """Collects nothing until ``release`` is set, and ignores cancellation (a read that hangs)."""

    name = "blocking"
    always_applies = True

    def __init__(self) -> None:
        self.release = threading.Event()
        self.inside: list[str] = []
        self.most_inside = 0
        self._lock = threading.Lock()

    def collect(self, request: CollectionRequest, bundle: EvidenceBundle) -> None:
        with self._lock:
            self.inside.append(request.context.key.dag_id)
            self.most_inside = max(self.most_inside, len(self.inside))
        self.release.wait(60)
        with self._lock:
            self.inside.remove(request.context.key.dag_id)


@pytest.fixture
def blocking(monkeypatch: pytest.MonkeyPatch) -> Iterator[BlockingAdapter]:
    """Engine settings whose first adapter blocks; deterministic engine (no model)."""
    adapter = BlockingAdapter()
    monkeypatch.setattr(
        process,
        "_settings",
        process.EngineSettings(
            heuristics=load_heuristics(), llm=None, adapters=(adapter, *configured_adapters())
        ),
    )
    yield adapter
    adapter.release.set()


def test_threads_that_do_not_stop_hold_the_runner_at_its_ceiling(
    factory: sessionmaker[Session],
    failed_task: Callable[[str, str, str], str],
    slack: FakeSlack,
    blocking: BlockingAdapter,
    caplog: pytest.LogCaptureFixture,
) -> None:
    dags = [f"feed_{n}" for n in range(4)]
    ids = [_queue(factory, failed_task(dag_id, "PythonOperator", TASK_LOG)) for dag_id in dags]
    first, second, third, fourth = ids
    clock = Clock()
    runner = _runner(factory, clock, max_live_threads=2)
    caplog.set_level(logging.INFO, logger="airflow_pipeline_debugger.runner.service")
    try:
        assert runner.run_once() == 1
        _wait("the first collection to block", lambda: len(blocking.inside) == 1)
        clock.pass_timeout()
        assert runner.run_once() == 1, "one thread left behind is below the ceiling"
        _wait("the second collection to block", lambda: len(blocking.inside) == 2)
        clock.pass_timeout()
        assert runner.run_once() == 0 and runner.run_once() == 0
        assert runner.health() == {
            "live_threads": 2,
            "max_live_threads": 2,
            "claiming": False,
            "timed_out": 2,
        }
        assert "2 investigation threads alive (max_live_threads 2" in caplog.text
        assert {_row(factory, i).status for i in (third, fourth)} == {"queued"}
        for dag_id in dags[:2]:
            _wait(f"the Slack update of {dag_id}", lambda d=dag_id: _timed_out_alert(slack, d))

        blocking.release.set()  # the stuck reads return: the cancelled threads stop at the next check
        _wait("the stuck threads to end", lambda: runner.live_threads() == 0)

        def all_done() -> bool:
            runner.run_once()
            return all(_row(factory, i).status in ("succeeded", "failed") for i in ids)

        _wait("the queued investigations to finish", all_done)
    finally:
        runner.stop(5)
    assert blocking.most_inside == 2
    assert "below max_live_threads again; claiming" in caplog.text
    for investigation_id, dag_id in zip((first, second), dags[:2], strict=True):
        assert _row(factory, investigation_id).status == "failed"
        step = _stop_step(factory, investigation_id)
        assert step is not None and step.data["reason"] == f"investigation timed out after {TIMEOUT_S:g}s"
        _assert_final_alert(slack, dag_id)
    for investigation_id, dag_id in zip((third, fourth), dags[2:], strict=True):
        assert _row(factory, investigation_id).status == "succeeded"
        assert _stop_step(factory, investigation_id) is None
        message = _message(slack, dag_id)
        assert message is not None and "Investigating" not in json.dumps(message.blocks)


# --------------------------------------------------------------------------- requeued and given up


def _claimed_by_a_dead_runner(factory: sessionmaker[Session], investigation_id: str, attempts: int) -> None:
    """Running on a runner that stopped heartbeating an hour ago, with its placeholder posted."""
    with session_scope(factory) as s:
        s.execute(
            update(Investigation)
            .where(Investigation.id == investigation_id)
            .values(
                status="running",
                claimed_by="dead-runner",
                attempts=attempts,
                heartbeat_at=datetime.now(UTC) - timedelta(hours=1),
            )
        )
    dispatch.notify_started(investigation_id)


def test_stale_claims_update_their_placeholder_when_requeued_and_when_given_up(
    factory: sessionmaker[Session],
    failed_task: Callable[[str, str, str], str],
    slack: FakeSlack,
    blocking: BlockingAdapter,
) -> None:
    busy = _queue(factory, failed_task("busy", "PythonOperator", TASK_LOG))
    retried = _queue(factory, failed_task("retried", "PythonOperator", TASK_LOG))
    abandoned = _queue(factory, failed_task("abandoned", "PythonOperator", TASK_LOG))
    runner = _runner(factory, Clock())
    try:
        assert runner.run_once() == 1  # busy: holds the runner's only slot until released
        _wait("the busy collection to block", lambda: len(blocking.inside) == 1)
        _claimed_by_a_dead_runner(factory, retried, attempts=1)
        _claimed_by_a_dead_runner(factory, abandoned, attempts=repository.MAX_ATTEMPTS)
        assert runner.run_once() == 0
        assert _row(factory, retried).status == "queued" and _row(factory, abandoned).status == "failed"
        _wait("the requeued placeholder", lambda: _message_updated(slack, "retried"))
        _wait("the given-up alert", lambda: _message_updated(slack, "abandoned"))

        blocking.release.set()

        def retried_done() -> bool:
            runner.run_once()
            return _row(factory, retried).status == "succeeded"

        _wait("the retried investigation to finish", retried_done)
        _wait("the retried investigation's alert", lambda: _message_updated(slack, "retried", times=2))
    finally:
        runner.stop(5)
    assert _row(factory, busy).status == "succeeded"
    given_up = _message(slack, "abandoned")
    assert given_up is not None
    assert "stopped responding 3 times" in json.dumps(given_up.blocks)
    assert "Investigating" not in json.dumps(given_up.blocks) and SECRET not in json.dumps(given_up.blocks)
    message = _message(slack, "retried")
    assert message is not None
    requeued = json.dumps(message.history[-1])
    assert "Investigation requeued: the runner working on it stopped responding" in requeued
    assert "Investigating" not in json.dumps(message.blocks)


def test_work_released_by_a_stopping_runner_says_so_and_the_next_runner_replaces_it(
    factory: sessionmaker[Session],
    failed_task: Callable[[str, str, str], str],
    slack: FakeSlack,
    blocking: BlockingAdapter,
) -> None:
    investigation_id = _queue(factory, failed_task("released", "PythonOperator", TASK_LOG))
    stopping = _runner(factory, Clock())
    assert stopping.run_once() == 1
    _wait("the collection to block", lambda: len(blocking.inside) == 1)
    stopping.stop(1)
    assert _row(factory, investigation_id).status == "queued"
    placeholder = _message(slack, "released")
    assert placeholder is not None and placeholder.updates == 1
    assert "Investigation requeued: the runner working on it stopped" in json.dumps(placeholder.blocks)
    blocking.release.set()
    _wait("the released thread to end", lambda: _live_investigation_threads() == 0)
    taking_over = _runner(factory, Clock())
    try:
        assert taking_over.run_once() == 1
        _wait("the investigation to finish", lambda: _row(factory, investigation_id).status == "succeeded")
        _wait("its alert", lambda: _message_updated(slack, "released", times=2))
    finally:
        taking_over.stop(5)
    assert _stop_step(factory, investigation_id) is None, "the stopped run wrote nothing into the new one"
    message = _message(slack, "released")
    assert message is not None and message.ts == placeholder.ts
    assert "Investigating" not in json.dumps(message.blocks)
