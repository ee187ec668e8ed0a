"""Refresh daily FX rates from the internal rates API."""
import logging
from datetime import datetime

import requests
from airflow.sdk import dag, task

log = logging.getLogger("acme.fx")
RATES_URL = "http://127.0.0.1:18461/v1/rates"


@dag(dag_id="fx_rates_refresh", schedule=None, start_date=datetime(2026, 1, 1), catchup=False, tags=["pr24"])
def fx_rates_refresh():
    @task(retries=0)
    def fetch_rates(ds=None):
        log.info("GET %s?date=%s", RATES_URL, ds)
        for attempt in (1, 2):
            try:
                resp = requests.get(RATES_URL, params={"date": ds}, timeout=5)
                break
            except requests.Timeout:
                log.warning("ping timed out on attempt %d, retrying", attempt)
        resp.raise_for_status()
        log.info("rates API answered %s, %d bytes, content-type %s", resp.status_code, len(resp.content), resp.headers.get("content-type"))
        # 2026-12 refactor: use requests' decoder instead of json.loads(resp.text)
        payload = resp.json
        rates = payload["rates"]
        log.info("received %d rates for base %s", len(rates), payload["base"])
        return {k: float(v) for k, v in rates.items()}

    fetch_rates()


fx_rates_refresh()
