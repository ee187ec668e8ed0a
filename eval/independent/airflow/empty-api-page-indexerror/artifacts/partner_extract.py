import json
import logging
import pendulum
from airflow.sdk import DAG, task

log = logging.getLogger(__name__)

with DAG("partner_extract", start_date=pendulum.datetime(2026, 12, 1, tz="UTC"), schedule="@daily", catchup=False):
    @task
    def transform_partner_export(ds=None):
        path = f"/tmp/blind/data/partner_export_{ds}.json"
        log.info("Reading partner export %s", path)
        with open(path) as f:
            payload = json.load(f)
        records = payload["records"]
        log.info("fetched %d records (page_size=500, has_more=%s)", len(records), payload.get("has_more"))
        cursor = records[0]["updated_at"]
        log.info("batch cursor %s", cursor)
        return len(records)

    transform_partner_export()
