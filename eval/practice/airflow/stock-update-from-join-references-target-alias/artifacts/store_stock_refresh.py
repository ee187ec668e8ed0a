"""Refresh store stock: full reload on Sundays, apply the till sync's deltas on other days."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from airflow.providers.common.sql.operators.sql import SQLExecuteQueryOperator
from airflow.providers.postgres.hooks.postgres import PostgresHook
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import DAG, task
from airflow.utils.trigger_rule import TriggerRule

log = logging.getLogger("stock.refresh")

with DAG(
    dag_id="store_stock_refresh",
    start_date=datetime(2026, 11, 1),
    schedule=None,
    catchup=False,
    default_args={"retries": 1, "retry_delay": timedelta(seconds=5)},
    tags=["stock", "mart"],
) as dag:

    @task.branch
    def choose_mode(logical_date=None, ds=None):
        hook = PostgresHook(postgres_conn_id="warehouse")
        (deltas,) = hook.get_first("SELECT count(*) FROM staging.stock_deltas WHERE delta_date = %s", parameters=(ds,))
        log.info("%s stock deltas waiting for %s", deltas, ds)
        if logical_date.weekday() == 6:
            return "full_reload"
        return "apply_deltas"

    full_reload = EmptyOperator(task_id="full_reload")

    apply_deltas = SQLExecuteQueryOperator(
        task_id="apply_deltas",
        conn_id="warehouse",
        pool="warehouse",
        sql="""
            UPDATE mart.store_stock s
            SET on_hand = d.on_hand,
                updated_at = now()
            FROM staging.stock_deltas d
            JOIN mart.stores st ON st.store_id = s.store_id
            WHERE d.store_code = st.store_code
              AND d.sku = s.sku
              AND d.delta_date = DATE '{{ ds }}'
        """,
    )

    done = EmptyOperator(task_id="done", trigger_rule=TriggerRule.NONE_FAILED_MIN_ONE_SUCCESS)

    choose_mode() >> [full_reload, apply_deltas] >> done
