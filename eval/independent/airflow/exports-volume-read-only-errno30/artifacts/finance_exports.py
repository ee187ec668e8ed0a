"""Write the daily settlements export for the finance team's shared volume."""
from __future__ import annotations

import csv
import logging
import os
import shutil
from datetime import datetime

from airflow.sdk import dag, task

log = logging.getLogger("acme.finance.exports")
EXPORTS = "/tmp/ind17/mnt/exports/finance"


@dag(schedule=None, start_date=datetime(2026, 12, 1), catchup=False, tags=["finance"],
     default_args={"retries": 0, "owner": "finance-data"})
def finance_exports():
    @task
    def write_settlements_export(ds=None):
        src = f"/tmp/ind17/data/payments_export/settlements_{ds}.csv"
        rows = list(csv.DictReader(open(src, newline="")))
        log.info("read %d settlements for %s", len(rows), ds)
        usage = shutil.disk_usage(EXPORTS)
        log.info("exports volume: %d%% used (%d bytes free)", 100 * usage.used // usage.total, usage.free)
        old = sorted(os.listdir(EXPORTS))
        log.info("existing exports: %s; 0 evicted by retention (keep 30 days)", old)
        out = os.path.join(EXPORTS, f"settlements_{ds}.csv")
        log.info("writing %s", out)
        with open(out, "w", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)
        log.info("export written: %d rows", len(rows))

    write_settlements_export()


finance_exports()
