"""Change and volume evidence on a real Airflow 3 deployment (SQLite, LocalExecutor, embedded runner).

Successful runs of ``volume_history`` print tens of thousands of extracted rows; then a run extracts
0 and fails with a ``ZeroDivisionError``. The investigation must read the earlier successes' counts
from their own logs, keep them, and answer ``data`` naming the empty input and its usual volume —
in the stored result, the tab's evidence (with its source) and the Markdown report.

``upstream_rename``'s consumer fails with ``KeyError: 'customer_id'`` after its upstream export
logged that its only column is ``cust_id``: the answer is ``data``, naming the upstream task and line.

``package_history`` scores through a small package built here as a wheel: version 1.9.3 succeeds,
then 2.1.0 is installed and raises inside the package. The answer must name the version change.

``git_rename`` is served by a ``GitDagBundle`` from a local repository made here: a run at the first
commit succeeds, then a commit renames the producer's output key and the consumer fails with
``KeyError``. The answer must be ``code`` naming that commit (sha, author, message) and the key.

``dbt_project_change`` runs real dbt in a git work tree under ``$AIRFLOW_HOME/dbt/shop`` with the
state-keeping command (``dbt build --state state``, then the manifest copied into ``state/`` on
success). A first run succeeds; a commit drops a column from a staging model and the next run fails
in a mart that still selects it. The runner's answer must name the model, the column and the commit,
from the ``--state`` manifest the command names, and show that diff with its source.

Run under the heavy-work lock: ``flock /tmp/heavy.lock .venv/bin/pytest tests/e2e/change``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support.airflow_cluster import VENV_BIN, AirflowCluster

from airflow_pipeline_debugger.engine.report import escape

DAGS = Path(__file__).parent / "dags"
USUAL_ROWS = (48_213, 47_950, 48_400)
PROBE = "pd_env_probe"
PROBE_SOURCES = {
    "1.9.3": "def score(rows):\n    return sum(r['amount'] for r in rows)\n",
    # 2.1.0 renamed the field it reads: the task's code and data are unchanged.
    "2.1.0": "def score(rows):\n    return sum(r['amount'] * r['weighting'] for r in rows)\n",
}

GIT_BUNDLE = "orders_repo"
GIT_AUTHOR = "Ada Lovelace"
GIT_DAG = """
from datetime import datetime

from airflow.sdk import DAG, task

with DAG(dag_id="git_rename", start_date=datetime(2026, 1, 1), schedule=None, tags=["e2e"]):

    @task(task_id="extract_customers")
    def extract_customers():
        return [{"customer_id": 7, "amount": 10.0}, {"customer_id": 9, "amount": 5.5}]

    @task(task_id="load_customers")
    def load_customers(rows):
        return sorted(row["customer_id"] for row in rows)

    load_customers(extract_customers())
"""
RENAME_MESSAGE = "Export client_id instead of customer_id"

REPO_ROOT = Path(__file__).resolve().parents[3]
DBT = Path(os.environ.get("DBT_BIN", REPO_ROOT / ".venv-dbt" / "bin" / "dbt"))
DBT_PROJECT = REPO_ROOT / "example_dags" / "dbt_project"
DROP_MESSAGE = "Drop email from stg_customers"

pytestmark = pytest.mark.timeout(900)


def git(repo: Path, *args: str) -> str:
    """Run git in the test's own repository as its author (no user or system config)."""
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": GIT_AUTHOR,
        "GIT_AUTHOR_EMAIL": "ada@example.com",
        "GIT_COMMITTER_NAME": GIT_AUTHOR,
        "GIT_COMMITTER_EMAIL": "ada@example.com",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    done = subprocess.run(
        ["git", "-C", str(repo), *args], env=env, check=True, capture_output=True, text=True
    )
    return done.stdout.strip()


def commit(repo: Path, source: str, message: str) -> str:
    (repo / "git_rename.py").write_text(source)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD")


