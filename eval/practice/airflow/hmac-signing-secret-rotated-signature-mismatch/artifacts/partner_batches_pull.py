"""Pulls the partner's signed daily batch and verifies its HMAC-SHA256 signature before loading."""
import hashlib, hmac, json, logging, urllib.request

import pendulum
from airflow.sdk import Variable, dag, task

log = logging.getLogger(__name__)
BASE = "http://127.0.0.1:18891"


@dag(schedule="@daily", start_date=pendulum.datetime(2026, 12, 1, tz="UTC"), catchup=False,
     tags=["partner", "api"], default_args={"retries": 0})
def partner_batches_pull():
    @task
    def pull_batch(ds=None):
        secret = Variable.get("partner_webhook_secret")
        url = f"{BASE}/v1/batches/{ds}"
        log.info("GET %s", url)
        with urllib.request.urlopen(url, timeout=20) as resp:
            body = resp.read()
            sig = resp.headers.get("X-Signature", "")
            key_id = resp.headers.get("X-Signature-Key-Id")
            log.info("HTTP %s, %d bytes, X-Signature-Key-Id=%s", resp.status, len(body), key_id)
        expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, sig):
            raise ValueError(f"HMAC signature mismatch for batch {ds}: X-Signature {sig[:22]}... != computed {expected[:22]}...; refusing to load")
        batch = json.loads(body)
        log.info("batch %s verified: %d records", ds, len(batch["records"]))
        return len(batch["records"])

    pull_batch()


partner_batches_pull()
