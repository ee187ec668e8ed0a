"""Nightly store stock snapshot -> replenishment input (spark-submit from Airflow)."""
import pendulum
from airflow.sdk import DAG
from airflow.providers.standard.operators.bash import BashOperator

JOBS = "/tmp/h51-af-jobs/stock"
LANDING = "/tmp/h51-landing/store_stock"

with DAG(
    dag_id="store_stock_snapshot",
    schedule="0 2 * * *",
    start_date=pendulum.datetime(2026, 12, 1, tz="UTC"),
    catchup=False,
    tags=["spark", "stock"],
) as dag:
    BashOperator(
        task_id="spark_stock_snapshot",
        bash_command=(
            f"echo \"latest landed partitions: $(ls {LANDING} | tail -3 | tr '\\n' ' ')\" && "
            "spark-submit --master local[2] "
            "--conf spark.eventLog.enabled=true --conf spark.eventLog.dir=/tmp/h51-eventlog "
            f"{JOBS}/stock_snapshot.py --input {LANDING}/dt={{{{ ds_nodash }}}} "
            "--output /tmp/h51-curated/stock_snapshot/dt={{ ds }}"
        ),
        env={"PATH": "/work/wt-h51/.venv/bin:/usr/local/bin:/usr/bin:/bin"},
        append_env=True,
    )
