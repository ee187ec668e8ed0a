"""Failing DAGs for the trigger end-to-end tests: every way a task can end up failed in Airflow 3.

``trigger_failures`` holds one task per failure path; the expected investigations per task are
asserted in ``tests/e2e/trigger/test_trigger_e2e.py``. The other DAGs serve one fault-injection
scenario each, so their timing does not depend on the main DAG.
"""

from __future__ import annotations

import os
import signal
import time
from datetime import datetime, timedelta
from pathlib import Path

from airflow.sdk import DAG, task

START = datetime(2026, 1, 1)
#: Where a test drops a file to let a waiting task go on (fault-injection timing).
GATE_DIR = Path(os.environ.get("TRIGGER_E2E_GATE_DIR", "/tmp/trigger/gates"))


def _wait_for_gate(name: str, timeout: float = 180.0) -> None:
    gate = GATE_DIR / name
    deadline = time.monotonic() + timeout
    while not gate.exists():
        if time.monotonic() > deadline:
            raise TimeoutError(f"gate {gate} never opened")
        time.sleep(0.2)


with DAG(dag_id="trigger_failures", start_date=START, schedule=None, catchup=False, tags=["e2e"]):

    @task(task_id="raises")
    def raises() -> None:
        raise ValueError("orders file has 0 rows for 2026-01-01")

    @task(task_id="times_out", execution_timeout=timedelta(seconds=3))
    def times_out() -> None:
        time.sleep(120)

    @task(task_id="sigkill")
    def sigkill() -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    @task(task_id="flaky", retries=1, retry_delay=timedelta(seconds=1))
    def flaky(**context) -> None:
        if context["ti"].try_number == 1:
            raise ConnectionError("warehouse connection reset by peer")

    @task(task_id="always_fails", retries=2, retry_delay=timedelta(seconds=1))
    def always_fails() -> None:
        raise RuntimeError("schema drift: column customer_id missing")

    @task(task_id="to_mark_failed")
    def to_mark_failed(**context) -> None:
        # Waits for a gate nobody opens: the test marks it failed through the REST API meanwhile.
        _wait_for_gate(f"never-{context['run_id']}", timeout=300)

    @task(task_id="downstream")
    def downstream() -> None:
        pass

    raises() >> downstream()
    times_out()
    sigkill()
    flaky()
    always_fails()
    to_mark_failed()


with DAG(
    dag_id="trigger_opted_out",
    start_date=START,
    schedule=None,
    catchup=False,
    tags=["e2e", "pipeline_debugger:off"],
):

    @task(task_id="raises")
    def opted_out_raises() -> None:
        raise ValueError("nobody wants to investigate this")

    opted_out_raises()


with DAG(dag_id="trigger_api_down", start_date=START, schedule=None, catchup=False, tags=["e2e"]):

    @task(task_id="fails_after_gate")
    def fails_after_gate(**context) -> None:
        _wait_for_gate(f"api-down-{context['run_id']}")
        raise ValueError("failed while the api-server was down")

    fails_after_gate()


with DAG(dag_id="trigger_simple", start_date=START, schedule=None, catchup=False, tags=["e2e"]):

    @task(task_id="raises")
    def simple_raises() -> None:
        raise KeyError("customer_id")

    simple_raises()


with DAG(dag_id="trigger_runner_killed", start_date=START, schedule=None, catchup=False, tags=["e2e"]):

    @task(task_id="sigkill")
    def runner_killed_sigkill() -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    runner_killed_sigkill()
