"""Runner unit tests import Airflow without a metadata DB (any session use raises)."""

from __future__ import annotations

import os

os.environ.setdefault("_AIRFLOW_SKIP_DB_TESTS", "true")
