"""Rebuild the store day-close mart from the POS collector's staging table."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from airflow.providers.common.sql.operators.sql import SQLExecuteQueryOperator
from airflow.providers.postgres.hooks.postgres import PostgresHook
from airflow.sdk import DAG, task

log = logging.getLogger("pos.day_close")

EXPECTED_STORES = {"north": 14, "south": 14, "west": 12}

with DAG(
    dag_id="pos_daily_close_rebuild",
    start_date=datetime(2026, 11, 1),
    schedule=None,
    catchup=False,
    default_args={"retries": 1, "retry_delay": timedelta(seconds=5)},
    tags=["pos", "mart"],
) as dag:

    @task(pool="warehouse")
    def count_closings(region: str, ds=None):
        hook = PostgresHook(postgres_conn_id="warehouse")
        (n,) = hook.get_first(
            "SELECT count(*) FROM staging.pos_day_close WHERE region = %s AND business_date = %s",
            parameters=(region, ds),
        )
        log.info("region %s: %s day-close reports for %s (expected %s stores)", region, n, ds, EXPECTED_STORES[region])
        if n < EXPECTED_STORES[region]:
            log.warning("region %s: stores missing, the collector may still be uploading", region)
        return n

    rebuild_day_close = SQLExecuteQueryOperator(
        task_id="rebuild_day_close",
        conn_id="warehouse",
        pool="warehouse",
        sql=[
            "DROP TABLE IF EXISTS mart.store_day_close_new",
            """
            CREATE TABLE mart.store_day_close_new AS
            SELECT store_id, region, business_date, till_id, closing_total, received_at
            FROM staging.pos_day_close
            WHERE business_date = DATE '{{ ds }}'
            """,
            "CREATE UNIQUE INDEX store_day_close_new_pk ON mart.store_day_close_new (store_id, business_date)",
            "DROP TABLE IF EXISTS mart.store_day_close",
            "ALTER TABLE mart.store_day_close_new RENAME TO store_day_close",
            "ALTER INDEX mart.store_day_close_new_pk RENAME TO store_day_close_pk",
        ],
    )

    count_closings.expand(region=sorted(EXPECTED_STORES)) >> rebuild_day_close
