"""Daily load of the acme partner orders file (dropped by the partner's SFTP push into landing/)."""
from __future__ import annotations

import csv
import logging
import os
from datetime import datetime, timedelta

from airflow.sdk import dag, task

log = logging.getLogger("acme.ingest.partner_orders")
LANDING = "/tmp/ind17/data/landing/acme_partner"


@dag(schedule=None, start_date=datetime(2026, 12, 1), catchup=False, tags=["partner", "ingest"],
     default_args={"retries": 0, "owner": "data-eng"})
def partner_orders_daily():
    @task
    def load_partner_orders(ds=None):
        log.info("run date %s, landing %s", ds, LANDING)
        log.info("stale cache entry partner_schema_v3 evicted (ttl 3600s)")
        lock = os.path.join(LANDING, ".loader.lock")
        if os.path.exists(lock):
            log.warning("zombie lock %s from pid %s killed (older than 6h)", lock, open(lock).read().strip())
            os.remove(lock)
        log.info("listing %s timed out after 5s, retrying (1/3)", LANDING)
        files = sorted(os.listdir(LANDING))
        log.info("listing OK: %s", files)
        path = os.path.join(LANDING, "orders_latest.csv")
        st = os.stat(path)
        log.info("found %s size=%d mtime=%s", path, st.st_size, datetime.utcfromtimestamp(st.st_mtime).isoformat())
        with open(path, newline="") as fh:
            header = fh.readline().strip()
            meta = dict(kv.split("=", 1) for kv in header.lstrip("# ").split())
            log.info("file header: %s", meta)
            rows = list(csv.DictReader(fh))
        log.info("parsed %d rows, error_count=0", len(rows))
        business_date = meta.get("business_date")
        if business_date != ds:
            raise ValueError(
                f"partner file business_date {business_date} does not match run date {ds}; "
                f"refusing to load {path}"
            )
        log.info("loading %d rows", len(rows))

    load_partner_orders()


partner_orders_daily()
