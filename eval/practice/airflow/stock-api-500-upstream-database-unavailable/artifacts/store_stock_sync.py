import logging
import time
from datetime import datetime, timedelta

import requests
from airflow.sdk import dag, task

log = logging.getLogger("supply.store_stock_sync")
STOCK_API = "http://127.0.0.1:18332"


@dag(dag_id="store_stock_sync", schedule=None, start_date=datetime(2026, 12, 1), catchup=False,
     default_args={"retries": 1, "retry_delay": timedelta(seconds=5)}, tags=["supply", "pr30"])
def store_stock_sync():
    @task
    def sync_stock():
        rows = 0
        for page in range(1, 4):
            for attempt in range(1, 4):
                resp = requests.get(f"{STOCK_API}/stock", params={"page": page}, timeout=15)
                if resp.status_code < 500:
                    break
                log.warning("page %d attempt %d: HTTP %s, retrying in 2s", page, attempt, resp.status_code)
                time.sleep(2)
            resp.raise_for_status()
            batch = resp.json()["rows"]
            rows += len(batch)
            log.info("page %d: %d rows (killed 0 stale reservations)", page, len(batch))
        return rows

    sync_stock()


store_stock_sync()
