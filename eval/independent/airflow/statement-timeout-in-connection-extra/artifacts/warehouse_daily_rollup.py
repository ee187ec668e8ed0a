"""Nightly per-account rollup of the event table in the warehouse."""
import logging
from datetime import datetime

from airflow.providers.postgres.hooks.postgres import PostgresHook
from airflow.sdk import dag, task

log = logging.getLogger("acme.rollups")

ROLLUP_SQL = """
insert into daily_account_rollup (day, account_id, event_type, events, amount, distinct_hours)
select occurred_at::date, account_id, event_type, count(*), sum(amount),
       count(distinct date_trunc('hour', occurred_at))
from events
where occurred_at >= %(start)s and occurred_at < %(end)s
group by 1, 2, 3
"""


@dag(schedule="@daily", start_date=datetime(2026, 12, 1), catchup=False, tags=["warehouse", "rollups"])
def warehouse_daily_rollup():
    @task(retries=0)
    def rollup_accounts(data_interval_start=None, data_interval_end=None):
        start, end = "2026-12-06", "2026-12-07"
        hook = PostgresHook(postgres_conn_id="warehouse")
        n = hook.get_first("select count(*) from events where occurred_at >= %s and occurred_at < %s", parameters=(start, end))[0]
        log.info("rolling up %d events for %s (3 stale rollup temp tables evicted, killed_flag=false)", n, start)
        hook.run("delete from daily_account_rollup where day = %(start)s", parameters={"start": start})
        hook.run(ROLLUP_SQL, parameters={"start": start, "end": end})
        done = hook.get_first("select count(*) from daily_account_rollup where day = %s", parameters=(start,))[0]
        log.info("rollup written: %d rows", done)

    rollup_accounts()


warehouse_daily_rollup()
