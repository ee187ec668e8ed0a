"""Wait for the partner's stock file, then load it."""
import logging
from datetime import datetime

from airflow.providers.standard.sensors.filesystem import FileSensor
from airflow.sdk import dag, task

log = logging.getLogger("acme.stock")


@dag(dag_id="partner_stock_wait", schedule=None, start_date=datetime(2026, 12, 1), catchup=False,
     default_args={"retries": 0}, tags=["partner", "stock"])
def partner_stock_wait():
    wait = FileSensor(
        task_id="wait_for_stock_file",
        fs_conn_id="fs_landing",
        filepath="/tmp/ind14/data/landing/stock_{{ ds_nodash }}.csv",
        poke_interval=10,
        timeout=90,
        deferrable=True,
    )

    @task
    def load_stock():
        log.info("stock file loaded")

    wait >> load_stock()


partner_stock_wait()
