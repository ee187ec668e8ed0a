"""Push today's PIM product export to the marketplace catalog API in batches of 25."""
import csv
import logging
import time
from datetime import datetime, timedelta

import requests
from airflow.sdk import dag, task

log = logging.getLogger("acme.catalog.push")
API = "http://127.0.0.1:28502/v2/catalog/products"
LANDING = "/tmp/h48-landing/pim"


@dag(schedule="0 5 * * *", start_date=datetime(2026, 11, 1), catchup=False,
     default_args={"retries": 0}, tags=["catalog", "marketplace"])
def catalog_push():
    @task
    def push_products(ds=None):
        path = f"{LANDING}/products_{ds}.csv"
        with open(path, newline="", encoding="utf-8") as fh:
            products = list(csv.DictReader(fh))
        log.info("read %d products from %s", len(products), path)
        pushed = 0
        for start in range(0, len(products), 25):
            batch = products[start:start + 25]
            for attempt in range(1, 4):
                resp = requests.post(API, json={"products": batch}, timeout=(3, 20))
                if resp.status_code < 500:
                    break
                log.warning("batch %d-%d: HTTP %d from catalog API (attempt %d of 3), backing off",
                            start + 1, start + len(batch), resp.status_code, attempt)
                time.sleep(2 * attempt)
            if not resp.ok:
                log.error("catalog API response body: %s", resp.text[:500])
            resp.raise_for_status()
            pushed += len(batch)
            log.info("batch %d-%d accepted (%d pushed)", start + 1, start + len(batch), pushed)
        return pushed

    push_products()


catalog_push()
