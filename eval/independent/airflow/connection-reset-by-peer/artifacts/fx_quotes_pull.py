"""Pull end-of-day FX quotes from the partner quote service."""
import logging
import time
from datetime import datetime

import requests
from airflow.sdk import dag, task

log = logging.getLogger("acme.fx_quotes")
QUOTES_URL = "http://127.0.0.1:28191/v2/quotes/eod?date=2026-12-06"


@dag(schedule=None, start_date=datetime(2026, 12, 1), catchup=False, tags=["fx", "treasury"])
def fx_quotes_pull():
    @task
    def pull_quotes():
        log.info("quote cache: 31 entries evicted (ttl=900s)")
        log.info("previous run's zombie worker slot released, killed_flag=false")
        attempts = 4
        for attempt in range(1, attempts + 1):
            try:
                resp = requests.get(QUOTES_URL, timeout=(5, 30))
                resp.raise_for_status()
                quotes = resp.json()
                log.info("received %d quotes, error_count=%d", len(quotes), 0)
                return len(quotes)
            except requests.exceptions.ConnectionError as exc:
                if attempt == attempts:
                    raise
                wait = 2 * attempt
                log.warning("attempt %d/%d failed (%s), retrying in %ds", attempt, attempts, exc, wait)
                time.sleep(wait)

    pull_quotes()


fx_quotes_pull()
