"""Fetch the warehouse loader password from Vault and load the nightly returns batch."""
import logging
import time
from datetime import datetime

import requests
from airflow.sdk import dag, task

log = logging.getLogger("acme.vault")
VAULT_ADDR = "http://127.0.0.1:18200"
SECRET_PATH = "v1/secret/data/warehouse/loader"


@dag(schedule="@daily", start_date=datetime(2026, 12, 1), catchup=False, tags=["returns", "warehouse"])
def warehouse_credentials_refresh():
    @task
    def load_returns_batch():
        log.info("batch staging: 4 stale temp tables evicted, killed_flag=false")
        token = "s.loader-approle-token"
        last = None
        for attempt in range(1, 5):
            log.info("reading %s from Vault (attempt %d/4)", SECRET_PATH, attempt)
            resp = requests.get(f"{VAULT_ADDR}/{SECRET_PATH}", headers={"X-Vault-Token": token}, timeout=5)
            if resp.status_code == 200:
                password = resp.json()["data"]["data"]["password"]
                break
            last = resp
            log.warning("Vault answered %s: %s; backing off", resp.status_code, resp.text.strip())
            time.sleep(2 * attempt)
        else:
            last.raise_for_status()
        log.info("connected to warehouse as loader; 1830 rows loaded, error_count=0")
        return len(password)

    load_returns_batch()


warehouse_credentials_refresh()
