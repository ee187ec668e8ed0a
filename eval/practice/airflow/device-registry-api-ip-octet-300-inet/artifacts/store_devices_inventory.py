"""Nightly copy of the store device registry (tills, scanners, printers) into net.devices (store IT)."""
import logging

import pendulum
import psycopg2
import requests
from psycopg2.extras import execute_values
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry
from airflow.sdk import DAG, task

log = logging.getLogger("storeit.devices")
REGISTRY = "http://127.0.0.1:28668/registry/v3/devices"
DSN = "host=127.0.0.1 port=5432 dbname=h56_wh user=h56_loader application_name=store_devices_inventory"

with DAG(
    dag_id="store_devices_inventory",
    schedule="15 1 * * *",
    start_date=pendulum.datetime(2026, 12, 1, tz="UTC"),
    catchup=False,
    default_args={"retries": 1, "retry_delay": pendulum.duration(seconds=5)},
    tags=["store-it", "inventory"],
) as dag:

    @task
    def copy_registry(ds=None):
        s = requests.Session()
        s.mount("http://", HTTPAdapter(max_retries=Retry(total=3, backoff_factor=0.5, status_forcelist=[502, 503, 504])))
        devices, cursor = [], None
        while True:
            r = s.get(REGISTRY, params={"cursor": cursor, "limit": 100} if cursor else {"limit": 100}, timeout=20)
            r.raise_for_status()
            body = r.json()
            devices.extend(body["devices"])
            cursor = body.get("next_cursor")
            log.info("fetched %d devices so far (cursor=%s)", len(devices), cursor)
            if not cursor:
                break
        offline = sum(1 for d in devices if d["status"] == "offline")
        if offline:
            log.warning("%d devices offline for more than 24h; registry data for them may be stale", offline)
        rows = [(d["device_id"], d["hostname"], d["store"], d["kind"], d["mgmt_ip"], d["last_seen"]) for d in devices]
        conn = psycopg2.connect(DSN)
        try:
            with conn, conn.cursor() as cur:
                cur.execute("TRUNCATE net.devices")
                execute_values(
                    cur,
                    "INSERT INTO net.devices (device_id, hostname, store, kind, mgmt_ip, last_seen) VALUES %s",
                    rows,
                    page_size=200,
                )
                log.info("loaded %d devices into net.devices", cur.rowcount)
        finally:
            conn.close()

    copy_registry()