@pytest.fixture(scope="module")
def orders_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository the git bundle serves, at its first (working) commit."""
    repo = tmp_path_factory.mktemp("orders_repo")
    git(repo, "init", "-q", "-b", "main")
    commit(repo, GIT_DAG, "Add the customers pipeline")
    return repo


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory, orders_repo: Path) -> Iterator[AirflowCluster]:
    home = tmp_path_factory.mktemp("change")
    bundles = [
        {
            "name": "dags-folder",
            "classpath": "airflow.dag_processing.bundles.local.LocalDagBundle",
            "kwargs": {},
        },
        {
            "name": GIT_BUNDLE,
            "classpath": "airflow.providers.git.bundles.git.GitDagBundle",
            "kwargs": {"tracking_ref": "main", "repo_url": str(orders_repo)},
        },
    ]
    env = {
        "AIRFLOW__PIPELINE_DEBUGGER__RUNNER_POLL_INTERVAL_SECONDS": "0.5",
        "AIRFLOW__PIPELINE_DEBUGGER__HANDOFF_SETTLE_SECONDS": "3",
        "AIRFLOW__PIPELINE_DEBUGGER__LLM_ENABLED": "False",
        "AIRFLOW__DAG_PROCESSOR__DAG_BUNDLE_CONFIG_LIST": json.dumps(bundles),
        "AIRFLOW__DAG_PROCESSOR__DAG_BUNDLE_STORAGE_PATH": str(home / "bundles"),
        # dbt_project_change's project and its --state folder are read from here.
        "AIRFLOW__PIPELINE_DEBUGGER__DBT_ARTIFACT_ROOTS": str(home / "dbt"),
    }
    with AirflowCluster(
        home=home,
        dags_folder=DAGS,
        port_range=(18900, 18949),
        extra_env=env,
        pg_prefix="pd_change",
    ) as c:
        yield c


def finished_investigation(cluster: AirflowCluster, dag_id: str, run_id: str) -> dict[str, Any]:
    def done() -> dict[str, Any] | None:
        rows = cluster.sql(
            "SELECT id, status FROM pipeline_debugger_investigation WHERE dag_id = :d AND run_id = :r",
            d=dag_id,
            r=run_id,
        )
        return rows[0] if rows and rows[0]["status"] in ("succeeded", "failed") else None

    row = cluster.wait_for(done, 240, f"investigation of {dag_id}/{run_id}")
    resp = cluster.api.get(f"/pipeline-debugger/api/investigations/{row['id']}")
    assert resp.status_code == 200, resp.text
    return dict(resp.json())


def test_an_empty_extract_is_data_naming_the_input_and_its_usual_volume(cluster: AirflowCluster) -> None:
    ok_runs = [cluster.trigger("volume_history", conf={"rows": rows}) for rows in USUAL_ROWS]
    for run_id in ok_runs:
        assert cluster.wait_for_run("volume_history", run_id)["state"] == "success"
    bad = cluster.trigger("volume_history", conf={"rows": 0})
    assert cluster.wait_for_run("volume_history", bad)["state"] == "failed"

    found = finished_investigation(cluster, "volume_history", bad)
    assert found["status"] == "succeeded", found
    assert found["category"] == "data", found["root_cause_title"]
    assert found["root_cause_title"] == (
        "The input was empty: 0 rows extracted from orders_export vs a median of 48,213"
    )
    volume = next(a for a in found["artifacts"] if a["name"] == "input volume vs earlier successful runs")
    assert "task_volume" in volume["source"] and "log reader" in volume["source"]

    # The earlier successes were read once from their own logs and kept.
    kept = cluster.sql("SELECT run_id FROM pipeline_debugger_task_volume WHERE dag_id = 'volume_history'")
    assert sorted(r["run_id"] for r in kept) == sorted(ok_runs)

    report = cluster.api.get(f"/pipeline-debugger/api/investigations/{found['id']}/report.md")
    assert report.status_code == 200
    assert "0 rows extracted from orders_export vs a median of 48,213" in report.text
    [row] = [line for line in report.text.splitlines() if "input volume vs earlier successful runs" in line]
    assert "log reader" in row  # the evidence table names where each piece came from


def test_a_key_error_after_an_upstream_rename_names_the_upstream_line(cluster: AirflowCluster) -> None:
    run_id = cluster.trigger("upstream_rename")
    assert cluster.wait_for_run("upstream_rename", run_id)["state"] == "failed"

    found = finished_investigation(cluster, "upstream_rename", run_id)
    assert found["task_id"] == "score" and found["status"] == "succeeded", found
    assert found["category"] == "data", found["root_cause_title"]
    assert found["root_cause_title"] == (
        "Upstream task export_customers logged an output without 'customer_id': columns: cust_id"
    )
    # The answer cites the upstream task's line first, from the upstream log evidence.
    upstream = next(a for a in found["artifacts"] if a["kind"] == "upstream_log")
    assert upstream["source"].endswith("upstream_rename/export_customers")
    first = found["cited_lines"][0]
    assert first["cite"].startswith(f"{upstream['evidence_id']}:L"), found["cited_lines"]
    assert "export wrote 2 rows; columns: cust_id" in first["text"] and first["logs_tab_line"] is None

    # The upstream XCom is sized by the database (the DAG's first run: no earlier size to compare).
    xcom = next(a for a in found["artifacts"] if a["name"] == "upstream XCom sizes vs earlier runs")
    [size] = xcom["summary"]["measures"]
    assert (size["input"], size["runs"]) == ("export_customers.return_value", 0)
    assert size["value"] >= len('[{"cust_id": 1}, {"cust_id": 2}]')

    report = cluster.api.get(f"/pipeline-debugger/api/investigations/{found['id']}/report.md")
    assert report.status_code == 200
    assert "Upstream task export_customers" in report.text and "columns: cust_id" in report.text


def wheel(folder: Path, version: str) -> Path:
    """A pure-Python wheel of the probe package at ``version`` (built by hand: no build backend)."""
    dist = f"{PROBE}-{version}.dist-info"
    files = {
        f"{PROBE}/__init__.py": f"__version__ = {version!r}\n{PROBE_SOURCES[version]}",
        f"{dist}/METADATA": f"Metadata-Version: 2.1\nName: {PROBE.replace('_', '-')}\nVersion: {version}\n",
        f"{dist}/WHEEL": "Wheel-Version: 1.0\nGenerator: e2e\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = []
    for name, text in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()
        record.append(f"{name},sha256={digest},{len(text.encode())}")
    files[f"{dist}/RECORD"] = "\n".join([*record, f"{dist}/RECORD,,"]) + "\n"
    path = folder / f"{PROBE}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as zf:
        for name, text in files.items():
            zf.writestr(name, text)
    return path


def pip(*args: str) -> None:
    subprocess.run([str(VENV_BIN / "pip"), *args], check=True, capture_output=True, timeout=300)


@pytest.fixture
def probe_wheels(tmp_path: Path) -> Iterator[dict[str, Path]]:
    """The probe's wheels; whatever version a test installed is removed afterwards."""
    yield {version: wheel(tmp_path, version) for version in PROBE_SOURCES}
    pip("uninstall", "-y", PROBE.replace("_", "-"))


