"""An upstream export that renamed a column, and the task that reads it failing with a ``KeyError``.

The consumer's code is right for the data it is entitled to expect; only the upstream task's last
lines say the export's column is now ``cust_id``: the category guide's ``data``.
"""

from __future__ import annotations

from datetime import datetime

from airflow.sdk import DAG, task

with DAG(dag_id="upstream_rename", start_date=datetime(2026, 1, 1), schedule=None, tags=["e2e"]):

    @task
    def export_customers() -> list[dict[str, int]]:
        print("export wrote 2 rows; columns: cust_id")
        return [{"cust_id": 1}, {"cust_id": 2}]

    @task
    def score(rows: list[dict[str, int]]) -> int:
        return sum(row["customer_id"] for row in rows)

    score(export_customers())
