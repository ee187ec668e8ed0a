"""Build and mail the daily operations report to the ops distribution list."""
import logging
import smtplib
from datetime import datetime
from email.message import EmailMessage

from airflow.sdk import dag, task

log = logging.getLogger("acme.ops_report")
RELAY = ("127.0.0.1", 2525)


@dag(schedule=None, start_date=datetime(2026, 12, 1), catchup=False, tags=["reporting"])
def daily_ops_report():
    @task
    def send_report():
        stats = {"pods_evicted": 0, "zombie_tasks": 0, "timeouts": 1, "timeouts_recovered": 1, "error_count": 0}
        body = "\n".join(f"{k}: {v}" for k, v in stats.items())
        log.info("report built: %s", stats)
        msg = EmailMessage()
        msg["Subject"] = "Daily ops report 2026-12-07"
        msg["From"] = "airflow@acme.internal"
        msg["To"] = "ops@acme.internal"
        msg.set_content(body)
        log.info("sending via relay %s:%d", *RELAY)
        with smtplib.SMTP(*RELAY, timeout=20) as smtp:
            smtp.send_message(msg)
        log.info("report sent")

    send_report()


daily_ops_report()
