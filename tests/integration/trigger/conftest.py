"""Airflow imported by these tests gets a throwaway home, never a developer's ``~/airflow``."""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile

if "airflow" not in sys.modules:
    _home = tempfile.mkdtemp(prefix="pd-it-trigger-home-")
    atexit.register(shutil.rmtree, _home, True)
    os.environ.setdefault("AIRFLOW_HOME", _home)
    os.environ.setdefault("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", f"sqlite:///{_home}/airflow.db")
