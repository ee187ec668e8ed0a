"""A DAG whose transform fails with a log line that would run script if the UI rendered logs as HTML."""

from __future__ import annotations

from datetime import datetime

from airflow.sdk import DAG, task

with DAG(
    dag_id="ui_tab_demo",
    schedule=None,
    start_date=datetime(2024, 1, 1),
    catchup=False,
    default_args={"retries": 0},
    tags=["pipeline-debugger-e2e"],
):

    @task
    def load() -> list[dict[str, int]]:
        print("export wrote 2 rows; columns: cust_id")  # what the upstream_log tool reads
        return [{"cust_id": 1}, {"cust_id": 2}]

    @task
    def transform(rows: list[dict[str, int]]) -> int:
        print("reading customers from export <script>alert(1)</script>")
        print("\x1b[33mcolumns in export:\x1b[0m cust_id")  # a tool's colour codes, as dbt prints them
        return sum(row["customer_id"] for row in rows)

    transform(load())
