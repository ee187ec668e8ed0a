"""Ingest the WMS cycle-count file and publish counted stock per warehouse and SKU."""
from __future__ import annotations

import csv
import json
import logging
import os
from collections import defaultdict
from datetime import datetime

from airflow.sdk import dag, task

log = logging.getLogger("acme.inventory.cycle_count")

LANDING = "/tmp/pr28/landing/wms_counts"
OUT = "/tmp/pr28/staging/cycle_counts"


@dag(
    dag_id="stock_count_ingest",
    schedule="0 7 * * *",
    start_date=datetime(2026, 11, 1),
    catchup=False,
    default_args={"retries": 0},
    tags=["inventory"],
)
def stock_count_ingest():
    @task
    def parse_cycle_counts(ds=None):
        path = os.path.join(LANDING, f"cycle_count_{ds.replace('-', '')}.csv")
        log.info("reading %s (%d bytes)", path, os.path.getsize(path))
        counted = defaultdict(int)
        n = 0
        with open(path, newline="") as fh:
            for rec in csv.DictReader(fh):
                warehouse_id = int(rec["warehouse_id"])
                counted[(warehouse_id, rec["sku"])] += int(rec["counted_qty"])
                n += 1
                if n % 2000 == 0:
                    log.info("parsed %d count lines", n)
        os.makedirs(OUT, exist_ok=True)
        with open(os.path.join(OUT, f"{ds}.json"), "w") as fh:
            json.dump([{"warehouse_id": w, "sku": s, "qty": q} for (w, s), q in counted.items()], fh)
        log.info("published %d sku/warehouse counts from %d lines", len(counted), n)
        return n

    parse_cycle_counts()


stock_count_ingest()
