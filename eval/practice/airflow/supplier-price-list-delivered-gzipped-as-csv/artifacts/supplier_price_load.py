"""Load the daily supplier price list (SFTP drop, plain CSV per the supplier agreement) into staging."""
import csv
import logging
import os
from datetime import datetime, timedelta
from decimal import Decimal

from airflow.sdk import dag, task

log = logging.getLogger("acme.procurement")
DROP = "/tmp/h46-landing/sftp/acme_tools"


@dag(schedule="30 6 * * *", start_date=datetime(2026, 11, 1), catchup=False,
     default_args={"retries": 0, "retry_delay": timedelta(minutes=10)}, tags=["procurement", "prices"])
def supplier_price_load():
    @task
    def load_price_list(ds=None):
        path = f"{DROP}/price_list_{ds}.csv"
        st = os.stat(path)
        log.info("picked up %s size=%d bytes mtime=%s", path,
                 st.st_size, datetime.fromtimestamp(st.st_mtime).isoformat(timespec="seconds"))
        prices = []
        with open(path, newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            for row in reader:
                prices.append((row["supplier_sku"], Decimal(row["unit_price"]), row["currency"]))
        log.info("parsed %d price rows", len(prices))
        return len(prices)

    load_price_list()


supplier_price_load()
