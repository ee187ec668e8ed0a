"""Refresh the reporting summary table; connection options come from the Connection's extra."""
import logging
from datetime import datetime

import psycopg
from airflow.sdk import Connection, dag, task

log = logging.getLogger("reporting.refresh")


@dag(dag_id="reporting_refresh", schedule=None, start_date=datetime(2026, 12, 1), catchup=False,
     default_args={"retries": 0}, tags=["reporting", "pr35"])
def reporting_refresh():
    @task
    def refresh_summary():
        c = Connection.get("pr35_reporting_db")
        opts = c.extra_dejson
        log.info("connecting to %s:%s/%s with options %s", c.host, c.port, c.schema, sorted(opts))
        with psycopg.connect(host=c.host, port=c.port, dbname=c.schema, user=c.login, **opts) as conn:
            conn.execute("create table if not exists daily_summary (d date primary key, orders int)")
            conn.execute("insert into daily_summary values ('2026-12-06', 2400) on conflict (d) do update set orders = excluded.orders")
        log.info("summary refreshed")

    refresh_summary()


reporting_refresh()
