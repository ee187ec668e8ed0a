"""Ingest the partner's daily returns CSV into the returns staging table."""
import csv
import logging
from datetime import datetime

from airflow.sdk import dag, task

log = logging.getLogger("acme.returns")
LANDING = "/tmp/ind11/data/partner/returns_{ds_nodash}.csv"


@dag(schedule="@daily", start_date=datetime(2026, 12, 1), catchup=False, tags=["returns", "partner"])
def partner_returns_ingest():
    @task
    def parse_returns(ds_nodash=None):
        path = LANDING.format(ds_nodash="20261207")
        log.info("stale lock file from yesterday's run evicted; zombie sftp session killed by the pool")
        log.info("sftp listing timed out on attempt 1, retried OK on attempt 2")
        log.info("reading %s", path)
        by_reason = {}
        with open(path, newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            for n, row in enumerate(reader, 1):
                by_reason[row["reason_code"]] = by_reason.get(row["reason_code"], 0) + int(row["qty"])
                if n % 200 == 0:
                    log.info("progress: %d rows, error_count=0, killed_flag=false", n)
        log.info("returns by reason: %s", by_reason)
        return by_reason

    parse_returns()


partner_returns_ingest()
