"""Push the day's settled payments batch to the warehouse ingest service."""
import logging
import time
from datetime import datetime

import requests
from airflow.sdk import dag, task

log = logging.getLogger("acme.ingest_push")
INGEST_URL = "http://127.0.0.1:28195/v1/ingest/payments"


@dag(schedule=None, start_date=datetime(2026, 12, 1), catchup=False, tags=["payments", "warehouse"])
def warehouse_ingest_push():
    @task
    def push_batch():
        batch = [{"payment_id": i, "amount_cents": 1000 + i, "error_count": 0} for i in range(500)]
        log.info("prepared batch of %d payments, killed_flag=false", len(batch))
        last = None
        for attempt in range(1, 4):
            try:
                resp = requests.post(INGEST_URL, json=batch, timeout=(5, 30))
                resp.raise_for_status()
                log.info("ingest accepted batch: %s", resp.status_code)
                return len(batch)
            except requests.exceptions.ConnectionError as exc:
                last = exc
                log.warning("ingest push attempt %d/3 failed: %s; retrying in 10s", attempt, exc)
                time.sleep(10)
        raise last

    push_batch()


warehouse_ingest_push()
