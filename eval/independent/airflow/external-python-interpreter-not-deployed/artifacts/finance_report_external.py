"""Render the weekly finance report with the reporting team's pre-built virtualenv."""
import logging
from datetime import datetime

from airflow.providers.standard.operators.python import ExternalPythonOperator, PythonOperator
from airflow.sdk import DAG

log = logging.getLogger("acme.finance_report")
REPORTING_PYTHON = "/opt/venvs/reporting/bin/python"


def _collect(**_):
    log.info("collected 412 ledger rows, error_count=0; zombie report lock killed")
    log.info("ledger API read timed out on attempt 1, retried OK on attempt 2")


def render_report(ds):
    import logging

    logging.getLogger("acme.finance_report.render").info("rendering weekly finance report for %s", ds)
    return f"/reports/finance_{ds}.pdf"


with DAG(
    dag_id="finance_report_external",
    schedule="@weekly",
    start_date=datetime(2026, 12, 1),
    catchup=False,
    tags=["finance"],
) as dag:
    collect = PythonOperator(task_id="collect_ledger", python_callable=_collect)
    render = ExternalPythonOperator(
        task_id="render_report",
        python=REPORTING_PYTHON,
        python_callable=render_report,
        op_kwargs={"ds": "{{ ds }}"},
    )
    collect >> render
