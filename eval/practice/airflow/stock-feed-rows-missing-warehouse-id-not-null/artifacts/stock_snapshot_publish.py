"""Publish the nightly stock snapshot: stage the partner feed, then move it into warehouse_stock."""
from __future__ import annotations

import csv
import logging
from datetime import datetime, timedelta

from airflow.providers.common.sql.operators.sql import SQLExecuteQueryOperator
from airflow.providers.postgres.hooks.postgres import PostgresHook
from airflow.sdk import dag, task

log = logging.getLogger("acme.stock")
FEED = "/tmp/h39-data/partner_stock_{{ ds_nodash }}.csv"


@dag(
    dag_id="stock_snapshot_publish",
    schedule=None,
    start_date=datetime(2026, 12, 1),
    catchup=False,
    default_args={"retries": 1, "retry_delay": timedelta(seconds=5)},
    template_searchpath=["/tmp/h39-af/sql"],
    tags=["inventory", "h39"],
)
def stock_snapshot_publish():
    @task
    def stage_feed(feed_path: str) -> int:
        hook = PostgresHook(postgres_conn_id="inventory_pg")
        with open(feed_path, newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        log.info("read %d rows from %s (cache entries evicted: 0, killed_flag=false)", len(rows), feed_path)
        hook.run("TRUNCATE staging.partner_stock")
        hook.insert_rows(
            table="staging.partner_stock",
            rows=[(r["sku"], r["warehouse_id"] or None, int(r["on_hand"]), r["counted_at"]) for r in rows],
            target_fields=["sku", "warehouse_id", "on_hand", "counted_at"],
            commit_every=500,
        )
        log.info("staged %d rows; retry budget untouched, error_count=0", len(rows))
        return len(rows)

    publish = SQLExecuteQueryOperator(
        task_id="publish_stock",
        conn_id="inventory_pg",
        sql="""
            DELETE FROM public.warehouse_stock WHERE snapshot_date = '{{ ds }}';
            INSERT INTO public.warehouse_stock (snapshot_date, sku, warehouse_id, on_hand, counted_at)
            SELECT DATE '{{ ds }}', sku, warehouse_id, on_hand, counted_at::timestamptz
            FROM staging.partner_stock;
        """,
        split_statements=True,
        show_return_value_in_logs=True,
    )

    stage_feed(FEED) >> publish


stock_snapshot_publish()
