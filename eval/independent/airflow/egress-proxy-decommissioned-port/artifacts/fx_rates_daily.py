"""Daily FX rates from the partner API into the rates cache."""
import logging
import os

import pendulum
import requests
from airflow.sdk import dag, task

log = logging.getLogger("acme.fx")
EGRESS_ENV = "/tmp/ind16/etc/acme/egress.env"


@dag(schedule=None, start_date=pendulum.datetime(2026, 11, 1, tz="UTC"), catchup=False, tags=["fx", "partner"])
def fx_rates_daily():
    @task
    def fetch_rates():
        keys = []
        with open(EGRESS_ENV) as fh:
            for line in fh:
                line = line.strip()
                if line and not line.startswith("#"):
                    k, v = line.split("=", 1)
                    os.environ[k] = v
                    keys.append(k)
        log.info("egress settings loaded from %s: %s", EGRESS_ENV, ", ".join(keys))
        log.info("rates cache: 3 stale entries evicted (older than 7 days); error_count=0 killed_flag=false")
        url = "https://rates.partner-fx.example/v2/daily"
        log.info("fetching %s base=EUR", url)
        resp = requests.get(url, params={"base": "EUR"}, timeout=20)
        resp.raise_for_status()
        rates = resp.json()["rates"]
        log.info("got %d rates", len(rates))
        return len(rates)

    fetch_rates()


fx_rates_daily()