def test_a_package_upgrade_between_runs_is_named(
    cluster: AirflowCluster, probe_wheels: dict[str, Path]
) -> None:
    pip("install", "--no-deps", "--no-index", str(probe_wheels["1.9.3"]))
    ok = cluster.trigger("package_history")
    assert cluster.wait_for_run("package_history", ok)["state"] == "success"
    pip("install", "--no-deps", "--no-index", str(probe_wheels["2.1.0"]))
    bad = cluster.trigger("package_history")
    assert cluster.wait_for_run("package_history", bad)["state"] == "failed"

    found = finished_investigation(cluster, "package_history", bad)
    assert found["status"] == "succeeded", found
    assert (
        found["root_cause_title"]
        == "The traceback runs through pd_env_probe 2.1.0, 1.9.3 at the last success"
    )
    assert found["category"] == "config"
    versions = next(a for a in found["artifacts"] if a["name"] == "package versions since last success")
    assert "log reader" in versions["source"]


def test_a_commit_renaming_the_producers_output_is_code_naming_the_commit_and_key(
    cluster: AirflowCluster, orders_repo: Path
) -> None:
    first = git(orders_repo, "rev-parse", "HEAD")
    ok = cluster.trigger("git_rename")
    assert cluster.wait_for_run("git_rename", ok)["state"] == "success"
    [row] = cluster.sql(
        "SELECT bundle_version FROM dag_run WHERE dag_id = 'git_rename' AND run_id = :r", r=ok
    )
    assert row["bundle_version"] == first

    # Only a function body changes: Airflow keeps the DAG version and moves its bundle version.
    second = commit(orders_repo, GIT_DAG.replace('"customer_id": ', '"client_id": '), RENAME_MESSAGE)
    cluster.wait_for(
        lambda: (
            cluster.sql("SELECT bundle_version FROM dag WHERE dag_id = 'git_rename'")[0]["bundle_version"]
            == second
        ),
        180,
        "the dag-processor to parse the rename commit",
    )
    bad = cluster.trigger("git_rename")
    assert cluster.wait_for_run("git_rename", bad)["state"] == "failed"

    found = finished_investigation(cluster, "git_rename", bad)
    assert found["status"] == "succeeded", found
    assert found["category"] == "code", found["root_cause_title"]
    assert found["root_cause_title"] == (
        f"Commit {second[:10]} by {GIT_AUTHOR} ({RENAME_MESSAGE!r}) removed 'customer_id' at git_rename.py:10"
    )
    diff = next(a for a in found["artifacts"] if a["name"] == "git commits and diff since last success")
    assert f"git bundle {GIT_BUNDLE}" in diff["source"]
    # The bundle logs the git_default connection it goes on without (INFO, on every try): no cause.
    signals = {s["code"] for s in found["result"]["signals"]}
    hypotheses = {h["rule_id"] for h in found["result"]["hypotheses"]}
    assert "airflow.missing_connection" in signals and "airflow.missing_connection" not in hypotheses
    key_error = next(h for h in found["result"]["hypotheses"] if h["rule_id"] == "generic.python_exception")
    assert "git_rename.py:14" in key_error["title"], key_error["title"]
    report = cluster.api.get(f"/pipeline-debugger/api/investigations/{found['id']}/report.md")
    assert report.status_code == 200
    assert f"Commit {second[:10]} by {GIT_AUTHOR}" in report.text


