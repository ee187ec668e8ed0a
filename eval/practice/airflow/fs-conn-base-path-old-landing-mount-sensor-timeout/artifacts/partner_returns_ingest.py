"""Wait for the partner's returns drop, then load it."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta

from airflow.providers.standard.sensors.filesystem import FileSensor
from airflow.sdk import dag, task

log = logging.getLogger("acme.returns")


@dag(
    dag_id="partner_returns_ingest",
    schedule=None,
    start_date=datetime(2026, 12, 1),
    catchup=False,
    default_args={"retries": 0},
    tags=["returns", "h39"],
)
def partner_returns_ingest():
    wait = FileSensor(
        task_id="wait_for_returns_drop",
        fs_conn_id="landing_fs",
        filepath="partner_returns/returns_{{ ds_nodash }}.csv",
        poke_interval=5,
        timeout=30,
        mode="poke",
    )

    @task
    def load_returns(**context):
        log.info("loading returns for %s", context["ds"])

    wait >> load_returns()


partner_returns_ingest()
