"""Daily orders export for finance: read the landed order extract, keep completed orders, write the export.

Refactor (deploy 2026-12-05): the file paths moved out of op_kwargs into the task's default arguments.
"""
import csv
import logging
from datetime import datetime, timedelta

from airflow.sdk import dag, task

log = logging.getLogger("acme.orders.export")


@dag(schedule=None, start_date=datetime(2026, 11, 1), catchup=False,
     default_args={"retries": 0, "retry_delay": timedelta(minutes=5)}, tags=["orders", "finance"])
def orders_export_daily():
    @task
    def export_completed_orders(
        src: str = "/tmp/pr27/landing/orders/orders_{{ ds_nodash }}.csv",
        dst: str = "/tmp/pr27/exports/finance_orders_{{ ds_nodash }}.csv",
        ds=None,
    ):
        log.info("export for %s: src=%s dst=%s", ds, src, dst)
        log.info("export staging: 3 stale temp files evicted from /tmp/pr27/exports/.tmp")
        log.info("zombie export lock from run 2026-12-04 killed (pid gone), killed_flag=false now")
        with open(src, newline="") as fh:
            rows = [r for r in csv.DictReader(fh) if r["status"] == "completed"]
        log.info("kept %d completed orders", len(rows))
        with open(dst, "w", newline="") as out:
            w = csv.DictWriter(out, fieldnames=list(rows[0].keys()))
            w.writeheader()
            w.writerows(rows)
        return len(rows)

    export_completed_orders()


orders_export_daily()
