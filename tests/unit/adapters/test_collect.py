"""collect_evidence: platform detection, one scan per log, isolated adapters, errors as evidence."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import ClassVar

import pytest

from airflow_pipeline_debugger.adapters.base import Adapter
from airflow_pipeline_debugger.adapters.collect import (
    DETECTION_LINE_CHARS,
    DETECTION_PREFIX_BYTES,
    collect_evidence,
    detect_pipeline_type,
    detection_sample,
)
from airflow_pipeline_debugger.domain import (
    CancelToken,
    Evidence,
    EvidenceBundle,
    EvidenceKind,
    FailureContext,
    InvestigationCancelledError,
    PipelineType,
    TaskKey,
)
from airflow_pipeline_debugger.evidence.files import FileAccess
from airflow_pipeline_debugger.evidence.patterns import LogPattern
from airflow_pipeline_debugger.evidence.request import CollectionRequest, LogSource


class Generic(Adapter):
    name = "generic"
    always_applies = True
    patterns = (
        LogPattern("generic.disk_full", r"No space left on device", "Disk full", literal="No space left"),
    )


class Flow(Adapter):
    name = "airflow"
    pipeline_type = PipelineType.AIRFLOW
    patterns = (LogPattern("airflow.zombie", r"heartbeat timeout", "Zombie", literal="heartbeat timeout"),)
    briefing = "Airflow task."

    def diagnostic_commands(self, bundle: EvidenceBundle) -> list[str]:
        return [f"airflow tasks states-for-dag-run {bundle.context.key.dag_id} {bundle.context.key.run_id}"]


class Dbt(Adapter):
    name = "dbt"
    pipeline_type = PipelineType.DBT
    operator_classnames = frozenset({"DbtRunOperator"})
    command_markers = ("dbt build", "dbt run")
    content_markers = ("Running with dbt=",)
    patterns = (
        LogPattern("dbt.compile_error", r"Compilation Error", "dbt compile", literal="Compilation Error"),
    )
    collected: ClassVar[list[str]] = []

    def claims_artifact(self, path: Path) -> bool:
        return path.name == "run_results.json"

    def collect(self, request: CollectionRequest, bundle: EvidenceBundle) -> None:
        bundle.facts["dbt"] = {"seen_logs": len(request.logs)}
        bundle.add_evidence(
            Evidence(
                id="",
                kind=EvidenceKind.DBT_RESULTS,
                name="run_results",
                source="x",
                content="token=abc123 " * 100,
            )
        )


class Spark(Adapter):
    name = "spark"
    pipeline_type = PipelineType.SPARK
    command_markers = ("spark-submit",)
    content_markers = ("SparkContext", "org.apache.spark")
    patterns = (LogPattern("spark.oom", r"OutOfMemoryError", "OOM", literal="OutOfMemoryError"),)


class Crashing(Adapter):
    name = "crashing"
    always_applies = True

    def collect(self, request: CollectionRequest, bundle: EvidenceBundle) -> None:
        raise RuntimeError("boom with password=hunter2")

    def diagnostic_commands(self, bundle: EvidenceBundle) -> list[str]:
        raise KeyError("no facts")


ADAPTERS = (Generic(), Flow(), Dbt(), Spark())


def _request(tmp_path: Path, **kwargs: object) -> CollectionRequest:
    ctx = kwargs.pop("context", FailureContext(key=TaskKey(dag_id="d", run_id="r", task_id="t")))
    return CollectionRequest(context=ctx, files=FileAccess({"logs": [tmp_path]}), **kwargs)  # type: ignore[arg-type]


def _write(tmp_path: Path, name: str, text: str) -> LogSource:
    path = tmp_path / name
    path.write_text(text)
    return LogSource(name=name, source=str(path), path=path)


@pytest.mark.parametrize(
    ("kwargs", "log_text", "expected", "reason"),
    [
        ({"pipeline_type": PipelineType.SPARK}, "Running with dbt=1.9", PipelineType.SPARK, "forced"),
        (
            {"context": FailureContext(operator="x.DbtRunOperator")},
            "SparkContext",
            PipelineType.DBT,
            "operator",
        ),
        ({"context": FailureContext(command="spark-submit job.py")}, "", PipelineType.SPARK, "command"),
        (
            {"artifact_paths": [Path("/x/target/run_results.json")]},
            "SparkContext",
            PipelineType.DBT,
            "artifact",
        ),
        ({}, "Running with dbt=1.9.0\nSparkContext", PipelineType.DBT, "content"),
        ({}, "org.apache.spark.SparkContext started; SparkContext", PipelineType.SPARK, "content"),
        ({}, "INFO - hello", PipelineType.AIRFLOW, "no dbt or Spark marker"),
    ],
)
def test_detection_order(
    tmp_path: Path, kwargs: dict[str, object], log_text: str, expected: PipelineType, reason: str
) -> None:
    request = _request(tmp_path, **kwargs)
    detection = detect_pipeline_type(request, ADAPTERS, [log_text])
    assert detection.pipeline_type is expected
    assert reason in detection.reason


def test_log_becomes_evidence_and_signals(tmp_path: Path) -> None:
    source = _write(
        tmp_path,
        "task.log",
        "INFO - start\nERROR - write failed: OSError: No space left on device\nTask heartbeat timeout\n",
    )
    bundle = collect_evidence(_request(tmp_path, logs=[source]), ADAPTERS)
    [log_ev] = [e for e in bundle.evidence if e.kind is EvidenceKind.LOG]
    assert log_ev.id == "E1" and log_ev.size_bytes == source.path.stat().st_size  # type: ignore[union-attr]
    assert log_ev.summary["first_error"] == {
        "line_no": 2,
        "text": "ERROR - write failed: OSError: No space left on device",
    }
    assert log_ev.summary["error_count"] == 2
    codes = {s.code: s for s in bundle.signals}
    assert set(codes) == {"generic.disk_full", "airflow.zombie"}
    assert codes["generic.disk_full"].lines[0].cite() == "E1:L2"
    assert codes["generic.disk_full"].attributes["occurrences"] == 1
    assert bundle.pipeline_type is PipelineType.AIRFLOW
    assert bundle.facts["detection"]["adapters"] == ["generic", "airflow"]
    assert bundle.diagnostic_commands == ["airflow tasks states-for-dag-run d r"]
    assert bundle.briefings == ["Airflow task."]


def test_a_task_logs_numbering_in_airflows_logs_tab_goes_with_its_evidence(tmp_path: Path) -> None:
    """The API links cited lines to Airflow's Logs tab from what the runner recorded; other logs get none."""
    written = _write(tmp_path, "task.log", "::group::Pre Execute\nINFO - start\nERROR - boom\n")
    task_log = dataclasses.replace(written, logs_tab_map=[[2, 0, 2]])
    driver = _write(tmp_path, "driver.log", "ERROR - boom\n")
    bundle = collect_evidence(_request(tmp_path, logs=[task_log, driver]), ADAPTERS)
    summaries = {e.name: e.summary for e in bundle.evidence if e.kind is EvidenceKind.LOG}
    assert summaries["task.log"]["logs_tab_map"] == [[2, 0, 2]]
    assert "logs_tab_map" not in summaries["driver.log"]


