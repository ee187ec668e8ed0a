"""Two tasks whose logs alone cannot tell why they failed the way they did.

``load_orders`` is killed with SIGKILL from outside, as the kernel's OOM killer or a kubelet does:
Airflow's log then only guesses "Likely out of memory"; the node's log that would say is not in it.
``publish_summary`` reads an Airflow Variable nobody defined, so the run has a second, different
answer to vote on.
"""

from __future__ import annotations

import os
import signal
from datetime import datetime

from airflow.sdk import DAG, Variable, task

with DAG(
    dag_id="orders_nightly",
    schedule=None,
    start_date=datetime(2024, 1, 1),
    catchup=False,
    default_args={"retries": 0},
    tags=["pipeline-debugger-e2e"],
):

    @task
    def load_orders() -> None:
        print("reading the orders export (412 files)")
        os.kill(os.getpid(), signal.SIGKILL)

    @task
    def publish_summary() -> str:
        return str(Variable.get("orders_report_bucket"))

    load_orders()
    publish_summary()
