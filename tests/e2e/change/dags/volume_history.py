"""An extract whose row count comes from the run's conf: tens of thousands usually, 0 in the bad run.

The transform divides by the count, so an empty extract fails with a generic ``ZeroDivisionError``:
the case the category guide calls ``data`` when the evidence shows the input was empty.
"""

from __future__ import annotations

from datetime import datetime

from airflow.sdk import DAG, get_current_context, task

with DAG(dag_id="volume_history", start_date=datetime(2026, 1, 1), schedule=None, tags=["e2e"]):

    @task(task_id="extract_orders")
    def extract_orders() -> float:
        rows = int(get_current_context()["dag_run"].conf.get("rows", 48213))
        print(f"Extracted {rows} rows from orders_export")
        revenue = 1_234_567.0 if rows else 0.0
        return revenue / rows

    extract_orders()
