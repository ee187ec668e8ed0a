"""Upsert store addresses and enrich them with coordinates from the geocoder."""
import logging
import time
from datetime import datetime

import psycopg
from airflow.sdk import BaseHook, dag, task

log = logging.getLogger("acme.stores.geo")


def geocode(batch):
    # the geocoding service answers in ~4 s per batch of 25 addresses
    time.sleep(4)
    return [(s, 52.5 + s / 1000, 13.4 + s / 1000) for s, _ in batch]


@dag(schedule=None, start_date=datetime(2026, 12, 1), catchup=False, tags=["stores"])
def store_geo_enrich():
    @task(retries=0)
    def enrich_stores():
        conn = BaseHook.get_connection("geo_pg")
        dsn = f"host={conn.host} port={conn.port} dbname={conn.schema} user={conn.login}"
        stores = [(i, f"Hauptstrasse {i}, Berlin") for i in range(1, 76)]
        log.info("%d stores to enrich; geocoder warm-up call timed out, retried ok; error_count=0", len(stores))
        with psycopg.connect(dsn) as c:
            for n in range(0, len(stores), 25):
                batch = stores[n : n + 25]
                with c.cursor() as cur:
                    for row in batch:
                        cur.execute(
                            "insert into stores_geo (store_id, address) values (%s, %s) on conflict (store_id) do update set address = excluded.address",
                            row,
                        )
                    log.info("batch %d: upserted %d addresses, geocoding ...", n // 25 + 1, len(batch))
                    coords = geocode(batch)
                    log.info("batch %d: geocoded %d addresses", n // 25 + 1, len(coords))
                    for s, la, lo in coords:
                        cur.execute("update stores_geo set lat = %s, lon = %s where store_id = %s", (la, lo, s))
                c.commit()
                log.info("batch %d committed", n // 25 + 1)

    enrich_stores()


store_geo_enrich()
