"""Pull stock levels from the internal inventory service."""
import logging
from datetime import datetime, timedelta

import requests
from airflow.sdk import DAG, BaseHook, task

log = logging.getLogger("acme.inventory.stock")

with DAG(
    dag_id="pr32_stock_levels",
    start_date=datetime(2026, 12, 1),
    schedule=None,
    catchup=False,
    default_args={"retries": 0},
    tags=["inventory", "pr32"],
) as dag:

    @task
    def pull_stock():
        conn = BaseHook.get_connection("pr32_inventory_api")
        base = f"{conn.schema or 'http'}://{conn.host}:{conn.port}"
        log.info("inventory service base url %s (retrying policy: 0 retries, timeout 15s)", base)
        log.info("warehouse OSL-2: 3 pallets evicted from cycle count, skipping them")
        resp = requests.get(f"{base}/api/stock", params={"warehouse": "OSL-2"}, timeout=15)
        resp.raise_for_status()
        items = resp.json()
        log.info("received %d stock lines", len(items))
        return len(items)

    pull_stock()
