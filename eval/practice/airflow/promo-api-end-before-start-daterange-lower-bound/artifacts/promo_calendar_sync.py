"""Daily sync of the promotion calendar from the promo tool's API into promo.campaigns (trading team)."""
import logging

import httpx
import pendulum
from airflow.providers.postgres.hooks.postgres import PostgresHook
from airflow.sdk import DAG, task

log = logging.getLogger("trading.promo_sync")
PROMO_API = "http://127.0.0.1:28667/api/promotions"

UPSERT = """
INSERT INTO promo.campaigns (promo_id, name, channel, validity, discount_pct, synced_at)
VALUES (%(promo_id)s, %(name)s, %(channel)s, daterange(%(valid_from)s::date, %(valid_to)s::date, '[]'), %(discount_pct)s, now())
ON CONFLICT (promo_id) DO UPDATE
   SET name = EXCLUDED.name, channel = EXCLUDED.channel, validity = EXCLUDED.validity,
       discount_pct = EXCLUDED.discount_pct, synced_at = EXCLUDED.synced_at
"""

with DAG(
    dag_id="promo_calendar_sync",
    schedule="30 5 * * *",
    start_date=pendulum.datetime(2026, 12, 1, tz="UTC"),
    catchup=False,
    default_args={"retries": 0},
    tags=["trading", "promo"],
) as dag:

    @task
    def sync_promotions(ds=None):
        promos, page = [], 1
        with httpx.Client(timeout=httpx.Timeout(15.0), headers={"Accept": "application/json"}) as client:
            while True:
                r = client.get(PROMO_API, params={"updated_since": ds, "page": page, "per_page": 50})
                r.raise_for_status()
                body = r.json()
                promos.extend(body["items"])
                log.info("page %d: %d promotions (total %d)", page, len(body["items"]), body["total"])
                if not body.get("next_page"):
                    break
                page = body["next_page"]
        drafts = [p for p in promos if p["status"] == "draft"]
        if drafts:
            log.warning("%d promotions still in draft, syncing them anyway: %s", len(drafts), [p["promo_id"] for p in drafts])
        hook = PostgresHook(postgres_conn_id="h56_warehouse")
        conn = hook.get_conn()
        with conn, conn.cursor() as cur:
            for p in promos:
                cur.execute(UPSERT, p)
        log.info("upserted %d promotions", len(promos))
        return len(promos)

    sync_promotions()
