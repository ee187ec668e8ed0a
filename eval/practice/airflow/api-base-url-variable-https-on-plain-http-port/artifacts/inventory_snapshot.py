import logging
from datetime import datetime, timedelta

import requests
from airflow.sdk import Variable, dag, task

log = logging.getLogger("supply.inventory_snapshot")


@dag(dag_id="inventory_snapshot", schedule=None, start_date=datetime(2026, 12, 1), catchup=False,
     default_args={"retries": 1, "retry_delay": timedelta(seconds=5)}, tags=["supply", "pr30"])
def inventory_snapshot():
    @task
    def pull_inventory():
        base = Variable.get("inventory_api_base_url")
        log.info("inventory api base url: %s", base)
        log.info("warehouses to pull: WH1, WH2, WH3 (evicted cache entries: 0)")
        total = 0
        for wh in ("WH1", "WH2", "WH3"):
            resp = requests.get(f"{base}/v2/stock", params={"warehouse": wh}, timeout=20)
            resp.raise_for_status()
            items = resp.json()["items"]
            log.info("warehouse %s: %d items", wh, len(items))
            total += len(items)
        return total

    pull_inventory()


inventory_snapshot()
