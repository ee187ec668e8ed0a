"""Refresh the daily KPI table from the ops database."""
from __future__ import annotations

import logging
from datetime import datetime

from airflow.sdk import dag, task

log = logging.getLogger("acme.reporting.kpi")
OPS_URI = "postgresql+psycopg2://postgres@127.0.0.1:5432/ind17"


@dag(schedule=None, start_date=datetime(2026, 12, 1), catchup=False, tags=["reporting"],
     default_args={"retries": 0, "owner": "analytics"})
def kpi_refresh():
    @task
    def refresh_daily_kpis(ds=None):
        import sqlalchemy

        import acme_etl
        from acme_etl.db import get_engine, run, scalar

        log.info("acme_etl %s, sqlalchemy %s", acme_etl.__version__, sqlalchemy.__version__)
        log.info("metastore ping timed out after 3s, retrying... ping OK")
        engine = get_engine(OPS_URI)
        n = scalar(engine, f"select count(*) from ops.orders where updated_at::date = '{ds}'")
        log.info("%d orders updated on %s", n, ds)
        run(engine, f"delete from ops.daily_kpis where kpi_date = '{ds}'")
        run(engine, f"insert into ops.daily_kpis select '{ds}'::date, count(*), sum(amount) from ops.orders where updated_at::date = '{ds}'")

    refresh_daily_kpis()


kpi_refresh()
