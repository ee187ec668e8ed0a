"""Kick-off is done by the scheduler service; this DAG waits for the remote rebuild job, then publishes."""
import json
import logging
import urllib.request
from datetime import datetime

from airflow.sdk import DAG
from airflow.providers.standard.operators.python import PythonOperator
from airflow.providers.standard.sensors.python import PythonSensor

log = logging.getLogger("acme.rebuild")
STATUS_URL = "http://127.0.0.1:18931/jobs/rebuild-ledger-2026-12-06/status"


def _job_done(**_):
    with urllib.request.urlopen(STATUS_URL, timeout=5) as resp:
        st = json.load(resp)
    log.info("job status service: job=%s state=%s progress=%.2f heartbeat_at=%s worker=%s",
             st["job_id"], st["state"], st["progress"], st["heartbeat_at"], st["worker"])
    if st["state"] == "FAILED":
        raise RuntimeError(f"remote job failed: {st}")
    return st["state"] == "SUCCEEDED"


def _publish(**_):
    log.info("publishing rebuilt ledger")


with DAG("warehouse_rebuild_watch", start_date=datetime(2026, 12, 1), schedule=None, catchup=False,
         default_args={"retries": 0}) as dag:
    wait = PythonSensor(task_id="wait_for_rebuild_job", python_callable=_job_done,
                        poke_interval=5, timeout=25, mode="poke")
    publish = PythonOperator(task_id="publish_ledger", python_callable=_publish)
    wait >> publish
