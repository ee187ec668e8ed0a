import pendulum
from airflow.providers.standard.sensors.filesystem import FileSensor
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import DAG

with DAG("vendor_drop", start_date=pendulum.datetime(2026, 12, 1, tz="UTC"), schedule="@daily", catchup=False):
    wait = FileSensor(
        task_id="wait_for_vendor_drop",
        filepath="/tmp/blind/data/vendor_drop/{{ ds }}/_SUCCESS",
        fs_conn_id="fs_default",
        poke_interval=3,
        timeout=15,
        mode="poke",
    )
    wait >> EmptyOperator(task_id="load_vendor_drop")
