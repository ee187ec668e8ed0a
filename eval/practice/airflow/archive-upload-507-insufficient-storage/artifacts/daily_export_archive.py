"""Build the daily export and upload it to the archive service."""
import gzip
import io
import json
import logging
import time
from datetime import datetime

import requests
from airflow.sdk import dag, task

log = logging.getLogger("acme.archive")
ARCHIVE = "http://127.0.0.1:18462/archive/exports"


@dag(dag_id="daily_export_archive", schedule=None, start_date=datetime(2026, 1, 1), catchup=False, tags=["pr24"])
def daily_export_archive():
    @task(retries=0)
    def upload_export(ds=None):
        rows = [{"id": i, "amount": round(i * 1.37, 2), "day": ds} for i in range(5000)]
        buf = io.BytesIO()
        with gzip.GzipFile(fileobj=buf, mode="wb") as gz:
            for r in rows:
                gz.write((json.dumps(r) + "\n").encode())
        body = buf.getvalue()
        log.info("built export for %s: %d rows, %d bytes gzipped; error_count=0", ds, len(rows), len(body))
        url = f"{ARCHIVE}/export_{ds}.jsonl.gz"
        for attempt in range(1, 5):
            resp = requests.put(url, data=body, timeout=10)
            log.info("PUT %s -> %s (attempt %d)", url, resp.status_code, attempt)
            if resp.status_code < 500:
                break
            log.warning("archive answered %s: %s; backing off", resp.status_code, resp.text.strip())
            time.sleep(2 * attempt)
        resp.raise_for_status()
        log.info("archived %s", url)

    upload_export()


daily_export_archive()
