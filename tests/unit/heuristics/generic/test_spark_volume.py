"""A Spark task's input bytes and records against its earlier successes: which answer the engine gives.

Real event logs of local PySpark runs (``tests/fixtures/spark``) and a written driver log go through
the collector as in an investigation; the history is the earlier successes' measures of the same
input, shaped as :mod:`~airflow_pipeline_debugger.adapters.airflow.volume` keeps them. The real
engine ranks every built-in rule, so a case passes only when the engine itself chooses the answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from airflow_pipeline_debugger.adapters.airflow.volume import Measure, compare, describe
from airflow_pipeline_debugger.adapters.collect import collect_evidence
from airflow_pipeline_debugger.adapters.spark.volume import failed_try_measures
from airflow_pipeline_debugger.domain import (
    Evidence,
    EvidenceBundle,
    EvidenceKind,
    FailureContext,
    InvestigationResult,
    TaskKey,
)
from airflow_pipeline_debugger.engine.pipeline import analyse_bundle
from airflow_pipeline_debugger.evidence.files import FileAccess
from airflow_pipeline_debugger.evidence.request import CollectionRequest, LogSource
from airflow_pipeline_debugger.heuristics.registry import build_heuristics

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "spark"
HEURISTICS = build_heuristics()
ORDERS = "s3a://lake/orders/dt=*"
#: What a driver prints when an action ships more than spark.driver.maxResultSize to it (Spark 4 wording).
RESULT_TOO_BIG = [
    "26/12/05 02:10:01 INFO SparkContext: Starting job: collect at /opt/jobs/orders.py:31",
    "26/12/05 02:10:09 ERROR TaskSetManager: Total size of serialized results of 14 tasks (1430.2 KiB) "
    "is bigger than spark.driver.maxResultSize (1024.0 KiB)",
    "Traceback (most recent call last):",
    '  File "/opt/jobs/orders.py", line 31, in <module>',
    "pyspark.errors.exceptions.captured.SparkException: Job aborted due to stage failure: Total size of "
    "serialized results of 14 tasks (1430.2 KiB) is bigger than spark.driver.maxResultSize (1024.0 KiB)",
]


def collect(lines: list[str] | None = None, folder: str = "") -> EvidenceBundle:
    """Collect a written driver log, or a fixture run's driver log and event log."""
    logs = [FIXTURES / folder / "driver.log"] if folder else []
    artifacts = sorted((FIXTURES / folder).glob("eventlog_v2_*")) if folder else []
    sources = [LogSource(name=p.name, source=str(p), path=p) for p in logs]
    if lines is not None:
        sources.append(LogSource(name="driver log", source="test", text="\n".join(lines) + "\n"))
    request = CollectionRequest(
        context=FailureContext(key=TaskKey(dag_id="orders", task_id="spark_job"), trigger="test"),
        files=FileAccess({"spark": [*logs, *artifacts], "logs": logs}),
        logs=sources,
        artifact_paths=artifacts,
    )
    return collect_evidence(request)


def with_inputs(bundle: EvidenceBundle, inputs: list[dict[str, Any]]) -> EvidenceBundle:
    """Give the bundle an event log's inputs (a written driver log has none of its own)."""
    bundle.facts.setdefault("spark", {})["inputs"] = inputs
    return bundle


def with_history(bundle: EvidenceBundle, usual: Mapping[str, list[int]]) -> EvidenceBundle:
    """``facts["volume"]`` as the collector leaves it, from earlier successes' values per measure key."""
    now = {
        k: m
        for k, d in failed_try_measures(bundle.facts.get("spark") or {}).items()
        if (m := Measure.of(k, d))
    }
    runs = max(len(v) for v in usual.values())
    history = [(f"ok_{i}", {k: {"value": v[i]} for k, v in usual.items() if i < len(v)}) for i in range(runs)]
    rows = compare(now, history)
    bundle.facts["volume"] = {"measures": rows}
    text = "\n".join(describe(row) for row in rows)
    bundle.add_evidence(
        Evidence(id="", kind=EvidenceKind.RUN_HISTORY, name="input volume", source="test", content=text)
    )
    return bundle


