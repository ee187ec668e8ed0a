"""Uploads the daily customer export to the internal object store (S3-compatible, bucket 'exports')."""
import logging, os, urllib.error, urllib.request

import pendulum
from airflow.sdk import dag, task

log = logging.getLogger(__name__)
ENDPOINT = "http://127.0.0.1:18892"
BUCKET = "exports"


@dag(schedule="@daily", start_date=pendulum.datetime(2026, 12, 1, tz="UTC"), catchup=False,
     tags=["exports"], default_args={"retries": 2, "retry_delay": pendulum.duration(seconds=5)})
def exports_upload_daily():
    @task
    def upload_export(ds=None):
        path = f"/tmp/pr18/landing/exports/customers_{ds}.csv.gz"
        size = os.path.getsize(path)
        with urllib.request.urlopen(urllib.request.Request(f"{ENDPOINT}/{BUCKET}", method="HEAD"), timeout=10) as r:
            log.info("HEAD %s/%s -> %s (bucket exists, credentials accepted)", ENDPOINT, BUCKET, r.status)
        key = f"customers/dt={ds}/customers.csv.gz"
        with open(path, "rb") as fh:
            data = fh.read()
        log.info("PUT %s/%s/%s (%d bytes)", ENDPOINT, BUCKET, key, size)
        req = urllib.request.Request(f"{ENDPOINT}/{BUCKET}/{key}", data=data, method="PUT",
                                     headers={"Content-Type": "application/gzip"})
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                log.info("uploaded, ETag %s", r.headers.get("ETag"))
        except urllib.error.HTTPError as exc:
            log.error("object store answered %s: %s", exc.code, exc.read().decode())
            raise

    upload_export()


exports_upload_daily()
