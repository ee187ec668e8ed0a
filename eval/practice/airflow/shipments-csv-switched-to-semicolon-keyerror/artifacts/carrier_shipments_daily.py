"""Daily carrier shipment totals from the 3PL's shipments export."""
import csv
import logging
from datetime import datetime, timedelta

from airflow.sdk import dag, task

log = logging.getLogger("logistics.shipments")
INBOUND = "/tmp/pr36-data/inbound/shipments_2026-12-06.csv"


@dag(dag_id="carrier_shipments_daily", schedule=None, start_date=datetime(2026, 12, 1), catchup=False,
     default_args={"retries": 0}, tags=["logistics"])
def carrier_shipments_daily():
    @task
    def summarise_shipments():
        log.info("opening 3PL export %s", INBOUND)
        totals, parcels = {}, 0
        with open(INBOUND, newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            log.info("header: %s", reader.fieldnames)
            for i, row in enumerate(reader, 1):
                carrier = row["carrier"].strip().upper()
                totals[carrier] = totals.get(carrier, 0.0) + float(row["weight_kg"])
                parcels += 1
                if i % 50 == 0:
                    log.info("processed %d rows", i)
        log.info("parcels=%d carriers=%s", parcels, sorted(totals))
        return totals

    summarise_shipments()


carrier_shipments_daily()
