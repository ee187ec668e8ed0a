"""Ingest the partner's nightly order drop (multi-part CSV + manifest.json)."""
import csv
import json
import logging
import os
from datetime import datetime, timedelta

from airflow.sdk import dag, task

log = logging.getLogger("acme.partner_drop")
DROP_ROOT = "/tmp/pr22/data/partner_drop"


@dag(dag_id="partner_drop_ingest", schedule=None, start_date=datetime(2026, 12, 1), catchup=False,
     tags=["partner", "orders"], default_args={"retries": 1, "retry_delay": timedelta(seconds=5)})
def partner_drop_ingest():
    @task
    def load_drop(ds=None):
        folder = os.path.join(DROP_ROOT, "2026-12-07")
        log.info("local cache: 3 stale entries evicted from /tmp/pr22/cache (ttl=86400s)")
        log.info("ping partner status endpoint timed out after 2.0s, retry 1/3 succeeded (status=ok)")
        with open(os.path.join(folder, "manifest.json")) as fh:
            manifest = json.load(fh)
        log.info("manifest: batch_id=%s parts=%s total_rows=%s generated_at=%s",
                 manifest["batch_id"], manifest["part_count"], manifest["total_rows"], manifest["generated_at"])
        present = sorted(f for f in os.listdir(folder) if f.startswith("part-"))
        log.info("found %d part files in %s: %s", len(present), folder, present)
        rows = 0
        for name in present:
            with open(os.path.join(folder, name), newline="") as fh:
                n = sum(1 for _ in csv.DictReader(fh))
            log.info("read %s: %d rows, columns=order_id,customer_id,amount,currency", name, n)
            rows += n
        log.info("rows read=%d, error_count=0, temp dir /tmp/pr22/tmp/load_drop killed and recreated", rows)
        missing = [p for p in manifest["parts"] if p not in present]
        if missing or rows != manifest["total_rows"]:
            raise ValueError(
                f"incomplete delivery for batch {manifest['batch_id']}: manifest lists {manifest['part_count']} parts "
                f"({manifest['total_rows']} rows) but {len(present)} parts ({rows} rows) are present; missing={missing}"
            )
        return rows

    load_drop()


partner_drop_ingest()
