"""What each input of a Spark application read, keyed so the same input compares with itself across runs.

The event logs here are generated (a few events in the shape Spark 4 writes them): a SQL plan whose
scan lists its metrics' accumulator ids, the ``StageCompleted`` of the stage that ran the scan with
those ids among its accumulables, and ``TaskEnd`` input metrics.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from spark_fixtures import event_log_of

from airflow_pipeline_debugger.adapters.spark.adapter import render
from airflow_pipeline_debugger.adapters.spark.eventlog import parse_event_log, scan_input_name
from airflow_pipeline_debugger.adapters.spark.volume import input_measures, success_measures
from airflow_pipeline_debugger.evidence.files import FileAccess

START_MS = 1_796_000_000_000


def scan(node_name: str, location: str, acc: int) -> dict[str, Any]:
    return {
        "nodeName": node_name,
        "simpleString": f"FileScan {location}",
        "children": [],
        "metadata": {"Location": location, "Format": "Parquet"} if location else {},
        "metrics": [{"name": "number of output rows", "accumulatorId": acc, "metricType": "sum"}],
    }


def stage_events(
    stage_id: int, name: str, tasks: list[tuple[int, int]], accs: list[int], *, failed: bool = False
) -> list[dict[str, Any]]:
    """Submitted, one TaskEnd per ``(bytes, records)``, Completed with ``accs`` among its accumulables."""
    info = {"Stage ID": stage_id, "Stage Attempt ID": 0, "Stage Name": name, "Number of Tasks": len(tasks)}
    events: list[dict[str, Any]] = [{"Event": "SparkListenerStageSubmitted", "Stage Info": info}]
    for i, (read, records) in enumerate(tasks):
        events.append(
            {
                "Event": "SparkListenerTaskEnd",
                "Stage ID": stage_id,
                "Stage Attempt ID": 0,
                "Task End Reason": {"Reason": "Success"},
                "Task Info": {"Task ID": stage_id * 100 + i, "Index": i, "Launch Time": 1, "Finish Time": 2},
                "Task Metrics": {
                    "Executor Run Time": 1,
                    "Input Metrics": {"Bytes Read": read, "Records Read": records},
                },
            }
        )
    accumulables = [{"ID": a, "Name": "number of output rows", "Value": "1"} for a in accs]
    accumulables.append({"ID": 9999, "Name": "internal.metrics.executorRunTime", "Value": 5})
    completed = {**info, "Completion Time": 3, "Accumulables": accumulables}
    if failed:
        completed["Failure Reason"] = "Job aborted due to stage failure"
    events.append({"Event": "SparkListenerStageCompleted", "Stage Info": completed})
    return events


def application(
    app_id: str, day: str, orders: list[tuple[int, int]], *, first_stage: int = 0
) -> list[dict[str, Any]]:
    """One run: reads the day's orders partition (SQL), a customers table, and a text file (RDD API)."""
    plan = {
        "nodeName": "SortMergeJoin",
        "children": [
            scan("Scan parquet ", f"InMemoryFileIndex(1 paths)[s3a://lake/orders/dt={day}]", 11),
            scan("Scan parquet spark_catalog.crm.customers", "CatalogFileIndex[s3a://wh/customers]", 12),
            scan("LocalTableScan", "", 13),
        ],
        "metrics": [],
    }
    s = first_stage
    return [
        {"Event": "SparkListenerLogStart", "Spark Version": "4.0.1"},
        {
            "Event": "SparkListenerApplicationStart",
            "App Name": "orders",
            "App ID": app_id,
            "Timestamp": START_MS,
        },
        {"Event": "org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart", "sparkPlanInfo": plan},
        *stage_events(s, "parquet at job.py:20", orders, [11]),
        *stage_events(s + 1, "parquet at job.py:21", [(5_000, 50)], [12, 13]),
        *stage_events(s + 2, "textFile at job.py:30", [(700, 7)], []),
        *stage_events(s + 3, "save at job.py:40", [(0, 0)], [13]),
    ]


def write_log(folder: Path, app_id: str, events: list[dict[str, Any]]) -> Path:
    path = folder / app_id
    path.write_text("".join(json.dumps(e, separators=(",", ":")) + "\n" for e in events))  # as Spark writes
    return path


def by_name(path: Path) -> dict[str, dict[str, Any]]:
    return {i["name"]: i for i in parse_event_log(path).inputs}


def test_each_input_is_named_by_what_the_stage_read(tmp_path: Path) -> None:
    log = write_log(
        tmp_path,
        "local-1796000000001",
        application("local-1796000000001", "2026-12-05", [(600, 6), (400, 4)]),
    )
    inputs = by_name(log)
    assert set(inputs) == {
        "s3a://lake/orders/dt=*",
        "spark_catalog.crm.customers",
        "stage textFile at job.py:30",
    }
    orders = inputs["s3a://lake/orders/dt=*"]
    assert (orders["bytes"], orders["records"], orders["stages"], orders["partial"]) == (
        1_000,
        10,
        [0],
        False,
    )
    assert inputs["stage textFile at job.py:30"]["bytes"] == 700


def test_the_same_input_keeps_its_key_when_stage_ids_and_partitions_change(tmp_path: Path) -> None:
    one = write_log(
        tmp_path, "local-1796000000001", application("local-1796000000001", "2026-12-05", [(1, 1)])
    )
    two = write_log(
        tmp_path,
        "local-1796000000002",
        application("local-1796000000002", "2026-12-06", [(2, 2)], first_stage=7),
    )
    assert set(by_name(one)) == set(by_name(two))
    assert by_name(two)["s3a://lake/orders/dt=*"]["stages"] == [7]


