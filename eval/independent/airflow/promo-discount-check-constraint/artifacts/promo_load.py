"""Load the partner's daily promotions file into the ops database."""
import csv
import logging
from datetime import datetime, timedelta

from airflow.sdk import dag, task

log = logging.getLogger("acme.promo_load")
LANDING = "/tmp/ind14/data"


@dag(dag_id="promo_load", schedule=None, start_date=datetime(2026, 12, 1), catchup=False,
     default_args={"retries": 0}, tags=["partner", "promotions"])
def promo_load():
    @task
    def load_promotions(ds=None):
        from airflow.providers.postgres.hooks.postgres import PostgresHook

        path = f"{LANDING}/promotions_{ds.replace('-', '')}.csv"
        log.info("reading partner promotions file %s", path)
        with open(path, newline="") as fh:
            rows = list(csv.DictReader(fh))
        log.info("parsed %d promotions, error_count=0, killed_flag=false", len(rows))
        log.info("stale promo cache entries evicted: 3 (older than 30 days)")
        hook = PostgresHook(postgres_conn_id="ops_db")
        hook.run("DELETE FROM promotions WHERE starts_on >= %s", parameters=(ds,))
        hook.insert_rows(
            table="promotions",
            rows=[(r["promo_id"], r["sku"], r["discount_pct"], r["starts_on"], r["ends_on"]) for r in rows],
            target_fields=["promo_id", "sku", "discount_pct", "starts_on", "ends_on"],
            commit_every=100,
        )
        log.info("promotions loaded: %d", len(rows))

    load_promotions()


promo_load()
