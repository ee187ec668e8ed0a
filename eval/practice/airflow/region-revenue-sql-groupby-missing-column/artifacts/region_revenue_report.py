"""Nightly revenue per region from the shop database (pr31_shop)."""
import logging
from datetime import datetime, timedelta

from airflow.sdk import DAG, task

log = logging.getLogger("acme.reporting")

REVENUE_SQL = """
SELECT o.region, o.channel, sum(o.amount) AS revenue, count(*) AS orders
FROM orders o
WHERE o.order_date = %(ds)s
GROUP BY o.region
ORDER BY revenue DESC
"""

with DAG(
    dag_id="region_revenue_report",
    start_date=datetime(2026, 12, 1),
    schedule=None,
    catchup=False,
    default_args={"retries": 1, "retry_delay": timedelta(seconds=3)},
):

    @task
    def region_revenue(ds=None):
        from airflow.providers.postgres.hooks.postgres import PostgresHook

        hook = PostgresHook(postgres_conn_id="shop_db")
        log.info("connecting to shop_db; statement timeout 30s, lock timeout 5s")
        rows = hook.get_records(REVENUE_SQL, parameters={"ds": "2026-12-06"})
        log.info("got %d region rows", len(rows))
        return [list(r) for r in rows]

    region_revenue()
