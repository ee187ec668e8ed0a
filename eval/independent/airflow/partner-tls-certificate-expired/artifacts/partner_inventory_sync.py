"""Sync on-hand stock from the supplier's inventory API (HTTPS)."""
import logging
import time
from datetime import datetime

import requests
from airflow.sdk import dag, task

log = logging.getLogger("acme.inventory_sync")
URL = "https://127.0.0.1:18443/api/v3/inventory"
CA_BUNDLE = "/tmp/ind13/ca.pem"


@dag(dag_id="partner_inventory_sync", schedule="*/30 * * * *", start_date=datetime(2026, 12, 1), catchup=False,
     tags=["supplier"])
def partner_inventory_sync():
    @task
    def sync_inventory():
        log.info("sku cache warm: 0 entries evicted")
        last = None
        for attempt in range(1, 4):
            try:
                resp = requests.get(URL, timeout=10, verify=CA_BUNDLE)
                resp.raise_for_status()
                items = resp.json()["items"]
                log.info("synced %d skus", len(items))
                return len(items)
            except requests.exceptions.SSLError as exc:
                last = exc
                log.warning("attempt %d/3 failed: %s; retrying in %ds", attempt, exc, 2 * attempt)
                time.sleep(2 * attempt)
        raise last

    sync_inventory()


partner_inventory_sync()
