"""Daily order export for the marketplace partner (semicolon CSV dropped on their SFTP share)."""
from __future__ import annotations

import csv
import logging
import os
from datetime import datetime

from airflow.sdk import Variable, dag, task

log = logging.getLogger("acme.exports.partner")
DATA_DIR = os.environ.get("ACME_DATA_DIR", "/tmp/h47-af/data")


def write_partner_export(rows: list[dict], path: str, *, encoding: str, delimiter: str = ";") -> str:
    """Write rows as the partner's CSV dialect; the partner's Excel import wants a BOM."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="", encoding=encoding) as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return path


@dag(
    dag_id="partner_export_daily",
    schedule=None,
    start_date=datetime(2026, 12, 1),
    catchup=False,
    default_args={"retries": 0},
    tags=["exports", "partner"],
)
def partner_export_daily():
    @task
    def export_partner_orders(ds=None):
        settings = Variable.get("partner_export_settings", deserialize_json=True)
        log.info("partner export settings loaded: target=%s delimiter=%r", settings["target"], settings["delimiter"])
        log.info("evicted 14 stale entries from partner_sku_map cache (ttl=3600s)")
        log.warning("listing sftp-drop:/inbound timed out after 10s (attempt 1/3), retrying")
        log.info("listing sftp-drop:/inbound ok on attempt 2/3: 3 files, newest orders_2026-12-05.csv")
        log.info("skipping table ops.zombie_sessions_archive: not in export scope")
        with open(f"{DATA_DIR}/partner_orders_2026-12-06.csv", newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        log.info("read %d orders for %s (error_count=0)", len(rows), ds)
        out = write_partner_export(
            rows,
            f"{DATA_DIR}/out/partner_orders_{ds}.csv",
            encoding=settings["encoding"],
            delimiter=settings["delimiter"],
        )
        log.info("wrote %s", out)
        return out

    export_partner_orders()


partner_export_daily()
