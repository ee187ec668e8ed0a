"""Nightly load of carrier shipment events into the warehouse (pr37_wh.shipments)."""
from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta

import psycopg
from airflow.sdk import DAG, BaseHook, task

log = logging.getLogger("shipments.loader")


def _events(n: int = 500):
    for i in range(n):
        yield (f"SHP{100000 + i}", "DELIVERED" if i % 3 else "IN_TRANSIT", 1 + (i % 7))


with DAG(
    dag_id="shipments_nightly_load",
    start_date=datetime(2026, 12, 1),
    schedule=None,
    catchup=False,
    default_args={"retries": 1, "retry_delay": timedelta(seconds=5)},
    tags=["warehouse", "shipments"],
):

    @task
    def load_shipments():
        conn = BaseHook.get_connection("warehouse_loader")
        log.info("connecting to %s:%s/%s as %s", conn.host, conn.port, conn.schema, conn.login)
        log.info("previous run: 3 workers evicted from pool 'default', resubmitted (harmless)")
        with psycopg.connect(host=conn.host, port=conn.port, dbname=conn.schema, user=conn.login) as pg:
            with pg.cursor() as cur:
                cur.execute("select count(*) from shipments")
                log.info("shipments currently holds %s rows", cur.fetchone()[0])
                batch = list(_events())
                log.info("staged %d shipment events, retrying slow carrier page 7 (timeout 2s) ... ok", len(batch))
                time.sleep(1)
                cur.executemany(
                    "insert into shipments (shipment_id, status, parcels) values (%s, %s, %s)", batch
                )
            pg.commit()
        log.info("load complete")

    load_shipments()
