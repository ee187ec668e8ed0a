"""Monthly allocation of shared IT/facility costs to cost centres, using finance's allocation keys."""
import csv
import logging
import shutil
from datetime import datetime
from decimal import Decimal

from airflow.sdk import dag, task

log = logging.getLogger("acme.finance")
KEYS = "/tmp/h46-landing/finance/allocation_keys_{month}.csv"
SHARED_COSTS = Decimal("418250.00")


@dag(schedule="0 7 2 * *", start_date=datetime(2026, 10, 1), catchup=False,
     default_args={"retries": 0}, tags=["finance", "controlling"])
def shared_cost_allocation():
    @task
    def allocate_shared_costs(ds=None):
        month = "2026-11"
        path = KEYS.format(month=month)
        with open(path, newline="") as fh:
            keys = list(csv.DictReader(fh))
        log.info("read %d allocation keys from %s", len(keys), path)
        for k in keys:
            log.info("key %s (%s) share=%s updated_by=%s", k["cost_centre"], k["cost_centre_name"],
                     k["share"], k["updated_by"])
        total = sum(Decimal(k["share"]) for k in keys)
        assert total == Decimal("1.00"), f"allocation shares for {month} sum to {total}, expected 1.00"
        alloc = {k["cost_centre"]: (SHARED_COSTS * Decimal(k["share"])).quantize(Decimal("0.01")) for k in keys}
        log.info("allocated %s to %d cost centres", SHARED_COSTS, len(alloc))
        return {cc: str(v) for cc, v in alloc.items()}

    allocate_shared_costs()


shared_cost_allocation()
