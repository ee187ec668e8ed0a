"""Pull damage/loss claims from the carrier since the start of the data interval."""
from __future__ import annotations

import json
import logging
from pathlib import Path

import pendulum
import requests
from airflow.sdk import DAG, task

log = logging.getLogger("acme.carrier_claims")

CARRIER_BASE = "http://127.0.0.1:28522"
OUT_DIR = Path("/tmp/h50-data/claims")


def claims_url(base: str, since: pendulum.DateTime) -> str:
    # refactored 2026-12-04: build the URL in one helper so the backfill script can reuse it
    return f"{base}/v1/claims?updated_since={since.isoformat()}&status=open"


def fetch_claims(url: str) -> list[dict]:
    log.info("GET %s", url)
    resp = requests.get(url, timeout=15)
    if not resp.ok:
        log.error("carrier answered %s: %s", resp.status_code, resp.text[:300])
    resp.raise_for_status()
    return resp.json()["claims"]


with DAG(
    dag_id="carrier_claims_sync",
    start_date=pendulum.datetime(2026, 11, 1, tz="UTC"),
    schedule="@daily",
    catchup=False,
    tags=["carrier", "claims"],
):

    @task(retries=0)
    def sync_claims(data_interval_start=None, ds=None):
        claims = fetch_claims(claims_url(CARRIER_BASE, data_interval_start))
        OUT_DIR.mkdir(parents=True, exist_ok=True)
        (OUT_DIR / f"claims_{ds}.json").write_text(json.dumps(claims))
        log.info("stored %d claims", len(claims))
        return len(claims)

    sync_claims()
