"""Import the partner's daily returns CSV and total returned units per SKU."""
import csv
import logging
from collections import Counter
from datetime import datetime

from airflow.sdk import DAG, task

log = logging.getLogger("acme.returns")
LANDING = "/tmp/pr31-landing/partner_returns_2026-12-06.csv"

with DAG(
    dag_id="partner_returns_import",
    start_date=datetime(2026, 12, 1),
    schedule=None,
    catchup=False,
    default_args={"retries": 0},
):

    @task
    def total_returns():
        units = Counter()
        with open(LANDING, newline="") as fh:
            reader = csv.DictReader(fh)
            for n, row in enumerate(reader, 1):
                units[row["sku"]] += int(row["quantity"])
                if n % 2 == 0:
                    log.info("processed %d rows (killed duplicates: 0)", n)
        log.info("returned units for %d skus", len(units))
        return dict(units)

    total_returns()
