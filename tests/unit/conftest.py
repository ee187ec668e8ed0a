"""Unit tests must not touch a metadata DB: point Airflow at a URL that fails on first use."""

from __future__ import annotations

import os

os.environ["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"] = "bad_schema:///"
os.environ.setdefault("AIRFLOW__CORE__UNIT_TEST_MODE", "True")
