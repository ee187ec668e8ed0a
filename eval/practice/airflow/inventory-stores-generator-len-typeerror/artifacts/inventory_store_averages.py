"""Average on-hand units per active store from the nightly inventory snapshot."""
import csv
import logging
from datetime import datetime, timedelta

from airflow.sdk import dag, task

log = logging.getLogger("acme.inventory")
LANDING = "/tmp/pr19/data"


@dag(schedule="45 0 * * *", start_date=datetime(2026, 11, 1), catchup=False,
     default_args={"retries": 0, "retry_delay": timedelta(minutes=5)}, tags=["inventory"])
def inventory_store_averages():
    @task
    def store_averages(ds=None):
        path = f"{LANDING}/inventory_snapshot_{ds}.csv"
        log.info("reading inventory snapshot %s", path)
        with open(path, newline="") as fh:
            rows = list(csv.DictReader(fh))
        log.info("read %d rows, columns=%s", len(rows), list(rows[0].keys()))
        log.info("distinct stores=%d, active rows=%d",
                 len({r["store_id"] for r in rows}), sum(r["status"] == "active" for r in rows))
        log.info("snapshot tmp dir cleaned (2 zombie loaders killed); error_count=0 so far")
        active_stores = (s for s in sorted({r["store_id"] for r in rows if r["status"] == "active"}))
        units = sum(int(r["on_hand"]) for r in rows if r["status"] == "active")
        avg_per_store = units / len(active_stores)
        log.info("active units=%d avg per store=%.1f", units, avg_per_store)
        return avg_per_store

    store_averages()


inventory_store_averages()
