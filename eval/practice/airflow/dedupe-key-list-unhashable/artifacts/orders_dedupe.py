"""Deduplicate the day's order events before loading."""
import json
import logging
from datetime import datetime

from airflow.sdk import dag, task

log = logging.getLogger("acme.orders")
LANDING = "/tmp/pr24/landing/orders"


def record_key(rec):
    # key on customer + order (changed from order_id alone in the 2026-12 release)
    return [rec["customer_id"], rec["order_id"]]


@dag(dag_id="orders_dedupe", schedule=None, start_date=datetime(2026, 1, 1), catchup=False, tags=["pr24"])
def orders_dedupe():
    @task(retries=0)
    def dedupe_orders(ds=None):
        path = f"{LANDING}/orders_{ds}.jsonl"
        log.info("reading %s", path)
        with open(path) as fh:
            records = [json.loads(line) for line in fh if line.strip()]
        log.info("read %d order events, columns=%s", len(records), sorted(records[0]))
        log.info("temp dir /tmp/pr24/scratch/orders cleaned (killed 0 stale workers)")
        seen = set()
        unique = []
        for rec in records:
            key = record_key(rec)
            if key in seen:
                continue
            seen.add(key)
            unique.append(rec)
        log.info("kept %d unique of %d", len(unique), len(records))
        return len(unique)

    dedupe_orders()


orders_dedupe()
