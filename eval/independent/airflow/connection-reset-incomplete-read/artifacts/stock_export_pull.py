import logging
import time
import pendulum
import requests
from airflow.sdk import DAG, task

log = logging.getLogger(__name__)
EXPORT_URL = "http://127.0.0.1:18882/exports/stock_levels.csv"

with DAG("stock_export_pull", start_date=pendulum.datetime(2026, 12, 1, tz="UTC"), schedule=None, catchup=False, tags=["inventory"]):
    @task
    def pull_stock_export():
        attempts = 3
        for attempt in range(1, attempts + 1):
            try:
                log.info("Downloading stock export %s (attempt %d/%d)", EXPORT_URL, attempt, attempts)
                resp = requests.get(EXPORT_URL, timeout=(3, 20))
                resp.raise_for_status()
                break
            except requests.exceptions.ChunkedEncodingError as exc:
                if attempt == attempts:
                    raise
                log.warning("Download interrupted (%s); retrying in 2s", exc)
                time.sleep(2)
        lines = resp.text.splitlines()
        log.info("Stock export has %d lines, error_count=0", len(lines))
        return len(lines)

    pull_stock_export()
