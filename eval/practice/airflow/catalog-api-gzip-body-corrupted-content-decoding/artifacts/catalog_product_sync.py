"""Pull the product catalog from the catalog API and stage it for the webshop search index."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import requests
from airflow.sdk import DAG, Variable, task

log = logging.getLogger("catalog.sync")

with DAG(
    dag_id="catalog_product_sync",
    start_date=datetime(2026, 11, 1),
    schedule=None,
    catchup=False,
    default_args={"retries": 2, "retry_delay": timedelta(seconds=5)},
    tags=["catalog", "api"],
) as dag:

    @task
    def fetch_catalog_page(ds=None):
        base_url = Variable.get("catalog_api_base_url")
        url = f"{base_url}/v3/catalog/products"
        log.info("GET %s?page=1&updated_since=%s", url, ds)
        resp = requests.get(url, params={"page": 1, "updated_since": ds}, timeout=30, stream=True,
                            headers={"Accept-Encoding": "gzip", "Accept": "application/json"})
        log.info("status=%s via=%s x-cache=%s", resp.status_code, resp.headers.get("Via"), resp.headers.get("X-Cache"))
        resp.raise_for_status()
        items = resp.json()["items"]
        log.info("%s products on page 1", len(items))
        return len(items)

    fetch_catalog_page()
