"""Per-store daily sales exports for the store managers' portal (shared export volume)."""
import csv
import logging
import os
import shutil
from datetime import datetime, timedelta

from airflow.sdk import dag, task

log = logging.getLogger("acme.exports.stores")
EXPORT_ROOT = "/tmp/h48-exports/store_exports"
MIN_FREE_MB = 50


@dag(schedule="15 4 * * *", start_date=datetime(2026, 11, 1), catchup=False,
     default_args={"retries": 0, "retry_delay": timedelta(minutes=10)}, tags=["exports", "stores"])
def store_daily_exports():
    @task
    def write_store_exports(ds=None):
        usage = shutil.disk_usage("/tmp/h48-exports")
        free_mb = usage.free / 1024 / 1024
        log.info("export volume free space %.1f MB of %.1f MB (min %d MB): OK", free_mb,
                 usage.total / 1024 / 1024, MIN_FREE_MB)
        if free_mb < MIN_FREE_MB:
            raise RuntimeError(f"export volume low on space: {free_mb:.1f} MB free")
        log.info("store dimension cache: 9 stale entries evicted (ttl=3600s)")
        out_dir = os.path.join(EXPORT_ROOT, ds)
        os.makedirs(out_dir, exist_ok=True)
        written = 0
        for store in range(1, 121):
            path = os.path.join(out_dir, f"store_{store:03d}_sales_{ds}.csv")
            with open(path, "w", newline="") as fh:
                w = csv.writer(fh)
                w.writerow(["store_id", "hour", "tickets", "net_sales"])
                for hour in range(7, 22):
                    w.writerow([store, hour, (store * hour) % 37 + 5, round((store * 13.7 + hour * 4.1) % 900, 2)])
            written += 1
            if written % 20 == 0:
                log.info("wrote %d store exports so far", written)
        log.info("wrote %d store exports to %s", written, out_dir)
        return written

    write_store_exports()


store_daily_exports()
