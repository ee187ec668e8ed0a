"""More real failures for the Airflow eval corpus (beside ``example_dags/airflow_failures.py``).

Every task fails for real against something local: an HTTP server the generator runs on 127.0.0.1
(answering 503 or 429), ``/dev/full`` (ENOSPC), a hostname that cannot resolve, a PostgreSQL role
without grants, an SQLite table with a primary key, a landing file that never arrived, and plain
bugs. Addresses and paths come from the environment the generator sets.
"""

from __future__ import annotations

import json
import os
import sqlite3
import urllib.request
from datetime import datetime
from pathlib import Path

from airflow.sdk import DAG, Variable, task

API = os.environ.get("PD_EVAL_API", "http://127.0.0.1:18210")
DATA = Path(os.environ.get("PD_EVAL_DATA", Path.home() / "pd-eval-data"))
PG_DSN = os.environ.get("PD_EVAL_PG_DSN", "")

with DAG(
    dag_id="eval_more_failures",
    start_date=datetime(2026, 1, 1),
    schedule=None,
    catchup=False,
    default_args={"owner": "data-platform", "retries": 0},
    tags=["eval", "pipeline-debugger"],
):

    @task(task_id="fetch_partner_rates")
    def fetch_partner_rates() -> int:
        with urllib.request.urlopen(f"{API}/unavailable/rates", timeout=5) as resp:  # noqa: S310 - local http
            return len(resp.read())

    @task(task_id="sync_crm_contacts")
    def sync_crm_contacts() -> int:
        with urllib.request.urlopen(f"{API}/throttled/contacts", timeout=5) as resp:  # noqa: S310 - local http
            return len(resp.read())

    @task(task_id="spill_to_scratch")
    def spill_to_scratch() -> None:
        with Path("/dev/full").open("w") as fh:  # the kernel answers ENOSPC like a full volume
            fh.write("x" * 1_000_000)
            fh.flush()

    @task(task_id="push_to_warehouse_host")
    def push_to_warehouse_host() -> None:
        import socket

        socket.getaddrinfo("warehouse.pipeline-debugger.invalid", 5432)

    @task(task_id="read_restricted_orders")
    def read_restricted_orders() -> int:
        import psycopg

        with psycopg.connect(PG_DSN) as conn:
            return len(conn.execute("SELECT * FROM restricted_orders").fetchall())

    @task(task_id="load_daily_orders")
    def load_daily_orders() -> int:
        db = DATA / "mart.sqlite"
        with sqlite3.connect(db) as conn:
            conn.execute("CREATE TABLE IF NOT EXISTS orders (order_id INTEGER PRIMARY KEY, amount REAL)")
            rows = json.loads((DATA / "orders_batch.json").read_text())
            conn.executemany("INSERT INTO orders (order_id, amount) VALUES (:order_id, :amount)", rows)
        return len(rows)

    @task(task_id="read_landing_file")
    def read_landing_file() -> int:
        return len((DATA / "landing" / "customers" / "2026-01-01.csv").read_text().splitlines())

    @task(task_id="enrich_orders")
    def enrich_orders() -> float:
        orders = [{"order_id": 1, "amount": 10.0}, {"order_id": 2, "total": 5.0}]
        return sum(order["amount"] for order in orders)

    @task(task_id="read_threshold_variable")
    def read_threshold_variable() -> float:
        return float(Variable.get("orders_alert_threshold"))

    @task(task_id="aggregate_revenue_sql")
    def aggregate_revenue_sql() -> int:
        with sqlite3.connect(":memory:") as conn:
            conn.execute("CREATE TABLE orders (order_id INTEGER, amount REAL)")
            return len(conn.execute("SELECT order_id, SUM(amount) FROM orders GROUPBY order_id").fetchall())

    fetch_partner_rates()
    sync_crm_contacts()
    spill_to_scratch()
    push_to_warehouse_host()
    read_restricted_orders()
    load_daily_orders()
    read_landing_file()
    enrich_orders()
    read_threshold_variable()
    aggregate_revenue_sql()
