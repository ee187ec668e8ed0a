"""Daily store finance marts: land till takings, dbt build the finance marts (finance analytics)."""
import pendulum
from airflow.sdk import DAG
from airflow.providers.standard.operators.bash import BashOperator

JOBS = "/tmp/h56-dbt/finance"
DBT = "/work/main/.venv-dbt/bin"

with DAG(
    dag_id="store_finance_daily",
    schedule="15 4 * * *",
    start_date=pendulum.datetime(2026, 12, 1, tz="UTC"),
    catchup=False,
    tags=["finance", "dbt"],
) as dag:
    land = BashOperator(
        task_id="land_till_takings",
        bash_command=f"{DBT}/python {JOBS}/upstream_load.py {JOBS}/finance.duckdb {{{{ ds }}}}",
    )
    build = BashOperator(
        task_id="dbt_build_finance",
        bash_command=f"cd {JOBS}/project && {DBT}/dbt build --no-use-colors --profiles-dir . --target prod",
        env={"FINANCE_DUCKDB": f"{JOBS}/finance.duckdb"},
        append_env=True,
    )
    land >> build
