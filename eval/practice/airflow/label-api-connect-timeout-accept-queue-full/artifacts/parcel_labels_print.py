"""Request shipping labels for today's parcels from the label-printing API."""
import logging
from datetime import datetime, timedelta

import requests
from airflow.sdk import BaseHook, dag, task

log = logging.getLogger("logistics.labels")


@dag(dag_id="parcel_labels_print", schedule=None, start_date=datetime(2026, 12, 1), catchup=False,
     default_args={"retries": 1, "retry_delay": timedelta(seconds=10)}, tags=["logistics"])
def parcel_labels_print():
    @task
    def request_labels():
        conn = BaseHook.get_connection("label_api")
        base = f"http://{conn.host}:{conn.port}"
        parcels = [f"SHP{100200 + i}" for i in range(40)]
        log.info("requesting %d labels from %s (connect timeout 5s, read timeout 30s)", len(parcels), base)
        session = requests.Session()
        done = 0
        for start in range(0, len(parcels), 10):
            chunk = parcels[start:start + 10]
            log.info("POST /v1/labels batch %d-%d", start, start + len(chunk))
            resp = session.post(f"{base}/v1/labels", json={"parcels": chunk}, timeout=(5, 30))
            resp.raise_for_status()
            done += len(chunk)
        log.info("labels ready: %d", done)
        return done

    request_labels()


parcel_labels_print()
