"""Paths of the real Spark event logs and driver logs in tests/fixtures/spark (shared by the Spark tests)."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "spark"


def event_log_of(folder: str) -> Path:
    """The single ``eventlog_v2_*`` folder of a fixture run."""
    (path,) = sorted((FIXTURES / folder).glob("eventlog_v2_*"))
    return path