def test_only_applicable_adapters_patterns_are_used(tmp_path: Path) -> None:
    source = _write(tmp_path, "t.log", "ERROR java.lang.OutOfMemoryError: Java heap space\n")
    bundle = collect_evidence(_request(tmp_path, logs=[source]), ADAPTERS)
    assert not bundle.has_signal("spark.oom")
    spark = collect_evidence(_request(tmp_path, logs=[source], pipeline_type=PipelineType.SPARK), ADAPTERS)
    assert spark.has_signal("spark.oom")


def test_dbt_task_runs_dbt_collect_and_caps_and_redacts_its_evidence(tmp_path: Path) -> None:
    source = _write(tmp_path, "dbt.log", "Running with dbt=1.9.0\nCompilation Error in model x\n")
    bundle = collect_evidence(_request(tmp_path, logs=[source]), ADAPTERS, max_evidence_bytes=200)
    assert bundle.pipeline_type is PipelineType.DBT
    assert bundle.facts["dbt"] == {"seen_logs": 1}
    [results] = [e for e in bundle.evidence if e.kind is EvidenceKind.DBT_RESULTS]
    assert results.truncated and len(results.content.encode()) <= 200
    assert "abc123" not in results.content
    assert bundle.has_signal("dbt.compile_error")


def test_failures_become_collection_errors_and_collection_continues(tmp_path: Path) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-outside.log"
    outside.write_text("secret log")
    binary = tmp_path / "bin.log"
    binary.write_bytes(b"\x00\x01\x02\x03" * 4096)
    good = _write(tmp_path, "good.log", "ERROR - No space left on device\n")
    logs = [
        LogSource("missing.log", "missing.log", tmp_path / "missing.log"),
        LogSource("outside.log", str(outside), outside),
        LogSource("bin.log", str(binary), binary),
        LogSource("nothing", ""),
        good,
    ]
    bundle = collect_evidence(_request(tmp_path, logs=logs), (*ADAPTERS, Crashing()))
    errors = {e.name: e.content for e in bundle.evidence if e.kind is EvidenceKind.COLLECTION_ERROR}
    assert "no such file" in errors["missing.log"]
    assert "outside" in errors["outside.log"]
    assert "binary content" in errors["bin.log"]
    assert "neither a path nor text" in errors["nothing"]
    crashes = [e.content for e in bundle.evidence if e.name == "adapter crashing"]
    assert crashes[0] == "RuntimeError: boom with password=***"
    assert crashes[1] == "diagnostic_commands: KeyError: 'no facts'"
    assert bundle.has_signal("generic.disk_full")


