"""Keep only the latest version of each shipment before publishing the daily status table."""
import json
import logging
from datetime import datetime

from airflow.sdk import dag, task

log = logging.getLogger("acme.shipments")
FEED = "/tmp/ind9/data/shipments/shipments_20261207.json"


@dag(schedule=None, start_date=datetime(2026, 12, 1), catchup=False, tags=["logistics"])
def shipment_dedupe():
    @task
    def dedupe_shipments():
        log.info("status cache: 41 entries evicted (ttl=3600s)")
        records = json.load(open(FEED, encoding="utf-8"))
        log.info("read %d shipment records, error_count=%d", len(records), sum(r["error_count"] for r in records))
        index = {}
        for rec in records:
            index[(rec["shipment_id"], rec["version"])] = rec
        latest = {}
        for key in index:
            shipment_id, version = key
            if shipment_id in latest and latest[shipment_id]["version"] < version:
                del index[(shipment_id, latest[shipment_id]["version"])]
            latest[shipment_id] = index[key]
        log.info("kept %d shipments", len(latest))
        return len(latest)

    dedupe_shipments()


shipment_dedupe()