def analyse(bundle: EvidenceBundle) -> InvestigationResult:
    _, result = analyse_bundle(bundle, HEURISTICS)
    return result


def spark_inputs(folder: str) -> tuple[str, int]:
    """The measure key and records of the one input a fixture run read."""
    bundle = collect(folder=folder)
    [entry] = [i for i in bundle.facts["spark"]["inputs"] if i["records"]]
    return f"spark input records {entry['name']}", entry["records"]


def orders(size: int, records: int, *, partial: bool = False) -> list[dict[str, Any]]:
    return [{"name": ORDERS, "bytes": size, "records": records, "stages": [3], "partial": partial}]


USUAL_BYTES = {f"spark input bytes {ORDERS}": [1_000_000_000, 990_000_000, 1_020_000_000, 1_005_000_000]}


@pytest.mark.parametrize(
    ("inputs", "usual", "rule", "category", "words"),
    [
        pytest.param(
            orders(14_200_000_000, 0),
            USUAL_BYTES,
            "generic.abnormal_volume",
            "data",
            ["grew to 14 times its usual size", f"14.2 GB read from {ORDERS} by stage 3", "median 1.0 GB"],
            id="a_result_limit_hit_after_the_input_grew_is_data",
        ),
        pytest.param(
            orders(1_010_000_000, 0),
            USUAL_BYTES,
            "spark.max_result_size",
            "config",
            ["spark.driver.maxResultSize"],
            id="the_same_limit_with_the_usual_input_is_config",
        ),
        pytest.param(
            # A lower bound (the stage reading it failed) far below the usual size says nothing.
            orders(2_000_000, 0, partial=True),
            USUAL_BYTES,
            "spark.max_result_size",
            "config",
            ["spark.driver.maxResultSize"],
            id="an_unfinished_stage_is_not_an_empty_input",
        ),
        pytest.param(
            orders(15_000_000_000, 0, partial=True),
            USUAL_BYTES,
            "generic.abnormal_volume",
            "data",
            [f"at least 15.0 GB read from {ORDERS}"],
            id="an_unfinished_stage_can_still_show_growth",
        ),
    ],
)
def test_spark_input_volume_with_a_result_limit(
    inputs: list[dict[str, Any]], usual: Mapping[str, list[int]], rule: str, category: str, words: list[str]
) -> None:
    result = analyse(with_history(with_inputs(collect(RESULT_TOO_BIG), inputs), usual))
    text = f"{result.root_cause.title} {result.root_cause.summary}"
    assert (result.root_cause.rule_id, result.category.value) == (rule, category), text
    for word in words:
        assert word in text, text


def test_an_even_oom_after_the_input_grew_is_data_not_memory() -> None:
    key, records = spark_inputs("uniform_oom")
    result = analyse(with_history(collect(folder="uniform_oom"), {key: [records // 12] * 4}))
    assert (result.root_cause.rule_id, result.category.value) == ("generic.abnormal_volume", "data")
    assert "grew to 12 times its usual size" in result.root_cause.title
    memory = [h for h in result.hypotheses if h.rule_id == "spark.memory_oom"]
    assert all(h.status.value == "dismissed" for h in memory), memory


def test_an_even_oom_with_the_usual_input_stays_memory() -> None:
    key, records = spark_inputs("uniform_oom")
    result = analyse(with_history(collect(folder="uniform_oom"), {key: [records] * 4}))
    assert (result.root_cause.rule_id, result.category.value) == ("spark.memory_oom", "config")


def test_skew_still_wins_and_the_grown_input_supports_it() -> None:
    key, records = spark_inputs("skew_oom")
    result = analyse(with_history(collect(folder="skew_oom"), {key: [records // 10] * 4}))
    assert (result.root_cause.rule_id, result.category.value) == ("spark.skew_oom", "data")
    [skew] = [h for h in result.hypotheses if h.rule_id == "spark.skew_oom"]
    assert any(s["rule_id"] == "generic.abnormal_volume" for s in skew.supporting), skew.supporting
