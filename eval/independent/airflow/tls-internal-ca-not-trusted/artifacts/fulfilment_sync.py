import logging
import time
import pendulum
import requests
from airflow.sdk import DAG, task

log = logging.getLogger(__name__)
FULFILMENT_API = "https://127.0.0.1:18774"

with DAG("fulfilment_sync", start_date=pendulum.datetime(2026, 12, 1, tz="UTC"), schedule=None, catchup=False, tags=["ops"]):
    @task
    def pull_open_orders(ds=None):
        log.info("Syncing open orders for %s from %s", ds, FULFILMENT_API)
        log.info("Local cache: 310 entries, 42 evicted (ttl), timeout_count=0")
        session = requests.Session()
        resp = session.get(f"{FULFILMENT_API}/v1/orders/open", params={"date": ds}, timeout=(3, 10))
        resp.raise_for_status()
        orders = resp.json()["orders"]
        log.info("Fetched %d open orders", len(orders))
        return len(orders)

    pull_open_orders()
