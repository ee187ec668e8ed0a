"""Daily carrier SLA refresh: land the carriers' SLA sheet, then dbt build the delivery-promise marts (logistics)."""
import pendulum
from airflow.sdk import DAG
from airflow.providers.standard.operators.bash import BashOperator

JOBS = "/tmp/h56-dbt/logistics"
DBT = "/work/main/.venv-dbt/bin"

with DAG(
    dag_id="carrier_sla_daily",
    schedule="0 3 * * *",
    start_date=pendulum.datetime(2026, 12, 1, tz="UTC"),
    catchup=False,
    tags=["logistics", "dbt"],
) as dag:
    land_slas = BashOperator(
        task_id="land_carrier_slas",
        bash_command=f"{DBT}/python {JOBS}/upstream_load.py {JOBS}/warehouse.duckdb {JOBS}/landing/carrier_slas_{{{{ ds }}}}.csv",
    )
    dbt_build = BashOperator(
        task_id="dbt_build_logistics",
        bash_command=f"cd {JOBS}/project && {DBT}/dbt build --no-use-colors --profiles-dir . --target prod",
        env={"LOGISTICS_DUCKDB": f"{JOBS}/warehouse.duckdb"},
        append_env=True,
    )
    land_slas >> dbt_build
