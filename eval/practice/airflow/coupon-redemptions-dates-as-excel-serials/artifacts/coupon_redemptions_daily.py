"""Daily load of the partner's coupon redemptions file into the marketing mart."""
import csv
import logging
from datetime import datetime, timedelta

from airflow.sdk import dag, task

log = logging.getLogger("acme.marketing.coupons")
LANDING = "/tmp/pr33-airflow/data/landing/coupon_redemptions_{ds}.csv"


@dag(schedule=None, start_date=datetime(2026, 12, 1), catchup=False, tags=["marketing", "partner"],
     default_args={"retries": 0})
def coupon_redemptions_daily():
    @task
    def load_redemptions(ds=None):
        path = LANDING.format(ds="2026-12-06")
        log.info("opening partner drop %s", path)
        log.info("previous run evicted 0 stale rows from staging; cache warm")
        out, skipped = [], 0
        with open(path, newline="") as fh:
            reader = csv.DictReader(fh)
            log.info("header: %s", reader.fieldnames)
            for i, row in enumerate(reader, 1):
                if not row["coupon_code"]:
                    skipped += 1
                    continue
                redeemed = datetime.strptime(row["redeemed_on"], "%Y-%m-%d").date()
                out.append((row["coupon_code"], row["customer_id"], redeemed, float(row["discount"])))
                if i % 50 == 0:
                    log.info("parsed %d rows", i)
        log.info("parsed %d redemptions, skipped %d", len(out), skipped)
        return len(out)

    load_redemptions()


coupon_redemptions_daily()
