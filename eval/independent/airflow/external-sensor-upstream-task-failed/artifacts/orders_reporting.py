"""Daily orders report; waits for the orders_ingest DAG of the same logical date."""
import logging
from datetime import datetime

from airflow.providers.standard.sensors.external_task import ExternalTaskSensor
from airflow.sdk import dag, task

log = logging.getLogger("acme.orders_reporting")


@dag(schedule="@daily", start_date=datetime(2026, 12, 1), catchup=False, tags=["orders", "reporting"])
def orders_reporting():
    wait = ExternalTaskSensor(
        task_id="wait_for_orders_ingest",
        external_dag_id="orders_ingest",
        external_task_id="load_orders",
        allowed_states=["success"],
        failed_states=["failed"],
        poke_interval=30,
        timeout=3 * 3600,
        mode="poke",
    )

    @task
    def build_report():
        log.info("building report")

    wait >> build_report()


orders_reporting()
