import logging
from datetime import datetime, timedelta

import psycopg
from airflow.sdk import dag, task

log = logging.getLogger("finance.region_margin")
DSN = "host=127.0.0.1 port=5432 dbname=pr30_finance user=postgres"
ACTIVE_REGIONS = ["EMEA"]  # APAC and AMER paused for the migration week


@dag(dag_id="region_margin_report", schedule=None, start_date=datetime(2026, 12, 1), catchup=False,
     default_args={"retries": 0, "retry_delay": timedelta(seconds=5)}, tags=["finance", "pr30"])
def region_margin_report():
    @task
    def margin_by_region():
        log.info("active regions this week: %s", ACTIVE_REGIONS)
        regions = tuple(ACTIVE_REGIONS)
        sql = f"""
            SELECT region, sum(revenue) - sum(cost) AS margin
            FROM sales_daily
            WHERE region IN {regions}
            GROUP BY region
        """
        log.info("running margin query (timeout 60s, retrying disabled)")
        with psycopg.connect(DSN) as conn:
            rows = conn.execute(sql).fetchall()
        for region, margin in rows:
            log.info("region %s margin %s", region, margin)
        return len(rows)

    margin_by_region()


region_margin_report()
