import logging
import pendulum
import requests
from airflow.sdk import DAG, task

log = logging.getLogger(__name__)

with DAG("daily_metrics_push", start_date=pendulum.datetime(2026, 12, 1, tz="UTC"), schedule="@daily", catchup=False):
    @task
    def push_metrics():
        metrics = {"orders": 18211, "error_count": 0, "killed_jobs": 0, "zombie_tasks": 0}
        log.info("computed metrics %s", metrics)
        r = requests.post("http://127.0.0.1:18451/api/v1/metrics", json=metrics, timeout=10)
        r.raise_for_status()

    push_metrics()
