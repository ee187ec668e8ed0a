"""Daily store sales report: aggregates the day's sales and writes one CSV per region for the finance share."""
from __future__ import annotations

import csv
import logging
import random
from collections import defaultdict
from datetime import datetime, timedelta
from pathlib import Path

from airflow.sdk import DAG, task

log = logging.getLogger("acme.store_sales_report")

OUT_DIR = Path("/tmp/h44-af/reports")
# PR #412: the report is now split per region; the file name gained a region placeholder.
REPORT_NAME = "store_sales_{}_{}.csv"

with DAG(
    dag_id="h44_store_sales_report",
    start_date=datetime(2026, 12, 1),
    schedule=None,
    catchup=False,
    default_args={"retries": 0, "retry_delay": timedelta(seconds=5)},
    tags=["finance", "practice-44"],
):

    @task
    def build_report(ds=None):
        rng = random.Random(7)
        regions = ["north", "south", "west"]
        sales = defaultdict(lambda: defaultdict(float))
        for i in range(1200):
            store = 100 + rng.randint(0, 23)
            sales[regions[store % 3]][store] += round(rng.uniform(2, 180), 2)
        log.info("aggregated 1200 sales lines into %s stores over %s regions",
                 sum(len(v) for v in sales.values()), len(sales))
        log.info("warning: 3 late sales lines will be picked up by tomorrow's run (expected)")
        OUT_DIR.mkdir(parents=True, exist_ok=True)
        written = []
        for region, stores in sorted(sales.items()):
            out = OUT_DIR / REPORT_NAME.format(ds)
            with open(out, "w", newline="") as fh:
                w = csv.writer(fh)
                w.writerow(["region", "store_id", "revenue"])
                for store, revenue in sorted(stores.items()):
                    w.writerow([region, store, f"{revenue:.2f}"])
            written.append(str(out))
            log.info("wrote %s", out)
        return written

    build_report()
