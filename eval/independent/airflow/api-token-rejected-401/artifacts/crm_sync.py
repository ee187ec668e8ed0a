import logging
import pendulum
import requests
from airflow.sdk import DAG, Variable, task

log = logging.getLogger(__name__)
CRM_API = "http://127.0.0.1:18534"

with DAG("crm_contacts_sync", start_date=pendulum.datetime(2026, 12, 1, tz="UTC"), schedule=None, catchup=False):
    @task
    def pull_crm_contacts():
        token = Variable.get("crm_api_token")
        log.info("Pulling contacts updated since last watermark; page_size=500, timeout=20s, retry budget=3")
        resp = requests.get(f"{CRM_API}/api/v3/contacts", params={"updated_since": "2026-12-05T00:00:00Z"},
                            headers={"Authorization": f"Bearer {token}"}, timeout=20)
        resp.raise_for_status()
        log.info("contacts: %d", len(resp.json()))

    pull_crm_contacts()
