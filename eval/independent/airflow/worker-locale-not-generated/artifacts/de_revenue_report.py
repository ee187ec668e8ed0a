"""Weekly revenue report for the German sales team (amounts in de_DE format)."""
import locale
import logging
import sqlite3
from datetime import datetime

from airflow.sdk import dag, task

log = logging.getLogger("acme.revenue_report")


@dag(dag_id="de_revenue_report", schedule="0 6 * * 1", start_date=datetime(2026, 12, 1), catchup=False,
     tags=["reporting"])
def de_revenue_report():
    @task
    def render_report(ds=None):
        con = sqlite3.connect("/tmp/ind13/shop.db")
        rows = con.execute("select store_id, sum(amount) from orders group by store_id order by 1").fetchall()
        log.info("aggregated %d stores (error_count=0); previous report cache evicted", len(rows))
        locale.setlocale(locale.LC_ALL, "de_DE.UTF-8")
        lines = [f"Filiale {s}: {locale.currency(v, grouping=True)}" for s, v in rows]
        path = f"/tmp/ind13/landing/umsatz_{ds}.txt"
        with open(path, "w") as fh:
            fh.write("\n".join(lines))
        log.info("report written to %s", path)

    render_report()


de_revenue_report()
