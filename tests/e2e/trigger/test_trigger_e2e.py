"""Every final failure gets exactly one completed investigation, on a real Airflow 3 deployment.

One cluster per metadata DB (SQLite, PostgreSQL) runs scheduler, dag-processor and api-server with
the LocalExecutor and the provider installed; the runner is the one embedded in the api-server
unless a test says otherwise. The DAGs are in ``tests/e2e/dags/trigger_failures.py``.

Tests in this module share the cluster and run in file order; each one uses its own DAG runs.
Run them under the heavy-work lock: ``flock /tmp/heavy.lock .venv/bin/pytest tests/e2e/trigger``.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from support.airflow_cluster import VENV_BIN, AirflowCluster, ClusterError, postgres_available
from support.fake_anthropic import FakeAnthropic, Reply

DAGS = Path(__file__).parent.parent / "dags"
SWEEP_S = 4
STALE_S = 8
RUNNER = str(VENV_BIN / "airflow-pipeline-debugger")
BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param(
        "postgres",
        id="postgres",
        marks=[
            pytest.mark.postgres,
            pytest.mark.skipif(not postgres_available(), reason="no PostgreSQL on 127.0.0.1:5432"),
        ],
    ),
]

pytestmark = pytest.mark.timeout(900)


@pytest.fixture(scope="module", params=BACKENDS)
def cluster(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[AirflowCluster]:
    backend = request.param
    home = tmp_path_factory.mktemp(f"trigger-{backend}")
    gates = home / "gates"
    gates.mkdir()
    env = {
        "TRIGGER_E2E_GATE_DIR": str(gates),
        # The Spark history folder the jobs of ``spark_scope`` share (tests/e2e/dags/spark_scope.py).
        "TRIGGER_E2E_SPARK_EVENTS": str(home / "spark-events"),
        "AIRFLOW__PIPELINE_DEBUGGER__SPARK_EVENT_LOG_ROOTS": str(home / "spark-events"),
        "AIRFLOW__PIPELINE_DEBUGGER__SWEEP_INTERVAL_SECONDS": str(SWEEP_S),
        "AIRFLOW__PIPELINE_DEBUGGER__RUNNER_POLL_INTERVAL_SECONDS": "0.5",
        "AIRFLOW__PIPELINE_DEBUGGER__RUNNER_HEARTBEAT_SECONDS": "1",
        "AIRFLOW__PIPELINE_DEBUGGER__RUNNER_STALE_AFTER_SECONDS": str(STALE_S),
        "AIRFLOW__PIPELINE_DEBUGGER__RUNNER_CONCURRENCY": "4",
        "AIRFLOW__PIPELINE_DEBUGGER__HANDOFF_SETTLE_SECONDS": "3",
        "AIRFLOW__PIPELINE_DEBUGGER__LLM_ENABLED": "False",
        # The task's supervisor keeps retrying its state report while the api-server restarts.
        "AIRFLOW__WORKERS__EXECUTION_API_RETRIES": "30",
        "AIRFLOW__WORKERS__EXECUTION_API_RETRY_WAIT_MAX": "3",
        "AIRFLOW__WORKERS__MAX_FAILED_HEARTBEATS": "60",
    }
    with AirflowCluster(
        home=home,
        dags_folder=DAGS,
        backend=backend,
        port_range=(18600, 18699),
        extra_env=env,
        pg_prefix="pd_trig",
        parallelism=8,
    ) as c:
        c.gates = gates  # type: ignore[attr-defined]
        yield c


# --------------------------------------------------------------------------- helpers


def _capture(value: Any) -> dict[str, Any] | None:
    if value is None or isinstance(value, dict):
        return value
    return json.loads(value)


def investigations(cluster: AirflowCluster, dag_id: str, run_id: str) -> list[dict[str, Any]]:
    rows = cluster.sql(
        'SELECT id, task_id, map_index, try_number, status, "trigger", capture, attempts, claimed_by, '
        "error, root_cause_title FROM pipeline_debugger_investigation "
        "WHERE dag_id = :dag_id AND run_id = :run_id ORDER BY task_id, try_number",
        dag_id=dag_id,
        run_id=run_id,
    )
    for row in rows:
        row["capture"] = _capture(row["capture"])
    return rows


def wait_investigated(
    cluster: AirflowCluster, dag_id: str, run_id: str, task_ids: set[str], timeout: float = 240
) -> dict[str, dict[str, Any]]:
    """Wait until each of ``task_ids`` has a finished investigation; returns them by task id."""

    def done() -> dict[str, dict[str, Any]] | None:
        rows = investigations(cluster, dag_id, run_id)
        finished = {r["task_id"]: r for r in rows if r["status"] in ("succeeded", "failed", "interrupted")}
        return finished if task_ids <= set(finished) else None

    return dict(cluster.wait_for(done, timeout, f"investigations of {dag_id}/{run_id} {sorted(task_ids)}"))


def open_gate(cluster: AirflowCluster, name: str) -> None:
    (cluster.gates / name).touch()  # type: ignore[attr-defined]


def mark_failed(cluster: AirflowCluster, run_id: str, task_id: str) -> Any:
    """PATCH the task to ``failed``; ``None`` on a server error (retried by the caller)."""
    try:
        return cluster.set_task_state("trigger_failures", run_id, task_id, "failed")
    except ClusterError as exc:
        if " -> 5" in str(exc):
            return None
        raise


#: The ``/api/v2/monitor/health`` entry and heartbeat field that are a component's liveness probe
#: (the api-server's is that it answers at all).
HEARTBEATS = {
    "scheduler": ("scheduler", "latest_scheduler_heartbeat"),
    "dag-processor": ("dag_processor", "latest_dag_processor_heartbeat"),
}


def failing(cluster: AirflowCluster, names: tuple[str, ...], since: datetime) -> list[str]:
    """The components among ``names`` that exited or have not heartbeated since ``since``.

    A heartbeat from before the outage is no sign of life: a hung scheduler stays "healthy" for
    the health check's threshold after its last one.
    """
    health = cluster.health()

    def alive(name: str) -> bool:
        if not cluster.component(name).running() or health is None:
            return False
        if name not in HEARTBEATS:
            return True
        entry, field = HEARTBEATS[name]
        beat = (health.get(entry) or {}).get(field)
        return bool(beat) and datetime.fromisoformat(beat) > since

    return [name for name in names if not alive(name)]


def supervise(cluster: AirflowCluster, *names: str, probe_seconds: float = 90.0) -> list[str]:
    """Do what a process supervisor with a liveness probe does after an outage; returns the restarts.

    Components that exit are started again at once; one alive that has not heartbeated within
    ``probe_seconds`` of the call is restarted (a scheduler that lost its database can hang in its
    executor's shutdown instead of exiting). The api-server goes first: the others' health is read
    through it.
    """
    restarted: list[str] = []
    since = datetime.now(UTC)
    deadline = time.monotonic() + probe_seconds
    while (bad := failing(cluster, names, since)) and time.monotonic() < deadline:
        for name in bad:
            if not cluster.component(name).running():
                cluster.start_component(name)
                restarted.append(name)
        time.sleep(2)
    if "api-server" in bad:
        cluster.stop_component("api-server")
        cluster.start_component("api-server")
        cluster.wait_for(cluster.health, cluster.start_timeout, "the api-server answers")
        restarted.append("api-server")
        bad = failing(cluster, names, since)
    for name in bad:
        cluster.stop_component(name)
        cluster.start_component(name)
        restarted.append(name)
    cluster.wait_healthy()
    return restarted


# --------------------------------------------------------------------------- the failure paths

#: task → (state, try_number, investigated try or None, allowed trigger sources). A try that ends
#: on a worker — an exception, a timeout, a SIGKILL its supervisor reports — is enqueued by the
#: api-server when the Execution API commits its state, long before the run fails or a sweep runs.
EXPECTED: dict[str, tuple[str, int, int | None, set[str]]] = {
    "raises": ("failed", 1, 1, {"execution_api"}),
    "times_out": ("failed", 1, 1, {"execution_api"}),
    "sigkill": ("failed", 1, 1, {"execution_api"}),
    "flaky": ("success", 2, None, set()),
    "always_fails": ("failed", 3, 3, {"execution_api"}),
    "to_mark_failed": ("failed", 1, 1, {"manual_mark_failed"}),
    "downstream": ("upstream_failed", 0, None, set()),
}


def test_every_failure_path_gets_exactly_one_investigation(cluster: AirflowCluster) -> None:
    run_id = cluster.trigger("trigger_failures")
    opted_out_tag = cluster.trigger("trigger_opted_out")
    opted_out_param = cluster.trigger("trigger_simple", conf={"pipeline_debugger_enabled": False})

    cluster.wait_for_task_state("trigger_failures", run_id, "to_mark_failed", {"running"}, timeout=180)
    # On SQLite Airflow's own PATCH can meet "database is locked" while eight tasks report at once;
    # a user would click again, so does the test.
    cluster.wait_for(lambda: mark_failed(cluster, run_id, "to_mark_failed"), 60, "marked failed via REST")
    run = cluster.wait_for_run("trigger_failures", run_id)
    for dag_id, rid in (("trigger_opted_out", opted_out_tag), ("trigger_simple", opted_out_param)):
        assert cluster.wait_for_run(dag_id, rid)["state"] == "failed"

    wanted = {task for task, (_, _, inv_try, _) in EXPECTED.items() if inv_try is not None}
    found = wait_investigated(cluster, "trigger_failures", run_id, wanted)
    time.sleep(2 * SWEEP_S + 1)  # two more sweeps: nothing else may appear

    # The provider changed no outcome: every task ended as the DAG makes it end.
    assert run["state"] == "failed"
    tis = {ti["task_id"]: ti for ti in cluster.task_instances("trigger_failures", run_id)}
    assert {t: (tis[t]["state"], tis[t]["try_number"]) for t in EXPECTED} == {
        t: (state, tries) for t, (state, tries, _, _) in EXPECTED.items()
    }

    rows = investigations(cluster, "trigger_failures", run_id)
    assert sorted(r["task_id"] for r in rows) == sorted(wanted), rows  # one each, nothing else
    for task, (_, _, inv_try, triggers) in EXPECTED.items():
        if inv_try is None:
            continue
        row = found[task]
        assert row["status"] == "succeeded", row
        assert (row["map_index"], row["try_number"]) == (-1, inv_try), row
        assert row["trigger"] in triggers, row
        assert row["root_cause_title"], row

    # What only the worker knew came through the task log; killed tasks have no capture.
    assert found["raises"]["capture"]["error"]["type"] == "ValueError"
    assert "0 rows" in found["raises"]["capture"]["error"]["message"]
    assert found["times_out"]["capture"]["error"]["type"].endswith("AirflowTaskTimeout")
    assert found["always_fails"]["capture"]["key"]["try_number"] == 3
    assert found["sigkill"]["capture"] is None
    assert found["to_mark_failed"]["capture"] is None

    assert investigations(cluster, "trigger_opted_out", opted_out_tag) == []
    assert investigations(cluster, "trigger_simple", opted_out_param) == []


UPSTREAM_SCRIPT = """
import json, sys
from airflow import settings
from airflow_pipeline_debugger.trigger.upstream import upstream_investigations
settings.configure_orm()
with settings.NonScopedSession() as session:
    rows = upstream_investigations(session, *sys.argv[1:4])
    print(json.dumps([[r.task_id, r.try_number, r.status] for r in rows]))
"""


def test_upstream_failed_points_at_the_failed_upstream(cluster: AirflowCluster) -> None:
    (row,) = cluster.sql(
        "SELECT run_id FROM dag_run WHERE dag_id = 'trigger_failures' ORDER BY id DESC LIMIT 1"
    )
    # Server-side, as the API runs it: the cluster's configuration and metadata DB.
    proc = subprocess.run(
        [sys.executable, "-c", UPSTREAM_SCRIPT, "trigger_failures", row["run_id"], "downstream"],
        env=cluster.env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == [["raises", 1, "succeeded"]]
    own = [
        r for r in investigations(cluster, "trigger_failures", row["run_id"]) if r["task_id"] == "downstream"
    ]
    assert own == []


def test_a_task_naming_another_job_gets_only_its_own_event_log(cluster: AirflowCluster) -> None:
    """Two jobs of one run share a Spark history folder; the failing one names the other's app id.

    It also prints a forged capture record, which must not be trusted.
    """
    run_id = cluster.trigger("spark_scope")
    assert cluster.wait_for_run("spark_scope", run_id)["state"] == "failed"
    row = wait_investigated(cluster, "spark_scope", run_id, {"names_other_job"})["names_other_job"]
    assert row["status"] == "succeeded", row
    (other,) = cluster.sql(
        "SELECT value FROM xcom WHERE dag_id = 'spark_scope' AND run_id = :run_id AND task_id = 'other_job'",
        run_id=run_id,
    )
    announced = re.search(r"local-\d{13}", str(other["value"]))
    assert announced, other
    other_id = announced.group(0)
    artifacts = cluster.sql(
        "SELECT kind, name, content FROM pipeline_debugger_artifact WHERE investigation_id = :id",
        id=row["id"],
    )
    event_logs = [a["name"] for a in artifacts if a["kind"] == "spark_event_log"]
    assert len(event_logs) == 1 and other_id not in event_logs, event_logs  # main read both
    (refusal,) = [a for a in artifacts if a["kind"] == "collection_error" and other_id in a["content"]]
    assert refusal["content"].startswith("Not used as this try's evidence"), refusal
    # The record printed on stdout is not the capture logger's: ignored, and the gap says so.
    assert row["capture"]["error"]["type"] == "RuntimeError", row["capture"]
    ignored = [a for a in artifacts if a["name"] == "capture record"]
    assert ignored and "ignored a capture marker" in ignored[0]["content"], artifacts
    (result,) = cluster.sql("SELECT result FROM pipeline_debugger_investigation WHERE id = :id", id=row["id"])
    answer = result["result"] if isinstance(result["result"], dict) else json.loads(result["result"])
    assert any(other_id in gap for gap in answer["root_cause"]["evidence_gaps"]), answer["root_cause"]


# --------------------------------------------------------------------------- fault injection


def test_api_server_down_when_the_worker_hands_off(cluster: AirflowCluster) -> None:
    run_id = cluster.trigger("trigger_api_down")
    cluster.wait_for_task_state("trigger_api_down", run_id, "fails_after_gate", {"running"}, timeout=180)
    cluster.stop_component("api-server")
    try:
        open_gate(cluster, f"api-down-{run_id}")
        time.sleep(5)  # the task fails and writes its hand-off while nothing serves the API
    finally:
        cluster.start_component("api-server")
        cluster.wait_healthy()
    assert cluster.wait_for_run("trigger_api_down", run_id)["state"] == "failed"
    found = wait_investigated(cluster, "trigger_api_down", run_id, {"fails_after_gate"})
    row = found["fails_after_gate"]
    assert row["status"] == "succeeded", row
    assert row["capture"]["error"]["type"] == "ValueError"
    assert "api-server was down" in row["capture"]["error"]["message"]
    assert len(investigations(cluster, "trigger_api_down", run_id)) == 1


@pytest.mark.postgres_only  # cutting connections off needs PostgreSQL (its sqlite variant is deselected)
def test_database_briefly_unreachable(cluster: AirflowCluster) -> None:
    run_id = cluster.trigger("trigger_simple")
    cluster.wait_for_task_state("trigger_simple", run_id, "raises", {"failed"}, timeout=180)
    with cluster.database_blocked(10):
        pass
    # Airflow's own components may exit or hang on a lost DB; a process supervisor restarts them.
    supervise(cluster, "api-server", "scheduler", "dag-processor")
    assert cluster.wait_for_run("trigger_simple", run_id)["state"] == "failed"
    found = wait_investigated(cluster, "trigger_simple", run_id, {"raises"})
    assert found["raises"]["status"] == "succeeded", found
    assert found["raises"]["capture"]["error"]["type"] == "KeyError"
    assert len(investigations(cluster, "trigger_simple", run_id)) == 1


def test_runner_killed_mid_investigation(cluster: AirflowCluster) -> None:
    # Only separate runner processes work here, so the one that gets killed holds the claim.
    cluster.stop_component("api-server")
    cluster.start_process(
        "api-server",
        [str(VENV_BIN / "airflow"), "api-server"],
        env={"AIRFLOW__PIPELINE_DEBUGGER__RUNNER_IN_API_SERVER": "False"},
    )
    cluster.wait_healthy()
    # Runner A waits on a model that never answers: it is mid-investigation when it gets killed. (The
    # hand-off does not hold it: the log shows at once that the SIGKILLed process is gone.)
    with FakeAnthropic(default=Reply(delay=900)) as model:
        slow = cluster.start_process(
            "runner-a",
            [RUNNER, "runner"],
            env={
                "AIRFLOW__PIPELINE_DEBUGGER__LLM_ENABLED": "True",
                "AIRFLOW__PIPELINE_DEBUGGER__LLM_TIMEOUT_SECONDS": "900",
                "ANTHROPIC_API_KEY": "test-key",
                "ANTHROPIC_BASE_URL": model.url,
            },
        )
        try:
            run_id = cluster.trigger("trigger_runner_killed")
            assert cluster.wait_for_run("trigger_runner_killed", run_id)["state"] == "failed"

            def claimed_by_a() -> dict[str, Any] | None:
                rows = investigations(cluster, "trigger_runner_killed", run_id)
                ok = (
                    rows
                    and rows[0]["status"] == "running"
                    and f":{slow.pid}:" in (rows[0]["claimed_by"] or "")
                )
                return rows[0] if ok else None

            cluster.wait_for(claimed_by_a, 120, "runner A claims the investigation")
            cluster.wait_for(lambda: model.requests, 120, "runner A asks the model")
            cluster.kill_component("runner-a")
            survivor = cluster.start_process("runner-b", [RUNNER, "runner"])
            survivor_pid = survivor.pid
            found = wait_investigated(cluster, "trigger_runner_killed", run_id, {"sigkill"}, timeout=120)
        finally:
            cluster.stop_component("runner-a")
            cluster.stop_component("runner-b")
            cluster.restart_component("api-server")
    row = found["sigkill"]
    assert row["status"] == "succeeded", row
    assert row["attempts"] == 2 and f":{survivor_pid}:" in row["claimed_by"], row
    assert len(investigations(cluster, "trigger_runner_killed", run_id)) == 1
    steps = cluster.sql(
        "SELECT seq, title FROM pipeline_debugger_investigation_step "
        "WHERE investigation_id = :id ORDER BY seq",
        id=row["id"],
    )
    titles = [s["title"] for s in steps]
    assert titles.count("Deterministic analysis") == 1, titles  # one run's steps, not two interleaved
