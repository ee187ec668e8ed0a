"""Page through the carrier's shipment API and load each page into the shipping database."""
import logging
from datetime import datetime, timedelta

import requests

from airflow.providers.postgres.hooks.postgres import PostgresHook
from airflow.sdk import dag, task

log = logging.getLogger("acme.carrier_shipments")
API = "http://127.0.0.1:18712/v2/shipments"


@dag(schedule="@daily", start_date=datetime(2026, 12, 1), catchup=False, tags=["shipping", "carrier"])
def carrier_shipments_load():
    @task(retries=1, retry_delay=timedelta(seconds=20))
    def load_shipments():
        hook = PostgresHook(postgres_conn_id="shipping_pg")
        page, total = 1, 0
        while True:
            resp = requests.get(API, params={"page": page, "page_size": 150}, timeout=10)
            resp.raise_for_status()
            body = resp.json()
            rows = [(s["id"], s["carrier"], s["status"], s["weight_kg"], s["shipped_at"]) for s in body["items"]]
            hook.insert_rows("shipments", rows,
                             target_fields=["shipment_id", "carrier", "status", "weight_kg", "shipped_at"],
                             commit_every=150)
            total += len(rows)
            log.info("page %d: %d shipments loaded (running total %d, error_count=0)", page, len(rows), total)
            if not body.get("next_page"):
                break
            page = body["next_page"]
        log.info("carrier sync complete: %d shipments", total)

    load_shipments()


carrier_shipments_load()
