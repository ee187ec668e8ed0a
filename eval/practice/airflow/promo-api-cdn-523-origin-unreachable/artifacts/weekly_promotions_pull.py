"""Pulls the active promotions from the promo API for the pricing engine."""
import json
import logging
import os
import time
from datetime import datetime, timedelta

import requests
from airflow.providers.standard.operators.python import PythonOperator
from airflow.sdk import DAG

log = logging.getLogger("retail.promotions")
PROMO_API = "http://127.0.0.1:28665"


def _get(path, params=None, tries=3):
    for attempt in range(1, tries + 1):
        resp = requests.get(PROMO_API + path, params=params, timeout=10)
        if resp.status_code < 500 or attempt == tries:
            if attempt > 1 and resp.ok:
                log.warning("promo API %s recovered on attempt %d", path, attempt)
            return resp
        log.warning("promo API %s answered %s %s (attempt %d/%d), retrying", path, resp.status_code, resp.reason, attempt, tries)
        time.sleep(2)
    return resp


def check_edge(**_):
    resp = _get("/health")
    resp.raise_for_status()
    log.info("promo edge healthy: %s", resp.json())


def pull_promotions(ds, **_):
    log.info("pulling promotions valid on %s from promo API %s", ds, PROMO_API)
    resp = _get("/v2/promotions", params={"valid_on": ds, "page_size": 500})
    resp.raise_for_status()
    promos = resp.json()["items"]
    os.makedirs("/tmp/h55-data/promotions", exist_ok=True)
    with open(f"/tmp/h55-data/promotions/promotions_{ds}.json", "w") as fh:
        json.dump(promos, fh)
    log.info("stored %d promotions", len(promos))


with DAG("weekly_promotions_pull", schedule="@daily", start_date=datetime(2026, 12, 1), catchup=False,
         default_args={"retries": 1, "retry_delay": timedelta(seconds=5)}, tags=["retail", "pricing"]) as dag:
    edge = PythonOperator(task_id="check_edge", python_callable=check_edge)
    pull = PythonOperator(task_id="pull_promotions", python_callable=pull_promotions)
    edge >> pull
