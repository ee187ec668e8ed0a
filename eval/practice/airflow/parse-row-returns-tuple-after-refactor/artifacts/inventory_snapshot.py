"""Nightly inventory snapshot: parse the warehouse export and sum on-hand units per SKU."""
import logging
from datetime import datetime

from airflow.sdk import DAG, task

log = logging.getLogger("acme.inventory_snapshot")

EXPORT_LINES = [f"SKU-{i:05d}|WH-{i % 3 + 1}|{(i * 37) % 500}|2026-12-06" for i in range(2400)]


def parse_row(line: str):
    sku, warehouse, on_hand, as_of = line.split("|")
    return sku, warehouse, int(on_hand), as_of


with DAG("inventory_snapshot", start_date=datetime(2026, 12, 1), schedule=None, catchup=False, tags=["inventory"]):

    @task(retries=0)
    def snapshot(ds=None):
        log.info("read %d lines from wms export wms_inventory_%s.psv", len(EXPORT_LINES), ds)
        log.info("sftp keepalive timed out once, reconnected (attempt 2) ok")
        totals = {}
        for line in EXPORT_LINES:
            row = parse_row(line)
            totals[row["sku"]] = totals.get(row["sku"], 0) + row["on_hand"]
        log.info("snapshot: %d skus, error_count=0", len(totals))
        return len(totals)

    snapshot()
