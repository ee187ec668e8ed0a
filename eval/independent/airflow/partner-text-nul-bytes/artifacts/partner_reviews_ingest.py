"""Ingest the review partner's daily export (TaskFlow: extract -> load via XCom)."""
import json
import logging
from datetime import datetime

from airflow.providers.postgres.hooks.postgres import PostgresHook
from airflow.sdk import dag, task

log = logging.getLogger("acme.partner_reviews")
EXPORT = "/tmp/ind12/landing/partner_reviews_2026-12-06.json"


@dag(schedule="@daily", start_date=datetime(2026, 12, 1), catchup=False, tags=["reviews", "partner"])
def partner_reviews_ingest():
    @task
    def extract_reviews():
        with open(EXPORT, encoding="utf-8") as fh:
            reviews = json.load(fh)
        log.info("partner export: %d reviews (1 zombie download slot released)", len(reviews))
        return [[r["review_id"], r["sku"], r["rating"], r["title"], r["body"], r["submitted_at"]] for r in reviews]

    @task(retries=0)
    def load_reviews(rows):
        hook = PostgresHook(postgres_conn_id="reviews_pg")
        log.info("loading %d reviews into partner_reviews", len(rows))
        hook.insert_rows("partner_reviews", rows,
                         target_fields=["review_id", "product_sku", "rating", "title", "body", "submitted_at"],
                         commit_every=500)
        log.info("reviews loaded")

    load_reviews(extract_reviews())


partner_reviews_ingest()
