"""One real api-server (plus a dag-processor for the DAG rows) per backend, shared by the API tests.

The embedded runner is off: the tests play the runner themselves through the repository, writing
steps into the same metadata DB while the api-server streams them, so timing is under the test's
control. Users: ``admin``; ``viewer`` (read-only); ``outsider`` (role ``user``, but the
test auth manager lets them see only ``api_dag_other``); ``nologs`` and ``nocode`` (viewers denied
the ``TASK_LOGS`` and the ``CODE`` entity, like FAB roles without "Task Logs" or "DAG Code").
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

if "airflow" not in sys.modules:
    _home = tempfile.mkdtemp(prefix="pd-api-it-home-")
    atexit.register(shutil.rmtree, _home, True)
    os.environ.setdefault("AIRFLOW_HOME", _home)
    os.environ.setdefault("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", f"sqlite:///{_home}/airflow.db")

from helpers import DAG_OTHER, DAG_TEAM, JWT_SECRET, SLACK_SIGNING_SECRET, UPLOAD_CAP
from sqlalchemy.orm import Session, sessionmaker
from support.airflow_cluster import AirflowCluster
from support.dag_scoped_auth import DENIED_ENTITIES_ENV
from support.dag_scoped_auth import ENV as DAG_ACCESS_ENV

TESTS_DIR = Path(__file__).resolve().parents[2]
USERS = {"admin": "admin", "viewer": "viewer", "outsider": "outsider", "nologs": "nologs", "nocode": "nocode"}


BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]


@pytest.fixture(scope="session", params=BACKENDS)
def cluster(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[AirflowCluster]:
    extra = {
        "AIRFLOW__CORE__AUTH_MANAGER": "support.dag_scoped_auth.DagScopedAuthManager",
        "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS": (
            "admin:admin,viewer:viewer,outsider:user,nologs:viewer,nocode:viewer"
        ),
        DAG_ACCESS_ENV: json.dumps({"outsider": [DAG_OTHER]}),
        DENIED_ENTITIES_ENV: json.dumps({"nologs": ["TASK_LOGS"], "nocode": ["CODE"]}),
        "PYTHONPATH": os.pathsep.join(p for p in (str(TESTS_DIR), os.environ.get("PYTHONPATH", "")) if p),
        "AIRFLOW__PIPELINE_DEBUGGER__RUNNER_IN_API_SERVER": "False",
        "AIRFLOW__PIPELINE_DEBUGGER__UPLOAD_MAX_BYTES": str(UPLOAD_CAP),
        "AIRFLOW__API_AUTH__JWT_SECRET": JWT_SECRET,
        # Slack's interactivity requests are signed with this connection's signing secret (no alert is
        # sent: the runner is off).
        "AIRFLOW__PIPELINE_DEBUGGER__SLACK_CONN_ID": "pd_slack",
        "AIRFLOW_CONN_PD_SLACK": json.dumps(
            {
                "conn_type": "slack",
                "password": "xoxb-unused",
                "extra": {"signing_secret": SLACK_SIGNING_SECRET},
            }
        ),
    }
    with AirflowCluster(
        home=tmp_path_factory.mktemp(f"airflow-api-{request.param}"),
        dags_folder=Path(__file__).parent / "dags",
        backend=request.param,
        pg_prefix="pd_api",
        port_range=(18700, 18749),
        extra_env=extra,
        components=("dag-processor", "api-server"),
        users=USERS,
    ) as c:
        c.wait_for_dag(DAG_TEAM)
        c.wait_for_dag(DAG_OTHER)
        yield c


@pytest.fixture(scope="session")
def db(cluster: AirflowCluster) -> sessionmaker[Session]:
    return sessionmaker(bind=cluster.engine, expire_on_commit=False)


def _client(cluster: AirflowCluster, user: str) -> Iterator[httpx.Client]:
    with cluster.client(user) as c:
        yield c


@pytest.fixture
def admin(cluster: AirflowCluster) -> Iterator[httpx.Client]:
    """A client signed in as the admin (every DAG)."""
    yield from _client(cluster, "admin")


@pytest.fixture
def viewer(cluster: AirflowCluster) -> Iterator[httpx.Client]:
    """A client with the read-only ``viewer`` role (every DAG, no writes)."""
    yield from _client(cluster, "viewer")


@pytest.fixture
def outsider(cluster: AirflowCluster) -> Iterator[httpx.Client]:
    """A client with the ``user`` role that may see only ``api_dag_other``."""
    yield from _client(cluster, "outsider")
