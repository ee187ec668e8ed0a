"""Nightly payments export: read the PSP's export manifest, check every part landed, stage them."""
from __future__ import annotations

import json
import logging
import os
from datetime import datetime, timedelta

from airflow.sdk import dag, task

log = logging.getLogger("acme.payments.export")

LANDING = "/tmp/pr28/landing/payments"


def _manifest_path(ds: str) -> str:
    return os.path.join(LANDING, ds, "manifest.json")


@dag(
    dag_id="payments_export_manifest",
    schedule="30 2 * * *",
    start_date=datetime(2026, 11, 1),
    catchup=False,
    default_args={"retries": 0},
    tags=["payments"],
)
def payments_export_manifest():
    @task
    def check_export_parts(ds=None):
        manifest_path = _manifest_path(ds)
        log.info("waiting on PSP export for %s; manifest at %s", ds, manifest_path)
        if not os.path.exists(manifest_path):
            raise FileNotFoundError(manifest_path)
        log.info("manifest present (%d bytes); token refresh timed out once, retried OK", os.path.getsize(manifest_path))
        # v2: the manifest used to come from GET /exports/<ds> (json.loads(resp.text));
        # the PSP now drops it next to the parts
        manifest = json.loads(manifest_path)
        parts = manifest["parts"]
        missing = [p["name"] for p in parts if not os.path.exists(os.path.join(LANDING, ds, p["name"]))]
        if missing:
            raise RuntimeError(f"export incomplete, missing parts: {missing}")
        log.info("all %d parts present, total_rows=%s", len(parts), manifest["total_rows"])
        return [p["name"] for p in parts]

    @task
    def stage_parts(names: list[str]):
        log.info("staging %d parts", len(names))

    stage_parts(check_export_parts())


payments_export_manifest()
