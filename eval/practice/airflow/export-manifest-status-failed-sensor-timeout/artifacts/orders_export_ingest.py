"""Wait for the partner's nightly orders export, then ingest it."""
import json
import logging
import os
from datetime import datetime, timedelta

from airflow.sdk import DAG
from airflow.providers.standard.operators.python import PythonOperator
from airflow.providers.standard.sensors.python import PythonSensor

log = logging.getLogger("acme.ingest")
LANDING = "/tmp/pr25/landing/orders"


def _export_ready(ds, **_):
    folder = os.path.join(LANDING, ds)
    log.info("checking %s for _SUCCESS (files present: %s)", folder, sorted(os.listdir(folder)) if os.path.isdir(folder) else [])
    log.info("metadata cache: 3 stale entries evicted, error_count=0")
    manifest = os.path.join(folder, "manifest.json")
    if os.path.exists(manifest):
        with open(manifest) as fh:
            m = json.load(fh)
        log.info("producer manifest: export_id=%s status=%s rows_written=%s message=%s",
                 m.get("export_id"), m.get("status"), m.get("rows_written"), m.get("message"))
    return os.path.exists(os.path.join(folder, "_SUCCESS"))


def _ingest(ds, **_):
    log.info("ingesting %s", ds)


with DAG("orders_export_ingest", start_date=datetime(2026, 12, 1), schedule=None, catchup=False,
         default_args={"retries": 0}) as dag:
    wait = PythonSensor(task_id="wait_for_orders_export", python_callable=_export_ready,
                        poke_interval=5, timeout=25, mode="poke")
    ingest = PythonOperator(task_id="ingest_orders", python_callable=_ingest)
    wait >> ingest
