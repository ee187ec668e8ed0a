"""Publish the nightly inventory snapshot to the warehouse (reporting reads it at 07:00)."""
from __future__ import annotations

import csv
import logging
import time
from datetime import datetime

import psycopg2
from airflow.sdk import DAG, task
from airflow.sdk.bases.hook import BaseHook

log = logging.getLogger("acme.inventory.publish")

with DAG(
    dag_id="inventory_snapshot_publish",
    start_date=datetime(2026, 12, 1),
    schedule=None,
    catchup=False,
    tags=["inventory", "warehouse"],
) as dag:

    @task(retries=0)
    def publish_snapshot(ds=None):
        path = f"/tmp/pr26/landing/inventory_snapshot_{ds}.csv"
        with open(path, newline="") as fh:
            rows = list(csv.DictReader(fh))
        log.info("snapshot %s: %d sku-location rows, 4 warehouses", path, len(rows))
        log.info("stale snapshot parts evicted: 2; killed_flag=false")
        c = BaseHook.get_connection("warehouse_pg")
        conn = None
        for attempt in range(1, 5):
            try:
                conn = psycopg2.connect(host=c.host, port=c.port, dbname=c.schema, user=c.login,
                                        password=c.password, connect_timeout=10)
                break
            except psycopg2.OperationalError as exc:
                log.warning("warehouse connect attempt %d/4 failed: %s", attempt, str(exc).strip())
                if attempt == 4:
                    raise
                time.sleep(5 * attempt)
        with conn, conn.cursor() as cur:
            cur.execute("DELETE FROM inventory_snapshot WHERE snapshot_date = %s", (ds,))
            cur.executemany(
                "INSERT INTO inventory_snapshot (snapshot_date, warehouse, sku, on_hand) VALUES (%s,%s,%s,%s)",
                [(ds, r["warehouse"], r["sku"], int(r["on_hand"])) for r in rows],
            )
        log.info("published %d rows, error_count=0", len(rows))

    publish_snapshot()
