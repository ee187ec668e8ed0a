"""Rebuild the customer lifetime-value ranking table (runs as the etl_loader role)."""
import logging
from datetime import datetime, timedelta

import psycopg2
from airflow.sdk import dag, task

log = logging.getLogger("acme.ranking")


@dag(dag_id="customer_ranking_rebuild", schedule=None, start_date=datetime(2026, 12, 1), catchup=False,
     tags=["crm"], default_args={"retries": 0})
def customer_ranking_rebuild():
    @task
    def rebuild_ranking():
        conn = psycopg2.connect(host="127.0.0.1", dbname="pr22", user="etl_loader")
        cur = conn.cursor()
        cur.execute("SELECT count(*) FROM shop.customer_events")
        log.info("customer_events rows=%s (usual nightly volume 250k-320k)", cur.fetchone()[0])
        log.info("stats cache: 5 entries evicted; error_count=0")
        cur.execute("SHOW work_mem")
        log.info("session work_mem=%s", cur.fetchone()[0])
        cur.execute("""
            CREATE TEMP TABLE ranking AS
            SELECT customer_id, sum(value) AS ltv, max(payload) AS last_payload,
                   rank() OVER (ORDER BY sum(value) DESC) AS rnk
            FROM shop.customer_events GROUP BY customer_id ORDER BY ltv DESC
        """)
        log.info("ranking built: %d customers", cur.rowcount)
        conn.commit()

    rebuild_ranking()


customer_ranking_rebuild()
