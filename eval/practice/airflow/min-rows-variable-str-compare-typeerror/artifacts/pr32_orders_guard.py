"""Guard the daily order extract: refuse to publish a suspiciously small extract."""
import csv
import logging
from datetime import datetime

from airflow.sdk import DAG, Variable, task

log = logging.getLogger("acme.orders.guard")
EXTRACT = "/tmp/pr32-data/orders_extract_2026-12-06.csv"

with DAG(
    dag_id="pr32_orders_guard",
    start_date=datetime(2026, 12, 1),
    schedule=None,
    catchup=False,
    tags=["orders", "pr32"],
) as dag:

    @task
    def check_extract_size():
        with open(EXTRACT, newline="") as fh:
            rows = list(csv.DictReader(fh))
        log.info("extract %s: %d rows (lock wait 0.0s, no timeout)", EXTRACT, len(rows))
        minimum = Variable.get("pr32_min_order_rows")
        log.info("minimum rows from Variable: %s", minimum)
        if len(rows) < minimum:
            raise ValueError(f"extract too small: {len(rows)} rows < {minimum}")
        log.info("extract size OK")
        return len(rows)

    check_extract_size()
