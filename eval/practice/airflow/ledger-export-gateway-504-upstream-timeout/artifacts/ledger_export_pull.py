"""Pull the daily ledger export from the finance export service (behind the internal gateway)."""
from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta

import requests
from airflow.sdk import dag, task

log = logging.getLogger("acme.ledger")
BASE_URL = "http://127.0.0.1:28101/finance-export/v2"


@dag(
    dag_id="ledger_export_pull",
    schedule=None,
    start_date=datetime(2026, 12, 1),
    catchup=False,
    default_args={"retries": 1, "retry_delay": timedelta(seconds=5)},
    tags=["finance", "h39"],
)
def ledger_export_pull():
    @task(execution_timeout=timedelta(minutes=5))
    def pull_ledger(**context):
        day = context["ds"]
        session = requests.Session()
        health = session.get(f"{BASE_URL}/health", timeout=10)
        log.info("export service health: %s %s (warning: cache warm-up retry policy=3, killed_jobs=0)",
                 health.status_code, health.text.strip())
        url = f"{BASE_URL}/ledger/{day}?format=jsonl"
        log.info("requesting ledger export %s (client timeout 60s)", url)
        resp = session.get(url, timeout=60)
        log.info("gateway answered %s in %.1fs", resp.status_code, resp.elapsed.total_seconds())
        resp.raise_for_status()
        lines = [json.loads(l) for l in resp.text.splitlines() if l]
        log.info("pulled %d ledger lines", len(lines))
        return len(lines)

    pull_ledger()


ledger_export_pull()
