"""Pushes the day's changed CRM contacts to the marketing platform's bulk contacts API."""
import json
import logging
import time
from datetime import datetime

import requests
from airflow.providers.standard.operators.python import PythonOperator
from airflow.sdk import DAG, Variable

log = logging.getLogger("crm.push")

API_BASE = "http://127.0.0.1:28511"
CONTACTS_FILE = "/tmp/h49-data/crm/changed_contacts_{ds}.jsonl"


def _health_check(session):
    for attempt in range(1, 4):
        try:
            resp = session.get(f"{API_BASE}/v2/health", timeout=2.0)
            resp.raise_for_status()
            log.info("marketing API health ok on attempt %d: %s", attempt, resp.json())
            return
        except requests.exceptions.Timeout:
            log.warning("health check attempt %d timed out after 2.0s; retrying", attempt)
            time.sleep(1)
    raise RuntimeError("marketing API health check failed 3 times")


def push_contacts(ds, **context):
    batch_size = int(Variable.get("crm_push_batch_size"))
    with open(CONTACTS_FILE.format(ds=ds), encoding="utf-8") as fh:
        contacts = [json.loads(line) for line in fh if line.strip()]
    log.info("loaded %d changed contacts for %s (batch size %d)", len(contacts), ds, batch_size)

    session = requests.Session()
    session.headers["Authorization"] = "Bearer h49-practice-token"
    _health_check(session)

    pushed = 0
    for start in range(0, len(contacts), batch_size):
        batch = contacts[start:start + batch_size]
        resp = session.post(f"{API_BASE}/v2/contacts/batch", json={"contacts": batch}, timeout=30)
        if resp.status_code >= 400:
            log.error("bulk push rejected: HTTP %s %s", resp.status_code, resp.text)
        resp.raise_for_status()
        pushed += len(batch)
        log.info("pushed %d/%d contacts", pushed, len(contacts))
    return pushed


with DAG("crm_contact_push", schedule="@daily", start_date=datetime(2026, 12, 1), catchup=False,
         tags=["crm", "marketing"]) as dag:
    PythonOperator(task_id="push_contacts", python_callable=push_contacts)
