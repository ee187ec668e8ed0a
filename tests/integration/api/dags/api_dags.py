"""Two DAGs the API tests attach investigations to; only their rows in the metadata DB matter."""

from __future__ import annotations

from datetime import datetime

from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import DAG

for dag_id in ("api_dag_team", "api_dag_other"):
    with DAG(dag_id=dag_id, schedule=None, start_date=datetime(2024, 1, 1), catchup=False):
        EmptyOperator(task_id="work")
