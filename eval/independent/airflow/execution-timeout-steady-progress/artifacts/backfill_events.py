import logging
import time
from datetime import timedelta
import pendulum
from airflow.sdk import DAG, task

log = logging.getLogger(__name__)

with DAG("events_backfill", start_date=pendulum.datetime(2026, 12, 1, tz="UTC"), schedule="@daily", catchup=False):
    @task(execution_timeout=timedelta(seconds=8))
    def backfill_click_events():
        total = 40
        log.info("Backfilling %d hourly batches of click events (avg 0.5 s each on this volume)", total)
        for i in range(1, total + 1):
            time.sleep(0.5)
            log.info("batch %d/%d done: rows=%d, timeout_errors_col=0, retries=0, elapsed=%.1fs", i, total, 25000 + i * 37, i * 0.5)
        log.info("backfill complete")

    backfill_click_events()
