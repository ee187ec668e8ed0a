"""Reprice warehouse stock in batches, one batch per pricing worker."""
import logging
import sqlite3
from datetime import datetime

from airflow.sdk import dag, task

log = logging.getLogger("pricing.reprice")
DB = "/tmp/pr36-data/stock.sqlite"
WORKERS = 4


def _load_skus():
    con = sqlite3.connect(DB)
    try:
        return [r[0] for r in con.execute("select sku from stock order by sku")]
    finally:
        con.close()


@dag(dag_id="stock_reprice_batches", schedule=None, start_date=datetime(2026, 12, 1), catchup=False,
     default_args={"retries": 0}, tags=["pricing"])
def stock_reprice_batches():
    @task
    def plan_batches():
        skus = _load_skus()
        log.info("loaded %d skus from %s", len(skus), DB)
        # split evenly across the pricing workers (refactored from a fixed batch size of 250)
        step = len(skus) / WORKERS
        log.info("batch size per worker: %s", step)
        batches = [skus[i:i + step] for i in range(0, len(skus), step)]
        log.info("planned %d batches", len(batches))
        return batches

    plan_batches()


stock_reprice_batches()
