"""Daily order totals converted to EUR.

Rates are maintained by finance in the Airflow Variable ``fx_rates_to_eur`` (JSON, currency -> rate).
"""
import json
import logging
import random
from datetime import datetime

from airflow.sdk import DAG, Variable, task

log = logging.getLogger("acme.orders_to_eur")
SUPPORTED_CURRENCIES = ["USD", "GBP", "CHF", "SEK"]

with DAG("orders_to_eur", start_date=datetime(2026, 12, 1), schedule=None, catchup=False, tags=["finance"]):

    @task(retries=0)
    def convert_orders(ds=None):
        log.info("supported currencies: %s", ",".join(SUPPORTED_CURRENCIES))
        log.info("ping orders-db: timed out after 2.0s, retry 1/3 ... ok (41 ms)")
        rnd = random.Random(20261206)
        orders = [
            {"order_id": 9000 + i, "currency": SUPPORTED_CURRENCIES[i % 4], "amount": round(rnd.uniform(5, 400), 2)}
            for i in range(480)
        ]
        log.info("extracted %d orders for %s from orders-db", len(orders), ds)
        by_cur = {}
        for o in orders:
            by_cur[o["currency"]] = by_cur.get(o["currency"], 0) + 1
        log.info("orders by currency: %s", ", ".join(f"{k}={v}" for k, v in sorted(by_cur.items())))
        log.info("local rate cache: 2 stale entries evicted")
        rates = json.loads(Variable.get("fx_rates_to_eur"))
        log.info("loaded variable fx_rates_to_eur: %d rates", len(rates))
        total_eur = 0.0
        for o in orders:
            total_eur += o["amount"] * rates[o["currency"]]
        log.info("total EUR for %s: %.2f (error_count=0)", ds, total_eur)
        return round(total_eur, 2)

    convert_orders()
