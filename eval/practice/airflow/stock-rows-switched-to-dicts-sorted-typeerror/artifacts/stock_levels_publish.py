"""Publish the warehouse stock levels to the replenishment team: read the WMS snapshot, order it, write it.

Deploy 2026-12-05 ("read the snapshot by header name"): csv.reader replaced by csv.DictReader.
"""
import csv
import logging
from datetime import datetime, timedelta

from airflow.sdk import dag, task

log = logging.getLogger("acme.inventory.publish")
LANDING = "/tmp/pr27/landing/wms"
OUT = "/tmp/pr27/exports"


@dag(schedule=None, start_date=datetime(2026, 11, 1), catchup=False,
     default_args={"retries": 0, "retry_delay": timedelta(minutes=5)}, tags=["inventory", "wms"])
def stock_levels_publish():
    @task
    def publish_stock_levels(ds=None):
        path = f"{LANDING}/stock_{ds}.csv"
        with open(path, newline="") as fh:
            reader = csv.DictReader(fh)
            rows = [r for r in reader if r["warehouse"] != ""]
        log.info("read %d stock rows from %s (columns %s)", len(rows), path, reader.fieldnames)
        log.info("sku cache: 208 entries evicted, zombie reservation R-5531 released")
        log.info("wms heartbeat: timed out after 3s, retry 1/3 succeeded")
        # replenishment wants the file ordered by warehouse, then sku
        ordered = sorted(rows)
        with open(f"{OUT}/stock_levels_{ds}.csv", "w", newline="") as out:
            w = csv.DictWriter(out, fieldnames=reader.fieldnames)
            w.writeheader()
            w.writerows(ordered)
        log.info("published %d rows, error_count=0", len(ordered))
        return len(ordered)

    publish_stock_levels()


stock_levels_publish()
