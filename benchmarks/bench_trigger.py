"""Trigger costs: worker-side overhead, scheduler impact of a failure storm, failure → investigation latency.

Every ratio compares the provider against a baseline measured in the same run:

worker       ``dag.test()`` of a one-task failing DAG, in one process, alternating runs with the
             provider's listener registered in the Task SDK listener manager and without it (the
             real task-runner failure path: run, fail, report, finalize with listeners). Median
             over ``--worker-runs`` runs each. Plus the hook dispatch alone (``finalize`` calling
             ``on_task_instance_failed`` on a real ``RuntimeTaskInstance``), median over
             ``--micro-runs`` calls, to resolve the milliseconds the end-to-end median cannot;
             and the success hook alone (the environment record every successful try writes).
scheduler    a scheduler-like loop on a real metadata DB (SQLite file and PostgreSQL): each
             iteration commits a write transaction of the size the scheduler makes for a burst
             (one audit ``log`` row per failed task) through the scoped ``settings.Session``; in
             the first iteration ``--failures`` task failures arrive at once and the core listener
             manager dispatches ``on_task_instance_failed`` for each, as ``handle_failure`` does.
             With the provider its listener only queues, and its enqueuer thread inserts the
             investigations in its own sessions while the loop goes on. Loop durations (median,
             max) with vs without; and how long until every investigation was queued. This is
             the listener + enqueuer path against a real DB, not a full scheduler: a 200-task
             storm on a real cluster does not fit on a 2-core shared machine.
api          the api-server side of a worker's failure: the Execution API commits one audit
             ``log`` row per state change (``event`` = the new state). Commits of one such
             ``failed`` row through Airflow's ``NonScopedSession`` (the smallest transaction the
             route makes, so the ratio is an upper bound), with and without the provider's
             session hook installed; with it, the real enqueuer inserts the investigations in its
             own sessions meanwhile, as in the api-server. Median and p95 per commit.
latency      a real cluster (scheduler, dag-processor, api-server with the embedded runner,
             LocalExecutor, SQLite, default provider settings): a failing task's ``end_date`` →
             investigation ``created_at`` (queued) → ``finished_at`` (deterministic engine), for
             two DAG shapes: the run fails with the task (``bench_fail``), and the run goes on
             for a while after the task failed (``bench_fail_sibling``: a sibling task sleeps),
             as in most real DAGs, where ``on_dag_run_failed`` comes late. Plus which path
             enqueued each investigation.

Run: ``flock /tmp/heavy.lock .venv/bin/python benchmarks/bench_trigger.py`` (writes
``benchmarks/results/trigger.json``). ``--only worker,scheduler`` / ``--backends sqlite`` for a quicker run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results" / "trigger.json"
VENV_BIN = Path(sys.executable).parent
PG_ADMIN = "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"

DAG_FILE = """
from datetime import datetime
from airflow.sdk import DAG, task

with DAG(dag_id="bench_fail", start_date=datetime(2026, 1, 1), schedule=None, catchup=False) as dag:
    @task(task_id="fails")
    def fails():
        raise ValueError("orders file has 0 rows for 2026-01-01")
    fails()
"""


SIBLING_SLEEP_S = 12

SIBLING_DAG_FILE = f"""
import time
from datetime import datetime
from airflow.sdk import DAG, task

with DAG(dag_id="bench_fail_sibling", start_date=datetime(2026, 1, 1), schedule=None, catchup=False) as dag:
    @task(task_id="fails")
    def fails():
        raise ValueError("orders file has 0 rows for 2026-01-01")

    @task(task_id="still_running")
    def still_running():
        time.sleep({SIBLING_SLEEP_S})

    fails()
    still_running()
