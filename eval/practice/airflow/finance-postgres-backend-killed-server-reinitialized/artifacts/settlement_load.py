"""Load the acquirer's daily settlement lines into the finance warehouse (Postgres)."""
from __future__ import annotations

import csv
import logging
import time
from datetime import datetime

from airflow.providers.postgres.hooks.postgres import PostgresHook
from airflow.sdk import dag, task

log = logging.getLogger("acme.finance.settlement")

FILE = "/tmp/pr28/landing/acquirer/settlement_{ds}.csv"
BATCH = 500


@dag(
    dag_id="settlement_load",
    schedule="0 3 * * *",
    start_date=datetime(2026, 11, 1),
    catchup=False,
    default_args={"retries": 0},
    tags=["finance"],
)
def settlement_load():
    @task
    def load_settlement_lines(ds=None):
        hook = PostgresHook(postgres_conn_id="finance_wh")
        conn = hook.get_conn()
        with open(FILE.format(ds=ds), newline="") as fh:
            rows = [
                (r["settlement_id"], r["payment_ref"], r["merchant_id"], r["gross"], r["fee"], r["net"], ds)
                for r in csv.DictReader(fh)
            ]
        log.info("%d settlement lines to load for %s", len(rows), ds)
        with conn.cursor() as cur:
            cur.execute("delete from finance.settlement_lines where settlement_date = %s", (ds,))
        for i in range(0, len(rows), BATCH):
            chunk = rows[i : i + BATCH]
            with conn.cursor() as cur:
                cur.executemany(
                    "insert into finance.settlement_lines"
                    " (settlement_id, payment_ref, merchant_id, gross, fee, net, settlement_date)"
                    " values (%s, %s, %s, %s, %s, %s, %s)",
                    chunk,
                )
            log.info("batch %d: %d lines inserted (uncommitted)", i // BATCH + 1, len(chunk))
            time.sleep(2)
        conn.commit()
        log.info("committed %d settlement lines", len(rows))
        return len(rows)

    load_settlement_lines()


settlement_load()
