"""Unit tests must not touch a metadata DB.

``_AIRFLOW_SKIP_DB_TESTS`` is Airflow's own switch: Airflow still imports (configuration, provider
config, secrets masker) but any ORM session raises ``AirflowInternalRuntimeError``. The unusable
connection URL is a second lock in case something builds an engine by hand.
"""

from __future__ import annotations

import os

os.environ["_AIRFLOW_SKIP_DB_TESTS"] = "true"
os.environ["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"] = "bad_schema:///"
os.environ.setdefault("AIRFLOW__CORE__UNIT_TEST_MODE", "True")
