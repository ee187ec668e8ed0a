"""Load the logistics partner's daily shipments file, with a volume guard."""
import csv
import json
import logging
import statistics
from datetime import datetime, timedelta

from airflow.sdk import dag, task

log = logging.getLogger("acme.logistics")
LANDING = "/tmp/pr19/data"


@dag(schedule="0 6 * * *", start_date=datetime(2026, 11, 1), catchup=False,
     default_args={"retries": 0, "retry_delay": timedelta(minutes=5)}, tags=["logistics", "partner"])
def partner_shipments_load():
    @task
    def load_shipments(ds=None):
        path = f"{LANDING}/shipments_{ds}.csv"
        log.info("reading partner file %s", path)
        with open(path, newline="") as fh:
            reader = csv.DictReader(fh)
            log.info("header: %s", reader.fieldnames)
            rows = list(reader)
        history = json.load(open(f"{LANDING}/shipments_history.json"))
        median_prev = statistics.median(history.values())
        log.info("rows today=%d, previous days=%s, median=%d", len(rows), history, median_prev)
        shipped = sorted(r["shipped_at"] for r in rows)
        log.info("shipped_at range %s .. %s", shipped[0], shipped[-1])
        log.info("sftp session cache evicted; sftp ping timed out, retry 1/3 succeeded")
        assert len(rows) >= 0.5 * median_prev, (
            f"shipments volume guard: {len(rows)} rows < 50% of median {median_prev}")
        log.info("loaded %d shipments, error_count=0", len(rows))

    load_shipments()


partner_shipments_load()
