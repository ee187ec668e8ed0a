"""Load the store sales extract into Postgres staging.

v2.14.0 (deploy 2026-12-07): switched to copy_from_file() — server-side COPY, "faster, no client buffering".
"""
import logging
import os
from datetime import datetime

import psycopg2
from airflow.sdk import DAG
from airflow.providers.standard.operators.python import PythonOperator

log = logging.getLogger("acme.loader")
EXTRACT_DIR = "/tmp/pr25/extracts"
DSN = "host=127.0.0.1 port=5432 dbname=pr25 user=etl_loader"


def copy_from_stdin(cur, path):
    with open(path) as fh:
        cur.copy_expert("COPY staging.store_sales FROM STDIN WITH (FORMAT csv, HEADER true)", fh)


def copy_from_file(cur, path):
    cur.execute(f"COPY staging.store_sales FROM '{path}' WITH (FORMAT csv, HEADER true)")


def _load(ds, **_):
    path = os.path.join(EXTRACT_DIR, f"store_sales_{ds}.csv")
    n = sum(1 for _ in open(path)) - 1
    log.info("extract %s has %d rows, columns=store_id,sale_date,sku,qty,amount", path, n)
    conn = psycopg2.connect(DSN)
    log.info("connected as etl_loader; ping timed out once earlier, succeeded on retry")
    with conn, conn.cursor() as cur:
        cur.execute("DELETE FROM staging.store_sales WHERE sale_date = %s", (ds,))
        log.info("deleted %d existing rows for %s", cur.rowcount, ds)
        copy_from_file(cur, path)
        log.info("loaded %d rows", cur.rowcount)


with DAG("store_sales_load", start_date=datetime(2026, 12, 1), schedule=None, catchup=False,
         default_args={"retries": 0}) as dag:
    PythonOperator(task_id="load_store_sales", python_callable=_load)
