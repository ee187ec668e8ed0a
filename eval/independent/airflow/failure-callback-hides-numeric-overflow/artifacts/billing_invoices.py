"""Load the billing export into the billing database; alert the channel on failure."""
import csv
import json
import logging
import urllib.request
from datetime import datetime

from airflow.sdk import dag, task

log = logging.getLogger("acme.billing")
ALERT_WEBHOOK = "http://127.0.0.1:18899/hooks/data-alerts"


def notify_failure(context):
    ti = context["ti"]
    payload = {"text": f"{ti.dag_id}.{ti.task_id} failed (try {ti.try_number})"}
    req = urllib.request.Request(ALERT_WEBHOOK, data=json.dumps(payload).encode(),
                                 headers={"Content-Type": "application/json"})
    urllib.request.urlopen(req, timeout=5)


@dag(dag_id="billing_invoices", schedule=None, start_date=datetime(2026, 12, 1), catchup=False,
     default_args={"retries": 0, "on_failure_callback": notify_failure}, tags=["billing"])
def billing_invoices():
    @task
    def load_invoices(ds=None):
        from airflow.providers.postgres.hooks.postgres import PostgresHook

        path = f"/tmp/ind14/data/billing_export_{ds.replace('-', '')}.csv"
        with open(path, newline="") as fh:
            rows = list(csv.DictReader(fh))
        log.info("billing export %s: %d invoices, error_count=%s", path, len(rows),
                 sum(int(r["error_count"]) for r in rows))
        hook = PostgresHook(postgres_conn_id="billing_db")
        hook.run("DELETE FROM invoices WHERE issued_on = %s", parameters=(ds,))
        hook.insert_rows(table="invoices",
                         rows=[(r["invoice_id"], r["customer_id"], r["amount"], r["issued_on"]) for r in rows],
                         target_fields=["invoice_id", "customer_id", "amount", "issued_on"], commit_every=1000)
        log.info("invoices loaded")

    load_invoices()


billing_invoices()
