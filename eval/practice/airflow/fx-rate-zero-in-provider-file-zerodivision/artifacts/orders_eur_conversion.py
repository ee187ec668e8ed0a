"""Convert the day's webshop orders to EUR with the FX provider's daily reference rates.

Rates file: one row per currency, rate = units of that currency per 1 EUR (provider: fxfeed, 16:00 CET fix).
"""
import csv
import logging
from datetime import datetime, timedelta
from pathlib import Path

from airflow.sdk import DAG, task

log = logging.getLogger("acme.orders_eur_conversion")
DATA = Path("/tmp/pr29/data")


def load_rates(ds):
    path = DATA / "fx" / f"fx_rates_{ds}.csv"
    with path.open() as fh:
        rates = {r["currency"]: float(r["rate_per_eur"]) for r in csv.DictReader(fh)}
    log.info("loaded %d fx rates from %s (provider fix %s 16:00 CET)", len(rates), path.name, ds)
    for cur in sorted(rates):
        log.info("rate %s per EUR = %.4f", cur, rates[cur])
    return rates


with DAG(
    "orders_eur_conversion",
    start_date=datetime(2026, 12, 1),
    schedule=None,
    catchup=False,
    default_args={"retries": 0, "retry_delay": timedelta(seconds=30)},
    tags=["finance", "fx"],
):

    @task
    def convert_orders(ds=None):
        log.info("fx cache: 3 stale entries evicted (older than 2 days)")
        rates = load_rates(ds)
        rates["EUR"] = 1.0
        orders_path = DATA / "orders" / f"webshop_orders_{ds}.csv"
        with orders_path.open() as fh:
            orders = list(csv.DictReader(fh))
        by_cur = {}
        for o in orders:
            by_cur[o["currency"]] = by_cur.get(o["currency"], 0) + 1
        log.info("read %d orders from %s; by currency: %s", len(orders), orders_path.name, by_cur)
        log.info("warehouse ping timed out after 5s, retrying (attempt 2/3)")
        log.info("warehouse ping ok on attempt 2, latency 212 ms")
        total_eur = 0.0
        out = []
        for i, o in enumerate(orders, start=1):
            amount_eur = round(float(o["amount"]) / rates[o["currency"]], 2)
            total_eur += amount_eur
            out.append({**o, "amount_eur": amount_eur})
            if i % 100 == 0:
                log.info("converted %d/%d orders, running total %.2f EUR", i, len(orders), total_eur)
        log.info("converted %d orders, total %.2f EUR, error_count=0", len(out), total_eur)
        target = DATA / "orders" / f"webshop_orders_eur_{ds}.csv"
        with target.open("w", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(out[0]))
            w.writeheader()
            w.writerows(out)
        return {"orders": len(out), "total_eur": round(total_eur, 2)}

    convert_orders()
