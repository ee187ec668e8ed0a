"""Server-side Airflow evidence against a real Airflow 3 metadata DB filled by real ``dag.test()`` runs.

The DAG runs once successfully, the sweep's ``snapshot_dag_sources`` keeps its source, then only the
body of a task changes — the case where Airflow overwrites ``dag_code`` in place without a new DAG
version — and the DAG runs again and fails. The collectors must still see that the code changed
(through the snapshot), show the diff, the successful duration, the task's config and the upstream
state.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from airflow_pipeline_debugger.domain import (
    EvidenceBundle,
    EvidenceKind,
    FailureContext,
    LogLine,
    Signal,
    TaskKey,
)

DAG_ID = "pd_evid_orders"
DAG_TEMPLATE = """
from datetime import datetime, timedelta
from airflow.sdk import DAG, task

with DAG(dag_id="{dag_id}", start_date=datetime(2026, 1, 1), schedule=None, catchup=False,
         default_args={{"retries": 0, "execution_timeout": timedelta(seconds=30)}}):
    @task(task_id="extract")
    def extract():
        return [{{"order_id": 1, "amount": 10.0}}]

    @task(task_id="load", pool="default_pool")
    def load(rows):
{body}

    load(extract())
"""
V1_BODY = "        return sum(r['amount'] for r in rows)"
V2_BODY = "        return sum(r['total'] for r in rows)  # renamed field: KeyError"
RUN_DAG = textwrap.dedent(
    """
    import sys
    from airflow.dag_processing.dagbag import DagBag
    bag = DagBag(dag_folder=sys.argv[1])
    run = bag.dags[sys.argv[2]].test()
    print("RUN_ID=" + run.run_id)
    """
)


@pytest.fixture(scope="module")
def airflow_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, str]]]:
    home = tmp_path_factory.mktemp("pd_evid_home")
    (home / "dags").mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")}
    env.update(
        {
            "AIRFLOW_HOME": str(home),
            "AIRFLOW__CORE__DAGS_FOLDER": str(home / "dags"),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home / 'airflow.db'}",
            "AIRFLOW__PIPELINE_DEBUGGER__ENABLED": "False",
        }
    )
    airflow = str(Path(sys.executable).parent / "airflow")
    subprocess.run([airflow, "db", "migrate"], env=env, check=True, capture_output=True, timeout=600)
    yield home, env


def run_dag(home: Path, env: dict[str, str], body: str) -> str:
    """Write the DAG with ``body`` as the load task's body, run it with dag.test(); return the run id."""
    (home / "dags" / "orders.py").write_text(DAG_TEMPLATE.format(dag_id=DAG_ID, body=body))
    done = subprocess.run(
        [sys.executable, "-c", RUN_DAG, str(home / "dags"), DAG_ID],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    return next(line.split("=", 1)[1] for line in done.stdout.splitlines() if line.startswith("RUN_ID="))


@pytest.fixture(scope="module")
def runs(airflow_home: tuple[Path, dict[str, str]]) -> dict[str, str]:
    """A successful run, a source snapshot, then a failed run after a body-only edit."""
    from airflow_pipeline_debugger.adapters.airflow.metadata import snapshot_dag_sources

    home, env = airflow_home
    ok = run_dag(home, env, V1_BODY)
    engine = create_engine(env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"])
    with Session(engine) as session, session.begin():
        assert snapshot_dag_sources(session) >= 1
    failed = run_dag(home, env, V2_BODY)
    return {"ok": ok, "failed": failed, "url": env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"]}


def bundle_for(run_id: str, task_id: str = "load") -> EvidenceBundle:
    ctx = FailureContext(
        key=TaskKey(dag_id=DAG_ID, run_id=run_id, task_id=task_id, map_index=-1, try_number=1)
    )
    bundle = EvidenceBundle(context=ctx)
    bundle.signals.append(
        Signal("generic.code_error", "KeyError raised", "E1", (LogLine("E1", 3, "KeyError: 'total'"),))
    )
    return bundle


def test_in_place_overwrite_is_seen_through_the_snapshot(runs: dict[str, str]) -> None:
    """dag_code was overwritten in place (same DAG version) yet the diff shows the edited line."""
    from airflow.models.dagcode import DagCode

    from airflow_pipeline_debugger.adapters.airflow.metadata import collect_airflow_evidence

    engine = create_engine(runs["url"])
    with Session(engine) as session, session.begin():
        assert len(session.scalars(select(DagCode.id).where(DagCode.dag_id == DAG_ID)).all()) == 1
        bundle = bundle_for(runs["failed"])
        collect_airflow_evidence(session, bundle)
    errors = [e for e in bundle.evidence if e.kind is EvidenceKind.COLLECTION_ERROR]
    assert [e.name for e in errors if not e.summary.get("upstream_task_id")] == []
    changes = bundle.facts["changes"]
    assert changes["since"] == runs["ok"]
    assert changes["code_changed"] is True
    assert "DAG source" in changes["changed"]
    diff = next(e for e in bundle.evidence if e.kind is EvidenceKind.DIFF)
    assert "+        return sum(r['total'] for r in rows)" in diff.content
    assert "-        return sum(r['amount'] for r in rows)" in diff.content


def test_config_history_and_upstream(runs: dict[str, str]) -> None:
    """Task config from the serialized DAG, the earlier success's duration, the upstream state."""
    from airflow_pipeline_debugger.adapters.airflow.metadata import collect_airflow_evidence

    engine = create_engine(runs["url"])
    with Session(engine) as session, session.begin():
        bundle = bundle_for(runs["failed"])
        collect_airflow_evidence(session, bundle)
    config = bundle.facts["task_config"]
    assert config["execution_timeout_s"] == 30.0
    assert config["pool"] == "default_pool"
    assert config["operator"] == "@task"
    assert "Python" in config["operator_class"]
    history = bundle.facts["history"]
    assert history["recent_runs"] == 1
    assert history["last_outcome"] == "success"
    assert history["last_success"] == runs["ok"]
    assert len(history["success_durations_s"]) == 1
    assert [t["state"] for t in history["tries_this_run"]] == ["failed"]
    assert bundle.facts["upstream"] == {"tasks": {"extract": "success"}, "failed": [], "investigations": {}}
    # The upstream task's log is read through Airflow's log reader, which uses Airflow's own session,
    # not this module's DB: here it may fail, and then it is a collection error naming the task (the
    # upstream_log tool refuses with its reason). tests/e2e/ui reads a real upstream log.
    upstream_logs = [e for e in bundle.evidence if e.summary.get("upstream_task_id")]
    assert [e.summary["upstream_task_id"] for e in upstream_logs] == ["extract"]
    assert upstream_logs[0].kind in {EvidenceKind.UPSTREAM_LOG, EvidenceKind.COLLECTION_ERROR}
    kinds = {e.kind for e in bundle.evidence}
    assert {EvidenceKind.CONFIG, EvidenceKind.RUN_HISTORY, EvidenceKind.UPSTREAM, EvidenceKind.DIFF} <= kinds


def test_unknown_try_is_a_collection_error(runs: dict[str, str]) -> None:
    """A task instance that is not in the DB: one clear collection error, nothing raised."""
    from airflow_pipeline_debugger.adapters.airflow.metadata import collect_airflow_evidence

    engine = create_engine(runs["url"])
    with Session(engine) as session, session.begin():
        bundle = bundle_for("no_such_run")
        collect_airflow_evidence(session, bundle)
    assert [e.kind for e in bundle.evidence] == [EvidenceKind.COLLECTION_ERROR]
    assert "not in the metadata DB" in bundle.evidence[0].content


def git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Ada Lovelace",
        "GIT_AUTHOR_EMAIL": "ada@example.com",
        "GIT_COMMITTER_NAME": "Ada Lovelace",
        "GIT_COMMITTER_EMAIL": "ada@example.com",
        "GIT_CONFIG_GLOBAL": os.devnull,
    }
    done = subprocess.run(
        ["git", "-C", str(repo), *args], env=env, check=True, capture_output=True, text=True
    )
    return done.stdout.strip()


def test_a_git_bundle_answers_with_its_commits_instead_of_the_snapshots(
    runs: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both runs pinned to commits of a git bundle whose bare clone is here: the commits and the
    task file's diff come from git, the snapshots are not used."""
    from airflow.models.dag import DagModel
    from airflow.models.dagbundle import DagBundleModel
    from airflow.models.dagrun import DagRun
    from sqlalchemy import update

    from airflow_pipeline_debugger.adapters.airflow.metadata import collect_airflow_evidence

    work = tmp_path / "work"
    work.mkdir()
    git(work, "init", "-q", "-b", "main")
    versions = []
    for body, message in ((V1_BODY, "Sum the amounts"), (V2_BODY, "Sum the totals")):
        (work / "orders.py").write_text(DAG_TEMPLATE.format(dag_id=DAG_ID, body=body))
        (work / "README.md").write_text(message)
        git(work, "add", "-A")
        git(work, "commit", "-q", "-m", message)
        versions.append(git(work, "rev-parse", "HEAD"))
    storage = tmp_path / "bundles"
    subprocess.run(["git", "clone", "-q", "--bare", str(work), str(storage / "pd_git" / "bare")], check=True)
    monkeypatch.setenv("AIRFLOW__DAG_PROCESSOR__DAG_BUNDLE_STORAGE_PATH", str(storage))

    engine = create_engine(runs["url"])
    with Session(engine) as session:
        session.add(DagBundleModel(name="pd_git"))
        session.execute(
            update(DagModel)
            .where(DagModel.dag_id == DAG_ID)
            .values(bundle_name="pd_git", relative_fileloc="orders.py")
        )
        for run_id, version in ((runs["ok"], versions[0]), (runs["failed"], versions[1])):
            session.execute(update(DagRun).where(DagRun.run_id == run_id).values(bundle_version=version))
        bundle = bundle_for(runs["failed"])
        collect_airflow_evidence(session, bundle, record_snapshot=False)
        session.rollback()
    changes = bundle.facts["changes"]
    assert changes["code_changed"] is True
    assert "DAG source" not in changes["changed"]  # the snapshots were not needed
    found = changes["git"]
    assert [(c["sha"], c["author"], c["message"]) for c in found["commits"]] == [
        (versions[1], "Ada Lovelace", "Sum the totals")
    ]
    assert (found["files"], found["other_files"]) == (["orders.py"], 1)
    removed = [(ln["line"], ln["text"].strip()) for ln in found["lines"] if ln["sign"] == "-"]
    line = DAG_TEMPLATE.format(dag_id=DAG_ID, body=V1_BODY).splitlines().index(V1_BODY) + 1
    assert removed == [(line, V1_BODY.strip())]
    diff = next(e for e in bundle.evidence if e.name == "git commits and diff since last success")
    assert diff.kind is EvidenceKind.DIFF
    assert "git bundle pd_git" in diff.source
    assert f"commit {versions[1][:10]}" in diff.content and "README" not in diff.content


def test_a_git_bundle_without_a_clone_here_is_a_gap(
    runs: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Runs pinned to commits, but no bare clone on this machine: a gap that says so, no guess."""
    from airflow.models.dag import DagModel
    from airflow.models.dagbundle import DagBundleModel
    from airflow.models.dagrun import DagRun
    from sqlalchemy import update

    from airflow_pipeline_debugger.adapters.airflow.metadata import collect_airflow_evidence

    monkeypatch.setenv("AIRFLOW__DAG_PROCESSOR__DAG_BUNDLE_STORAGE_PATH", str(tmp_path))
    engine = create_engine(runs["url"])
    with Session(engine) as session:
        session.add(DagBundleModel(name="pd_git"))
        session.execute(update(DagModel).where(DagModel.dag_id == DAG_ID).values(bundle_name="pd_git"))
        for run_id, version in ((runs["ok"], "a" * 40), (runs["failed"], "b" * 40)):
            session.execute(update(DagRun).where(DagRun.run_id == run_id).values(bundle_version=version))
        bundle = bundle_for(runs["failed"])
        collect_airflow_evidence(session, bundle, record_snapshot=False)
        session.rollback()
    changes = bundle.facts["changes"]
    assert changes["code_changed"] is None
    assert "no local git clone" in changes["note"]
    gap = next(e for e in bundle.evidence if e.name == "bundle commits")
    assert gap.kind is EvidenceKind.COLLECTION_ERROR


def test_upstream_xcom_sizes_are_compared_with_earlier_runs(runs: dict[str, str]) -> None:
    """extract's return_value in the failed run against the earlier run's, sized by the database."""
    from airflow.models.xcom import XComModel

    from airflow_pipeline_debugger.adapters.airflow.metadata import collect_airflow_evidence

    engine = create_engine(runs["url"])
    with Session(engine) as session, session.begin():
        bundle = bundle_for(runs["failed"])
        collect_airflow_evidence(session, bundle)
        [stored] = session.scalars(
            select(XComModel.value).where(
                XComModel.dag_id == DAG_ID, XComModel.run_id == runs["ok"], XComModel.task_id == "extract"
            )
        ).all()
    [row] = [m for m in bundle.facts["volume"]["measures"] if m["input"] == "extract.return_value"]
    assert row["label"] == "bytes of XCom extract.return_value" and row["unit"] == "bytes"
    assert (row["runs"], row["last_success_run"], row["ratio"]) == (1, runs["ok"], 1.0)
    # The size is the stored JSON's length: the same value in both runs, read without loading it.
    assert row["value"] == row["median"] == len(json.dumps(stored)) == 33
    evidence = next(e for e in bundle.evidence if e.name == "upstream XCom sizes vs earlier runs")
    assert evidence.kind is EvidenceKind.RUN_HISTORY and "xcom table" in evidence.source
    assert evidence.content.startswith(f"bytes of XCom extract.return_value: {row['value']} (XCom of ")


def test_the_dag_source_the_failed_try_ran_is_source_evidence(runs: dict[str, str]) -> None:
    """The DAG file's code (dag_code of the failed try's version) is kept for the rules that read frames."""
    from airflow_pipeline_debugger.adapters.airflow.metadata import collect_airflow_evidence

    engine = create_engine(runs["url"])
    with Session(engine) as session, session.begin():
        bundle = bundle_for(runs["failed"])
        collect_airflow_evidence(session, bundle)
    [source] = [e for e in bundle.evidence if e.kind is EvidenceKind.SOURCE]
    assert source.name == "orders.py"
    assert str(source.summary["path"]).endswith("/dags/orders.py")
    assert "r['total']" in source.content  # the failing version, not the one that succeeded
