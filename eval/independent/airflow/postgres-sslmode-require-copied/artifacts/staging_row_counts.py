"""Nightly row counts of the staging database for the data-quality dashboard."""
from datetime import datetime

from airflow.providers.common.sql.operators.sql import SQLExecuteQueryOperator
from airflow.sdk import dag


@dag(dag_id="staging_row_counts", schedule=None, start_date=datetime(2026, 12, 1), catchup=False,
     default_args={"retries": 0}, tags=["dq"])
def staging_row_counts():
    SQLExecuteQueryOperator(
        task_id="count_staging_rows",
        conn_id="staging_db",
        sql="SELECT count(*) AS n, sum(qty) AS qty FROM staging_sku",
    )


staging_row_counts()
