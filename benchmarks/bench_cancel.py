"""Timed-out investigations on a stalled model: live threads and how fast each one stops.

The issue's probe: one runner at concurrency 1, ``--investigations`` queued, each of which streams a
model answer that stalls after its first chunk (the fake Anthropic or OpenAI-compatible server holds
the connection open; the real SDK / httpx client reads it) and times out after ``--timeout-s``. The
real :class:`~airflow_pipeline_debugger.runner.service.Runner` on a migrated SQLite DB of the
provider's tables claims, times out and frees the slot; the work is the model stage of an
investigation (one ``converse`` turn under the investigation's deadline).

Three runs, measured in the same process:

* ``baseline`` — the stream does not see the cancellation and there is no thread ceiling (main
  before cancellation): every timed-out thread lives on until the model's own budget
  (``--model-budget-s``) ends its stream.
* ``cancelled`` — the investigation's cancel token reaches the stream (as ``runner.process`` does),
  default ceiling: each thread stops right after its timeout.
* ``ceiling`` — the stream ignores the cancellation (a read that blocks without end) and
  ``max_live_threads = 2``: live threads stay at the ceiling and the runner waits.

    .venv/bin/python benchmarks/bench_cancel.py [--investigations 5] [--timeout-s 0.5] [--model-budget-s 8]

Results: ``benchmarks/results/cancel.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
OUT = ROOT / "benchmarks" / "results" / "cancel.json"
HOME = tempfile.mkdtemp(prefix="pd-bench-cancel-")
os.environ.setdefault("AIRFLOW_HOME", HOME)
os.environ.setdefault("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", f"sqlite:///{HOME}/airflow.db")
THREAD_PREFIX = "pipeline-debugger-investigation-"
ANSWER = {"hypotheses": [{"title": "the orders feed is empty " * 4}], "root_cause": {}}


def migrated_factory(path: Path) -> Any:
    """Sessions on a fresh SQLite DB holding the provider's tables."""
    from alembic import command
    from sqlalchemy import create_engine
    from sqlalchemy.orm import sessionmaker

    from airflow_pipeline_debugger.store.db_manager import alembic_config

    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": 30})
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
    return sessionmaker(bind=engine, expire_on_commit=False)


def live_threads() -> int:
    return sum(1 for t in threading.enumerate() if t.name.startswith(THREAD_PREFIX))


def probe(
    name: str, client: Any, args: argparse.Namespace, *, stream_sees_cancel: bool, max_live_threads: int
) -> dict[str, Any]:
    """One runner through ``args.investigations`` timeouts; peak live threads and stop latencies."""
    from airflow_pipeline_debugger.domain import InvestigationCancelledError
    from airflow_pipeline_debugger.engine.llm.base import ConversationRequest, Deadline, LLMError, ToolSpec
    from airflow_pipeline_debugger.runner.service import Runner, RunnerSettings
    from airflow_pipeline_debugger.store import repository
    from airflow_pipeline_debugger.store.session import session_scope

    factory = migrated_factory(Path(HOME) / f"{name}.db")
    with session_scope(factory) as s:
        for n in range(args.investigations):
            repository.ensure_investigation(
                s, dag_id=name, run_id="r", task_id=f"t{n}", map_index=-1, try_number=1, trigger="sweep"
            )
    request = ConversationRequest(
        system="s",
        user="u",
        exchanges=(),
        tools=(ToolSpec("record_investigation", "answer", {"type": "object"}),),
        answer_tool="record_investigation",
        max_output_tokens=100,
    )
    began: dict[str, float] = {}
    ended: dict[str, float] = {}
    how: dict[str, str] = {}

    def work(ctx: Any) -> None:
        began[ctx.investigation_id] = time.monotonic()
        cancel = ctx.cancelled if stream_sees_cancel else None
        try:
            client.converse(request, lambda _: None, Deadline.after(args.model_budget_s, cancel))
            how[ctx.investigation_id] = "answered"
        except InvestigationCancelledError:
            how[ctx.investigation_id] = "cancelled"
        except LLMError as exc:
            how[ctx.investigation_id] = exc.kind.value
        ended[ctx.investigation_id] = time.monotonic()

    runner = Runner(
        settings=RunnerSettings(
            concurrency=1,
            poll_interval_s=0.02,
            heartbeat_interval_s=1.0,
            stale_after_s=600,
            timeout_s=args.timeout_s,
            sweep=False,
            max_live_threads=max_live_threads,
        ),
        session_factory=factory,
        work=work,
    )
    peak = 0
    started = time.monotonic()
    runner.start()
    try:
        while len(ended) < args.investigations and time.monotonic() - started < args.limit_s:
            peak = max(peak, live_threads())
            time.sleep(0.005)
    finally:
        runner.stop(0.1)
    # From the timeout (the runner polls every 20 ms) to the thread's end.
    latencies = [ended[i] - began[i] - args.timeout_s for i in ended]
    return {
        "stream_sees_cancel": stream_sees_cancel,
        "max_live_threads": max_live_threads,
        "peak_live_threads": peak,
        "timed_out": runner.timed_out,
        "ended": len(ended),
        "outcomes": sorted(how.values()),
        "stop_latency_s_median": round(statistics.median(latencies), 4) if latencies else None,
        "stop_latency_s_max": round(max(latencies), 4) if latencies else None,
        "wall_s": round(time.monotonic() - started, 2),
    }


#: run → (the stream sees the cancellation, max_live_threads); 1000 stands for "no ceiling".
RUNS = {"baseline": (False, 1000), "cancelled": (True, 4), "ceiling": (False, 2)}


def run_client(
    label: str, make: Callable[[Any], Any], server: Any, args: argparse.Namespace
) -> dict[str, Any]:
    """The three runs against one stalling server."""
    with server:
        client = make(server)
        return {
            run: probe(f"{label}-{run}", client, args, stream_sees_cancel=sees, max_live_threads=ceiling)
            for run, (sees, ceiling) in RUNS.items()
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--investigations", type=int, default=5)
    parser.add_argument("--timeout-s", type=float, default=0.5)
    parser.add_argument("--model-budget-s", type=float, default=8.0)
    parser.add_argument("--limit-s", type=float, default=120.0, help="give up on a run after this long")
    args = parser.parse_args()

    from support.fake_anthropic import FakeAnthropic, Reply
    from support.fake_openai import ChatReply, FakeOpenAI

    from airflow_pipeline_debugger.engine.llm.anthropic_client import AnthropicClient
    from airflow_pipeline_debugger.engine.llm.openai_compat import OpenAICompatibleClient

    results = {
        "anthropic": run_client(
            "anthropic",
            lambda s: AnthropicClient(api_key="sk-ant-bench", model="claude-bench", base_url=s.url),
            FakeAnthropic(default=Reply.tool_answer(ANSWER, hang_after=1)),
            args,
        ),
        "openai": run_client(
            "openai",
            lambda s: OpenAICompatibleClient(base_url=s.url, model="bench-model"),
            FakeOpenAI(default=ChatReply(text=json.dumps(ANSWER), hang_after=1)),
            args,
        ),
    }
    out = {
        "args": vars(args),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
        "results": results,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(out, indent=2) + "\n")
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
