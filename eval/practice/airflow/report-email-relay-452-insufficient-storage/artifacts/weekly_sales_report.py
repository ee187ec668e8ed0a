"""Builds the weekly sales summary and mails it to the regional managers through the office relay."""
import csv
import logging
import os
import random
from datetime import datetime

from airflow.providers.smtp.operators.smtp import EmailOperator
from airflow.providers.standard.operators.python import PythonOperator
from airflow.sdk import DAG

log = logging.getLogger("reports.weekly_sales")

REPORT_DIR = "/tmp/h49-data/reports"


def build_report(ds, **context):
    os.makedirs(REPORT_DIR, exist_ok=True)
    path = os.path.join(REPORT_DIR, f"weekly_sales_{ds}.csv")
    random.seed(ds)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["region", "stores", "net_sales_eur", "vs_last_week_pct"])
        for region in ["Nord", "Ost", "Sued", "West", "Mitte"]:
            w.writerow([region, random.randint(8, 30), f"{random.uniform(2e5, 9e5):.2f}",
                        f"{random.uniform(-6, 9):.1f}"])
    log.info("weekly sales report written to %s", path)
    return path


with DAG("weekly_sales_report", schedule="0 6 * * 1", start_date=datetime(2026, 11, 30), catchup=False,
         tags=["reports"]) as dag:
    build = PythonOperator(task_id="build_report", python_callable=build_report)
    send = EmailOperator(
        task_id="email_report",
        conn_id="smtp_office_relay",
        to=["regional-managers@example.com"],
        subject="Weekly sales summary {{ ds }}",
        html_content="<p>Attached: weekly sales by region for the week ending {{ ds }}.</p>",
        files=[REPORT_DIR + "/weekly_sales_{{ ds }}.csv"],
    )
    build >> send
