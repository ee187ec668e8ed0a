"""Monthly partner settlement reconciliation."""
import csv
import logging
from datetime import datetime

from airflow.sdk import dag, task

log = logging.getLogger("acme.settlements")
SRC = "/tmp/ind7/data/settlements_2026-02.csv"


@dag(schedule=None, start_date=datetime(2026, 12, 1), catchup=False, tags=["finance"])
def partner_settlements():
    @task
    def parse_settlements():
        log.info("zombie lock file /tmp/settlements.lock from a previous run removed")
        log.info("reading %s", SRC)
        out, total = [], 0.0
        with open(SRC, newline="", encoding="utf-8") as fh:
            for i, row in enumerate(csv.DictReader(fh), start=1):
                settled_on = datetime.strptime(row["settlement_date"], "%Y-%m-%d").date()
                total += float(row["amount"])
                out.append({"id": row["settlement_id"], "date": settled_on.isoformat(), "amount": row["amount"]})
                if i % 50 == 0:
                    log.info("progress: %d settlements parsed, running total %.2f, error_count=0", i, total)
        log.info("parsed %d settlements, total %.2f", len(out), total)
        return len(out)

    parse_settlements()


partner_settlements()
