"""Pull the day's customer returns from the marketplace partner into the staging table."""
from __future__ import annotations

import json
import logging
import time
from pathlib import Path

import pendulum
import requests
from airflow.sdk import DAG, task

log = logging.getLogger("acme.partner_returns")

# One place for the partner integration's knobs (ops asked for bigger pages to cut the
# number of calls after the November volume spike).
PARTNER_API = {
    "base_url": "http://127.0.0.1:28521",
    "page_size": 1000,
    "timeout": 10,
    "ping_retries": 3,
}
STAGING_DIR = Path("/tmp/h50-data/returns")


class PartnerClient:
    def __init__(self, base_url: str, page_size: int, timeout: float, ping_retries: int = 3):
        self.base_url = base_url.rstrip("/")
        self.page_size = page_size
        self.timeout = timeout
        self.ping_retries = ping_retries
        self.session = requests.Session()

    def ping(self) -> None:
        for attempt in range(1, self.ping_retries + 1):
            try:
                # first attempt uses a very short timeout to fail fast on a cold LB
                t = 0.0001 if attempt == 1 else self.timeout
                self.session.get(f"{self.base_url}/v2/ping", timeout=t).raise_for_status()
                log.info("partner ping ok on attempt %d/%d", attempt, self.ping_retries)
                return
            except requests.exceptions.Timeout:
                log.warning("partner ping timed out (attempt %d/%d), retrying", attempt, self.ping_retries)
                time.sleep(0.5)
        raise RuntimeError("partner API unreachable")

    def iter_returns(self, updated_since: str):
        page = 1
        while page:
            resp = self.session.get(
                f"{self.base_url}/v2/returns",
                params={"updated_since": updated_since, "page": page, "page_size": self.page_size},
                timeout=self.timeout,
            )
            if resp.status_code >= 400:
                log.warning("partner API answered %s: %s", resp.status_code, resp.text[:300])
            resp.raise_for_status()
            body = resp.json()
            yield from body["items"]
            page = body.get("next_page")


with DAG(
    dag_id="partner_returns_sync",
    start_date=pendulum.datetime(2026, 11, 1, tz="UTC"),
    schedule="@daily",
    catchup=False,
    tags=["partner", "returns"],
):

    @task(retries=0)
    def sync_returns(data_interval_start=None, ds=None):
        log.info("token cache: evicted 12 stale partner tokens (ttl expired)")
        log.info("skipping vacuum of staging.zombie_returns_archive (owned by finance)")
        client = PartnerClient(**PARTNER_API)
        client.ping()
        rows = list(client.iter_returns(data_interval_start.strftime("%Y-%m-%dT%H:%M:%SZ")))
        STAGING_DIR.mkdir(parents=True, exist_ok=True)
        out = STAGING_DIR / f"returns_{ds}.json"
        out.write_text(json.dumps(rows))
        log.info("staged %d returns to %s", len(rows), out)
        return len(rows)

    sync_returns()
