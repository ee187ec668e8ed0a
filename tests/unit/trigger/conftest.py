"""Provider settings for trigger unit tests, without reading Airflow's configuration."""

from __future__ import annotations

import os

import pytest

# Airflow's own switch for DB-less tests: importing Airflow works, any session use raises.
os.environ.setdefault("_AIRFLOW_SKIP_DB_TESTS", "true")

from airflow_pipeline_debugger import conf

DEFAULTS = {
    "enabled": True,
    "investigate_retries": False,
    "opt_out_tag": "pipeline_debugger:off",
    "opt_out_param": "pipeline_debugger_enabled",
    "sweep_interval_seconds": 30,
    "sweep_lookback_hours": 24,
}


@pytest.fixture
def settings(monkeypatch):
    """Set provider options for one test: ``settings(investigate_retries=True)``."""
    values = dict(DEFAULTS)

    def apply(**overrides):
        values.update(overrides)
        for name, value in values.items():
            monkeypatch.setattr(conf, name, lambda value=value: value)
        return values

    apply()
    return apply
