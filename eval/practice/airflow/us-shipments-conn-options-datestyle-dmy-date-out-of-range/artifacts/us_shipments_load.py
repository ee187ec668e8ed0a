"""Load the US 3PL's daily shipments file into the partner database.

The 3PL's contract fixes ship_date as MM/DD/YYYY (US format); Postgres parses it on insert.
"""
from __future__ import annotations

import csv
import logging
import os
from datetime import datetime

from airflow.providers.postgres.hooks.postgres import PostgresHook
from airflow.sdk import dag, task

log = logging.getLogger("acme.loads.us_shipments")
DATA_DIR = os.environ.get("ACME_DATA_DIR", "/tmp/h47-af/data")

INSERT_SQL = """
    INSERT INTO shipments (shipment_id, ship_date, carrier, weight_kg, dest_state)
    VALUES (%s, %s, %s, %s, %s)
"""


def load_rows(hook: PostgresHook, rows: list[tuple]) -> int:
    with hook.get_conn() as conn, conn.cursor() as cur:
        cur.execute("DELETE FROM shipments WHERE batch_file = 'us_shipments_2026-12-06.csv'")
        cur.executemany(INSERT_SQL, rows)
    return len(rows)


@dag(
    dag_id="us_shipments_load",
    schedule=None,
    start_date=datetime(2026, 12, 1),
    catchup=False,
    default_args={"retries": 0},
    tags=["loads", "3pl"],
)
def us_shipments_load():
    @task
    def load_us_shipments(ds=None):
        with open(f"{DATA_DIR}/us_shipments_2026-12-06.csv", newline="") as fh:
            rows = [
                (int(r["shipment_id"]), r["ship_date"], r["carrier"], float(r["weight_kg"]), r["dest_state"])
                for r in csv.DictReader(fh)
            ]
        log.info("read %d shipments from us_shipments_2026-12-06.csv", len(rows))
        hook = PostgresHook(postgres_conn_id="partner_pg")
        n = load_rows(hook, rows)
        log.info("loaded %d shipments", n)
        return n

    load_us_shipments()


us_shipments_load()
