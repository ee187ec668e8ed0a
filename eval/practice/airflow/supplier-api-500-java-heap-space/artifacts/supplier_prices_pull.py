"""Pulls the supplier's price list from their REST API into the pricing store."""
from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta

import requests
from airflow.sdk import dag, task

log = logging.getLogger("acme.supplier.prices")
BASE_URL = "http://127.0.0.1:28701"


@dag(
    dag_id="supplier_prices_pull",
    schedule=None,
    start_date=datetime(2026, 12, 1),
    catchup=False,
    default_args={"retries": 1, "retry_delay": timedelta(seconds=5)},
    tags=["supplier", "pricing"],
)
def supplier_prices_pull():
    @task
    def pull_prices():
        session = requests.Session()
        session.headers["Authorization"] = "Bearer supplier-demo-token"
        items = []
        for page in range(1, 6):
            t0 = time.monotonic()
            resp = session.get(f"{BASE_URL}/v2/price-list", params={"page": page, "page_size": 500}, timeout=30)
            log.info("GET page %d -> HTTP %s in %.2fs (read timeout is 30s)", page, resp.status_code, time.monotonic() - t0)
            if resp.status_code != 200:
                log.error("supplier API error body: %s", resp.text[:500])
            resp.raise_for_status()
            batch = resp.json()["items"]
            items.extend(batch)
            log.info("page %d: %d items (total %d), retry budget untouched", page, len(batch), len(items))
        log.info("pulled %d prices", len(items))
        return len(items)

    pull_prices()


supplier_prices_pull()
