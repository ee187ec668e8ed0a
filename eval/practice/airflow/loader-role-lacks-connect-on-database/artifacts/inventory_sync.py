"""Sync on-hand stock from the WMS extract into the inventory warehouse (Postgres)."""
from __future__ import annotations

import csv
import logging
from datetime import datetime, timedelta

from airflow.providers.postgres.hooks.postgres import PostgresHook
from airflow.sdk import dag, task

log = logging.getLogger("acme.inventory.sync")

EXTRACT = "/tmp/pr28/landing/wms/on_hand_{ds}.csv"


@dag(
    dag_id="inventory_sync",
    schedule="15 4 * * *",
    start_date=datetime(2026, 11, 1),
    catchup=False,
    default_args={"retries": 0},
    tags=["inventory", "warehouse"],
)
def inventory_sync():
    @task
    def read_extract(ds=None):
        with open(EXTRACT.format(ds=ds), newline="") as fh:
            rows = list(csv.DictReader(fh))
        log.info("read %d on-hand rows for %s; killed_flag=false on all", len(rows), ds)
        return len(rows)

    @task
    def upsert_on_hand(n_rows: int, ds=None):
        hook = PostgresHook(postgres_conn_id="inventory_wh")
        log.info("upserting %d rows into inventory.on_hand via conn inventory_wh", n_rows)
        rows = []
        with open(EXTRACT.format(ds=ds), newline="") as fh:
            for r in csv.DictReader(fh):
                rows.append((r["warehouse_id"], r["sku"], int(r["qty_on_hand"]), ds))
        conn = hook.get_conn()
        with conn, conn.cursor() as cur:
            cur.execute("delete from inventory.on_hand where snapshot_date = %s", (ds,))
            cur.executemany(
                "insert into inventory.on_hand (warehouse_id, sku, qty_on_hand, snapshot_date) values (%s, %s, %s, %s)",
                rows,
            )
        log.info("upserted %d rows", len(rows))

    upsert_on_hand(read_extract())


inventory_sync()
