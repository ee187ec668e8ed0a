"""App events -> per-user daily activity (spark-submit from Airflow)."""
import pendulum
from airflow.sdk import DAG
from airflow.providers.standard.operators.bash import BashOperator

JOBS = "/tmp/h51-af-jobs/app_users"

with DAG(
    dag_id="app_users_daily",
    schedule="30 3 * * *",
    start_date=pendulum.datetime(2026, 12, 1, tz="UTC"),
    catchup=False,
    tags=["spark", "app"],
) as dag:
    BashOperator(
        task_id="spark_user_activity",
        bash_command=(
            "spark-submit --master local[2] --driver-memory 1g "
            "--conf spark.eventLog.enabled=true --conf spark.eventLog.dir=/tmp/h51-eventlog "
            f"{JOBS}/user_activity_daily.py --input /tmp/h51-landing/app_events/dt={{{{ ds }}}} "
            "--output /tmp/h51-curated/user_activity/dt={{ ds }}"
        ),
        env={"PATH": "/work/wt-h51/.venv/bin:/usr/local/bin:/usr/bin:/bin"},
        append_env=True,
    )
