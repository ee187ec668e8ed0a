"""Airflow-level failures that really happen, one task each, independent so they fail in parallel.

Every task here fails for real when it runs: a sensor waiting on late data, a connection that was never
created, a runaway query hitting ``execution_timeout``, a process killed with SIGKILL (what the kernel's
OOM killer does — no callback runs), a Jinja reference to a param nobody passes, a missing Python
dependency, and a flaky call that succeeds on its retry (which must produce no investigation).
The expected verdict for each task is in ``expected.toml`` next to this file.
"""

from __future__ import annotations

import os
import signal
import socket
import time
from datetime import datetime, timedelta
from pathlib import Path

from airflow.providers.standard.operators.bash import BashOperator
from airflow.providers.standard.sensors.python import PythonSensor
from airflow.sdk import DAG, task

LANDING_DIR = Path(os.environ.get("PIPELINE_DEBUGGER_DEMO_DATA", "/tmp/pipeline-debugger-demo")) / "landing"

with DAG(
    dag_id="example_airflow_failures",
    start_date=datetime(2026, 1, 1),
    schedule=None,
    catchup=False,
    default_args={"owner": "data-platform", "retries": 0},
    tags=["example", "pipeline-debugger"],
    doc_md=__doc__,
):
    PythonSensor(
        task_id="wait_for_orders_file",
        python_callable=(LANDING_DIR / "orders" / "2026-01-01.csv").exists,
        poke_interval=3,
        timeout=12,
        mode="poke",
    )

    @task(task_id="load_from_warehouse")
    def load_from_warehouse() -> int:
        from airflow.sdk import BaseHook

        conn = BaseHook.get_connection("warehouse_db")
        return len(conn.host or "")

    @task(task_id="nightly_aggregation", execution_timeout=timedelta(seconds=5))
    def nightly_aggregation() -> None:
        # Stands in for a query whose runtime grew past the task's budget.
        for _ in range(120):
            time.sleep(0.5)

    @task(task_id="memory_hog_killed")
    def memory_hog_killed() -> None:
        # What the kernel OOM killer does to a task process: SIGKILL, no Python cleanup, no callback.
        os.kill(os.getpid(), signal.SIGKILL)

    BashOperator(
        task_id="render_report",
        bash_command="echo 'report for {{ params.report_date }}'",
    )

    @task(task_id="profile_dataset")
    def profile_dataset() -> None:
        import ydata_profiling_not_installed  # noqa: F401  # the dependency was never added to the image

    @task(task_id="flaky_partner_api", retries=1, retry_delay=timedelta(seconds=1))
    def flaky_partner_api(ti=None) -> str:
        if ti is not None and ti.try_number == 1:
            # Port 9 (discard) is closed here: a real ECONNREFUSED, like a partner API blip.
            with socket.create_connection(("127.0.0.1", 9), timeout=2):
                pass
        return "ok"

    load_from_warehouse()
    nightly_aggregation()
    memory_hog_killed()
    profile_dataset()
    flaky_partner_api()
