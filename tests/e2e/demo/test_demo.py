"""The README's main command, headless: every example failure gets the expected investigation.

Runs ``demo/run_demo.py --no-serve`` exactly as ``make demo`` does under CI (real Airflow on SQLite,
real dbt, real PySpark) in a scratch folder; the script itself compares each investigation with
``example_dags/expected.toml`` and exits non-zero on any mismatch, which this test surfaces with the
script's own summary.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


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
