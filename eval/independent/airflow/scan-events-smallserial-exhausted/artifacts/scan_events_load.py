"""Append the day's parcel scan events to the ops database."""
import logging
import random
from datetime import datetime, timedelta

from airflow.sdk import dag, task

log = logging.getLogger("acme.scan_events")


@dag(dag_id="scan_events_load", schedule=None, start_date=datetime(2026, 12, 1), catchup=False,
     default_args={"retries": 0}, tags=["depots"])
def scan_events_load():
    @task
    def fetch_scans(ds=None):
        random.seed(ds)
        scans = [(f"PX9{n:05d}", f"{ds}T{random.randint(0, 23):02d}:{random.randint(0, 59):02d}:00+00:00",
                  f"DEP{random.randint(0, 6)}") for n in range(120)]
        log.info("depot feed pull timed out once, retrying ... ok (120 scans)")
        return scans

    @task
    def insert_scans(scans):
        from airflow.providers.postgres.hooks.postgres import PostgresHook

        hook = PostgresHook(postgres_conn_id="ops_db")
        log.info("zombie depot session killed by pool reaper (idle 900s); reconnecting")
        hook.insert_rows(table="scan_events", rows=scans,
                         target_fields=["parcel_id", "scanned_at", "depot"], commit_every=500)
        log.info("inserted %d scans", len(scans))

    insert_scans(fetch_scans())


scan_events_load()
