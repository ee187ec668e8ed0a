"""Daily store sales rollup. Deploy 2026-12-06: window now looks back one extra day for late tills."""
from __future__ import annotations

import csv
import logging
import os
import random
from datetime import timedelta

import pendulum
from airflow.sdk import dag, task

log = logging.getLogger("acme.store_rollup")
OUT_DIR = "/tmp/h42-af/out"


@dag(
    dag_id="store_sales_rollup",
    schedule=None,
    start_date=pendulum.datetime(2026, 11, 1, tz="UTC"),
    catchup=False,
    default_args={"retries": 1, "retry_delay": timedelta(seconds=5)},
    tags=["sales"],
)
def store_sales_rollup():
    @task
    def rollup(data_interval_start=None, data_interval_end=None):
        log.info("till heartbeat check: 40 tills online, 2 reported timeout earlier and recovered")
        log.info("cache: 118 stale price entries evicted")
        # late tills: look back one extra day (added in deploy 2026-12-06)
        window_start = pendulum.instance(data_interval_start).subtract(day=1)
        window_end = pendulum.instance(data_interval_end)
        log.info("rollup window %s -> %s", window_start, window_end)
        os.makedirs(OUT_DIR, exist_ok=True)
        rng = random.Random(42)
        path = os.path.join(OUT_DIR, f"store_sales_{window_end:%Y%m%d}.csv")
        with open(path, "w", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["store_id", "net_sales"])
            for s in range(1, 41):
                w.writerow([f"S{s:02d}", round(rng.uniform(800, 9000), 2)])
        log.info("wrote %s", path)
        return path

    rollup()


store_sales_rollup()
