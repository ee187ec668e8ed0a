"""Push the day's earned loyalty points to the loyalty platform's bulk import API (CRM team)."""
import logging
import time

import pendulum
import psycopg
import requests
from airflow.sdk import DAG, task

log = logging.getLogger("crm.loyalty_push")
DSN = "host=127.0.0.1 port=5432 dbname=h56_wh user=h56_loader application_name=loyalty_points_push"
IMPORT_API = "http://127.0.0.1:28667/v2/tenants/acme/imports"

with DAG(
    dag_id="loyalty_points_push",
    schedule="30 6 * * *",
    start_date=pendulum.datetime(2026, 12, 1, tz="UTC"),
    catchup=False,
    default_args={"retries": 1, "retry_delay": pendulum.duration(seconds=5)},
    tags=["crm", "loyalty"],
) as dag:

    @task
    def push_points(ds=None):
        with psycopg.connect(DSN) as conn:
            rows = conn.execute(
                "SELECT customer_id, sum(amount)::int AS points FROM sales.orders "
                "WHERE ordered_at::date = %s AND customer_id IS NOT NULL GROUP BY customer_id",
                (ds,),
            ).fetchall()
        log.info("%d customers earned points on %s", len(rows), ds)
        payload = {"import_type": "points_earned", "business_date": ds,
                   "records": [{"member": f"C{c:06d}", "points": p} for c, p in rows]}
        for attempt in range(1, 4):
            resp = requests.post(IMPORT_API, json=payload, headers={"Authorization": "Bearer lp_acme_7c21"}, timeout=30)
            if resp.status_code in (409, 423, 503) and attempt < 3:
                log.warning("loyalty import API busy (HTTP %s), attempt %d/3, waiting 5s: %s", resp.status_code, attempt, resp.text)
                time.sleep(5)
                continue
            if not resp.ok:
                log.error("loyalty import API answered HTTP %s: %s", resp.status_code, resp.text)
            resp.raise_for_status()
            break
        log.info("import %s queued", resp.json()["import_id"])
        return len(rows)

    push_points()
