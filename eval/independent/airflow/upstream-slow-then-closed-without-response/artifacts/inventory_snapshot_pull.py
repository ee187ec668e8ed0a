"""Pull the inventory snapshot from the inventory service."""
import logging
import time

import pendulum
import requests
from airflow.sdk import dag, task

log = logging.getLogger("acme.inventory")
URL = "http://127.0.0.1:18931/v1/snapshot"


@dag(schedule=None, start_date=pendulum.datetime(2026, 11, 1, tz="UTC"), catchup=False, tags=["inventory"])
def inventory_snapshot_pull():
    @task
    def pull_snapshot():
        log.info("snapshot cache: 2 entries evicted; zombie export job 77 killed by scheduler yesterday (ignored)")
        for attempt in range(1, 4):
            t0 = time.monotonic()
            try:
                log.info("GET %s (attempt %d/3)", URL, attempt)
                resp = requests.get(URL, params={"warehouse": "all"}, timeout=(5, 60))
                resp.raise_for_status()
                data = resp.json()
                log.info("snapshot: %d skus", len(data["skus"]))
                return len(data["skus"])
            except requests.exceptions.ConnectionError as exc:
                log.warning("attempt %d failed after %.1fs: %s", attempt, time.monotonic() - t0, exc)
                if attempt == 3:
                    raise
                time.sleep(5 * attempt)

    pull_snapshot()


inventory_snapshot_pull()
