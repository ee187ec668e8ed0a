"""Extract the day's settled orders for the finance feed (SQL lives in sql/daily_orders.sql)."""
import csv
import logging
import sqlite3
from datetime import datetime

from airflow.providers.standard.operators.python import PythonOperator
from airflow.sdk import DAG

log = logging.getLogger("acme.finance_extract")
DB = "/tmp/ind13/shop.db"


def extract(templates_dict=None, ds=None, **_):
    query = templates_dict["query"]
    log.info("rendered query:\n%s", query)
    log.info("sqlite pool: idle zombie connection killed before checkout")
    con = sqlite3.connect(DB)
    rows = con.execute(query).fetchall()
    log.info("extract returned %d rows for %s", len(rows), ds)
    if not rows:
        raise ValueError(f"no settled orders extracted for {ds} (0 rows); refusing to publish an empty finance feed")
    out = f"/tmp/ind13/landing/finance_orders_{ds}.csv"
    with open(out, "w", newline="") as fh:
        csv.writer(fh).writerows(rows)
    log.info("wrote %s", out)


with DAG(dag_id="finance_daily_orders_extract", schedule="30 1 * * *", start_date=datetime(2026, 12, 1),
         catchup=False, template_searchpath=["/tmp/ind13/airflow_home/dags/sql"], tags=["finance"]):
    PythonOperator(task_id="extract_orders", python_callable=extract,
                   templates_dict={"query": "daily_orders.sql"}, templates_exts=[".sql"])
