"""Builds the daily POS export in the fast staging area, then archives it for the finance share."""
import csv
import logging
import os
import random
from datetime import datetime

from airflow.providers.standard.operators.python import PythonOperator
from airflow.sdk import DAG

log = logging.getLogger("pos.export")

STAGING_DIR = "/tmp/h49-stage/pos"        # RAM disk (tmpfs) on the workers, for fast writes
ARCHIVE_DIR = "/tmp/h49-archive/pos"      # persistent disk that finance's share reads


def build_and_archive(ds, **context):
    os.makedirs(STAGING_DIR, exist_ok=True)
    os.makedirs(ARCHIVE_DIR, exist_ok=True)
    staging_path = os.path.join(STAGING_DIR, f"pos_sales_{ds}.csv")
    random.seed(ds)
    with open(staging_path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["store_id", "till_id", "receipt_no", "amount_eur"])
        for i in range(20000):
            writer.writerow([100 + i % 37, i % 6, 500000 + i, f"{random.uniform(1, 180):.2f}"])
    log.info("wrote %s (%d bytes)", staging_path, os.path.getsize(staging_path))

    archive_path = os.path.join(ARCHIVE_DIR, f"pos_sales_{ds}.csv")
    # atomic move into the archive so finance never sees a half-written file
    os.rename(staging_path, archive_path)
    log.info("archived to %s", archive_path)
    return archive_path


with DAG("pos_export_archive", schedule="@daily", start_date=datetime(2026, 12, 1), catchup=False,
         tags=["pos", "finance"]) as dag:
    PythonOperator(task_id="build_and_archive", python_callable=build_and_archive)
