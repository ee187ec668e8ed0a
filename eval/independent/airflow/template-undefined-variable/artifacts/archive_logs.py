import pendulum
from airflow.sdk import DAG
from airflow.providers.standard.operators.bash import BashOperator

with DAG("clickstream_archive", start_date=pendulum.datetime(2026, 12, 1, tz="UTC"), schedule=None, catchup=False):
    BashOperator(
        task_id="archive_clickstream",
        bash_command=(
            "echo 'archiving clickstream for {{ ds }}'; "
            "echo 'old archives evicted: 3, zombie uploads cleaned: 0'; "
            "tar czf /tmp/ind2/af/clicks_{{ ds_nodash_dashed }}.tgz -C /tmp/ind2/af dags"
        ),
    )
