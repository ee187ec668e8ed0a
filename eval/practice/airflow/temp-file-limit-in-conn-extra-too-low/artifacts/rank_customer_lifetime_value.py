"""Nightly customer lifetime value ranking over the order lines table."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta

from airflow.sdk import dag, task

log = logging.getLogger("acme.crm")

RANK_SQL = """
SELECT customer_id, order_id, line_amount,
       sum(line_amount) OVER (PARTITION BY customer_id ORDER BY order_id) AS running_value
FROM crm.order_lines
ORDER BY customer_id, order_id, line_no
"""


@dag(dag_id="rank_customer_lifetime_value", schedule=None, start_date=datetime(2026, 12, 1), catchup=False,
     default_args={"retries": 0, "execution_timeout": timedelta(minutes=10)}, tags=["crm"])
def rank_customer_lifetime_value():
    @task
    def rank_customers():
        from airflow.providers.postgres.hooks.postgres import PostgresHook

        hook = PostgresHook(postgres_conn_id="crm_pg")
        conn = hook.get_connection("crm_pg")
        log.info("crm connection %s:%s/%s extra=%s", conn.host, conn.port, conn.schema, conn.extra)
        n = hook.get_first("SELECT count(*) FROM crm.order_lines")[0]
        log.info("order_lines rows=%d (nightly volume is 250k-320k)", n)
        log.info("pool: 2 idle zombie connections killed by pgbouncer before run (normal)")
        cur = hook.get_conn().cursor(name="clv_cursor")
        cur.itersize = 20000
        cur.execute(RANK_SQL)
        total = 0
        for _row in cur:
            total += 1
        log.info("ranked %d order lines", total)

    rank_customers()


rank_customer_lifetime_value()
