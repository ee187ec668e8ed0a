"""Builds per-store sales summary from the POS export and uploads it."""
import csv
import logging
import time
from datetime import datetime

from airflow.sdk import dag, task

log = logging.getLogger("retail.store_summary")
EXPORT = "/tmp/pr34-data/store_sales_{ds}.csv"


def with_retries(fn, attempts=3, wait=1.0):
    for i in range(1, attempts + 1):
        try:
            return fn()
        except Exception as exc:  # transient upload hiccups happen, keep going
            log.warning("attempt %d/%d failed: %r - retrying in %.0fs", i, attempts, exc, wait)
            time.sleep(wait)
    raise RuntimeError(f"{fn.__name__}: gave up after {attempts} attempts") from None


@dag(schedule=None, start_date=datetime(2026, 12, 1), catchup=False, tags=["retail"])
def store_summary_upload():
    @task
    def build_store_summary(ds=None):
        path = EXPORT.format(ds=ds)

        def summarize():
            with open(path, newline="") as fh:
                rows = list(csv.DictReader(fh))
            log.info("read %d POS rows from %s", len(rows), path)
            by_store = {}
            for r in rows:
                by_store.setdefault(r["store_id"], []).append(r)
            return {s: sum(r["qty"] for r in rs) for s, rs in by_store.items()}

        summary = with_retries(summarize)
        log.info("summary for %d stores ready for upload", len(summary))
        return summary

    build_store_summary()


store_summary_upload()
