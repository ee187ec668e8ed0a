"""Model steps streamed by the real ``anthropic`` SDK land in the provider's tables in order, while the
answer is still being written, and only what is committed is what a reader (the UI stream) sees.

The fake Messages API holds the rest of the answer after ``"root_cause"`` until the test has read,
from a separate database session, the hypothesis and evidence steps the runner's sink committed.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

if "airflow" not in sys.modules:
    _home = tempfile.mkdtemp(prefix="pd-it-engine-home-")
    atexit.register(shutil.rmtree, _home, True)
    os.environ.setdefault("AIRFLOW_HOME", _home)
    os.environ.setdefault("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", f"sqlite:///{_home}/airflow.db")

from sqlalchemy import create_engine
from sqlalchemy.orm import Session, sessionmaker
from support.fake_anthropic import FakeAnthropic, Reply
from test_fake_anthropic import FOUR, TOPOLOGY, ExecutorOom, answer, budget, bundle

from airflow_pipeline_debugger.domain import Step, StepKind
from airflow_pipeline_debugger.engine.llm.anthropic_client import AnthropicClient
from airflow_pipeline_debugger.engine.pipeline import investigate_bundle
from airflow_pipeline_debugger.runner.sink import DbStepSink
from airflow_pipeline_debugger.store import repository
from airflow_pipeline_debugger.store.session import session_scope


@pytest.fixture
def factory(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    from alembic import command

    from airflow_pipeline_debugger.store.db_manager import alembic_config

    eng = create_engine(f"sqlite:///{tmp_path / 'airflow.db'}", connect_args={"timeout": 30})
    with eng.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
    yield sessionmaker(bind=eng, expire_on_commit=False)
    eng.dispose()
    shutil.rmtree(tmp_path, ignore_errors=True)


def stored_kinds(factory: sessionmaker[Session], investigation_id: str) -> list[tuple[int, str, str]]:
    """What a reader in another session sees: (seq, kind, source)."""
    with session_scope(factory) as session:
        return [(r.seq, r.kind, r.source) for r in repository.list_steps(session, investigation_id)]


class WatchedSink(DbStepSink):
    """The runner's sink; after the evidence-analysis step commits, a second session reads the steps."""

    def __init__(
        self, investigation_id: str, factory: sessionmaker[Session], server: FakeAnthropic, reply: Reply
    ):
        super().__init__(investigation_id, factory)
        self.factory = factory
        self.server = server
        self.reply = reply
        self.seen_mid_stream: list[tuple[int, str, str]] = []
        self.sends_done_mid_stream = -1

    def add_step(self, step: Step) -> None:
        super().add_step(step)
        if step.kind is StepKind.EVIDENCE and step.source == "model":
            self.seen_mid_stream = stored_kinds(self.factory, self.investigation_id)
            self.sends_done_mid_stream = len(self.server.completed_sends)
            self.reply.gate.set()


def test_streamed_steps_are_committed_in_order_before_the_answer_completes(factory) -> None:
    with session_scope(factory) as session:
        row, _ = repository.ensure_investigation(
            session,
            dag_id="sales",
            run_id="r1",
            task_id="agg",
            map_index=-1,
            try_number=2,
            trigger="listener",
        )
        investigation_id = row.id
    with FakeAnthropic() as server:
        reply = Reply.tool_answer(answer(), chunk_size=25, gate_after='"root_cause"')
        server.script(reply)
        sink = WatchedSink(investigation_id, factory, server, reply)
        client = AnthropicClient(api_key="sk-ant-test", model="claude-test", base_url=server.url)
        result = investigate_bundle(
            bundle(), sink, llm=client, topology=TOPOLOGY, heuristics=[ExecutorOom()], options=budget()
        )
    assert result.engine == "model"
    # Mid-stream: the answer was not complete, yet hypotheses and evidence analysis were readable.
    assert sink.sends_done_mid_stream == 0
    assert [k for _, k, s in sink.seen_mid_stream if s == "model"] == ["status", "hypothesis", "evidence"]
    final = stored_kinds(factory, investigation_id)
    seqs = [seq for seq, _, _ in final]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
    assert [StepKind(k) for _, k, s in final if s == "model"] == [StepKind.STATUS, *FOUR]
    assert [k for _, k, _ in final[:2]] == ["status", "status"]
    assert final[: len(sink.seen_mid_stream)] == sink.seen_mid_stream
