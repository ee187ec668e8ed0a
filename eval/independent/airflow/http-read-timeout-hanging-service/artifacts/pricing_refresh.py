"""Refresh list prices from the internal pricing service every morning."""
import logging
import time
from datetime import datetime

import requests
from airflow.sdk import dag, task

log = logging.getLogger("acme.pricing_refresh")
PRICING_URL = "http://127.0.0.1:18562/v2/prices?region=eu"


@dag(dag_id="pricing_refresh", schedule=None, start_date=datetime(2026, 12, 1), catchup=False, tags=["pricing"])
def pricing_refresh():
    @task
    def fetch_list_prices():
        log.info("cache warm-up done; 14 stale entries evicted from the local price cache")
        log.info("previous run: error_count=0, killed_workers=0")
        last_exc = None
        for attempt in range(1, 4):
            try:
                log.info("GET %s (attempt %d/3, connect timeout 2s, read timeout 5s)", PRICING_URL, attempt)
                resp = requests.get(PRICING_URL, timeout=(2, 5))
                resp.raise_for_status()
                return len(resp.json()["prices"])
            except requests.exceptions.ReadTimeout as exc:
                last_exc = exc
                log.warning("pricing service did not answer in time; will retry in %ds", 2 * attempt)
                time.sleep(2 * attempt)
        raise last_exc

    fetch_list_prices()


pricing_refresh()
