"""Nightly archive of the ledger extract: gzip it next to the extract for the cold-storage sync."""
from __future__ import annotations

import gzip
import logging
import os
import shutil
from datetime import datetime

from airflow.sdk import dag, task

log = logging.getLogger("acme.archive")
DATA_DIR = os.environ.get("ACME_DATA_DIR", "/tmp/h47-af/data")


def archive_file(src: str, dst: str, level: int) -> int:
    """Compress src into dst with the given gzip level and return the compressed size."""
    with open(src, "rb") as fin, gzip.open(dst, "wb", compresslevel=level) as fout:
        shutil.copyfileobj(fin, fout, length=1024 * 1024)
    return os.path.getsize(dst)


@dag(
    dag_id="ledger_archive_nightly",
    schedule=None,
    start_date=datetime(2026, 12, 1),
    catchup=False,
    default_args={"retries": 0},
    tags=["archive", "ledger"],
)
def ledger_archive_nightly():
    @task
    def archive_ledger_extract(ds=None):
        level = int(os.environ.get("ARCHIVE_GZIP_LEVEL", "6"))
        src = f"{DATA_DIR}/ledger_extract_2026-12-06.csv"
        dst = f"{DATA_DIR}/archive/ledger_extract_{ds}.csv.gz"
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        log.info("archiving %s (%d bytes) -> %s", src, os.path.getsize(src), dst)
        size = archive_file(src, dst, level)
        log.info("archived %s: %d bytes", dst, size)
        return dst

    archive_ledger_extract()


ledger_archive_nightly()
