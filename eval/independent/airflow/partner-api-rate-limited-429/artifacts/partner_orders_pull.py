import logging
import time
import pendulum
import requests
from airflow.sdk import DAG, task

log = logging.getLogger(__name__)
API = "http://127.0.0.1:18961/v2/orders"

with DAG("partner_orders_pull", start_date=pendulum.datetime(2026, 12, 1, tz="UTC"), schedule=None, catchup=False, tags=["partners"]):
    @task
    def pull_orders():
        orders, page = [], 1
        while True:
            for attempt in range(1, 5):
                resp = requests.get(API, params={"page": page, "per_page": 100}, timeout=10)
                if resp.status_code != 429:
                    break
                wait = min(int(resp.headers.get("Retry-After", "2")), 3)
                log.warning("Partner API throttled page %d (attempt %d/4); sleeping %ss", page, attempt, wait)
                time.sleep(wait)
            resp.raise_for_status()
            body = resp.json()
            orders.extend(body["orders"])
            log.info("Fetched page %d: %d orders (total %d)", page, len(body["orders"]), len(orders))
            if not body.get("next_page"):
                break
            page = body["next_page"]
        return len(orders)

    pull_orders()
