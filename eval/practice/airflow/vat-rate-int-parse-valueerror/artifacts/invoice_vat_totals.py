"""VAT totals per country from the billing system's invoice lines export."""
import csv
import logging
from collections import defaultdict
from datetime import datetime, timedelta
from decimal import Decimal

from airflow.sdk import dag, task

log = logging.getLogger("acme.billing")
LANDING = "/tmp/pr19/data"


@dag(schedule="0 7 * * *", start_date=datetime(2026, 11, 1), catchup=False,
     default_args={"retries": 0, "retry_delay": timedelta(minutes=5)}, tags=["billing", "vat"])
def invoice_vat_totals():
    @task
    def vat_totals(ds=None):
        path = f"{LANDING}/invoice_lines_{ds}.csv"
        log.info("reading invoice lines %s", path)
        with open(path, newline="") as fh:
            rows = list(csv.DictReader(fh))
        log.info("read %d lines, columns=%s", len(rows), list(rows[0].keys()))
        log.info("sample rows: %s", rows[:3])
        log.info("distinct vat_rate values: %s", sorted({r["vat_rate"] for r in rows}))
        log.info("rate cache: 6 entries evicted; billing-api ping timed out, retry succeeded")
        totals = defaultdict(Decimal)
        for r in rows:
            rate = int(r["vat_rate"])
            totals[r["country"]] += Decimal(r["net_amount"]) * rate
        log.info("vat totals %s, error_count=0", dict(totals))

    vat_totals()


invoice_vat_totals()
