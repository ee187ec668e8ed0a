"""Imports the stock vendor's daily CSV drop into the replenishment store."""
from __future__ import annotations

import csv
import logging
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

from airflow.sdk import dag, task

log = logging.getLogger("acme.vendor.stock")
LANDING = Path("/tmp/h45-af/landing/stock")
DB = "/tmp/h45-af/replenishment.sqlite"


@dag(
    dag_id="vendor_stock_import",
    schedule=None,
    start_date=datetime(2026, 12, 1),
    catchup=False,
    default_args={"retries": 0, "retry_delay": timedelta(seconds=5)},
    tags=["vendor", "stock"],
)
def vendor_stock_import():
    @task
    def import_stock_file():
        path = LANDING / "stock_2026-12-07.csv"
        log.info("picked up %s (%d bytes); sftp poll timeout warnings from the weekend can be ignored", path, path.stat().st_size)
        with path.open(newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            log.info("columns: %s", reader.fieldnames)
            rows = []
            for n, row in enumerate(reader, start=1):
                rows.append((row["sku"], row["warehouse"], int(row["on_hand"]), int(row["reserved"])))
                if n % 500 == 0:
                    log.info("parsed %d rows", n)
        con = sqlite3.connect(DB)
        con.execute("create table if not exists vendor_stock (sku text, warehouse text, on_hand int, reserved int)")
        con.executemany("insert into vendor_stock values (?, ?, ?, ?)", rows)
        con.commit()
        log.info("imported %d rows, killed_flag=false", len(rows))

    import_stock_file()


vendor_stock_import()
