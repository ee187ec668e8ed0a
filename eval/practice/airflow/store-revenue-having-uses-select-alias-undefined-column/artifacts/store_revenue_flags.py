"""Flags stores whose daily revenue passes the bonus threshold (refactored 2026-12-05 to push the filter into SQL)."""
import logging
from datetime import datetime

import psycopg
from airflow.sdk import BaseHook, dag, task

log = logging.getLogger("acme.retail.store_flags")

FLAG_SQL = """
SELECT store_id, sum(amount) AS total_revenue, count(*) AS tickets
FROM sales.store_sales
WHERE sold_on = %(day)s
GROUP BY store_id
HAVING total_revenue > %(threshold)s
ORDER BY store_id
"""


@dag(dag_id="store_revenue_flags", schedule=None, start_date=datetime(2026, 12, 1), catchup=False,
     default_args={"retries": 0})
def store_revenue_flags():
    @task
    def flag_stores():
        c = BaseHook.get_connection("pr38_shop_pg")
        log.info("connecting to %s:%s/%s as %s", c.host, c.port, c.schema, c.login)
        with psycopg.connect(host=c.host, port=c.port, dbname=c.schema, user=c.login) as conn:
            n = conn.execute("SELECT count(*) FROM sales.store_sales WHERE sold_on = '2026-12-06'").fetchone()[0]
            log.info("store_sales rows for 2026-12-06: %d (killed tickets excluded upstream)", n)
            rows = conn.execute(FLAG_SQL, {"day": "2026-12-06", "threshold": 1000}).fetchall()
        log.info("%d stores over threshold", len(rows))
        return [r[0] for r in rows]

    flag_stores()


store_revenue_flags()
