"""Nightly sync of the product catalog from the catalog service into the staging area."""
from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta
from pathlib import Path

import requests
from airflow.sdk import DAG, task

log = logging.getLogger("acme.catalog_sync")

CATALOG_URL = "http://127.0.0.1:28611/v1/products"
OUT_DIR = Path("/tmp/h44-af/staging/catalog")

with DAG(
    dag_id="h44_catalog_sync",
    start_date=datetime(2026, 12, 1),
    schedule=None,
    catchup=False,
    default_args={"retries": 1, "retry_delay": timedelta(seconds=5)},
    tags=["catalog", "practice-44"],
):

    @task
    def sync_catalog(ds=None):
        log.info("retry policy: task retries=1, http timeout=10s per page (timeouts are retried by Airflow)")
        log.info("previous run: 0 pages timed out, 0 requests killed, warning_count=0")
        session = requests.Session()
        OUT_DIR.mkdir(parents=True, exist_ok=True)
        page, pages, total = 1, None, 0
        while pages is None or page <= pages:
            log.info("fetching page %s from %s", page, CATALOG_URL)
            resp = session.get(CATALOG_URL, params={"page": page}, timeout=10)
            resp.raise_for_status()
            payload = resp.json()
            pages = payload["pages"]
            items = payload["items"]
            (OUT_DIR / f"products_{ds}_p{page:02d}.json").write_text(json.dumps(items))
            total += len(items)
            log.info("page %s/%s: %s products (running total %s)", page, pages, len(items), total)
            page += 1
        log.info("catalog sync done: %s products in %s pages", total, pages)
        return total

    sync_catalog()
