"""Hourly greenhouse telemetry: pull the sensor API, land raw readings in the warehouse (facilities team)."""
import logging

import pendulum
import psycopg
import requests
from psycopg.types.json import Jsonb
from airflow.sdk import DAG, task

log = logging.getLogger("facilities.telemetry")
API = "http://127.0.0.1:28666"
DSN = "host=127.0.0.1 port=5432 dbname=h56_wh user=h56_loader application_name=greenhouse_telemetry"

with DAG(
    dag_id="greenhouse_telemetry_load",
    schedule="@daily",
    start_date=pendulum.datetime(2026, 12, 1, tz="UTC"),
    catchup=False,
    default_args={"retries": 1, "retry_delay": pendulum.duration(seconds=5)},
    tags=["facilities", "telemetry"],
) as dag:

    @task
    def load_readings(ds=None):
        session = requests.Session()
        rows = []
        for site in ("GH-NORTH", "GH-SOUTH", "GH-EAST"):
            resp = session.get(f"{API}/v1/sites/{site}/readings", params={"date": ds}, timeout=10)
            resp.raise_for_status()
            body = resp.json()
            log.info("site %s: %d readings (firmware mix %s)", site, len(body["readings"]), body.get("firmware"))
            if body.get("stale_sensors"):
                log.warning("site %s reports %d stale sensors (last heartbeat > 15 min), loading anyway", site, body["stale_sensors"])
            for r in body["readings"]:
                rows.append((site, r["sensor_id"], r["read_at"], Jsonb(r["values"])))
        log.info("inserting %d readings into raw.sensor_readings", len(rows))
        with psycopg.connect(DSN) as conn, conn.cursor() as cur:
            cur.execute("DELETE FROM raw.sensor_readings WHERE read_at::date = %s", (ds,))
            log.info("removed %d readings of a previous run for %s", cur.rowcount, ds)
            cur.executemany(
                "INSERT INTO raw.sensor_readings (site, sensor_id, read_at, payload) VALUES (%s, %s, %s, %s)",
                rows,
            )
        return len(rows)

    load_readings()
