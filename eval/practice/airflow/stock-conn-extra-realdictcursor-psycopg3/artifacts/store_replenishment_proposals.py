"""Nightly replenishment proposals: which store/SKU pairs fell below their reorder point."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from airflow.providers.postgres.hooks.postgres import PostgresHook
from airflow.sdk import DAG, task
from airflow.utils.trigger_rule import TriggerRule

log = logging.getLogger("replenishment")

with DAG(
    dag_id="store_replenishment_proposals",
    start_date=datetime(2026, 11, 1),
    schedule=None,
    catchup=False,
    default_args={"retries": 1, "retry_delay": timedelta(seconds=5)},
    tags=["replenishment"],
) as dag:

    @task
    def store_list():
        stores = list(range(101, 113))
        log.info("%s stores in scope", len(stores))
        return [stores[i : i + 4] for i in range(0, len(stores), 4)]

    @task(pool="warehouse")
    def propose(batch: list[int]):
        hook = PostgresHook(postgres_conn_id="stock_db")
        log.info("reading stock below reorder point for stores %s", batch)
        rows = hook.get_records(
            "SELECT store_id, sku, on_hand, reorder_point, reorder_qty FROM replenishment.store_stock "
            "WHERE store_id = ANY(%s) AND on_hand < reorder_point",
            parameters=(batch,),
        )
        proposals = [{"store_id": r["store_id"], "sku": r["sku"], "qty": r["reorder_qty"]} for r in rows]
        log.info("%s proposals for stores %s", len(proposals), batch)
        return len(proposals)

    @task(trigger_rule=TriggerRule.ALL_DONE)
    def report(counts):
        log.info("proposals per batch: %s", list(counts))

    report(propose.expand(batch=store_list()))
