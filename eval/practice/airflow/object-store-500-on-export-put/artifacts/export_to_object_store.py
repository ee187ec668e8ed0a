"""Upload the nightly customer export to the internal object store (S3-compatible gateway)."""
import logging
import time
from datetime import datetime, timedelta

import requests
from airflow.sdk import dag, task

log = logging.getLogger("acme.export_upload")
ENDPOINT = "http://127.0.0.1:18931/exports-bucket/customers/2026-12-07/customers.csv"


@dag(dag_id="export_to_object_store", schedule=None, start_date=datetime(2026, 12, 1), catchup=False,
     tags=["export"], default_args={"retries": 1, "retry_delay": timedelta(seconds=5)})
def export_to_object_store():
    @task
    def upload_export():
        body = "customer_id,name,segment\n" + "".join(f"{i},cust_{i},retail\n" for i in range(2000))
        log.info("prepared export: 2000 rows, %d bytes, error_count=0", len(body))
        log.info("multipart scratch dir /tmp/pr22/tmp/upload killed and recreated (stale from previous run)")
        for attempt in range(1, 4):
            resp = requests.put(ENDPOINT, data=body.encode(), timeout=10,
                                headers={"Content-Type": "text/csv"})
            log.info("PUT %s -> %s (attempt %d/3)", ENDPOINT, resp.status_code, attempt)
            if resp.status_code < 500:
                break
            log.warning("object store returned %s: %s", resp.status_code, resp.text[:300])
            time.sleep(2 * attempt)
        resp.raise_for_status()
        log.info("upload complete etag=%s", resp.headers.get("ETag"))

    upload_export()


export_to_object_store()
