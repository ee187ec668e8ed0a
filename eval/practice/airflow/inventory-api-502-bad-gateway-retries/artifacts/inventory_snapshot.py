"""Pull the stock snapshot from the inventory API and stage it."""
import logging
from datetime import datetime, timedelta

import requests
from airflow.sdk import dag, task

log = logging.getLogger("inventory.snapshot")
API = "http://127.0.0.1:18852/api/v2/stock"


@dag(dag_id="inventory_snapshot", schedule=None, start_date=datetime(2026, 12, 1), catchup=False,
     default_args={"retries": 1, "retry_delay": timedelta(seconds=5)}, tags=["inventory", "pr35"])
def inventory_snapshot():
    @task
    def fetch_stock():
        items = []
        for page in range(1, 4):
            log.info("GET %s page=%d (timeout=30s)", API, page)
            r = requests.get(API, params={"page": page, "date": "2026-12-06"}, timeout=30)
            r.raise_for_status()
            items.extend(r.json()["items"])
        log.info("fetched %d stock rows", len(items))
        return len(items)

    fetch_stock()


inventory_snapshot()