@pytest.mark.skipif(not DBT.exists(), reason=f"dbt is not installed at {DBT}")
def test_a_commit_dropping_a_dbt_column_names_the_model_the_column_and_the_commit(
    cluster: AirflowCluster,
) -> None:
    # The deployed project: a git work tree where the DAG file expects it, with dbt's state ignored.
    project = cluster.home / "dbt" / "shop"
    shutil.copytree(
        DBT_PROJECT, project, ignore=shutil.ignore_patterns("target", "logs", "*.duckdb", "scenario_patches")
    )
    (project / ".gitignore").write_text("target/\nlogs/\nstate/\n")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Shop project")
    env = {
        **os.environ,
        "DBT_DUCKDB_PATH": str(project.parent / "shop.duckdb"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DBT_NO_VERSION_CHECK": "1",
    }
    # The upstream system writes the raw layer the models read.
    subprocess.run(
        [str(DBT), "run-operation", "load_raw", "--profiles-dir", ".", "--project-dir", "."],
        cwd=project,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )

    ok = cluster.trigger("dbt_project_change")
    assert cluster.wait_for_run("dbt_project_change", ok, timeout=420)["state"] == "success"
    state = project / "state" / "manifest.json"
    assert state.is_file()

    stg = project / "models" / "staging" / "stg_customers.sql"
    stg.write_text(stg.read_text().replace("    last_name,\n    email\n", "    last_name\n"))
    schema = project / "models" / "staging" / "schema.yml"
    schema.write_text(schema.read_text().replace("      - name: email\n        data_tests: [not_null]\n", ""))
    git(project, "commit", "-q", "-am", DROP_MESSAGE)
    sha = git(project, "rev-parse", "HEAD")

    bad = cluster.trigger("dbt_project_change")
    assert cluster.wait_for_run("dbt_project_change", bad, timeout=420)["state"] == "failed"

    found = finished_investigation(cluster, "dbt_project_change", bad)
    assert found["status"] == "succeeded", found
    assert found["category"] == "code", found["root_cause_title"]
    for named in ("stg_customers", "'email'", sha[:10], DROP_MESSAGE, "fct_orders"):
        assert named in found["root_cause_title"], (named, found["root_cause_title"])
    [root] = [f for f in found["findings"] if f["kind"] == "root_cause"]
    assert root["data"]["rule_id"] == "dbt.ancestor_changed", root["data"]

    # The tab's evidence: the diff, read from the --state folder the command names, with the commit.
    diff = next(
        a for a in found["artifacts"] if a["name"] == "dbt project changes since the --state manifest"
    )
    assert diff["source"] == str(state)
    content = cluster.api.get(
        f"/pipeline-debugger/api/investigations/{found['id']}/artifacts/{diff['evidence_id']}"
    )
    assert content.status_code == 200, content.text
    text = "\n".join(line["text"] for line in content.json()["lines"])
    assert "model stg_customers (models/staging/stg_customers.sql): modified, code" in text
    assert "columns dropped: email" in text
    assert f"commit {sha[:10]}" in text and DROP_MESSAGE in text
    # The answer rests on those lines: cited first, as the root cause's measured facts.
    facts = found["result"]["root_cause"]["facts"]
    assert {f["cite"].split(":")[0] for f in facts} == {diff["evidence_id"]}, facts
    said = [f["text"] for f in facts]
    assert said[0].startswith("model stg_customers") and "columns dropped: email" in said
    assert any(t.startswith(f"commit {sha[:10]}") for t in said), said
    assert found["cited_lines"][0]["cite"] == facts[0]["cite"]

    report = cluster.api.get(f"/pipeline-debugger/api/investigations/{found['id']}/report.md")
    assert report.status_code == 200
    assert sha[:10] in report.text
    measured = report.text.split("**Measured:**", 1)[1].split("**Evidence:**", 1)[0]
    assert "columns dropped: email" in measured and f"commit {sha[:10]}" in measured
    [row] = [ln for ln in report.text.splitlines() if "dbt project changes since the --state manifest" in ln]
    assert escape(str(state)) in row  # the evidence table names where the diff came from
