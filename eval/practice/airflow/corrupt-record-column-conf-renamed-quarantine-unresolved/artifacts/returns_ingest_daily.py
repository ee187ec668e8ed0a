"""Carrier returns feed -> curated returns, malformed records quarantined (spark-submit from Airflow)."""
import pendulum
from airflow.sdk import DAG
from airflow.providers.standard.operators.bash import BashOperator

JOBS = "/tmp/h51-af-jobs/returns"

with DAG(
    dag_id="returns_ingest_daily",
    schedule="15 5 * * *",
    start_date=pendulum.datetime(2026, 12, 1, tz="UTC"),
    catchup=False,
    tags=["spark", "returns"],
) as dag:
    BashOperator(
        task_id="spark_returns_ingest",
        bash_command=(
            f"spark-submit --master local[2] --properties-file {JOBS}/returns_ingest.conf "
            f"{JOBS}/returns_ingest.py --input /tmp/h51-landing/carrier_returns/dt={{{{ ds }}}} "
            "--output /tmp/h51-curated/returns/dt={{ ds }} --quarantine /tmp/h51-curated/returns_quarantine/dt={{ ds }}"
        ),
        env={"PATH": "/work/wt-h51/.venv/bin:/usr/local/bin:/usr/bin:/bin"},
        append_env=True,
    )
