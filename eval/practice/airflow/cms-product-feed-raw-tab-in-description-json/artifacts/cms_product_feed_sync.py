"""Pull the CMS product export and upsert titles/descriptions into the catalog staging table."""
import json
import logging
import time
from datetime import datetime, timedelta

import requests
from airflow.sdk import dag, task

log = logging.getLogger("acme.catalog")
FEED_URL = "http://127.0.0.1:28481/exports/products/{ds}.json"
SPOOL = "/tmp/h46-landing/cms_spool"


@dag(schedule="0 4 * * *", start_date=datetime(2026, 11, 1), catchup=False,
     default_args={"retries": 0}, tags=["catalog", "cms"])
def cms_product_feed_sync():
    @task
    def sync_products(ds=None):
        import os
        os.makedirs(SPOOL, exist_ok=True)
        stale = [f for f in os.listdir(SPOOL) if f.endswith(".part")]
        for f in stale:
            os.remove(os.path.join(SPOOL, f))
        log.info("spool cleanup: removed %d zombie .part files from previous runs", len(stale))
        url = FEED_URL.format(ds=ds)
        for attempt in range(1, 4):
            resp = requests.get(url, timeout=30)
            if resp.status_code == 200:
                break
            log.warning("GET %s -> %s (attempt %d/3), retrying in 2s", url, resp.status_code, attempt)
            time.sleep(2)
        resp.raise_for_status()
        log.info("GET %s -> 200 after %d attempt(s), %d bytes, content-type=%s",
                 url, attempt, len(resp.content), resp.headers.get("content-type"))
        log.info("export header: x-exporter=%s x-record-count=%s",
                 resp.headers.get("x-exporter"), resp.headers.get("x-record-count"))
        products = json.loads(resp.text)
        log.info("parsed %d products", len(products))
        return len(products)

    sync_products()


cms_product_feed_sync()
