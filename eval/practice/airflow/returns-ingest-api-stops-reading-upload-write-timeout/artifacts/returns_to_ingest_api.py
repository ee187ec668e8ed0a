"""Push the day's customer returns to the returns-platform ingest API (customer service analytics)."""
import gzip
import json
import logging

import httpx
import pendulum
import psycopg
from airflow.sdk import DAG, task

log = logging.getLogger("cs.returns_push")
DSN = "host=127.0.0.1 port=5432 dbname=h56_wh user=h56_loader application_name=returns_to_ingest_api"
INGEST = "http://127.0.0.1:28669/ingest/v1/batches"

with DAG(
    dag_id="returns_to_ingest_api",
    schedule="0 7 * * *",
    start_date=pendulum.datetime(2026, 12, 1, tz="UTC"),
    catchup=False,
    default_args={"retries": 1, "retry_delay": pendulum.duration(seconds=5)},
    tags=["customer-service", "returns"],
) as dag:

    @task
    def push_returns(ds=None):
        with psycopg.connect(DSN) as conn:
            rows = conn.execute(
                "SELECT return_id, order_id, sku, reason, amount, created_at FROM sales.returns WHERE created_at::date = %s",
                (ds,),
            ).fetchall()
        log.info("read %d returns for %s", len(rows), ds)
        body = "\n".join(
            json.dumps({"return_id": r[0], "order_id": r[1], "sku": r[2], "reason": r[3], "amount": str(r[4]),
                        "created_at": r[5].isoformat()})
            for r in rows
        ).encode()
        log.info("batch payload %.1f MiB uncompressed", len(body) / 2**20)
        if len(body) > 32 * 2**20:
            log.warning("payload above 32 MiB; the ingest API docs recommend gzip for large batches (not enabled for this tenant)")
        transport = httpx.HTTPTransport(retries=2)
        with httpx.Client(transport=transport, timeout=httpx.Timeout(30.0, write=20.0)) as client:
            resp = client.post(
                INGEST,
                content=body,
                headers={"Content-Type": "application/x-ndjson", "X-Tenant": "acme", "X-Batch-Date": ds},
            )
            resp.raise_for_status()
        log.info("ingest accepted batch %s", resp.json().get("batch_id"))
        return len(rows)

    push_returns()
