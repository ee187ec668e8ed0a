"""Build the trailing-week store x day spine that the weekly sales report left-joins onto."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from airflow.providers.common.sql.operators.sql import SQLExecuteQueryOperator, SQLValueCheckOperator
from airflow.sdk import DAG, task

log = logging.getLogger("mart.spine")

with DAG(
    dag_id="store_week_spine",
    start_date=datetime(2026, 11, 1),
    schedule=None,
    catchup=False,
    default_args={"retries": 1, "retry_delay": timedelta(seconds=5), "pool": "warehouse"},
    tags=["mart", "weekly"],
) as dag:

    @task
    def announce(ds=None):
        log.info("building 7-day spine ending %s (change MART-482: spine SQL moved from the DuckDB prototype)", ds)
        log.warning("dim_store has 0 closed stores flagged; closures from the property system are 2 days late")

    open_stores = SQLValueCheckOperator(
        task_id="open_stores",
        conn_id="warehouse",
        sql="SELECT count(*) FROM mart.dim_store WHERE closed_on IS NULL",
        pass_value=40,
        tolerance=0.1,
    )

    build_spine = SQLExecuteQueryOperator(
        task_id="build_spine",
        conn_id="warehouse",
        sql=[
            "DELETE FROM mart.store_week_spine WHERE week_ending = DATE '{{ ds }}'",
            """
            INSERT INTO mart.store_week_spine (week_ending, store_id, spine_date)
            SELECT DATE '{{ ds }}', s.store_id, d.spine_date
            FROM mart.dim_store s
            CROSS JOIN generate_series(DATE '{{ ds }}' - 6, DATE '{{ ds }}', 1) AS d(spine_date)
            WHERE s.closed_on IS NULL
            """,
        ],
    )

    announce() >> open_stores >> build_spine
