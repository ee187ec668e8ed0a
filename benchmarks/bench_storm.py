"""Alert storm: 500 task failures with one upstream cause → one Slack parent, a few model calls.

A warehouse outage fails ``--tasks`` mapped tasks of one DAG, ``--failures`` task instances in all,
arriving within ``--arrival-s`` seconds (well inside two minutes). Each failure is enqueued through
the repository like the trigger does (with the worker's capture), claimed by the real
:class:`~airflow_pipeline_debugger.runner.service.Runner` (``--concurrency`` threads, a migrated
Airflow SQLite metadata DB), investigated by the real engine (``engine.pipeline.run_investigation``
with the DB step sink, the repository-backed fingerprint cache and the process-wide shared model
findings that ``EngineOptions.from_conf`` enables), recorded with
``repository.mark_succeeded`` and announced with ``notify.dispatch.notify_finished`` — the runner's
own sequence. The one part replaced is reading the failed try back through Airflow's log reader
(``runner.process``): the benchmark writes the task log itself, so no task-instance rows are needed.

The model is the fake Anthropic server (real SDK, SSE streaming); Slack is the fake Slack (real
``SlackHook``, ``chat.postMessage`` / ``chat.update``). The baseline, measured in the same run, is
the same storm with no model and no Slack (deterministic engine only).

    .venv/bin/python benchmarks/bench_storm.py [--failures 500] [--tasks 5] [--concurrency 8]

Results: ``benchmarks/results/storm.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
OUT = ROOT / "benchmarks" / "results" / "storm.json"
BOT_TOKEN = "xoxb-bench-token"
REFUSED = 'connection to server at "warehouse.internal" (10.0.0.5), port 5432 failed: Connection refused'
TASKS = ("extract_orders", "extract_customers", "extract_invoices", "extract_products", "extract_stock")


def model_answer() -> dict[str, Any]:
    """What the fake model answers: the outage, citing the error line, refining the network rule."""
    return {
        "hypotheses": [
            {
                "id": "H1",
                "title": "The warehouse is down",
                "description": "Every connection to warehouse.internal:5432 is refused.",
                "likelihood": 80,
                "rule_id": "generic.network_error",
            },
            {"id": "H2", "title": "Wrong credentials", "description": "Login rejected.", "likelihood": 20},
        ],
        "evidence_analysis": [
            {
                "hypothesis_id": "H1",
                "status": "confirmed",
                "reasoning": "The connection is refused before any login (E1:L3).",
                "evidence": ["E1:L3"],
            },
            {"hypothesis_id": "H2", "status": "dismissed", "reasoning": "No authentication error."},
        ],
        "root_cause": {
            "hypothesis_id": "H1",
            "title": "The warehouse database at warehouse.internal:5432 refused connections",
            "summary": "The PostgreSQL server was not accepting TCP connections: an outage, not a task bug.",
            "confidence": 85,
            "justification": "E1:L3.",
            "category": "infra",
            "transience": "transient",
            "evidence": ["E1:L3"],
            "dismissed": [{"hypothesis_id": "H2", "reason": "no authentication error"}],
            "evidence_gaps": [],
        },
        "remediation": {
            "immediate_fix": "Restore warehouse.internal:5432, then clear the failed tasks.",
            "change": "",
            "prevention": "Add a sensor on the warehouse before the extracts.",
            "monitoring": "Alert on warehouse availability.",
            "diagnostic_commands": ["pg_isready -h warehouse.internal -p 5432"],
        },
    }


def task_log(dag_id: str, task_id: str, map_index: int) -> str:
    return "\n".join(
        [
            f"[2026-11-22 00:00:01] INFO - Running {dag_id}.{task_id}[{map_index}]",
            "[2026-11-22 00:00:02] INFO - connecting to the warehouse",
            f"[2026-11-22 00:00:03] ERROR - psycopg2.OperationalError: {REFUSED}",
            "\tIs the server running on that host and accepting TCP/IP connections?",
            "[2026-11-22 00:00:04] INFO - Marking task as FAILED",
        ]
    )


def migrate(home: Path) -> str:
    """A fresh Airflow metadata DB (Airflow's tables and the provider's) in ``home``."""
    url = f"sqlite:///{home / 'airflow.db'}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW__")}
    env.update({"AIRFLOW_HOME": str(home), "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": url})
    airflow = Path(sys.executable).parent / "airflow"
    subprocess.run([str(airflow), "db", "migrate"], env=env, check=True, capture_output=True, timeout=600)
    return url


class Storm:
    """One storm run: enqueue with a schedule, investigate with a runner, wait for Slack to settle."""

    def __init__(self, url: str, args: argparse.Namespace, *, with_model: bool, with_slack: bool) -> None:
        from sqlalchemy import create_engine
        from sqlalchemy.orm import sessionmaker

        self.args = args
        self.with_model = with_model
        self.with_slack = with_slack
        self.engine = create_engine(url, connect_args={"timeout": 60})
        self.factory = sessionmaker(bind=self.engine, expire_on_commit=False)
        self.logs = Path(tempfile.mkdtemp(prefix="bench_storm_logs_"))
        self.done = threading.Semaphore(0)
        self.errors: list[str] = []
        # Loaded once per process, like the runner's engine settings.
        from airflow_pipeline_debugger.engine.llm.settings import configured_client
        from airflow_pipeline_debugger.engine.rules import load_heuristics
        from airflow_pipeline_debugger.engine.topology import configured_topology

        self.heuristics = load_heuristics()
        self.topology = configured_topology()
        self.llm = configured_client(inside_airflow=False) if with_model else None
        self._t0 = 0.0

    def enqueue(self, dag_id: str) -> list[str]:
        """Failures arrive evenly over ``arrival_s`` (mapped instances of the tasks, interleaved)."""
        from airflow_pipeline_debugger.domain import TaskKey
        from airflow_pipeline_debugger.store import repository
        from airflow_pipeline_debugger.store.session import session_scope
        from airflow_pipeline_debugger.trigger.capture import Capture

        ids: list[str] = []
        n = self.args.failures
        started = time.monotonic()
        for i in range(n):
            task_id, map_index = TASKS[i % self.args.tasks], i // self.args.tasks
            key = TaskKey(dag_id, "scheduled__2026-11-22T00:00:00+00:00", task_id, map_index, 1)
            capture = Capture(
                key=key,
                via="callback",
                error_type="psycopg2.OperationalError",
                error_message=REFUSED,
            )
            with session_scope(self.factory) as s:
                row, _ = repository.ensure_investigation(
                    s, **key.to_json(), trigger="listener", capture=capture.to_json()
                )
                ids.append(row.id)
            pause = started + self.args.arrival_s * (i + 1) / n - time.monotonic()
            if pause > 0:
                time.sleep(pause)
        return ids

    def work(self, ctx: Any) -> None:
        """``runner.process.investigate`` minus the Airflow log read-back (see the module docstring)."""
        from airflow_pipeline_debugger.domain import FailureContext, TaskKey
        from airflow_pipeline_debugger.engine.fingerprint import CachedInvestigation
        from airflow_pipeline_debugger.engine.pipeline import EngineOptions, run_investigation
        from airflow_pipeline_debugger.evidence.files import FileAccess
        from airflow_pipeline_debugger.evidence.request import CollectionRequest, LogSource
        from airflow_pipeline_debugger.notify.dispatch import notify_finished
        from airflow_pipeline_debugger.runner.sink import DbStepSink
        from airflow_pipeline_debugger.store import repository
        from airflow_pipeline_debugger.store.session import session_scope

        try:
            with session_scope(ctx.session_factory) as s:
                inv = repository.get(s, ctx.investigation_id)
                assert inv is not None
                dag_id, run_id, task_id, map_index = inv.dag_id, inv.run_id, inv.task_id, inv.map_index
            log_path = self.logs / f"{ctx.investigation_id}.log"
            log_path.write_text(task_log(dag_id, task_id, map_index), encoding="utf-8")
            context = FailureContext(
                key=TaskKey(dag_id=dag_id, run_id=run_id, task_id=task_id, map_index=map_index, try_number=1),
                operator="PythonOperator",
                error_type="psycopg2.OperationalError",
                error_message=REFUSED,
                trigger="listener",
            )
            request = CollectionRequest(
                context=context,
                files=FileAccess({"*": [self.logs]}),
                logs=[LogSource(name="task log (try 1)", source="airflow task log", path=log_path)],
            )

            def lookup(fingerprint: str, since: Any) -> CachedInvestigation | None:
                from airflow_pipeline_debugger.domain import InvestigationResult

                with session_scope(ctx.session_factory) as s:
                    hit = repository.find_recent_by_fingerprint(
                        s, fingerprint, since, exclude_id=ctx.investigation_id
                    )
                    if hit is None or not isinstance(hit.result, dict):
                        return None
                    return CachedInvestigation(
                        hit.id, hit.created_at, InvestigationResult.from_json(hit.result)
                    )

            result = run_investigation(
                request,
                DbStepSink(ctx.investigation_id, ctx.session_factory, ctx.cancelled),
                llm=self.llm,
                topology=self.topology,
                heuristics=self.heuristics,
                cache_lookup=lookup,
                options=EngineOptions.from_conf(investigation_id=ctx.investigation_id),
            )
            with session_scope(ctx.session_factory) as s:
                if not repository.mark_succeeded(s, ctx.investigation_id, result, runner_id=ctx.runner_id):
                    self.errors.append(f"{ctx.investigation_id}: result not recorded")
            if self.with_slack:
                notify_finished(ctx.investigation_id)
        except Exception as exc:  # noqa: BLE001 - report every failure instead of dying on the first
            self.errors.append(f"{ctx.investigation_id}: {type(exc).__name__}: {exc}")
        finally:
            self.done.release()

    def run(self, dag_id: str) -> dict[str, Any]:
        from airflow_pipeline_debugger.runner.service import Runner, RunnerSettings

        runner = Runner(
            settings=RunnerSettings(
                concurrency=self.args.concurrency,
                poll_interval_s=0.05,
                heartbeat_interval_s=5,
                stale_after_s=600,
                timeout_s=600,
                sweep=False,
            ),
            session_factory=self.factory,
            work=self.work,
        )
        self._t0 = time.perf_counter()
        runner.start()
        ids = self.enqueue(dag_id)
        for _ in ids:
            self.done.acquire()
        investigated_s = time.perf_counter() - self._t0
        runner.stop()
        wall_s = self.settle() if self.with_slack else investigated_s
        return {"ids": ids, "investigated_s": investigated_s, "wall_s": wall_s}

    def settle(self) -> float:
        """Wait until every alert is delivered (no pending member, no deferred flush); wall time."""
        from sqlalchemy import func, select

        from airflow_pipeline_debugger.notify.dispatch import deferred_flushes
        from airflow_pipeline_debugger.store.incident_models import member_table

        while True:
            with self.factory() as s:
                pending = s.scalar(select(func.count()).where(member_table.c.state == "pending"))
            if not pending and deferred_flushes() == 0:
                return time.perf_counter() - self._t0
            time.sleep(0.1)

    def close(self) -> None:
        self.engine.dispose()
        shutil.rmtree(self.logs, ignore_errors=True)


def outcome(factory: Any, ids: list[str]) -> dict[str, Any]:
    """How the investigations ended and which path produced each result."""
    from sqlalchemy import select

    from airflow_pipeline_debugger.store.models import Investigation

    with factory() as s:
        rows = list(s.scalars(select(Investigation).where(Investigation.id.in_(ids))))
    count = lambda values: {v: values.count(v) for v in sorted(set(values))}  # noqa: E731
    return {
        "investigations": len(rows),
        "status": count([r.status for r in rows]),
        "engine": count([r.engine or "" for r in rows]),
        "category": count([r.category or "" for r in rows]),
        "slack_state": count([r.slack_state or "" for r in rows]),
        "fingerprints": len({r.fingerprint for r in rows}),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--failures", type=int, default=500)
    parser.add_argument("--tasks", type=int, default=5, choices=range(1, len(TASKS) + 1))
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument(
        "--arrival-s", type=float, default=60.0, help="failures arrive over this many seconds"
    )
    parser.add_argument("--cache-hours", type=float, default=24.0)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)

    home = Path(tempfile.mkdtemp(prefix="bench_storm_home_"))
    try:
        url = migrate(home)
        from support.fake_anthropic import FakeAnthropic, Reply
        from support.fake_slack import FakeSlack

        with (
            FakeAnthropic(default=Reply.tool_answer(model_answer())) as model,
            FakeSlack(tokens=(BOT_TOKEN,)) as slack,
        ):
            os.environ.update(
                {
                    "AIRFLOW_HOME": str(home),
                    "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": url,
                    "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
                    "AIRFLOW_CONN_SLACK_BENCH": json.dumps(
                        {"conn_type": "slack", "password": BOT_TOKEN, "extra": {"base_url": slack.api_url}}
                    ),
                    "AIRFLOW__PIPELINE_DEBUGGER__SLACK_CONN_ID": "slack_bench",
                    "AIRFLOW__PIPELINE_DEBUGGER__SLACK_CHANNEL": "#alerts",
                    "AIRFLOW__PIPELINE_DEBUGGER__SLACK_GROUPING_WINDOW_MINUTES": "30",
                    "AIRFLOW__PIPELINE_DEBUGGER__LLM_ENABLED": "True",
                    # The fake model answers every request with one whole answer: one call per failure.
                    "AIRFLOW__PIPELINE_DEBUGGER__TOPOLOGY_FILE": str(
                        ROOT / "tests" / "fixtures" / "topology" / "single.toml"
                    ),
                    "AIRFLOW__PIPELINE_DEBUGGER__LLM_CONN_ID": "",
                    "AIRFLOW__PIPELINE_DEBUGGER__FINGERPRINT_CACHE_HOURS": str(int(args.cache_hours)),
                    "ANTHROPIC_API_KEY": "bench-key",
                    "ANTHROPIC_BASE_URL": model.url,
                }
            )
            baseline = Storm(url, args, with_model=False, with_slack=False)
            base = baseline.run("ingest_erp_baseline")
            base_outcome = outcome(baseline.factory, base["ids"])
            baseline.close()

            storm = Storm(url, args, with_model=True, with_slack=True)
            run = storm.run("ingest_erp")
            run_outcome = outcome(storm.factory, run["ids"])
            storm.close()
            parents = slack.top_level_messages()
            replies = [r for p in parents for r in slack.replies(p.ts)]
            updates = len(slack.successful("chat.update"))
            posts = len(slack.successful("chat.postMessage"))
            errors = baseline.errors + storm.errors
    finally:
        shutil.rmtree(home, ignore_errors=True)

    result = {
        "benchmark": "alert storm: N failures with one upstream cause, runner + engine + Slack dispatch",
        "failures": args.failures,
        "tasks": args.tasks,
        "arrival_s": args.arrival_s,
        "concurrency": args.concurrency,
        "metadata_db": "sqlite (airflow db migrate)",
        "wall_s": round(run["wall_s"], 2),
        "investigated_s": round(run["investigated_s"], 2),
        "baseline_deterministic_no_slack_s": round(base["wall_s"], 2),
        "ratio_wall_to_baseline": round(run["wall_s"] / base["wall_s"], 2) if base["wall_s"] else None,
        "model_calls": len(model.requests),
        "slack": {
            "top_level_messages": len(parents),
            "thread_replies": len(replies),
            "chat_update": updates,
            "chat_post_message": posts,
            "messages_per_failure": round(posts / args.failures, 4),
        },
        "outcome": run_outcome,
        "baseline_outcome": base_outcome,
        "errors": errors[:20],
        "python": sys.version.split()[0],
        "machine": platform.machine(),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(
        f"{args.failures} failures of {args.tasks} task(s) over {args.arrival_s:g}s, "
        f"{args.concurrency} runner threads\n"
        f"wall time (to last Slack update)  {run['wall_s']:8.2f} s  (x{result['ratio_wall_to_baseline']} "
        f"the deterministic no-Slack baseline, {base['wall_s']:.2f} s)\n"
        f"model calls                       {len(model.requests):8d}\n"
        f"Slack: {len(parents)} top-level message(s), {len(replies)} thread replies, {updates} chat.update\n"
        f"investigations: {run_outcome['status']}  engines: {run_outcome['engine']}\n"
        f"errors: {len(errors)}\nsaved {args.out}"
    )
    complete = run_outcome["status"] == {"succeeded": args.failures} and not errors
    return 0 if complete else 1


if __name__ == "__main__":
    sys.exit(main())
