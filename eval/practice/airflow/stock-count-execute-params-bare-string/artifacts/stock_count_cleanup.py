"""Delete yesterday's provisional stock counts before the nightly recount is loaded."""
import logging
from datetime import datetime

import psycopg
from airflow.sdk import Connection, dag, task

log = logging.getLogger("stock.cleanup")


@dag(dag_id="stock_count_cleanup", schedule=None, start_date=datetime(2026, 12, 1), catchup=False,
     default_args={"retries": 0}, tags=["stock", "pr35"])
def stock_count_cleanup():
    @task
    def delete_provisional():
        c = Connection.get("pr35_stock_db")
        count_date = "2026-12-06"
        log.info("cleaning provisional counts for %s (stale sessions are killed by the DBA job)", count_date)
        with psycopg.connect(host=c.host, port=c.port, dbname=c.schema, user=c.login) as conn:
            n = conn.execute("select count(*) from stock_counts").fetchone()[0]
            log.info("stock_counts holds %d rows", n)
            cur = conn.execute("delete from stock_counts where count_date = %s and provisional", count_date)
            log.info("deleted %d provisional rows", cur.rowcount)

    delete_provisional()


stock_count_cleanup()
