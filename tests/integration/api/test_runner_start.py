"""An api-server whose embedded runner could not start keeps trying, and starts once it can.

Its health shows the running runner's investigation threads against ``runner_max_live_threads``.

Its own api-server (the shared one runs without an embedded runner): the provider's tables are
taken away, the api-server restarted — its runner cannot start — then the tables come back and the
runner must start without another restart.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support.airflow_cluster import AirflowCluster

API = "/pipeline-debugger/api"
TABLE = "pipeline_debugger_investigation_step"


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AirflowCluster]:
    extra = {
        "AIRFLOW__PIPELINE_DEBUGGER__RUNNER_IN_API_SERVER": "True",
        "AIRFLOW__PIPELINE_DEBUGGER__RUNNER_START_RETRY_SECONDS": "0.5",
        "AIRFLOW__PIPELINE_DEBUGGER__RUNNER_MAX_LIVE_THREADS": "3",
    }
    with AirflowCluster(
        home=tmp_path_factory.mktemp("airflow-runner-start"),
        dags_folder=Path(__file__).parent / "dags",
        backend="sqlite",
        port_range=(18850, 18899),  # apart from the shared api-server's range
        extra_env=extra,
        components=("api-server",),
        users={"admin": "admin"},
    ) as c:
        yield c


def _runner(cluster: AirflowCluster) -> dict[str, Any]:
    """The health's runner part, once the (re)started api-server serves the plugin."""
    deadline = time.monotonic() + 60
    with cluster.client("admin") as admin:
        resp = admin.get(f"{API}/health")
        while resp.status_code != 200 and time.monotonic() < deadline:
            time.sleep(0.5)
            resp = admin.get(f"{API}/health")
    assert resp.status_code == 200, resp.text
    runner: dict[str, Any] = resp.json()["runner"]
    return runner


def test_runner_that_could_not_start_starts_once_the_tables_are_back(embedded: AirflowCluster) -> None:
    assert _runner(embedded)["started"] is True
    embedded.sql(f"ALTER TABLE {TABLE} RENAME TO pd_moved_away")
    try:
        embedded.restart_component("api-server")
        stuck = _runner(embedded)
        assert stuck["started"] is False and stuck["threads"] is None
        assert "trying again every 0.5 s" in stuck["error"]
    finally:
        embedded.sql(f"ALTER TABLE pd_moved_away RENAME TO {TABLE}")
    deadline = time.monotonic() + 60
    runner = _runner(embedded)
    while not runner["started"] and time.monotonic() < deadline:
        time.sleep(0.5)
        runner = _runner(embedded)
    assert runner["started"] is True and runner["error"] is None, runner
    assert runner["threads"] == {"live_threads": 0, "max_live_threads": 3, "claiming": True, "timed_out": 0}
