"""Daily POS load + dbt run of the price-elasticity marts (pricing team)."""
import pendulum
from airflow.sdk import DAG
from airflow.providers.standard.operators.bash import BashOperator

JOBS = "/tmp/h51-af-jobs/pricing"
DBT = "/work/wt-h51/.venv-dbt/bin"

with DAG(
    dag_id="pricing_elasticity_daily",
    schedule="0 4 * * *",
    start_date=pendulum.datetime(2026, 12, 1, tz="UTC"),
    catchup=False,
    tags=["pricing", "dbt"],
) as dag:
    load_pos_lines = BashOperator(
        task_id="load_pos_lines",
        bash_command=f"{DBT}/python {JOBS}/upstream_load.py {JOBS}/warehouse.duckdb {JOBS}/landing/pos_lines_{{{{ ds }}}}.csv",
    )
    dbt_run = BashOperator(
        task_id="dbt_run_pricing",
        bash_command=f"cd {JOBS}/project && {DBT}/dbt run --no-use-colors --profiles-dir . --target prod",
        env={"PRICING_DUCKDB": f"{JOBS}/warehouse.duckdb"},
        append_env=True,
    )
    load_pos_lines >> dbt_run
