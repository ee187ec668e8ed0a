"""Daily check that the general ledger balances before the finance export runs."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from airflow.providers.common.sql.operators.sql import SQLValueCheckOperator
from airflow.sdk import DAG, task

log = logging.getLogger("finance.gl")

with DAG(
    dag_id="finance_gl_balance_check",
    start_date=datetime(2026, 11, 1),
    schedule=None,
    catchup=False,
    default_args={"retries": 1, "retry_delay": timedelta(seconds=5)},
    tags=["finance", "dq"],
) as dag:

    @task
    def announce(ds=None):
        log.info("checking ledger balance month-to-date up to %s on finance_db (on-prem replica)", ds)
        log.warning("FX revaluation job still running for EUR/CHF; balance check ignores revaluation accounts")

    gl_balanced = SQLValueCheckOperator(
        task_id="gl_balanced",
        conn_id="finance_db",
        sql="""
            SELECT round(sum(debit) - sum(credit), 2)
            FROM finance.gl_postings
            WHERE posting_date BETWEEN date_trunc('month', DATE '{{ ds }}')::date AND DATE '{{ ds }}'
        """,
        pass_value=0,
        tolerance=0.0001,
    )

    @task
    def start_finance_export():
        log.info("finance export released")

    announce() >> gl_balanced >> start_finance_export()
