"""Pick up supplier invoice files whose names match the configured pattern."""
import logging
import os
import re
from datetime import datetime

from airflow.sdk import Variable, dag, task

log = logging.getLogger("finance.invoices")
INBOX = "/tmp/pr36-data/invoices_inbox"


@dag(dag_id="supplier_invoices_pickup", schedule=None, start_date=datetime(2026, 12, 1), catchup=False,
     default_args={"retries": 0}, tags=["finance"])
def supplier_invoices_pickup():
    @task
    def list_invoice_files():
        pattern = Variable.get("invoice_file_pattern")
        log.info("inbox %s, %d entries; pattern from Variable invoice_file_pattern: %s",
                 INBOX, len(os.listdir(INBOX)), pattern)
        rx = re.compile(pattern)
        picked = sorted(f for f in os.listdir(INBOX) if rx.fullmatch(f))
        log.info("picked %d invoice files", len(picked))
        return picked

    list_invoice_files()


supplier_invoices_pickup()
