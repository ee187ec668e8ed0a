"""Refresh the 'web buyers' customer segment in the shop database."""
import logging
from datetime import datetime

import psycopg
from airflow.sdk import dag, task

log = logging.getLogger("acme.crm.segments")

SEGMENT_SQL = """
INSERT INTO segment_members (segment, customer_id, day)
SELECT 'web_buyers', customer_id, DATE '{ds}'
FROM orders
WHERE attrs @> '{"channel": "web"}'::jsonb
  AND ordered_at::date = DATE '{ds}'
"""


@dag(schedule=None, start_date=datetime(2026, 12, 1), catchup=False, tags=["crm"],
     default_args={"retries": 0})
def web_segment_refresh():
    @task
    def refresh_segment(ds=None):
        with psycopg.connect("host=127.0.0.1 port=5432 dbname=pr33_shop user=postgres") as conn:
            ver = conn.execute("select version()").fetchone()[0]
            log.info("connected to shop db: %s", ver.split(",")[0])
            n = conn.execute("select count(*) from orders").fetchone()[0]
            log.info("orders table has %d rows; statement timeout 30s, retrying disabled", n)
            sql = SEGMENT_SQL.format(ds=ds)
            cur = conn.execute(sql)
            log.info("inserted %d segment members", cur.rowcount)

    refresh_segment()


web_segment_refresh()
