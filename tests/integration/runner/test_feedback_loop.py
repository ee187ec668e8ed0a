"""Closing the loop through the real runner: added evidence is used, feedback flags a rule.

A complete Airflow metadata DB (``airflow db migrate``: Airflow's tables and ours) and the runner
service running :func:`airflow_pipeline_debugger.runner.process.investigate` with every built-in
adapter and rule. Only the two reads of the failed try that need a scheduled task are replaced: the
task instance row and its log (the log reader itself is covered by the e2e tests), so the task log
is exactly the text the test wrote.

The story: a task is stopped from outside (the log only says SIGTERM); the answer is "stopped from
outside". Someone adds the node's kubelet log, re-runs: the answer is the eviction, citing the added
file, marked with who added it. Deleting it and re-running gives the first answer back. The same for
a dbt task whose log was cut before the error, and its ``run_results.json``; and for a Spark job whose
driver log only says "out of memory", and its event log, which shows one skewed partition.

And: once users have marked a rule's answers on a DAG wrong more than ``feedback_wrong_threshold``
times, its next answer there says so beside its confidence; on another DAG it does not.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import zstandard
from sqlalchemy.orm import Session, sessionmaker

from airflow_pipeline_debugger.api.uploads import build_upload
from airflow_pipeline_debugger.runner.service import Runner, RunnerSettings
from airflow_pipeline_debugger.store import repository
from airflow_pipeline_debugger.store.models import Investigation
from airflow_pipeline_debugger.store.session import session_scope

SPARK = Path(__file__).resolve().parents[2] / "fixtures" / "spark"
KILLED_LOG = """\
[2026-12-06T02:13:01.101+0000] {taskinstance.py:1} INFO - Starting attempt 1 of 1
[2026-12-06T02:13:01.204+0000] {taskinstance.py:2} INFO - Executing <Task(PythonOperator): load_orders>
[2026-12-06T02:13:02.311+0000] {load.py:41} INFO - reading s3://lake/orders/2026-12-05/ (412 files)
[2026-12-06T02:14:05.812+0000] {local_task_job_runner.py:346} WARNING - Received SIGTERM. Terminating subprocesses.
[2026-12-06T02:14:05.815+0000] {taskinstance.py:3} ERROR - Task failed with exception
"""  # noqa: E501
KUBELET_LOG = """\
Dec 06 02:13:57 ip-10-0-3-17 kubelet[1021]: I1206 02:13:57.990 1021 eviction_manager.go:366] "Eviction manager: attempting to reclaim" resourceName="memory"
Dec 06 02:13:58 ip-10-0-3-17 kubelet[1021]: I1206 02:13:58.101 1021 eviction_manager.go:377] "Eviction manager: must evict pod(s) to reclaim" resourceName="memory"
Dec 06 02:13:59 ip-10-0-3-17 kubelet[1021]: I1206 02:13:59.870 1021 eviction_manager.go:616] "Eviction manager: pods evicted, waiting for pod to be cleaned up" pods=["airflow/etl-load-orders-7c9f"]
"""  # noqa: E501
DBT_LOG = """\
[2026-12-06T03:00:01.000+0000] {subprocess.py:93} INFO - Running command: ['bash', '-c', 'dbt build --project-dir /opt/dbt/shop']
[2026-12-06T03:00:04.120+0000] {subprocess.py:106} INFO - 03:00:04  Running with dbt=1.10.4
[2026-12-06T03:00:09.551+0000] {subprocess.py:106} INFO - 03:00:09  1 of 3 START sql table model shop.orders ... [RUN]
[2026-12-06T03:00:10.002+0000] {subprocess.py:110} INFO - Command exited with return code 1
"""  # noqa: E501


def _run_results() -> str:
    """A dbt ``run_results.json`` whose failed node is a database error on a missing column."""
    return json.dumps(
        {
            "metadata": {
                "dbt_schema_version": "https://schemas.getdbt.com/dbt/run-results/v6.json",
                "dbt_version": "1.10.4",
                "generated_at": "2026-12-06T03:00:10Z",
                "invocation_id": "5c1d",
            },
            "elapsed_time": 8.9,
            "args": {"which": "build"},
            "results": [
                {
                    "unique_id": "model.shop.orders",
                    "status": "error",
                    "execution_time": 0.4,
                    "thread_id": "Thread-1",
                    "timing": [],
                    "adapter_response": {},
                    "failures": None,
                    "relation_name": '"shop"."main"."orders"',
                    "message": (
                        "Runtime Error in model orders (models/orders.sql)\n"
                        '  Binder Error: Referenced column "order_total" not found in FROM clause!\n'
                        '  Candidate bindings: "amount", "order_id"'
                    ),
                    "compiled": True,
                    "compiled_code": "select order_id, order_total from raw_orders",
                }
            ],
        }
    )


def _settings() -> RunnerSettings:
    return RunnerSettings(
        concurrency=1,
        poll_interval_s=0.05,
        heartbeat_interval_s=0.5,
        stale_after_s=120,
        timeout_s=120,
        sweep=False,
    )


def _run_to_end(factory: sessionmaker[Session], investigation_id: str) -> dict[str, Any]:
    """Let a real runner take the queued investigation to its end; its stored result."""
    runner = Runner(settings=_settings(), session_factory=factory)
    runner.start()
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            with factory() as s:
                inv = s.get(Investigation, investigation_id)
                assert inv is not None
                if inv.status in ("succeeded", "failed"):
                    assert inv.status == "succeeded", inv.error
                    assert isinstance(inv.result, dict)
                    return inv.result
            time.sleep(0.1)
        raise AssertionError("the investigation did not finish")
    finally:
        runner.stop(10)


def _investigation(factory: sessionmaker[Session], dag_id: str, run_id: str = "scheduled__2026-12-06") -> str:
    with session_scope(factory) as s:
        row, created = repository.ensure_investigation(
            s,
            dag_id=dag_id,
            run_id=run_id,
            task_id="load",
            map_index=-1,
            try_number=1,
            trigger="listener",
        )
        assert created
        return str(row.id)


def _add(factory: sessionmaker[Session], investigation_id: str, name: str, text: str, user: str) -> str:
    upload = build_upload(kind="log", name=name, raw=text.encode(), max_bytes=1 << 20, user=user)
    with session_scope(factory) as s:
        row = repository.add_artifact(s, investigation_id, upload.evidence, origin=repository.UPLOAD_ORIGIN)
        return row.evidence_id


def _rerun(factory: sessionmaker[Session], investigation_id: str) -> None:
    with session_scope(factory) as s:
        assert repository.request_rerun(s, investigation_id)


def _cited_artifacts(
    factory: sessionmaker[Session], investigation_id: str, result: dict[str, Any]
) -> list[Any]:
    cited = {str(c).split(":", 1)[0] for c in result["root_cause"]["evidence"]}
    with factory() as s:
        return [a for a in repository.list_artifacts(s, investigation_id) if a.evidence_id in cited]


def test_added_kubelet_log_names_the_eviction_and_deleting_it_restores_the_answer(
    factory: sessionmaker[Session], failed_task: Callable[[str, str, str], str]
) -> None:
    inv_id = _investigation(factory, failed_task("orders_etl", "PythonOperator", KILLED_LOG))
    first = _run_to_end(factory, inv_id)
    assert first["root_cause"]["rule_id"] == "airflow.sigterm"

    upload_id = _add(factory, inv_id, "kubelet-ip-10-0-3-17.log", KUBELET_LOG, "alice")
    _rerun(factory, inv_id)
    second = _run_to_end(factory, inv_id)
    assert second["root_cause"]["rule_id"] == "airflow.pod_evicted"
    assert "memory" in second["root_cause"]["title"]
    cited = _cited_artifacts(factory, inv_id, second)
    from_upload = [a for a in cited if a.name == "kubelet-ip-10-0-3-17.log"]
    assert from_upload, [(a.evidence_id, a.name, a.source) for a in cited]
    source = from_upload[0].source
    assert f"({upload_id}, added by alice at " in source and " UTC)" in source
    assert "evict" in from_upload[0].content

    with session_scope(factory) as s:
        assert repository.delete_upload(s, inv_id, upload_id)
        assert not repository.delete_upload(s, inv_id, upload_id)
    _rerun(factory, inv_id)
    third = _run_to_end(factory, inv_id)
    assert third["root_cause"]["rule_id"] == first["root_cause"]["rule_id"]
    assert third["root_cause"]["title"] == first["root_cause"]["title"]
    with factory() as s:
        assert not [a for a in repository.list_artifacts(s, inv_id) if "kubelet" in a.name]


def test_added_dbt_run_results_is_parsed_by_the_dbt_adapter(
    factory: sessionmaker[Session], failed_task: Callable[[str, str, str], str]
) -> None:
    inv_id = _investigation(factory, failed_task("shop_dbt", "BashOperator", DBT_LOG))
    first = _run_to_end(factory, inv_id)
    assert first["pipeline_type"] == "dbt"
    assert "order_total" not in json.dumps(first["root_cause"])

    _add(factory, inv_id, "run_results.json", _run_results(), "bob")
    _rerun(factory, inv_id)
    second = _run_to_end(factory, inv_id)
    assert second["root_cause"]["rule_id"] == "dbt.missing_column"
    assert "order_total" in second["root_cause"]["title"] + second["root_cause"]["summary"]
    sources = [a.source for a in _cited_artifacts(factory, inv_id, second)]
    assert any("run_results.json (U" in s and "added by bob at" in s for s in sources), sources


def test_added_spark_event_log_turns_out_of_memory_into_skew(
    factory: sessionmaker[Session], failed_task: Callable[[str, str, str], str]
) -> None:
    folder = SPARK / "skew_oom"
    driver_log = (folder / "driver.log").read_text()
    part = next((folder / "eventlog_v2_local-1795373141902").glob("events_1_*.zstd"))
    event_log = zstandard.ZstdDecompressor().stream_reader(part.read_bytes()).read().decode()
    inv_id = _investigation(factory, failed_task("sales_spark", "SparkSubmitOperator", driver_log))
    first = _run_to_end(factory, inv_id)
    assert first["root_cause"]["rule_id"] == "spark.memory_oom"

    _add(factory, inv_id, "local-1795373141902.json", event_log, "carol")
    _rerun(factory, inv_id)
    second = _run_to_end(factory, inv_id)
    assert second["root_cause"]["rule_id"] == "spark.skew_oom"
    sources = [a.source for a in _cited_artifacts(factory, inv_id, second)]
    assert any("local-1795373141902.json (U" in s and "added by carol at" in s for s in sources), sources


def test_a_rule_often_marked_wrong_on_a_dag_is_flagged_in_the_confidence(
    factory: sessionmaker[Session],
    failed_task: Callable[[str, str, str], str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("AIRFLOW__PIPELINE_DEBUGGER__FEEDBACK_WRONG_THRESHOLD", "2")
    dag = failed_task("nightly_etl", "PythonOperator", KILLED_LOG)
    for n in range(3):
        inv_id = _investigation(factory, dag, run_id=f"scheduled__{n}")
        result = _run_to_end(factory, inv_id)
        assert result["root_cause"]["rule_id"] == "airflow.sigterm"
        assert result["root_cause"]["confidence_note"] == ""  # wrong n times so far: not more than 2
        with session_scope(factory) as s:
            wrong = repository.set_feedback(
                s, inv_id, "down", comment="node evicted for memory", user="alice"
            )
            assert wrong is not None
    flagged = _run_to_end(factory, _investigation(factory, dag, run_id="scheduled__3"))
    assert flagged["root_cause"]["confidence_note"] == (
        "this rule (airflow.sigterm) was marked wrong 3 of the last 3 times it was rated on this DAG"
    )

    elsewhere = failed_task("other_etl", "PythonOperator", KILLED_LOG)
    clean = _run_to_end(factory, _investigation(factory, elsewhere))
    assert (
        clean["root_cause"]["rule_id"] == "airflow.sigterm" and clean["root_cause"]["confidence_note"] == ""
    )
