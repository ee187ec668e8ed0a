"""Quality gate on the nightly WMS stock snapshot before replenishment runs."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from airflow.providers.common.sql.operators.sql import SQLCheckOperator
from airflow.providers.postgres.hooks.postgres import PostgresHook
from airflow.sdk import DAG, Variable, task
from airflow.sdk.definitions.asset import Asset

log = logging.getLogger("wms.snapshot")

with DAG(
    dag_id="wms_stock_snapshot_checks",
    start_date=datetime(2026, 11, 1),
    schedule=None,
    catchup=False,
    default_args={"retries": 1, "retry_delay": timedelta(seconds=5)},
    tags=["wms", "dq"],
) as dag:

    @task
    def snapshot_profile(ds=None):
        warehouses = Variable.get("wms_warehouses", deserialize_json=True)
        hook = PostgresHook(postgres_conn_id="warehouse")
        for wh in warehouses:
            n, units = hook.get_first(
                "SELECT count(*), coalesce(sum(on_hand), 0) FROM staging.wms_stock "
                "WHERE snapshot_date = %s AND warehouse_id = %s",
                parameters=(ds, wh),
            )
            log.info("%s: %s SKUs, %s units on hand", wh, n, units)
        log.warning("WH-DUS export arrived 14 minutes late (retry 1 of WMS SFTP push) - continuing")

    check_stock_snapshot = SQLCheckOperator(
        task_id="check_stock_snapshot",
        conn_id="warehouse",
        sql="""
            SELECT count(*) > 0                                   AS has_rows,
                   count(DISTINCT warehouse_id) = 3               AS all_warehouses,
                   count(*) FILTER (WHERE on_hand < 0) = 0        AS no_negative_on_hand,
                   count(*) FILTER (WHERE allocated > on_hand + 500) = 0 AS allocation_sane
            FROM staging.wms_stock
            WHERE snapshot_date = DATE '{{ ds }}'
        """,
    )

    @task(outlets=[Asset("postgres://127.0.0.1:5432/h53_wh/replenishment/stock_snapshot")])
    def release_snapshot():
        log.info("snapshot released to replenishment")

    snapshot_profile() >> check_stock_snapshot >> release_snapshot()
