"""Pull shipments from the carrier API (OAuth client credentials, 3 calls per 4 s)."""
import logging
import time
from datetime import datetime

import requests
from airflow.sdk import dag, task

log = logging.getLogger("acme.carrier_shipments")
API = "http://127.0.0.1:18431"
CLIENT_ID = "acme-etl"
CLIENT_SECRET = "s3cr3t-demo-client"


def get_token(session):
    resp = session.post(f"{API}/oauth/token", data={"grant_type": "client_credentials", "client_id": CLIENT_ID,
                                                     "client_secret": CLIENT_SECRET, "scope": "shipments:read"}, timeout=10)
    resp.raise_for_status()
    tok = resp.json()
    log.info("got access token (type=%s, expires_in=%ss, scope=%s)", tok["token_type"], tok["expires_in"], tok["scope"])
    return tok["access_token"]


@dag(dag_id="carrier_shipments_pull", schedule="0 5 * * *", start_date=datetime(2026, 12, 1), catchup=False,
     tags=["carrier"])
def carrier_shipments_pull():
    @task
    def pull_shipments():
        session = requests.Session()
        log.info("token cache: 1 expired entry evicted")
        token = get_token(session)
        session.headers["Authorization"] = f"Bearer {token}"
        page, total_pages, rows = 1, None, 0
        while total_pages is None or page <= total_pages:
            resp = session.get(f"{API}/v1/shipments", params={"page": page, "per_page": 25}, timeout=10)
            if resp.status_code == 401:
                log.error("carrier API refused page %d: %s", page, resp.text)
            resp.raise_for_status()
            body = resp.json()
            total_pages = body["total_pages"]
            rows += len(body["items"])
            remaining = int(resp.headers.get("X-RateLimit-Remaining", "1"))
            log.info("page %d/%d: %d shipments (rows=%d, rate_limit_remaining=%d)", page, total_pages,
                     len(body["items"]), rows, remaining)
            if remaining == 0:
                wait = max(0.0, int(resp.headers["X-RateLimit-Reset"]) - time.time()) + 0.5
                log.info("rate limit reached, sleeping %.1fs until window reset", wait)
                time.sleep(wait)
            page += 1
        log.info("pulled %d shipments (error_count=0)", rows)
        return rows

    pull_shipments()


carrier_shipments_pull()
