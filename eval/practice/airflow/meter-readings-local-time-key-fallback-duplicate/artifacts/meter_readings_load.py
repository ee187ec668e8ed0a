"""Loads hourly smart-meter readings (UTC from the head-end system) into the billing database."""
import json, logging
from datetime import datetime
from zoneinfo import ZoneInfo

import pendulum
import psycopg2
from airflow.sdk import dag, task

log = logging.getLogger(__name__)
DSN = "host=127.0.0.1 port=5432 dbname=pr18 user=postgres"
LOCAL = ZoneInfo("Europe/Berlin")


@dag(schedule="@daily", start_date=pendulum.datetime(2026, 10, 1, tz="UTC"), catchup=False,
     tags=["metering"], default_args={"retries": 0})
def meter_readings_load():
    @task
    def load_readings(ds=None):
        path = f"/tmp/pr18/landing/meters/readings_{ds}.jsonl"
        with open(path) as fh:
            recs = [json.loads(line) for line in fh]
        log.info("read %s: %d readings from %d meters", path, len(recs), len({r['meter_id'] for r in recs}))
        rows = []
        for r in recs:
            utc = datetime.fromisoformat(r["reading_utc"].replace("Z", "+00:00"))
            local_naive = utc.astimezone(LOCAL).replace(tzinfo=None)  # billing is in local time
            rows.append((r["meter_id"], local_naive, r["kwh"]))
        conn = psycopg2.connect(DSN)
        log.info("connected to billing db; pool heartbeat ok, 1 idle connection killed by pgbouncer earlier")
        with conn, conn.cursor() as cur:
            cur.execute("""create table if not exists meter_readings (
                meter_id text, reading_local_ts timestamp, kwh numeric(10,3),
                constraint meter_readings_pkey primary key (meter_id, reading_local_ts))""")
            cur.execute("delete from meter_readings where reading_local_ts::date = %s", (ds,))
            cur.executemany("insert into meter_readings values (%s, %s, %s)", rows)
        log.info("inserted %d readings for %s, error_count=0", len(rows), ds)

    load_readings()


meter_readings_load()
