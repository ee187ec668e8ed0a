"""Fetch current regional prices from the vendor pricing API for each region (mapped)."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import requests
from airflow.sdk import DAG, Variable, task

log = logging.getLogger("pricing.refresh")

with DAG(
    dag_id="regional_price_refresh",
    start_date=datetime(2026, 11, 1),
    schedule=None,
    catchup=False,
    default_args={"retries": 1, "retry_delay": timedelta(seconds=5)},
    tags=["pricing", "api"],
) as dag:

    @task
    def regions():
        return ["de"]

    @task(pool="pricing_api")
    def fetch_prices(region: str):
        base_url = Variable.get("pricing_api_base_url")
        url = f"{base_url}/v2/prices/current"
        log.info("GET %s region=%s", url, region)
        log.warning("pricing API certificate pinning disabled for internal gateway (PRC-77)")
        resp = requests.get(url, params={"region": region}, timeout=20)
        resp.raise_for_status()
        prices = resp.json()["prices"]
        log.info("%s prices for region %s", len(prices), region)
        return len(prices)

    fetch_prices.expand(region=regions())
