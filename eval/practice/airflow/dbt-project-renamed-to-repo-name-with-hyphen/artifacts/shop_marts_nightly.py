"""Nightly shop marts: load the web-shop orders extract, then dbt run the marts (analytics engineering)."""
import pendulum
from airflow.sdk import DAG
from airflow.providers.standard.operators.bash import BashOperator

JOBS = "/tmp/h56-dbt/shop"
DBT = "/work/main/.venv-dbt/bin"

with DAG(
    dag_id="shop_marts_nightly",
    schedule="30 3 * * *",
    start_date=pendulum.datetime(2026, 12, 1, tz="UTC"),
    catchup=False,
    default_args={"retries": 1, "retry_delay": pendulum.duration(seconds=5)},
    tags=["analytics", "dbt"],
) as dag:
    load_orders = BashOperator(
        task_id="load_shop_orders",
        bash_command=f"{DBT}/python {JOBS}/upstream_load.py {JOBS}/shop.duckdb {{{{ ds }}}}",
    )
    dbt_run = BashOperator(
        task_id="dbt_run_shop_marts",
        bash_command=(
            f"cd {JOBS}/project && {DBT}/dbt deps --profiles-dir . --no-use-colors && "
            f"{DBT}/dbt run --profiles-dir . --target prod --no-use-colors --vars '{{run_date: {{{{ ds }}}}}}'"
        ),
        env={"SHOP_DUCKDB": f"{JOBS}/shop.duckdb"},
        append_env=True,
    )
    load_orders >> dbt_run
