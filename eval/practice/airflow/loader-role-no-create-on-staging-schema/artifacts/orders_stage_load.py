"""Stage the day's orders into PostgreSQL (database pr24_wh, schema staging)."""
import logging
from datetime import datetime

import psycopg2
from airflow.sdk import dag, task

log = logging.getLogger("acme.stage")
DSN = "host=127.0.0.1 port=5432 dbname=pr24_wh user=pr24_loader"


@dag(dag_id="orders_stage_load", schedule=None, start_date=datetime(2026, 1, 1), catchup=False, tags=["pr24"])
def orders_stage_load():
    @task(retries=0)
    def stage_orders(ds=None):
        log.info("connecting: %s", DSN)
        conn = psycopg2.connect(DSN)
        cur = conn.cursor()
        cur.execute("select current_user, current_database(), version()")
        log.info("connected as %s to %s (%s)", *cur.fetchone()[:2], "ok")
        cur.execute("select count(*) from public.orders_source where order_date = %s", (ds,))
        n = cur.fetchone()[0]
        log.info("source rows for %s: %d; error_count=0", ds, n)
        table = "staging.orders_load_" + ds.replace("-", "")
        log.info("creating %s", table)
        cur.execute(f"create table {table} as select * from public.orders_source where order_date = %s", (ds,))
        conn.commit()
        log.info("staged %d rows into %s", n, table)
        return n

    stage_orders()


orders_stage_load()
