"""Push yesterday's settlements from the payments export into the warehouse."""
from __future__ import annotations

import csv
import logging
from datetime import datetime

from airflow.providers.postgres.hooks.postgres import PostgresHook
from airflow.sdk import dag, task

log = logging.getLogger("acme.finance.settlements")
EXPORT = "/tmp/ind17/data/payments_export/settlements_{ds}.csv"


@dag(schedule=None, start_date=datetime(2026, 12, 1), catchup=False, tags=["finance"],
     default_args={"retries": 0, "owner": "finance-data"})
def settlements_to_warehouse():
    @task
    def load_settlements(ds=None):
        path = EXPORT.format(ds=ds)
        with open(path, newline="") as fh:
            rows = [(int(r["settlement_id"]), int(r["merchant_id"]), r["amount"], r["settled_on"])
                    for r in csv.DictReader(fh)]
        log.info("read %d settlements from %s (killed_flag=false on all rows)", len(rows), path)
        log.info("connection pool: zombie connection from previous run evicted")
        hook = PostgresHook(postgres_conn_id="warehouse")
        conn = hook.get_conn()
        with conn.cursor() as cur:
            cur.executemany(
                "insert into fact_settlements values (%s, %s, %s, %s) on conflict (settlement_id) do nothing",
                rows,
            )
        conn.commit()
        log.info("loaded %d settlements", len(rows))

    load_settlements()


settlements_to_warehouse()
