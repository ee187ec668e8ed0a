"""A real Airflow metadata DB per backend (``airflow db migrate``: Airflow's tables and ours), and
the fake Slack with the connections a deployment would define.

The dispatcher reads Airflow's own tables (DAG owners and tags, serialized params, run conf), so
these tests migrate a complete Airflow database rather than only the provider's tables.
PostgreSQL databases are named ``pd_slack_*`` and dropped afterwards.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator

import pytest

if "airflow" not in sys.modules:
    _home = tempfile.mkdtemp(prefix="pd-it-slack-home-")
    atexit.register(shutil.rmtree, _home, True)
    os.environ.setdefault("AIRFLOW_HOME", _home)
    os.environ.setdefault("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", f"sqlite:///{_home}/airflow.db")

from sqlalchemy import Engine, create_engine, delete, inspect
from sqlalchemy.orm import Session, sessionmaker
from support.databases import BACKENDS, airflow_env, run_airflow, scratch_postgres
from support.fake_slack import FakeSlack

BACKEND_PARAMS = [
    pytest.param(name, marks=[pytest.mark.postgres] if name == "postgres" else [], id=name)
    for name in BACKENDS
]
BOT_TOKEN = "xoxb-fake-token"
#: Airflow tables the tests write to (besides the provider's), emptied after each test.
AIRFLOW_TABLES = ("dag_tag", "dag_run", "dag")


@pytest.fixture(params=BACKEND_PARAMS, scope="module")
def airflow_db_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    home = tmp_path_factory.mktemp(f"airflow-{request.param}")
    (home / "dags").mkdir()
    if request.param == "postgres":
        database: contextlib.AbstractContextManager[str] = scratch_postgres("pd_slack")
    else:
        database = contextlib.nullcontext(f"sqlite:///{home / 'airflow.db'}")
    with database as url:
        run_airflow(airflow_env(home, url), "db", "migrate")
        yield url


@pytest.fixture(scope="module")
def db_engine(airflow_db_url: str) -> Iterator[Engine]:
    sqlite = airflow_db_url.startswith("sqlite")
    eng = create_engine(airflow_db_url, connect_args={"timeout": 30} if sqlite else {})
    yield eng
    eng.dispose()


@pytest.fixture
def session_factory(db_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[sessionmaker[Session]]:
    """Sessions on the test DB; Airflow's global engine points there too, as in a runner process.

    (Some Airflow model helpers, e.g. ``SerializedDagModel.get``, read ``airflow.settings.engine``;
    in a pytest run that also collected the unit tier it is unset.)
    """
    from airflow import settings

    monkeypatch.setattr(settings, "engine", db_engine)
    factory = sessionmaker(bind=db_engine, expire_on_commit=False)
    yield factory
    from airflow_pipeline_debugger.store.models import load_all_models

    metadata = load_all_models()
    with db_engine.begin() as conn:
        present = set(inspect(conn).get_table_names())
        for table in reversed(metadata.sorted_tables):
            if table.name in present:
                conn.execute(delete(table))
        from sqlalchemy import table as sql_table

        for name in AIRFLOW_TABLES:
            conn.execute(delete(sql_table(name)))


@pytest.fixture
def fake_slack(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeSlack]:
    """The fake Slack; connections ``slack_api`` (bot token), ``slack_hook`` (webhook), ``slack_bad``."""
    with FakeSlack(tokens=(BOT_TOKEN,)) as fake:
        api = {"conn_type": "slack", "password": BOT_TOKEN, "extra": {"base_url": fake.api_url}}
        monkeypatch.setenv("AIRFLOW_CONN_SLACK_API", json.dumps(api))
        monkeypatch.setenv("AIRFLOW_CONN_SLACK_BAD", json.dumps({**api, "password": "xoxb-revoked-token"}))
        monkeypatch.setenv(
            "AIRFLOW_CONN_SLACK_HOOK", json.dumps({"conn_type": "slackwebhook", "password": fake.webhook_url})
        )
        monkeypatch.setenv("AIRFLOW__PIPELINE_DEBUGGER__UI_BASE_URL", "https://airflow.example.com/")
        yield fake
