"""Extract yesterday's daily_orders rollup from the warehouse for the finance export."""
import json
import logging
from datetime import datetime, timedelta

import psycopg2
from airflow.sdk import dag, task
from airflow.sdk.bases.hook import BaseHook

log = logging.getLogger("acme.finance_export")


@dag(dag_id="daily_orders_extract", schedule=None, start_date=datetime(2026, 12, 1), catchup=False,
     tags=["finance"], default_args={"retries": 0})
def daily_orders_extract():
    @task
    def extract_daily_orders():
        c = BaseHook.get_connection("warehouse")
        extra = c.extra_dejson
        log.info("connecting to warehouse host=%s port=%s db=%s user=%s options=%r",
                 c.host, c.port, c.schema, c.login, extra.get("options"))
        log.info("healthcheck ping timed out once, retry succeeded in 0.04s")
        conn = psycopg2.connect(host=c.host, port=c.port, dbname=c.schema, user=c.login,
                                options=extra.get("options", ""))
        cur = conn.cursor()
        cur.execute("SHOW search_path")
        log.info("session search_path=%s", cur.fetchone()[0])
        cur.execute("SELECT order_date, orders, revenue FROM daily_orders WHERE order_date = DATE '2026-12-06'")
        rows = cur.fetchall()
        log.info("extracted %d rows", len(rows))
        return json.dumps([[str(a), b, float(c_)] for a, b, c_ in rows])

    extract_daily_orders()


daily_orders_extract()
