"""The README's main command, headless: every example failure gets the expected investigation.

Runs ``demo/run_demo.py --no-serve`` exactly as ``make demo`` does under CI (real Airflow on SQLite,
real dbt, real PySpark) in a scratch folder; the script itself compares each investigation with
``example_dags/expected.toml`` and exits non-zero on any mismatch, which this test surfaces with the
script's own summary.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
#: The demo's Spark jobs run in local mode; the report escapes the ``_`` before an id (``v2\_local-``).
LOCAL_APP_ID = re.compile(r"local-\d{13}")


@pytest.mark.timeout(1800)
def test_demo_investigates_every_example_failure(tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "demo" / "run_demo.py"),
            "--no-serve",
            "--out",
            str(tmp_path / "demo"),
            "--port",
            "18040",
            "--timeout",
            "1200",
        ],
        capture_output=True,
        text=True,
        timeout=1750,
        check=False,
    )
    assert proc.returncode == 0, f"demo failed:\n{proc.stdout[-6000:]}\n{proc.stderr[-4000:]}"
    reports = sorted((tmp_path / "demo" / "reports").glob("*.md"))
    assert len(reports) >= 10
    text = reports[0].read_text()
    assert "Root cause" in text or "root cause" in text.lower()
    assert "ok" in proc.stdout and "MISMATCH" not in proc.stdout
    # The Spark jobs of the run share one history folder: each investigation lists its own event log only.
    spark = {r.name: event_logs(r.read_text()) for r in reports if r.name.startswith("example_spark")}
    assert len(spark) == 3 and all(len(ids) == 1 for ids in spark.values()), spark
    assert len({ids[0] for ids in spark.values()}) == 3, spark


def event_logs(report: str) -> list[str]:
    """Application ids of the ``spark_event_log`` rows of a report's evidence table, each once.

    A row names its id twice (the evidence's name and its source), so ids are counted distinct.
    """
    rows = [line for line in report.splitlines() if "| spark_event_log |" in line]
    return sorted({app_id for row in rows for app_id in LOCAL_APP_ID.findall(row)})
