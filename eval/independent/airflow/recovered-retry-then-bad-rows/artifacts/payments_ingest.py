import logging
import random
import socket
import time
import pendulum
from airflow.sdk import DAG, task

log = logging.getLogger(__name__)


def fetch_page(attempt):
    # First attempt hits a read timeout against the slow partner endpoint, later ones succeed.
    if attempt == 1:
        raise socket.timeout("The read operation timed out")
    rng = random.Random(42)
    rows = [{"payment_id": i, "amount": round(rng.uniform(1, 500), 2), "killed_flag": False} for i in range(1, 2001)]
    for i in (17, 388, 1024, 1999):
        rows[i]["amount"] = -rows[i]["amount"]
    return rows


with DAG("payments_ingest", start_date=pendulum.datetime(2026, 12, 1, tz="UTC"), schedule="@daily", catchup=False):
    @task
    def ingest_payments():
        for attempt in range(1, 4):
            try:
                rows = fetch_page(attempt)
                log.info("fetch attempt %d ok: %d rows", attempt, len(rows))
                break
            except socket.timeout as exc:
                log.warning("fetch attempt %d failed: %s; retrying in 1s", attempt, exc)
                time.sleep(1)
        log.info("columns: payment_id, amount, killed_flag, error_code")
        bad = [r for r in rows if r["amount"] < 0]
        if bad:
            raise ValueError(
                f"validation failed: {len(bad)} of {len(rows)} payments have a negative amount "
                f"(payment_id {[r['payment_id'] for r in bad]}); refusing to load"
            )
        log.info("loaded %d payments", len(rows))

    ingest_payments()
