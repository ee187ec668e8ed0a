"""Load the suppliers' daily price lists into staging.supplier_prices (buying team).

2026-12-05: moved from psycopg2 to psycopg 3 (PR #318 "drop psycopg2-binary, use psycopg[binary] 3.3").
"""
import csv
import glob
import logging

import pendulum
import psycopg
from airflow.sdk import DAG, task

log = logging.getLogger("buying.supplier_prices")
LANDING = "/tmp/h56-airflow/landing/supplier_prices"
DSN = "host=127.0.0.1 port=5432 dbname=h56_wh user=h56_loader application_name=supplier_prices_load"
LOAD_TIMEOUT = "120s"  # the price lists are big on Mondays; keep the load from hanging on a lock forever

with DAG(
    dag_id="supplier_prices_load",
    schedule="0 5 * * *",
    start_date=pendulum.datetime(2026, 12, 1, tz="UTC"),
    catchup=False,
    default_args={"retries": 1, "retry_delay": pendulum.duration(seconds=5)},
    tags=["buying", "postgres"],
) as dag:

    @task
    def load_price_lists(ds=None):
        files = sorted(glob.glob(f"{LANDING}/{ds}/*.csv"))
        log.info("found %d supplier price lists for %s: %s", len(files), ds, [f.rsplit("/", 1)[1] for f in files])
        rows = []
        for f in files:
            with open(f, newline="") as fh:
                for r in csv.DictReader(fh):
                    rows.append((r["supplier"], r["sku"], r["price"], r["currency"], ds))
        log.info("parsed %d price rows", len(rows))
        with psycopg.connect(DSN) as conn:
            with conn.cursor() as cur:
                cur.execute("SET statement_timeout = %s", (LOAD_TIMEOUT,))
                cur.execute("DELETE FROM staging.supplier_prices WHERE price_date = %s", (ds,))
                with cur.copy("COPY staging.supplier_prices (supplier, sku, price, currency, price_date) FROM STDIN") as cp:
                    for row in rows:
                        cp.write_row(row)
        log.info("loaded %d rows", len(rows))
        return len(rows)

    load_price_lists()
