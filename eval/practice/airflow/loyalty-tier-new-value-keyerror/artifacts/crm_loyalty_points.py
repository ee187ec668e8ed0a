"""Daily loyalty points: read the CRM member export, apply the tier multiplier, stage the points."""
import csv
import logging
from collections import Counter
from datetime import datetime, timedelta

from airflow.sdk import dag, task

log = logging.getLogger("acme.loyalty")
LANDING = "/tmp/pr19/data"
# Agreed with the CRM team (contract v4): bronze/silver/gold/platinum only.
TIER_MULTIPLIER = {"bronze": 1.0, "silver": 1.25, "gold": 1.5, "platinum": 2.0}


@dag(schedule="0 3 * * *", start_date=datetime(2026, 11, 1), catchup=False,
     default_args={"retries": 0, "retry_delay": timedelta(minutes=5)}, tags=["crm", "loyalty"])
def crm_loyalty_points():
    @task
    def compute_points(ds=None):
        path = f"{LANDING}/crm_members_{ds}.csv"
        log.info("reading CRM member export %s", path)
        with open(path, newline="") as fh:
            rows = list(csv.DictReader(fh))
        log.info("read %d members, columns=%s", len(rows), list(rows[0].keys()))
        tiers = Counter(r["tier"] for r in rows)
        log.info("distinct tiers seen: %s", dict(sorted(tiers.items())))
        log.info("points cache: 112 stale entries evicted (ttl=86400s)")
        log.info("ping crm-metrics: timed out after 2s, retry 1/3 succeeded")
        staged = []
        for r in rows:
            mult = TIER_MULTIPLIER[r["tier"]]
            staged.append((r["member_id"], round(int(r["points_base"]) * mult)))
        log.info("staged %d point rows, error_count=0", len(staged))
        return len(staged)

    compute_points()


crm_loyalty_points()
