"""A dbt project deployed as a git work tree, built with dbt's usual state-keeping command.

The project lives in ``$AIRFLOW_HOME/dbt/shop`` (the test makes it a git repository there and loads
the raw layer into ``$AIRFLOW_HOME/dbt/shop.duckdb``). The task runs ``dbt build --state state`` and,
only when the build succeeds, copies ``target/manifest.json`` into ``state/``: that folder is the
project's last good state, which is where the provider looks for the previous manifest in production
(``[pipeline_debugger] dbt_artifact_roots`` must cover the project).

dbt runs from the repository's ``.venv-dbt`` (dbt pins protobuf below Airflow's), or ``$DBT_BIN``.
"""

from __future__ import annotations

import os
import shlex
from datetime import datetime
from pathlib import Path

from airflow.providers.standard.operators.bash import BashOperator
from airflow.sdk import DAG

REPO_ROOT = Path(__file__).resolve().parents[4]
DBT_BIN = os.environ.get("DBT_BIN", str(REPO_ROOT / ".venv-dbt" / "bin" / "dbt"))
PROJECT = Path(os.environ.get("AIRFLOW_HOME", "/tmp/airflow")) / "dbt" / "shop"

with DAG(dag_id="dbt_project_change", start_date=datetime(2026, 1, 1), schedule=None, tags=["e2e"]):
    BashOperator(
        task_id="dbt_build",
        bash_command=(
            f"cd {shlex.quote(str(PROJECT))} && {shlex.quote(DBT_BIN)} build --profiles-dir . --state state "
            "&& mkdir -p state && cp target/manifest.json state/"
        ),
        env={
            "DBT_DUCKDB_PATH": str(PROJECT.parent / "shop.duckdb"),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            "DBT_NO_VERSION_CHECK": "1",
        },
        append_env=True,
    )
