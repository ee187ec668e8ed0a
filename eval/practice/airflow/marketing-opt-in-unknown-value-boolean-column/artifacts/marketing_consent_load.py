"""Loads the consent-management platform's daily export into the marketing warehouse."""
import json
import logging
from datetime import datetime

from airflow.providers.postgres.hooks.postgres import PostgresHook
from airflow.providers.standard.operators.python import PythonOperator
from airflow.sdk import DAG

log = logging.getLogger("marketing.consent")

EXPORT = "/tmp/h49-data/cmp/consent_export_{ds}.jsonl"


def load_consents(ds, **context):
    with open(EXPORT.format(ds=ds), encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    log.info("read %d consent records from the CMP export for %s", len(records), ds)
    rows = [(r["contact_id"], r["channel"], r["opt_in"], r["captured_at"], ds) for r in records]

    hook = PostgresHook(postgres_conn_id="h49_marketing")
    with hook.get_conn() as conn, conn.cursor() as cur:
        cur.execute("DELETE FROM consents WHERE load_date = %s", (ds,))
        cur.executemany(
            "INSERT INTO consents (contact_id, channel, opt_in, captured_at, load_date) "
            "VALUES (%s, %s, %s, %s, %s)",
            rows,
        )
        log.info("inserted %d consent rows", cur.rowcount)
    return len(rows)


with DAG("marketing_consent_load", schedule="@daily", start_date=datetime(2026, 12, 1), catchup=False,
         tags=["marketing", "consent"]) as dag:
    PythonOperator(task_id="load_consents", python_callable=load_consents)
