import logging
import pendulum
import requests
from airflow.sdk import DAG, task

log = logging.getLogger(__name__)
RATES_URL = "http://127.0.0.1:18881/v2/rates?base=EUR"

with DAG("partner_rates", start_date=pendulum.datetime(2026, 12, 1, tz="UTC"), schedule=None, catchup=False, tags=["fx"]):
    @task
    def fetch_partner_rates():
        log.info("Fetching partner rates from %s (timeout=10s)", RATES_URL)
        resp = requests.get(RATES_URL, timeout=10)
        log.info("Partner rates answered %s (%s bytes)", resp.status_code, len(resp.content))
        resp.raise_for_status()
        payload = resp.json()
        rates = payload["rates"]
        log.info("Got %d rates", len(rates))
        return len(rates)

    fetch_partner_rates()
