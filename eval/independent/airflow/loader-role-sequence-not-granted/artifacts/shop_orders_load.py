"""Load the storefront's order export into the shop database as the least-privilege loader role."""
import csv
import logging
from datetime import datetime

from airflow.providers.postgres.hooks.postgres import PostgresHook
from airflow.sdk import dag, task

log = logging.getLogger("acme.shop_orders")
EXPORT = "/tmp/ind12/landing/shop_orders_{ds_nodash}.csv"


@dag(schedule="@daily", start_date=datetime(2026, 12, 1), catchup=False, tags=["shop", "orders"])
def shop_orders_load():
    @task(retries=0)
    def load_orders(ds_nodash=None):
        path = EXPORT.format(ds_nodash=ds_nodash)
        with open(path, newline="") as fh:
            rows = [(r["order_ref"], r["customer_ref"], r["amount"], r["ordered_at"]) for r in csv.DictReader(fh)]
        log.info("read %d orders from %s (2 stale staging files evicted, error_count=0)", len(rows), path)
        hook = PostgresHook(postgres_conn_id="shop_loader")
        existing = hook.get_first("select count(*) from public.orders")[0]
        log.info("orders table currently holds %d rows; loader session ok, killed_flag=false", existing)
        hook.insert_rows("public.orders", rows, target_fields=["order_ref", "customer_ref", "amount", "ordered_at"],
                         commit_every=1000)
        log.info("loaded %d orders", len(rows))

    load_orders()


shop_orders_load()
