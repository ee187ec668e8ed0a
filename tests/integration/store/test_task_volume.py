"""Input volume per try in the provider's table, and the comparison the collector builds from it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from airflow_pipeline_debugger.adapters import generic as G
from airflow_pipeline_debugger.adapters.airflow import volume
from airflow_pipeline_debugger.adapters.airflow.volume import collect_volume
from airflow_pipeline_debugger.domain import (
    EvidenceBundle,
    EvidenceKind,
    FailureContext,
    LogLine,
    Signal,
    TaskKey,
)
from airflow_pipeline_debugger.evidence.files import FileAccess
from airflow_pipeline_debugger.store import repository as repo
from airflow_pipeline_debugger.store.models import TaskVolume

FAILED = TaskKey(dag_id="orders", run_id="bad", task_id="extract", map_index=-1, try_number=1)


def rows(value: int) -> dict[str, dict[str, object]]:
    return {"orders_export": {"value": value, "unit": "rows", "label": "rows extracted", "source": "t"}}


def bundle(*counts: str) -> EvidenceBundle:
    out = EvidenceBundle(context=FailureContext(key=FAILED))
    for i, count in enumerate(counts, start=1):
        attrs = {"verb": "Extracted", "count": count, "unit": "row", "input": "orders_export"}
        out.signals.append(Signal(G.ROW_COUNT, "", "E1", (LogLine("E1", i, ""),), attrs))
    return out


def test_the_first_record_of_a_try_wins(session: Session) -> None:
    ok = TaskKey(dag_id="orders", run_id="ok", task_id="extract", map_index=-1, try_number=1)
    assert repo.record_task_volume(session, ok, rows(10))
    assert not repo.record_task_volume(session, ok, rows(5))
    other = TaskKey(dag_id="orders", run_id="ok", task_id="extract", map_index=3, try_number=1)
    assert repo.record_task_volume(session, other, {})
    kept = repo.task_volumes(session, "orders", "extract", -1, {"ok", "elsewhere"})
    assert kept == {("ok", 1): rows(10)}
    assert repo.task_volumes(session, "orders", "extract", -1, set()) == {}


def test_the_failed_try_is_compared_with_the_kept_successes(session: Session) -> None:
    history = [("ok3", 1, 48_213), ("ok2", 2, 47_950), ("ok1", 1, 48_400)]
    for run_id, try_number, value in history:
        key = TaskKey(dag_id="orders", run_id=run_id, task_id="extract", map_index=-1, try_number=try_number)
        repo.record_task_volume(session, key, rows(value))
    got = bundle("48,000", "0")
    collect_volume(session, got, [(run_id, try_number) for run_id, try_number, _ in history])

    [measure] = got.facts["volume"]["measures"]
    assert measure | {"source": ""} == {
        "input": "orders_export",
        "label": "rows extracted from orders_export",
        "value": 0,
        "unit": "rows",
        "source": "",
        "runs": 3,
        "median": 48_213,
        "last_success": 48_213,
        "last_success_run": "ok3",
        "ratio": 0.0,
    }
    assert measure["source"] == "task log E1:L2"
    [evidence] = [e for e in got.evidence if e.kind is EvidenceKind.RUN_HISTORY]
    assert evidence.content == (
        "rows extracted from orders_export: 0 (task log E1:L2); median 48,213 over 3 successful run(s), "
        "48,213 at the last success (ok3)"
    )
    assert "pipeline_debugger_task_volume" in evidence.source
    assert sorted(session.scalars(select(TaskVolume.run_id))) == ["ok1", "ok2", "ok3"]  # nothing new kept


def test_a_try_that_printed_no_count_adds_nothing(session: Session) -> None:
    got = bundle()
    collect_volume(session, got, [("ok1", 1)])
    assert "volume" not in got.facts and not got.evidence
    assert session.scalars(select(TaskVolume)).all() == []


def test_dbt_rows_affected_of_the_failed_try_compare_with_the_printed_history(session: Session) -> None:
    """A dbt node's ``rows_affected`` (run_results.json) compares with the [SELECT n] lines of successes."""
    for run_id, value in (("ok2", 48_213), ("ok1", 47_950)):
        key = TaskKey(dag_id="orders", run_id=run_id, task_id="extract", map_index=-1, try_number=1)
        printed = {"value": value, "unit": "rows", "label": "rows created in main.orders", "source": "t"}
        repo.record_task_volume(session, key, {"main.orders": printed})
    got = bundle()
    got.facts["dbt"] = {
        "rows_affected": [
            {"unique_id": "model.shop.orders", "relation": "main.orders", "rows": 0},
            {"unique_id": "model.shop.stg", "relation": "main.stg", "rows": 12},
            {"unique_id": "model.shop.odd", "relation": "main.odd", "rows": "many"},
        ]
    }
    collect_volume(session, got, [("ok2", 1), ("ok1", 1)])

    by_input = {m["input"]: m for m in got.facts["volume"]["measures"]}
    assert sorted(by_input) == ["main.orders", "main.stg"]
    orders = by_input["main.orders"]
    got_numbers = (orders["value"], orders["runs"], orders["median"], orders["last_success"])
    assert got_numbers == (0, 2, 48_081.5, 48_213)
    assert orders["label"] == "rows written to main.orders"
    assert orders["source"] == "run_results.json adapter_response.rows_affected of model.shop.orders"
    assert by_input["main.stg"]["runs"] == 0


