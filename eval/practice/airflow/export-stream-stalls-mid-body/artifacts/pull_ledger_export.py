"""Stream the nightly ledger export from the finance export service and stage it."""
from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta

import requests
from airflow.sdk import dag, task

log = logging.getLogger("acme.finance")

EXPORT_URL = "http://127.0.0.1:18791/exports/ledger/{ds}.csv"


@dag(dag_id="pull_ledger_export", schedule=None, start_date=datetime(2026, 12, 1), catchup=False,
     default_args={"retries": 0, "execution_timeout": timedelta(minutes=10)}, tags=["finance"])
def pull_ledger_export():
    @task
    def download_export(**context):
        url = EXPORT_URL.format(ds=context["ds"])
        last = None
        for attempt in range(1, 3):
            lines = 0
            try:
                log.info("GET %s (attempt %d/2, connect timeout 5s, read timeout 15s)", url, attempt)
                with requests.get(url, stream=True, timeout=(5, 15)) as resp:
                    resp.raise_for_status()
                    log.info("export service answered %s, content-length=%s", resp.status_code,
                             resp.headers.get("Content-Length"))
                    with open(f"/tmp/pr20/ledger_{context['ds_nodash']}.csv", "wb") as out:
                        for line in resp.iter_lines():
                            out.write(line + b"\n")
                            lines += 1
                            if lines % 1000 == 0:
                                log.info("received %d lines", lines)
                log.info("export complete: %d lines", lines)
                return lines
            except requests.exceptions.RequestException as exc:
                log.warning("download failed after %d lines: %s", lines, exc)
                last = exc
                time.sleep(5)
        raise last

    download_export()


pull_ledger_export()
