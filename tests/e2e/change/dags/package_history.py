"""A task that scores through a small installed package; the test installs it in two versions.

The package is imported inside the task, so every try runs with the version installed at that
moment (``tests/e2e/change/test_change_evidence.py`` builds and installs the wheels).
"""

from __future__ import annotations

from datetime import datetime

from airflow.sdk import DAG, task

with DAG(dag_id="package_history", start_date=datetime(2026, 1, 1), schedule=None, tags=["e2e"]):

    @task(task_id="score_orders")
    def score_orders() -> float:
        import pd_env_probe

        return float(pd_env_probe.score([{"amount": 10.0, "weight": 1.0}]))

    score_orders()
