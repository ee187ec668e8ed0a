import logging
import time
import pendulum
import requests
from airflow.sdk import DAG, task

log = logging.getLogger(__name__)
INVENTORY_API = "http://127.0.0.1:18533"

with DAG("inventory_snapshot_sync", start_date=pendulum.datetime(2026, 12, 1, tz="UTC"), schedule=None, catchup=False):
    @task
    def fetch_inventory_snapshot():
        log.info("Warehouse list loaded: 14 sites (2 decommissioned sites evicted from list)")
        session = requests.Session()
        for attempt in range(1, 5):
            resp = session.get(f"{INVENTORY_API}/v1/snapshot", params={"site": "all"}, timeout=10)
            if resp.status_code < 500:
                break
            log.warning("inventory API answered %s on attempt %d/4, retrying in %ds", resp.status_code, attempt, 2 * attempt)
            time.sleep(2 * attempt)
        resp.raise_for_status()
        log.info("snapshot rows: %d", len(resp.json()))

    fetch_inventory_snapshot()
