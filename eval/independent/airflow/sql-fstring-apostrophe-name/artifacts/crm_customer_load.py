"""Load the CRM customer extract into the staging SQLite database."""
import csv
import logging
import sqlite3
from datetime import datetime

from airflow.sdk import dag, task

log = logging.getLogger("acme.crm_load")
EXTRACT = "/tmp/ind9/data/crm/customers_20261207.csv"
DB = "/tmp/ind9/data/crm/staging.db"


@dag(schedule=None, start_date=datetime(2026, 12, 1), catchup=False, tags=["crm"])
def crm_customer_load():
    @task
    def load_customers():
        log.info("connection pool: 1 zombie connection killed before checkout")
        conn = sqlite3.connect(DB)
        conn.execute("create table if not exists customers (customer_id integer primary key, first_name text, last_name text, country text, killed_flag text)")
        conn.execute("delete from customers")
        loaded = 0
        with open(EXTRACT, newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                conn.execute(
                    f"insert into customers values ({row['customer_id']}, '{row['first_name']}', "
                    f"'{row['last_name']}', '{row['country']}', '{row['killed_flag']}')"
                )
                loaded += 1
                if loaded % 100 == 0:
                    log.info("progress: %d customers loaded, error_count=0", loaded)
        conn.commit()
        log.info("loaded %d customers", loaded)
        return loaded

    load_customers()


crm_customer_load()
