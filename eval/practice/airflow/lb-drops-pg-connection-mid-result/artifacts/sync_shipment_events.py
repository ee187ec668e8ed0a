"""Copy yesterday's shipment events from the logistics replica (behind the DB load balancer)."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta

from airflow.sdk import dag, task

log = logging.getLogger("acme.logistics")


@dag(dag_id="sync_shipment_events", schedule=None, start_date=datetime(2026, 12, 1), catchup=False,
     default_args={"retries": 0, "execution_timeout": timedelta(minutes=10)}, tags=["logistics"])
def sync_shipment_events():
    @task
    def copy_events(**context):
        from airflow.providers.postgres.hooks.postgres import PostgresHook

        hook = PostgresHook(postgres_conn_id="logistics_replica")
        conn = hook.get_connection("logistics_replica")
        log.info("replica via load balancer %s:%s/%s", conn.host, conn.port, conn.schema)
        n = hook.get_first("SELECT count(*) FROM logistics.shipment_events")[0]
        log.info("shipment_events rows on replica: %d", n)
        log.info("metadata cache: 3 entries evicted (ttl), killed_flag=false")
        rows = hook.get_records(
            "SELECT event_id, shipment_id, status, payload FROM logistics.shipment_events ORDER BY event_id")
        log.info("fetched %d events", len(rows))
        return len(rows)

    copy_events()


sync_shipment_events()
