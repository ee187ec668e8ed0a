"""Pull the marketplace's orders for the day and stage them for the finance load (e-commerce team)."""
import json
import logging
import os
from urllib.parse import urljoin

import pendulum
import requests
from airflow.sdk import DAG, Variable, task

log = logging.getLogger("ecom.marketplace")
STAGE = "/tmp/h56-airflow/stage"

with DAG(
    dag_id="marketplace_orders_pull",
    schedule="0 2 * * *",
    start_date=pendulum.datetime(2026, 12, 1, tz="UTC"),
    catchup=False,
    default_args={"retries": 1, "retry_delay": pendulum.duration(seconds=5)},
    tags=["ecom", "marketplace"],
) as dag:

    @task
    def pull_orders(ds=None):
        base = Variable.get("orders_api_base_url")
        token = Variable.get("orders_api_token")
        url = urljoin(base, "orders")
        log.info("marketplace API base %s", base)
        headers = {"Authorization": f"Bearer {token}", "User-Agent": "acme-airflow/3 marketplace_orders_pull"}
        orders, page = [], 1
        while page:
            resp = requests.get(url, params={"created_date": ds, "page": page}, headers=headers, timeout=30)
            if resp.status_code == 429:
                log.warning("rate limited by marketplace, Retry-After=%s", resp.headers.get("Retry-After"))
            resp.raise_for_status()
            body = resp.json()
            orders.extend(body["orders"])
            page = body.get("next_page")
        os.makedirs(STAGE, exist_ok=True)
        with open(f"{STAGE}/marketplace_orders_{ds}.json", "w") as fh:
            json.dump(orders, fh)
        log.info("staged %d marketplace orders", len(orders))
        return len(orders)

    pull_orders()
