"""Export recent orders from the order service for the finance warehouse."""
import logging
from datetime import datetime, timedelta

import requests
from airflow.sdk import Variable, dag, task

log = logging.getLogger("acme.orders_export")
API = "http://127.0.0.1:18915/v1/exports/orders"


@dag(schedule=None, start_date=datetime(2026, 12, 1), catchup=False, tags=["finance"])
def orders_window_export():
    @task(retries=0)
    def export_window(ds=None):
        log.info("token refresh timed out after 5s, retrying ... ok; zombie export sessions killed: 0")
        lookback = int(Variable.get("export_lookback_days"))
        end = datetime.fromisoformat(ds).date()
        start = end - timedelta(days=lookback)
        log.info("export window %s .. %s (lookback_days=%d)", start, end, lookback)
        resp = requests.get(API, params={"from": start.isoformat(), "to": end.isoformat()}, timeout=10)
        log.info("export API answered %s: %s", resp.status_code, resp.text[:200])
        resp.raise_for_status()
        log.info("exported %d rows", len(resp.json()["rows"]))

    export_window()


orders_window_export()
