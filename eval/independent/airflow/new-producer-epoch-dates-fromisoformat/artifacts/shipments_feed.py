"""Parse the daily shipment events from every warehouse site and compute dispatch lag."""
from __future__ import annotations

import glob
import json
import logging
import os
from datetime import datetime

from airflow.sdk import dag, task

log = logging.getLogger("acme.logistics.shipments")
FEED = "/tmp/ind17/data/shipments/{ds}"


@dag(schedule=None, start_date=datetime(2026, 12, 1), catchup=False, tags=["logistics"],
     default_args={"retries": 0, "owner": "data-eng"})
def shipments_feed():
    @task
    def parse_shipments(ds=None):
        files = sorted(glob.glob(os.path.join(FEED.format(ds=ds), "*.jsonl")))
        log.info("found %d site files: %s", len(files), [os.path.basename(f) for f in files])
        out = []
        for path in files:
            site = os.path.basename(path).split("_")[0]
            n = 0
            for line in open(path):
                rec = json.loads(line)
                ordered = datetime.fromisoformat(rec["ordered_at"])
                shipped = datetime.fromisoformat(rec["shipped_at"])
                out.append((rec["shipment_id"], site, (shipped - ordered).total_seconds() / 3600))
                n += 1
            log.info("site %s: %d shipments parsed, error_count=0", site, n)
        log.info("dispatch lag computed for %d shipments", len(out))
        return len(out)

    parse_shipments()


shipments_feed()
