"""Clear temporary SKUs from staging before the nightly stock load."""
from datetime import datetime

from airflow.providers.common.sql.operators.sql import SQLExecuteQueryOperator
from airflow.sdk import dag


@dag(dag_id="staging_cleanup", schedule=None, start_date=datetime(2026, 12, 1), catchup=False,
     default_args={"retries": 0}, tags=["staging"])
def staging_cleanup():
    SQLExecuteQueryOperator(
        task_id="purge_temp_skus",
        conn_id="ops_db",
        sql="DELETE FROM staging_sku WHERE sku LIKE 'TMP-%' AND load_date = %(ds)s",
        parameters={"ds": "{{ ds }}"},
    )


staging_cleanup()
