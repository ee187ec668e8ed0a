"""Load the day's order lines from the shop's export into the orders warehouse (Postgres)."""
from __future__ import annotations

import csv
import logging
import time
from datetime import datetime, timedelta

from airflow.providers.postgres.hooks.postgres import PostgresHook
from airflow.sdk import dag, task

log = logging.getLogger("acme.orders.load")

EXPORT = "/tmp/pr28/landing/shop/order_lines_{ds}.csv"
BATCH = 2000


@dag(
    dag_id="orders_daily_load",
    schedule="0 5 * * *",
    start_date=datetime(2026, 11, 1),
    catchup=False,
    default_args={"retries": 0},
    tags=["orders", "warehouse"],
)
def orders_daily_load():
    @task
    def load_order_lines(ds=None):
        hook = PostgresHook(postgres_conn_id="orders_wh")
        conn = hook.get_conn()
        with conn.cursor() as cur:
            cur.execute("select count(*) from sales.order_lines")
            log.info("sales.order_lines holds %d rows before today's load", cur.fetchone()[0])
            cur.execute("delete from sales.order_lines where order_date = %s", (ds,))
            log.info("removed %d rows of an earlier attempt for %s", cur.rowcount, ds)
        conn.commit()
        loaded = 0
        batch = []
        with open(EXPORT.format(ds=ds), newline="") as fh:
            for rec in csv.DictReader(fh):
                batch.append(
                    (int(rec["order_id"]), int(rec["line_no"]), rec["sku"], int(rec["quantity"]),
                     rec["unit_price"], rec["order_date"], rec["note"])
                )
                if len(batch) == BATCH:
                    loaded += _flush(conn, batch)
                    batch = []
                    if loaded % 10000 == 0:
                        log.info("progress: %d lines loaded", loaded)
        if batch:
            loaded += _flush(conn, batch)
        log.info("loaded %d order lines for %s error_count=0", loaded, ds)
        return loaded

    load_order_lines()


def _flush(conn, batch):
    with conn.cursor() as cur:
        cur.executemany(
            "insert into sales.order_lines (order_id, line_no, sku, quantity, unit_price, order_date, note)"
            " values (%s, %s, %s, %s, %s, %s, %s)",
            batch,
        )
    conn.commit()
    time.sleep(0.05)
    return len(batch)


orders_daily_load()
