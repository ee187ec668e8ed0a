"""Publishes the daily KPI rows into the reporting database."""
import json
import logging
from datetime import datetime

import psycopg
from airflow.sdk import BaseHook, dag, task

log = logging.getLogger("acme.reporting.kpi_publish")


@dag(dag_id="daily_kpi_publish", schedule=None, start_date=datetime(2026, 12, 1), catchup=False,
     default_args={"retries": 0})
def daily_kpi_publish():
    @task
    def publish_kpis():
        c = BaseHook.get_connection("reporting_pg")
        extra = json.loads(c.extra or "{}")
        log.info("reporting connection %s:%s/%s extra keys=%s", c.host, c.port, c.schema, sorted(extra))
        kpis = [("orders", 1843), ("revenue_eur", 91234), ("refunds", 27), ("timeouts_retried", 0)]
        with psycopg.connect(host=c.host, port=c.port, dbname=c.schema, user=c.login,
                             options=extra.get("options", ""), application_name="kpi_publish") as conn:
            conn.execute("SELECT 1")
            log.info("connected; publishing %d KPI rows for 2026-12-06", len(kpis))
            with conn.cursor() as cur:
                cur.executemany("INSERT INTO kpi.daily (day, name, value) VALUES ('2026-12-06', %s, %s)", kpis)
        log.info("published")

    publish_kpis()


daily_kpi_publish()
