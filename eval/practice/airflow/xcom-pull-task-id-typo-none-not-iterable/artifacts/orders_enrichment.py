"""Pulls open orders and enriches them with the customer segment."""
import logging
from datetime import datetime

from airflow.providers.standard.operators.python import PythonOperator
from airflow.sdk import DAG

log = logging.getLogger("orders.enrichment")


def extract_order(**context):
    orders = [{"order_id": 9100 + i, "customer_id": 40 + i % 7, "amount": 19.9 + i} for i in range(25)]
    log.info("extracted %d open orders", len(orders))
    return orders


def enrich_orders(**context):
    ti = context["ti"]
    orders = ti.xcom_pull(task_ids="extract_orders")
    log.info("enriching orders pulled from XCom")
    segments = {cid: ("gold" if cid % 3 == 0 else "standard") for cid in range(40, 47)}
    enriched = [dict(o, segment=segments[o["customer_id"]]) for o in orders]
    log.info("enriched %d orders", len(enriched))
    return len(enriched)


with DAG("orders_enrichment", schedule=None, start_date=datetime(2026, 12, 1), catchup=False,
         tags=["orders"]) as dag:
    extract = PythonOperator(task_id="extract_order", python_callable=extract_order)
    enrich = PythonOperator(task_id="enrich_orders", python_callable=enrich_orders)
    extract >> enrich