def test_log_over_the_cap_is_scanned_partly_and_says_so(tmp_path: Path) -> None:
    lines = "".join(f"INFO line {i} {'x' * 60}\n" for i in range(5000)) + "ERROR - No space left on device\n"
    source = _write(tmp_path, "big.log", lines)
    bundle = collect_evidence(_request(tmp_path, logs=[source]), ADAPTERS, log_scan_max_bytes=50_000)
    [log_ev] = [e for e in bundle.evidence if e.kind is EvidenceKind.LOG]
    assert log_ev.truncated and log_ev.summary["truncated"]
    [err] = [e for e in bundle.evidence if e.kind is EvidenceKind.COLLECTION_ERROR]
    assert "scan cap" in err.content
    assert bundle.signals_with("generic.disk_full")[0].lines[0].line_no == 5001


def test_in_memory_log_text(tmp_path: Path) -> None:
    bundle = collect_evidence(
        _request(
            tmp_path, logs=[LogSource("captured", "worker capture", text="ERROR - heartbeat timeout\n")]
        ),
        ADAPTERS,
    )
    assert bundle.has_signal("airflow.zombie")
    assert bundle.evidence[0].source == "worker capture"


def test_a_cancelled_investigation_stops_before_the_next_adapter(tmp_path: Path) -> None:
    token = CancelToken()
    ran: list[str] = []

    class Cancelling(Adapter):
        """Its collection outlives the investigation's timeout."""

        name = "slow"
        always_applies = True

        def collect(self, request: CollectionRequest, bundle: EvidenceBundle) -> None:
            ran.append(self.name)
            token.cancel("investigation timed out after 1s")

    class After(Adapter):
        name = "after"
        always_applies = True

        def collect(self, request: CollectionRequest, bundle: EvidenceBundle) -> None:
            ran.append(self.name)

    request = _request(tmp_path, logs=[_write(tmp_path, "task.log", "ERROR - boom\n")])
    with pytest.raises(InvestigationCancelledError) as stop:
        collect_evidence(request, (Cancelling(), After()), cancel=token)
    assert ran == ["slow"]
    assert stop.value.reason == "investigation timed out after 1s"
    assert stop.value.where == "collecting with the after adapter"


def test_a_cancelled_investigation_reads_no_log(tmp_path: Path) -> None:
    token = CancelToken()
    token.cancel("the runner is stopping")
    request = _request(tmp_path, logs=[_write(tmp_path, "task.log", "ERROR - boom\n")])
    with pytest.raises(InvestigationCancelledError) as stop:
        collect_evidence(request, ADAPTERS, cancel=token)
    assert str(stop.value) == "the runner is stopping; stopped at scanning task.log"


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (
            "12:00:01  Running with dbt=1.11.16\nDatabase Error in model orders",
            "Database Error in model orders",
        ),
        # A giant first line (a dumped payload) does not fill the sample: the markers after it count.
        ("payload=" + "x" * 3_000_000 + "\nDatabase Error in model orders", "Database Error in model orders"),
    ],
)
def test_detection_sample_reads_past_a_giant_line(text: str, kept: str) -> None:
    sample = detection_sample(text)
    assert kept in sample
    assert len(sample) <= DETECTION_PREFIX_BYTES
    assert all(len(line) <= DETECTION_LINE_CHARS for line in sample.splitlines())


def test_detection_sample_is_capped() -> None:
    sample = detection_sample("Spark application id: local-1\n" * 100_000)
    assert len(sample) <= DETECTION_PREFIX_BYTES
