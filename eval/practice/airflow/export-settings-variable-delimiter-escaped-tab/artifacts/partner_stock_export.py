"""Nightly stock export for the marketplace partner (tab-separated drop file)."""
from __future__ import annotations

import csv
import logging
from dataclasses import dataclass
from pathlib import Path

import pendulum
from airflow.sdk import DAG, Variable, task

log = logging.getLogger("acme.stock_export")

STOCK_SNAPSHOT = Path("/tmp/h50-data/stock/stock_snapshot.csv")


@dataclass(frozen=True)
class ExportSettings:
    delimiter: str
    quotechar: str
    target_dir: str
    file_prefix: str = "stock"

    @classmethod
    def from_variable(cls) -> "ExportSettings":
        raw = Variable.get("stock_export_settings", deserialize_json=True)
        return cls(**raw)


def read_snapshot(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def write_export(rows: list[dict], settings: ExportSettings, ds: str) -> Path:
    out_dir = Path(settings.target_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"{settings.file_prefix}_{ds}.tsv"
    with out.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, delimiter=settings.delimiter, quotechar=settings.quotechar)
        writer.writerow(["sku", "warehouse", "on_hand", "reserved"])
        for r in rows:
            writer.writerow([r["sku"], r["warehouse"], r["on_hand"], r["reserved"]])
    return out


with DAG(
    dag_id="partner_stock_export",
    start_date=pendulum.datetime(2026, 11, 1, tz="UTC"),
    schedule="@daily",
    catchup=False,
    tags=["partner", "stock"],
):

    @task(retries=0)
    def export_stock(ds=None):
        settings = ExportSettings.from_variable()
        rows = read_snapshot(STOCK_SNAPSHOT)
        log.info("read %d stock rows from %s", len(rows), STOCK_SNAPSHOT)
        out = write_export(rows, settings, ds)
        log.info("wrote %s", out)
        return str(out)

    export_stock()
