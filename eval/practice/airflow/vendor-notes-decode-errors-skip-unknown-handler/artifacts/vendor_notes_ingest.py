"""Ingest the vendors' free-text delivery notes (pipe-delimited, mostly UTF-8, some legacy bytes)."""
from __future__ import annotations

import json
import logging
import os
from datetime import datetime

from airflow.sdk import dag, task

log = logging.getLogger("acme.ingest.vendor_notes")
DATA_DIR = os.environ.get("ACME_DATA_DIR", "/tmp/h47-af/data")


def clean_text(raw: bytes) -> str:
    """Decode a vendor's notes, dropping the odd legacy byte their old terminals still send."""
    return raw.decode("utf-8", errors="skip").replace("\r\n", "\n")


def parse_notes(text: str) -> list[dict]:
    out = []
    for line in text.splitlines()[1:]:
        vendor_id, delivery_id, note = line.split("|", 2)
        out.append({"vendor_id": vendor_id, "delivery_id": delivery_id, "note": note.strip()})
    return out


@dag(
    dag_id="vendor_notes_ingest",
    schedule=None,
    start_date=datetime(2026, 12, 1),
    catchup=False,
    default_args={"retries": 0},
    tags=["ingest", "vendors"],
)
def vendor_notes_ingest():
    @task
    def ingest_vendor_notes(ds=None):
        path = f"{DATA_DIR}/vendor_notes_2026-12-06.txt"
        with open(path, "rb") as fh:
            raw = fh.read()
        log.info("read %d bytes from %s", len(raw), path)
        notes = parse_notes(clean_text(raw))
        os.makedirs(f"{DATA_DIR}/out", exist_ok=True)
        with open(f"{DATA_DIR}/out/vendor_notes_{ds}.json", "w") as fh:
            json.dump(notes, fh)
        log.info("ingested %d notes", len(notes))
        return len(notes)

    ingest_vendor_notes()


vendor_notes_ingest()