def spark_event_log(folder: Path, app_id: str, read: int) -> None:
    """A one-stage event log whose scan read ``read`` bytes of the day's orders partition."""
    scan = {
        "nodeName": "Scan parquet ",
        "metadata": {"Location": f"InMemoryFileIndex(1 paths)[s3a://lake/orders/dt=2026-12-0{read % 9}]"},
        "metrics": [{"name": "number of output rows", "accumulatorId": 7}],
    }
    stage = {"Stage ID": 2, "Stage Attempt ID": 0, "Stage Name": "parquet at job.py:20"}
    events = [
        {"Event": "SparkListenerApplicationStart", "App ID": app_id, "Timestamp": 1},
        {"Event": "org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart", "sparkPlanInfo": scan},
        {
            "Event": "SparkListenerTaskEnd",
            "Stage ID": 2,
            "Task Info": {"Task ID": 1},
            "Task Metrics": {"Input Metrics": {"Bytes Read": read, "Records Read": read // 100}},
        },
        {"Event": "SparkListenerStageCompleted", "Stage Info": {**stage, "Accumulables": [{"ID": 7}]}},
    ]
    (folder / app_id).write_text("".join(json.dumps(e, separators=(",", ":")) + "\n" for e in events))


def test_spark_inputs_of_the_successes_are_read_from_the_event_logs_their_logs_announced(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each success's log announces its application; its event log is read once and kept with its counts."""
    apps = {"ok3": ("local-1796000000003", 1_000_000), "ok2": ("local-1796000000002", 980_000)}
    logs = {}
    for run_id, (app_id, read) in apps.items():
        spark_event_log(tmp_path, app_id, read)
        logs[run_id] = [
            (f"INFO - Spark application id: {app_id}", None),
            ("INFO - Extracted 9 rows from x", None),
        ]
    monkeypatch.setattr(volume, "read_events", lambda _session, key, _max: logs[key.run_id])
    failed = bundle()
    failed.facts["spark"] = {
        "path": "/events/local-1796000000009",
        "app": {"id": "local-1796000000009"},
        "inputs": [
            {"name": "s3a://lake/orders/dt=*", "bytes": 14_000_000, "records": 140_000, "stages": [3]}
        ],
    }
    collect_volume(session, failed, [("ok3", 1), ("ok2", 1)], FileAccess({"spark": [tmp_path]}))

    by_key = {m["label"]: m for m in failed.facts["volume"]["measures"]}
    size = by_key["read from s3a://lake/orders/dt=* by stage 3"]
    assert (size["value"], size["runs"], size["median"], size["last_success"]) == (
        14_000_000,
        2,
        990_000,
        1_000_000,
    )
    assert size["scale"] == "size" and size["input"] == "s3a://lake/orders/dt=*"
    assert by_key["records read from s3a://lake/orders/dt=* by stage 3"]["median"] == 9_900
    [evidence] = [e for e in failed.evidence if e.kind is EvidenceKind.RUN_HISTORY]
    assert (
        "read from s3a://lake/orders/dt=* by stage 3: 14.0 MB (Spark event log /events/" in evidence.content
    )
    assert "median 990.0 KB over 2 successful run(s), 1.0 MB at the last success (ok3)" in evidence.content
    assert "event logs they announced" in evidence.source

    # Kept with the row counts of the same log, each under the key of what was read.
    kept = repo.task_volumes(session, "orders", "extract", -1, {"ok3", "ok2"})
    assert set(kept[("ok3", 1)]) == {
        "x",
        "spark input bytes s3a://lake/orders/dt=*",
        "spark input records s3a://lake/orders/dt=*",
    }
    assert "local-1796000000003" in kept[("ok3", 1)]["spark input bytes s3a://lake/orders/dt=*"]["source"]
