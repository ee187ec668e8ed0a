"""Store KPI extract for the Monday trading pack: read daily order totals from the warehouse and publish a CSV (BI team)."""
import csv
import logging
import os

import pendulum
from airflow.providers.postgres.hooks.postgres import PostgresHook
from airflow.sdk import DAG, task

log = logging.getLogger("bi.store_kpis")
OUT = "/tmp/h56-airflow/exports"

KPI_SQL = """
SELECT store_id, count(*) AS orders, sum(amount) AS revenue, avg(amount) AS basket
  FROM sales.orders
 WHERE ordered_at::date BETWEEN %s::date - 6 AND %s::date
 GROUP BY store_id ORDER BY store_id
"""

with DAG(
    dag_id="weekly_store_kpis",
    schedule="0 6 * * *",
    start_date=pendulum.datetime(2026, 12, 1, tz="UTC"),
    catchup=False,
    default_args={"retries": 1, "retry_delay": pendulum.duration(seconds=5)},
    tags=["bi", "reporting"],
) as dag:

    @task
    def extract_store_kpis(ds=None):
        # Reporting reads go through the h56_reporting connection so they never load the loaders' connection pool.
        hook = PostgresHook(postgres_conn_id="h56_reporting")
        log.info("connecting with %s (schema=%s)", hook.postgres_conn_id, hook.get_connection(hook.postgres_conn_id).schema)
        rows = hook.get_records(KPI_SQL, parameters=(ds, ds))
        os.makedirs(OUT, exist_ok=True)
        path = f"{OUT}/store_kpis_{ds}.csv"
        with open(path, "w", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["store_id", "orders", "revenue", "basket"])
            w.writerows(rows)
        log.info("wrote %d stores to %s", len(rows), path)
        return path

    extract_store_kpis()
