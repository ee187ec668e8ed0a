"""Load customer returns from the returns service (paged REST API) into shop_dw.stg_returns."""
import logging
import time
from datetime import datetime, timedelta

import requests
from airflow.providers.postgres.hooks.postgres import PostgresHook
from airflow.sdk import dag, task

log = logging.getLogger("acme.returns.load")
API = "http://127.0.0.1:28501/v1/returns"


def fetch_page(page, ds):
    for attempt in range(1, 4):
        try:
            t0 = time.monotonic()
            resp = requests.get(API, params={"date": ds, "page": page, "page_size": 200}, timeout=(3, 6))
            resp.raise_for_status()
            log.info("page %d fetched in %.1fs (attempt %d)", page, time.monotonic() - t0, attempt)
            return resp.json()
        except requests.exceptions.ReadTimeout:
            log.warning("page %d read timed out after 6s (attempt %d of 3), retrying", page, attempt)
    raise RuntimeError(f"returns API page {page} failed 3 times")


@dag(schedule="30 3 * * *", start_date=datetime(2026, 11, 1), catchup=False,
     default_args={"retries": 0}, tags=["returns", "shop_dw"])
def returns_api_load():
    @task
    def load_returns(ds=None):
        hook = PostgresHook(postgres_conn_id="shop_dw")
        conn = hook.get_conn()
        cur = conn.cursor()
        cur.execute("delete from stg_returns where return_date = %s", (ds,))
        conn.commit()
        log.info("cleared stg_returns for %s", ds)
        page, total = 1, 0
        while True:
            body = fetch_page(page, ds)
            rows = [(r["return_id"], r["order_id"], r["sku"], r["qty"], r["reason"], ds) for r in body["items"]]
            cur.executemany(
                "insert into stg_returns (return_id, order_id, sku, qty, reason, return_date) "
                "values (%s, %s, %s, %s, %s, %s)", rows)
            conn.commit()
            total += len(rows)
            log.info("page %d: %d rows inserted (total %d)", page, len(rows), total)
            if not body.get("next_page"):
                break
            page = body["next_page"]
        conn.close()
        return total

    load_returns()


returns_api_load()
