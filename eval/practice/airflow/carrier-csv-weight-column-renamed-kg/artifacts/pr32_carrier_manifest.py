"""Load the carrier's daily shipment manifest and compute billable weight per destination."""
import csv
import logging
from collections import defaultdict
from datetime import datetime

from airflow.sdk import DAG, task

log = logging.getLogger("acme.logistics.manifest")
MANIFEST = "/tmp/pr32-data/carrier_manifest_2026-12-06.csv"

with DAG(
    dag_id="pr32_carrier_manifest",
    start_date=datetime(2026, 12, 1),
    schedule=None,
    catchup=False,
    tags=["logistics", "pr32"],
) as dag:

    @task
    def billable_weight():
        log.info("opening %s (worker slot 2 of 4, previous run killed by timeout was cleaned up)", MANIFEST)
        totals = defaultdict(float)
        with open(MANIFEST, newline="") as fh:
            reader = csv.DictReader(fh)
            log.info("manifest columns: %s", reader.fieldnames)
            for n, row in enumerate(reader, start=1):
                totals[row["destination"]] += max(float(row["weight"]), 0.5)
                if n % 20 == 0:
                    log.info("processed %d shipments", n)
        log.info("destinations: %d", len(totals))
        return dict(totals)

    billable_weight()
