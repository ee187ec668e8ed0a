import csv
import logging
from datetime import datetime, timedelta

from airflow.sdk import dag, task

log = logging.getLogger("retail.store_sales")
LANDING = "/tmp/pr30-data/landing"


@dag(dag_id="store_sales_daily", schedule=None, start_date=datetime(2026, 12, 1), catchup=False,
     default_args={"retries": 0, "retry_delay": timedelta(seconds=5)}, tags=["retail", "pr30"])
def store_sales_daily():
    @task
    def load_store_sales():
        path = f"{LANDING}/store_sales_2026-12-07.csv"
        log.info("reading partner extract %s", path)
        totals = {}
        with open(path, newline="") as fh:
            reader = csv.DictReader(fh)
            log.info("header: %s", reader.fieldnames)
            for n, row in enumerate(reader, start=1):
                if n % 4 == 0:
                    log.info("progress: %d rows parsed, %d stores so far", n, len(totals))
                store_id = int(row["store_id"])
                totals[store_id] = totals.get(store_id, 0.0) + float(row["net_sales"])
        log.info("stores loaded: %d", len(totals))
        return len(totals)

    load_store_sales()


store_sales_daily()