def test_an_input_read_twice_counts_once_and_an_unfinished_read_is_a_lower_bound(tmp_path: Path) -> None:
    events = application("local-1796000000001", "2026-12-05", [(6, 6)])
    # A second action re-reads the orders (the largest read is the input's size) and fails.
    events += stage_events(4, "collect at job.py:50", [(9, 9)], [11], failed=True)
    # Only an unfinished stage read the events feed: what it read is all that is known.
    events += stage_events(5, "parquet at job.py:60", [(3, 3)], [], failed=True)
    inputs = by_name(write_log(tmp_path, "local-1796000000001", events))
    orders = inputs["s3a://lake/orders/dt=*"]
    assert (orders["bytes"], orders["records"], orders["stages"], orders["partial"]) == (9, 9, [0, 4], False)
    assert inputs["stage parquet at job.py:60"]["partial"] is True


@pytest.mark.parametrize(
    ("node", "location", "expected"),
    [
        (
            "Scan parquet ",
            "InMemoryFileIndex(1 paths)[file:/data/orders/dt=2026-12-05/hour=02]",
            "file:/data/orders/dt=*/hour=*",
        ),
        (
            "Scan csv ",
            "InMemoryFileIndex(2 paths)[s3://raw/events/2026/12/05, s3://raw/events/2026/12/06]",
            "s3://raw/events/*/*/*",
        ),
        ("Scan parquet ", "PrunedInMemoryFileIndex[hdfs://nn/wh/sales]", "hdfs://nn/wh/sales"),
        ("Scan orc db.sales", "CatalogFileIndex[hdfs://nn/wh/sales]", "db.sales"),
        ("BatchScan local.db.orders", "", "local.db.orders"),
        (
            "Scan JDBCRelation(public.orders) [numPartitions=1]",
            "",
            "Scan JDBCRelation(public.orders) [numPartitions=*]",
        ),
        ("Scan hive default.orders", "", "Scan hive default.orders"),
        # In-memory data and nodes that only look like scans are not inputs.
        ("Scan ExistingRDD", "", ""),
        ("LocalTableScan", "", ""),
        ("Scanner", "", ""),
        ("HashAggregate", "InMemoryFileIndex[file:/x]", ""),
    ],
)
def test_scan_names(node: str, location: str, expected: str) -> None:
    metadata = {"Location": location} if location else {}
    assert scan_input_name({"nodeName": node, "metadata": metadata}) == expected


def test_a_real_run_names_the_folder_it_read_and_the_evidence_text_shows_it() -> None:
    """PySpark 4 in local mode (``tests/fixtures/spark/uniform_ok``) wrote and read back one folder."""
    summary = parse_event_log(event_log_of("uniform_ok"))
    read = next(i for i in summary.inputs if i["name"].startswith("file:"))
    assert read == {
        "name": "file:/tmp/spark-helper/out2",
        "bytes": 47_202,
        "records": 2_000,
        "stages": [4],
        "partial": False,
    }
    assert "input file:/tmp/spark-helper/out2: 47.2 KB, 2,000 records (largest read, stage 4)" in render(
        summary
    )


def test_two_measures_per_input_keyed_by_what_was_read() -> None:
    spark = {
        "inputs": [
            {
                "name": "s3a://lake/orders/dt=*",
                "bytes": 14_200_000_000,
                "records": 9,
                "stages": [3],
                "partial": True,
            }
        ]
    }
    found = input_measures(spark, "event log E2")
    assert found["spark input bytes s3a://lake/orders/dt=*"] == {
        "label": "read from s3a://lake/orders/dt=* by stage 3",
        "value": 14_200_000_000,
        "unit": "bytes",
        "scale": "size",
        "input": "s3a://lake/orders/dt=*",
        "source": "event log E2",
        "partial": True,
    }
    assert (
        found["spark input records s3a://lake/orders/dt=*"]["label"]
        == "records read from s3a://lake/orders/dt=* by stage 3"
    )


def test_a_success_is_measured_from_the_event_log_its_own_log_announced(tmp_path: Path) -> None:
    events_dir = tmp_path / "events"
    events_dir.mkdir()
    app_id = "local-1796000000001"
    write_log(events_dir, app_id, application(app_id, "2026-12-05", [(600, 6)]))
    files = FileAccess({"spark": [events_dir]})
    announced = f"[2026-12-05T02:00:00Z] {{job.py:9}} INFO - Spark application id: {app_id}\nExtracted 6 rows"
    found = success_measures(announced, files)
    assert found["spark input bytes s3a://lake/orders/dt=*"]["value"] == 600
    assert app_id in found["spark input bytes s3a://lake/orders/dt=*"]["source"]


def test_an_application_only_mentioned_or_disowned_by_its_log_is_not_read(tmp_path: Path) -> None:
    events_dir = tmp_path / "events"
    events_dir.mkdir()
    mentioned = "local-1796000000001"
    write_log(events_dir, mentioned, application(mentioned, "2026-12-05", [(600, 6)]))
    files = FileAccess({"spark": [events_dir]})
    # Named in passing (an upstream job's id), never announced as started by this try.
    assert success_measures(f"INFO - read the output of upstream job {mentioned}", files) == {}
    # Announced, but the file under its name starts another application.
    other = "local-1796000000002"
    write_log(events_dir, other, application(mentioned, "2026-12-05", [(600, 6)]))
    assert success_measures(f"INFO - Spark application id: {other}", files) == {}
    # Announced, but its event log is outside the allow-listed roots.
    assert (
        success_measures(
            f"INFO - Spark application id: {mentioned}", FileAccess({"spark": [tmp_path / "elsewhere"]})
        )
        == {}
    )
