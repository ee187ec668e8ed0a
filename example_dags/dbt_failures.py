"""dbt failures that really happen: BashOperator tasks running ``dbt build`` on the demo project.

Each scenario gets its own copy of ``dbt_project`` and its own DuckDB file under
``$PIPELINE_DEBUGGER_DEMO_DATA/dbt/<scenario>`` (so the tasks can fail in parallel without sharing a
warehouse lock), a ``prepare_<scenario>`` task that plays the upstream system (``load_raw`` writes
the raw layer, badly) or the bad code change (a ``scenario_patches`` overlay), and the failing
``<scenario>`` task whose rendered command is a single ``dbt build`` with ``--project-dir`` and
``--target-path``: the worker capture and the dbt adapter read the artifacts' location from that
command, and ``[pipeline_debugger] dbt_artifact_roots`` must include ``$PIPELINE_DEBUGGER_DEMO_DATA/dbt``
for the runner to be allowed to read them. The expected verdicts are in ``expected.toml``.

dbt runs from its own virtualenv (dbt pins protobuf below Airflow's): ``$DBT_BIN``, by default the
repository's ``.venv-dbt/bin/dbt``.
"""

from __future__ import annotations

import json
import os
import shlex
from datetime import datetime
from pathlib import Path

from airflow.providers.standard.operators.bash import BashOperator
from airflow.sdk import DAG

REPO_ROOT = Path(__file__).resolve().parent.parent
PROJECT_SOURCE = Path(__file__).resolve().parent / "dbt_project"
DBT_BIN = os.environ.get("DBT_BIN", str(REPO_ROOT / ".venv-dbt" / "bin" / "dbt"))
WORK_ROOT = Path(os.environ.get("PIPELINE_DEBUGGER_DEMO_DATA", "/tmp/pipeline-debugger-demo")) / "dbt"

#: task id → (raw-data scenario for ``load_raw``, code patch from ``scenario_patches`` or "").
SCENARIOS: dict[str, tuple[str, str]] = {
    "orders_not_null": ("nulls", ""),
    "orders_unique": ("dupes", ""),
    "customers_renamed_column": ("renamed_column", ""),
    "fct_orders_bad_ref": ("clean", "bad_ref"),
    "fct_orders_jinja_error": ("clean", "jinja_error"),
}


def _q(path: Path | str) -> str:
    return shlex.quote(str(path))


def dbt_flags(workdir: Path, target: str) -> str:
    """Where dbt finds the project and profile, and where it writes artifacts and its own log."""
    project = workdir / "project"
    return (
        f"--project-dir {_q(project)} --profiles-dir {_q(project)} "
        f"--target-path {_q(workdir / target)} --log-path {_q(workdir / 'logs')}"
    )


def prepare_command(workdir: Path, raw: str, patch: str) -> str:
    """Fresh project copy, the upstream's raw data, then the code change (last: it breaks parsing)."""
    project = workdir / "project"
    lines = [
        "set -euo pipefail",
        f"rm -rf {_q(workdir)} && mkdir -p {_q(workdir)}",
        f"cp -R {_q(PROJECT_SOURCE)} {_q(project)}",
        f"rm -rf {_q(project / 'target')} {_q(project / 'logs')}",
        f"{_q(DBT_BIN)} run-operation load_raw --vars {_q(json.dumps({'scenario': raw}))} "
        + dbt_flags(workdir, "load_target"),
    ]
    if patch:
        lines.append(f"cp -R {_q(project / 'scenario_patches' / patch)}/. {_q(project)}/")
    return "\n".join(lines)


def build_command(workdir: Path) -> str:
    """The failing step: one ``dbt build`` whose flags say where its artifacts are."""
    return f"{_q(DBT_BIN)} build " + dbt_flags(workdir, "target")


def dbt_env(workdir: Path) -> dict[str, str]:
    """Per-scenario warehouse file; no usage events or version checks (the demo runs offline)."""
    return {
        "DBT_DUCKDB_PATH": str(workdir / "warehouse.duckdb"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DBT_NO_VERSION_CHECK": "1",
    }


with DAG(
    dag_id="example_dbt_failures",
    start_date=datetime(2026, 1, 1),
    schedule=None,
    catchup=False,
    default_args={"owner": "analytics-engineering", "retries": 0},
    tags=["example", "pipeline-debugger", "dbt"],
    doc_md=__doc__,
):
    for task_id, (raw, patch) in SCENARIOS.items():
        workdir = WORK_ROOT / task_id
        prepare = BashOperator(
            task_id=f"prepare_{task_id}",
            bash_command=prepare_command(workdir, raw, patch),
            env=dbt_env(workdir),
            append_env=True,
        )
        build = BashOperator(
            task_id=task_id,
            bash_command=build_command(workdir),
            env=dbt_env(workdir),
            append_env=True,
        )
        prepare >> build
