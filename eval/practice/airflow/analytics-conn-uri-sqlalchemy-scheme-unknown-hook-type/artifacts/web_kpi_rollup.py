"""Daily web KPI rollup into the analytics database used by the BI dashboards."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from airflow.providers.common.sql.operators.sql import SQLExecuteQueryOperator
from airflow.sdk import DAG, task
from airflow.sdk.definitions.asset import Asset

log = logging.getLogger("web.kpis")

with DAG(
    dag_id="web_kpi_rollup",
    start_date=datetime(2026, 11, 1),
    schedule=None,
    catchup=False,
    default_args={"retries": 2, "retry_delay": timedelta(seconds=5)},
    tags=["web", "kpi"],
) as dag:

    @task
    def announce(ds=None):
        log.info("rolling up web sessions for %s into analytics_db", ds)
        log.warning("tracking consent rate dropped to 61% on 2026-12-06; KPI numbers may look low")

    rollup_channel_kpis = SQLExecuteQueryOperator(
        task_id="rollup_channel_kpis",
        conn_id="analytics_db",
        outlets=[Asset("postgres://127.0.0.1:5432/h53_wh/analytics/daily_channel_kpis")],
        sql=[
            "DELETE FROM analytics.daily_channel_kpis WHERE kpi_date = DATE '{{ ds }}'",
            """
            INSERT INTO analytics.daily_channel_kpis
            SELECT session_date, channel, count(*), count(*) FILTER (WHERE converted)
            FROM analytics.web_sessions
            WHERE session_date = DATE '{{ ds }}'
            GROUP BY session_date, channel
            """,
        ],
    )

    announce() >> rollup_channel_kpis
