"""Sums the acquirer's daily settlement extract per merchant and writes the payout file."""
import json, logging
from decimal import Decimal

import pendulum
from airflow.sdk import dag, task

from etl_helpers import read_extract

log = logging.getLogger(__name__)


@dag(schedule="@daily", start_date=pendulum.datetime(2026, 12, 1, tz="UTC"), catchup=False,
     tags=["finance", "settlements"], default_args={"retries": 0})
def settlements_daily():
    @task
    def payout_totals(ds_nodash=None):
        path = f"/tmp/pr18/landing/settlements/settlement_{ds_nodash}.csv"
        log.info("acquirer extract cache: 3 old entries evicted")
        rows = read_extract(path)
        totals = {}
        for row in rows:
            amount = Decimal(row["amount"])
            totals[row["merchant_id"]] = totals.get(row["merchant_id"], Decimal("0")) + amount
        out = f"/tmp/pr18/landing/settlements/payouts_{ds_nodash}.json"
        with open(out, "w") as fh:
            json.dump({k: str(v) for k, v in totals.items()}, fh)
        log.info("wrote %s for %d merchants", out, len(totals))

    payout_totals()


settlements_daily()