"""


def _env(home: Path, db_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW__", "_AIRFLOW"))}
    env.update(
        {
            "AIRFLOW_HOME": str(home),
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": db_url,
            "AIRFLOW__CORE__DAGS_FOLDER": str(home / "dags"),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__LOGGING__LOGGING_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


def _pg_admin(sql: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(sa.text(sql))
    finally:
        engine.dispose()


def _child(part: str, env: dict[str, str], *args: str, timeout: float = 1800) -> dict[str, Any]:
    """Run one part in a fresh process (Airflow's ORM settings are per process); its JSON result."""
    proc = subprocess.run(
        [sys.executable, __file__, "--part", part, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"part {part} failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def _migrate(env: dict[str, str]) -> None:
    subprocess.run(
        [str(VENV_BIN / "airflow"), "db", "migrate"], env=env, capture_output=True, check=True, timeout=600
    )


# --------------------------------------------------------------------------- worker


def _runtime_ti(task: Any, run_id: str) -> Any:
    from airflow.sdk.execution_time.task_runner import RuntimeTaskInstance

    return RuntimeTaskInstance.model_construct(
        id=uuid.uuid4(),
        task_id=task.task_id,
        dag_id=task.dag_id,
        run_id=run_id,
        try_number=1,
        map_index=-1,
        task=task,
        max_tries=0,
        state="failed",
        hostname="bench",
        dag_version_id=uuid.uuid4(),
    )


def part_worker(args: argparse.Namespace) -> dict[str, Any]:
    """End-to-end ``dag.test()`` of a failing task, alternating with and without the listener."""
    import logging

    from airflow.sdk.listener import get_listener_manager

    from airflow_pipeline_debugger.trigger import capture
    from airflow_pipeline_debugger.trigger.listeners import listener

    logging.getLogger("airflow").setLevel(logging.ERROR)
    import runpy

    dag = runpy.run_path(str(Path(os.environ["AIRFLOW__CORE__DAGS_FOLDER"]) / "bench_fail.py"))["dag"]
    manager = get_listener_manager()

    def set_provider(on: bool) -> None:
        if on:
            manager.add_listener(listener)
        elif manager.pm.is_registered(listener):
            manager.pm.unregister(listener)

    # warm-up: imports, first DAG run, first capture (regex compilation, masker)
    for on in (True, False):
        set_provider(on)
        dag.test()
    timings: dict[bool, list[float]] = {True: [], False: []}
    captured_before = len(capture._captured)
    for i in range(args.worker_runs * 2):
        on = i % 2 == 0
        set_provider(on)
        started = time.perf_counter()
        dag.test()
        timings[on].append(time.perf_counter() - started)
    captures = len(capture._captured) - captured_before

    # the hook alone, as finalize() dispatches it, on a real RuntimeTaskInstance
    task = dag.get_task("fails")
    micro: dict[bool, list[float]] = {True: [], False: []}
    for on in (False, True):
        set_provider(on)
        for i in range(args.micro_runs):
            ti = _runtime_ti(task, f"micro-{on}-{i}")
            try:
                raise ValueError("orders file has 0 rows for 2026-01-01")
            except ValueError as exc:
                started = time.perf_counter()
                manager.hook.on_task_instance_failed(previous_state="running", task_instance=ti, error=exc)
                micro[on].append(time.perf_counter() - started)
    # the success hook alone: the environment record every successful try writes
    success: dict[bool, list[float]] = {True: [], False: []}
    for on in (False, True):
        set_provider(on)
        for i in range(args.micro_runs):
            ti = _runtime_ti(task, f"success-{on}-{i}")
            ti.state = "success"
            started = time.perf_counter()
            manager.hook.on_task_instance_success(previous_state="running", task_instance=ti)
            success[on].append(time.perf_counter() - started)
    set_provider(True)
    with_s, without_s = statistics.median(timings[True]), statistics.median(timings[False])
    hook_with, hook_without = statistics.median(micro[True]), statistics.median(micro[False])
    success_with, success_without = statistics.median(success[True]), statistics.median(success[False])
    return {
        "measured": "dag.test() of a one-task failing DAG in one process; listener on/off alternately",
        "runs_each": args.worker_runs,
        "captures_written": captures,
        "end_to_end_median_s": {"with_provider": round(with_s, 4), "without_provider": round(without_s, 4)},
        "end_to_end_ratio": round(with_s / without_s, 4),
        "end_to_end_stdev_s": {
            "with_provider": round(statistics.pstdev(timings[True]), 4),
            "without_provider": round(statistics.pstdev(timings[False]), 4),
        },
        "hook_calls_each": args.micro_runs,
        "hook_median_ms": {
            "with_provider": round(hook_with * 1000, 4),
            "without_provider": round(hook_without * 1000, 4),
        },
        "hook_p95_ms_with_provider": round(statistics.quantiles(micro[True], n=20)[-1] * 1000, 4),
        "added_ms_per_failure_median": round((hook_with - hook_without) * 1000, 4),
        "added_share_of_end_to_end": round((hook_with - hook_without) / without_s, 6),
        "success_hook_median_ms": {
            "with_provider": round(success_with * 1000, 4),
            "without_provider": round(success_without * 1000, 4),
        },
        "added_ms_per_success_median": round((success_with - success_without) * 1000, 4),
    }


# --------------------------------------------------------------------------- scheduler


class _OrmLikeTI:
    """What the scheduler passes: an ORM task instance (only the attributes the listener reads)."""

    def __init__(self, dag_id: str, run_id: str, task_id: str) -> None:
        self.dag_id, self.run_id, self.task_id = dag_id, run_id, task_id
        self.map_index, self.try_number, self.state = -1, 1, "failed"


def part_scheduler(args: argparse.Namespace) -> dict[str, Any]:
    """Scheduler-like loop durations during a failure storm, with and without the provider."""
    from airflow import settings
    from airflow._shared.listeners.listener import ListenerManager
    from airflow._shared.listeners.spec import taskinstance
    from airflow.models.log import Log
    from sqlalchemy import func, select

    from airflow_pipeline_debugger.store.models import Investigation
    from airflow_pipeline_debugger.trigger.enqueue import Enqueuer
    from airflow_pipeline_debugger.trigger.listeners import PipelineDebuggerListener

    settings.configure_orm()
    with settings.NonScopedSession() as warm:  # first connection, mapper configuration
        warm.add(Log(event="bench_warmup", owner="bench"))
        warm.commit()
    results: dict[str, Any] = {}
    for label, with_provider in (
        ("without_provider", False),
        ("with_provider", True),
        ("again_without", False),
    ):
        manager = ListenerManager()
        manager.add_hookspecs(taskinstance)
        enqueuer = Enqueuer()
        if with_provider:
            listener = PipelineDebuggerListener()
            import airflow_pipeline_debugger.trigger.listeners as listeners_module

            listeners_module._enqueuer = lambda e=enqueuer: e  # this run's queue, not the process's
            manager.add_listener(listener)
        run_id = f"storm-{label}-{uuid.uuid4().hex[:6]}"
        tis = [_OrmLikeTI("bench_storm", run_id, f"task_{i:03d}") for i in range(args.failures)]
        loops: list[float] = []
        storm_started = time.perf_counter()
        queued_after: float | None = None
        for iteration in range(args.loops):
            started = time.perf_counter()
            session = settings.Session()
            if iteration == 0:
                for ti in tis:
                    manager.hook.on_task_instance_failed(
                        previous_state="running", task_instance=ti, error="Executor reported failure"
                    )
            for ti in tis:  # the scheduler's own writes for the same burst
                session.add(Log(event="bench_failed", task_instance=None, owner="bench", extra=ti.task_id))
            session.commit()
            settings.Session.remove()
            loops.append(time.perf_counter() - started)
            if with_provider and queued_after is None and enqueuer.flush(0, start=False):
                queued_after = time.perf_counter() - storm_started
            time.sleep(args.loop_sleep)
        if with_provider and queued_after is None:
            enqueuer.flush(300, start=False)
            queued_after = time.perf_counter() - storm_started
        with settings.NonScopedSession() as s:
            created = s.scalar(
                select(func.count()).select_from(Investigation).where(Investigation.run_id == run_id)
            )
        results[label] = {
            "loop_median_ms": round(statistics.median(loops) * 1000, 2),
            "loop_max_ms": round(max(loops) * 1000, 2),
            "storm_loop_ms": round(loops[0] * 1000, 2),
            "investigations_queued": int(created or 0),
            "all_queued_after_s": round(queued_after, 3) if queued_after is not None else None,
        }
    base_median = statistics.median(
        [results["without_provider"]["loop_median_ms"], results["again_without"]["loop_median_ms"]]
    )
    base_storm = statistics.median(
        [results["without_provider"]["storm_loop_ms"], results["again_without"]["storm_loop_ms"]]
    )
    base_max = max(results["without_provider"]["loop_max_ms"], results["again_without"]["loop_max_ms"])
    results["loop_median_ratio"] = round(results["with_provider"]["loop_median_ms"] / base_median, 3)
    results["storm_loop_ratio"] = round(results["with_provider"]["storm_loop_ms"] / base_storm, 3)
    results["loop_max_ratio"] = round(results["with_provider"]["loop_max_ms"] / base_max, 3)
    results["failures"] = args.failures
    results["loops"] = args.loops
    return results


# --------------------------------------------------------------------------- api-server


def part_api(args: argparse.Namespace) -> dict[str, Any]:
    """Execution API-sized commits of a ``failed`` audit row, with and without the session hook."""
    from airflow import settings
    from airflow.models.log import Log
    from sqlalchemy import func, select

    from airflow_pipeline_debugger.store.models import Investigation
    from airflow_pipeline_debugger.trigger import execution_api
    from airflow_pipeline_debugger.trigger.enqueue import Enqueuer

    settings.configure_orm()
    with settings.NonScopedSession() as warm:  # first connection, mapper configuration
        warm.add(Log(event="bench_warmup", owner="bench"))
        warm.commit()
    results: dict[str, Any] = {}
    for label, with_provider in (
        ("without_provider", False),
        ("with_provider", True),
        ("again_without", False),
    ):
        enqueuer = Enqueuer()
        if with_provider:
            execution_api.install(enqueuer.submit)
        run_id = f"api-{label}-{uuid.uuid4().hex[:6]}"
        commits: list[float] = []
        for i in range(args.api_commits):
            started = time.perf_counter()
            with settings.NonScopedSession() as session:
                session.add(
                    Log(
                        event="failed",
                        dag_id="bench_api",
                        run_id=run_id,
                        task_id=f"task_{i:04d}",
                        map_index=-1,
                        try_number=1,
                    )
                )
                session.commit()
            commits.append(time.perf_counter() - started)
            time.sleep(args.api_sleep)  # workers report one after another, not in one transaction
        if with_provider:
            execution_api.uninstall()
            enqueuer.flush(300, start=False)
        with settings.NonScopedSession() as s:
            created = s.scalar(
                select(func.count()).select_from(Investigation).where(Investigation.run_id == run_id)
            )
        results[label] = {
            "commit_median_ms": round(statistics.median(commits) * 1000, 3),
            "commit_p95_ms": round(statistics.quantiles(commits, n=20)[-1] * 1000, 3),
            "investigations_queued": int(created or 0),
        }
    base_median = statistics.median(
        [results["without_provider"]["commit_median_ms"], results["again_without"]["commit_median_ms"]]
    )
    base_p95 = statistics.median(
        [results["without_provider"]["commit_p95_ms"], results["again_without"]["commit_p95_ms"]]
    )
    results["commit_median_ratio"] = round(results["with_provider"]["commit_median_ms"] / base_median, 3)
    results["commit_p95_ratio"] = round(results["with_provider"]["commit_p95_ms"] / base_p95, 3)
    results["commits"] = args.api_commits
    return results


# --------------------------------------------------------------------------- latency


def _spread(values: list[float]) -> dict[str, float]:
    """Median and p95 (interpolated between the measured values) of a list of seconds."""
    p95 = statistics.quantiles(values, n=20, method="inclusive")[-1] if len(values) > 1 else values[0]
    median, worst = statistics.median(values), max(values)
    return {"p50_s": round(median, 3), "p95_s": round(p95, 3), "max_s": round(worst, 3)}


def run_latency(runs: int, workdir: Path) -> dict[str, Any]:
    """Failure → queued → finished on a real cluster with the default provider settings."""
    sys.path.insert(0, str(ROOT / "tests"))
    from datetime import UTC, datetime

    from support.airflow_cluster import AirflowCluster

    def ts(value: Any) -> datetime:
        parsed = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)  # SQLite keeps UTC, naive

    shapes: dict[str, Any] = {}
    started = time.perf_counter()
    with AirflowCluster(
        home=workdir / "cluster", dags_folder=workdir / "dags", backend="sqlite", port_range=(18650, 18699)
    ) as cluster:
        start_s = time.perf_counter() - started
        for dag_id in ("bench_fail", "bench_fail_sibling"):
            cluster.wait_for_dag(dag_id, timeout=180)
            queued: list[float] = []
            finished: list[float] = []
            triggers: dict[str, int] = {}
            before_run_end = 0
            captured = 0
            for _ in range(runs):
                run_id = cluster.trigger(dag_id)

                def done(rid: str = run_id, dag: str = dag_id) -> list[dict[str, Any]]:
                    return cluster.sql(
                        'SELECT i.created_at, i.finished_at, i.status, i.error, i."trigger", t.end_date, '
                        "i.capture IS NOT NULL AS captured "
                        "FROM pipeline_debugger_investigation i JOIN task_instance t ON t.dag_id = i.dag_id "
                        "AND t.run_id = i.run_id AND t.task_id = i.task_id "
                        "WHERE i.dag_id = :dag AND i.run_id = :rid AND i.status IN ('succeeded', 'failed')",
                        dag=dag,
                        rid=rid,
                    )

                (row,) = cluster.wait_for(done, 300, f"investigation of {run_id}", interval=0.2)
                run = cluster.wait_for_run(dag_id, run_id)
                if row["status"] != "succeeded":
                    raise RuntimeError(f"investigation of {run_id} failed: {row['error']}")
                queued.append((ts(row["created_at"]) - ts(row["end_date"])).total_seconds())
                finished.append((ts(row["finished_at"]) - ts(row["end_date"])).total_seconds())
                triggers[row["trigger"]] = triggers.get(row["trigger"], 0) + 1
                before_run_end += int(ts(row["finished_at"]) < ts(run["end_date"]))
                captured += int(bool(row["captured"]))
            shapes[dag_id] = {
                "runs": runs,
                "failure_to_queued": _spread(queued),
                "failure_to_finished": _spread(finished),
                "root_cause_before_the_run_ended": before_run_end,
                "worker_capture_read": captured,
                "enqueued_by": triggers,
                "failure_to_queued_s": [round(v, 3) for v in queued],
                "failure_to_finished_s": [round(v, 3) for v in finished],
            }
    return {
        "measured": "real cluster, SQLite, default [pipeline_debugger] settings, embedded runner, no model",
        "cluster_start_s": round(start_s, 1),
        "sibling_sleep_s": SIBLING_SLEEP_S,
        **shapes,
    }


# --------------------------------------------------------------------------- main


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--part", choices=["worker", "scheduler", "api"], help=argparse.SUPPRESS)
    parser.add_argument("--worker-runs", type=int, default=15)
    parser.add_argument("--micro-runs", type=int, default=2000)
    parser.add_argument("--failures", type=int, default=200)
    parser.add_argument("--loops", type=int, default=20)
    parser.add_argument("--loop-sleep", type=float, default=0.05)
    parser.add_argument("--api-commits", type=int, default=300)
    parser.add_argument("--api-sleep", type=float, default=0.01)
    parser.add_argument("--latency-runs", type=int, default=6)
    parser.add_argument("--only", default="worker,scheduler,api,latency", help="comma-separated parts to run")
    parser.add_argument("--backends", default="sqlite,postgres")
    args = parser.parse_args()
    if args.part == "worker":
        print(json.dumps(part_worker(args)))
        return 0
    if args.part == "scheduler":
        print(json.dumps(part_scheduler(args)))
        return 0
    if args.part == "api":
        print(json.dumps(part_api(args)))
        return 0

    workdir = Path(tempfile.mkdtemp(prefix="pd_trig_bench_"))
    (workdir / "dags").mkdir()
    (workdir / "dags" / "bench_fail.py").write_text(DAG_FILE)
    (workdir / "dags" / "bench_fail_sibling.py").write_text(SIBLING_DAG_FILE)
    common = [
        "--worker-runs", str(args.worker_runs), "--micro-runs", str(args.micro_runs),
        "--failures", str(args.failures), "--loops", str(args.loops), "--loop-sleep", str(args.loop_sleep),
        "--api-commits", str(args.api_commits), "--api-sleep", str(args.api_sleep),
    ]  # fmt: skip
    result: dict[str, Any] = {"benchmark": "trigger", "python": sys.version.split()[0]}
    parts = set(args.only.split(","))
    try:
        env = _env(workdir, f"sqlite:///{workdir / 'airflow.db'}")
        _migrate(env)
        if "worker" in parts:
            result["worker"] = _child("worker", env, *common)
        db_parts = [part for part in ("scheduler", "api") if part in parts]
        for backend in args.backends.split(",") if db_parts else []:
            if backend == "sqlite":
                for part in db_parts:
                    result.setdefault(part, {})["sqlite"] = _child(part, env, *common)
            elif backend == "postgres":
                name = f"pd_trig_bench_{uuid.uuid4().hex[:8]}"
                _pg_admin(f'CREATE DATABASE "{name}"')
                try:
                    pg_env = _env(workdir, PG_ADMIN.rsplit("/", 1)[0] + "/" + name)
                    _migrate(pg_env)
                    for part in db_parts:
                        result.setdefault(part, {})["postgres"] = _child(part, pg_env, *common)
                finally:
                    _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if "latency" in parts:
            result["latency"] = run_latency(args.latency_runs, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        # whatever was measured is kept, also when a later part failed
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(result, indent=2) + "\n")
        print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
