"""Real PySpark (local mode, Java 17) runs of the example jobs, investigated end to end.

Each job runs through ``eval/generators/generate_spark.py`` (``python job.py`` with event logging,
``local[2]``, small data) and the result goes through the same path as ``airflow-pipeline-debugger
analyze``: ``adapters.collect.collect_evidence`` and the deterministic engine. So these tests check
the event-log parser, the driver-log patterns and the rules against what this Spark version writes
today. Spark is heavy: run this module under ``flock /tmp/heavy.lock``.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from airflow_pipeline_debugger.adapters.spark import signals as S
from airflow_pipeline_debugger.adapters.spark.adapter import stage_ratio
from airflow_pipeline_debugger.adapters.spark.eventlog import parse_event_log
from airflow_pipeline_debugger.domain import Category, FailureContext, HypothesisStatus, PipelineType, TaskKey
from airflow_pipeline_debugger.engine.offline import OfflineRun, OfflineSettings, analyze_files

REPO_ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(REPO_ROOT))

from eval.generators.generate_spark import (  # noqa: E402
    UNIFORM_OK,
    JobRun,
    python_executable,
    run_job,
    scenario,
)
from eval.run_eval import MORE_MEMORY_RE  # noqa: E402

pytestmark = [
    pytest.mark.timeout(900),
    pytest.mark.skipif(not python_executable().exists(), reason=f"no PySpark at {python_executable()}"),
    pytest.mark.skipif(shutil.which("java") is None, reason="PySpark needs Java 17"),
]


#: A run normally takes under a minute; past this the JVM is stuck (see ``run_job``).
RUN_TIMEOUT_SECONDS = 240


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], JobRun]:
    """Each job run once for the module (a local Spark job takes tens of seconds here).

    A 512m JVM thrashing in GC on a loaded machine can hang instead of dying; such a run is killed
    and made once more, and a second hang fails the test with the driver log's tail.
    """
    cache: dict[str, JobRun] = {}

    def run(name: str) -> JobRun:
        if name not in cache:
            job, args = UNIFORM_OK if name == "uniform_ok" else (scenario(name).job, scenario(name).args)
            for _ in range(2):
                result = run_job(job, args, tmp_path_factory.mktemp(name), timeout=RUN_TIMEOUT_SECONDS)
                if not result.timed_out:
                    break
            tail = result.driver_log.read_text(errors="replace")[-1500:]
            assert not result.timed_out, f"{name} hung twice; driver log ends:\n{tail}"
            cache[name] = result
        return cache[name]

    return run


@pytest.fixture(scope="module")
def settings() -> OfflineSettings:
    return OfflineSettings.load(use_model=False)


def analyze(run: JobRun, settings: OfflineSettings) -> OfflineRun:
    """``analyze --log driver.log --artifact eventlog_v2_<appId>`` on the run's files, no model."""
    return analyze_files(
        [run.driver_log],
        run.event_logs,
        settings,
        context=FailureContext(key=TaskKey(task_id=run.job.removesuffix(".py")), trigger="e2e"),
    )


def worst_ratio(run: JobRun) -> float:
    """The largest max/median shuffle read of the run's stages (implied when the hot TaskEnd was lost)."""
    (event_log,) = run.event_logs
    summary = parse_event_log(event_log)
    return max(stage_ratio(s) for s in summary.stages)


def test_skewed_join_is_skew_not_memory(runs, settings):
    """The hot key kills one task with OutOfMemoryError; the engine blames skew and fixes skew."""
    run = runs("skew_oom")
    assert run.returncode != 0
    assert "java.lang.OutOfMemoryError" in run.driver_log.read_text(errors="replace")
    assert len(run.event_logs) == 1 and run.event_logs[0].name == f"eventlog_v2_{run.app_id}"
    investigation = analyze(run, settings)
    bundle, result = investigation.bundle, investigation.result
    assert bundle.pipeline_type is PipelineType.SPARK
    # The heaviest task is the one that died: measured from its TaskEnd, or — when the OOM killed the
    # JVM before Spark logged it — implied from what the parent stages wrote (both happen for real).
    top = bundle.signals_with(S.STAGE_SKEW)[0]
    assert top.attributes["ratio"] > 50
    assert top.attributes["max_task_failed"] is True
    if not top.attributes.get("estimated"):
        (oom,) = bundle.signals_with(S.TASK_OOM)
        assert oom.attributes["is_largest_task"] is True
    assert result.root_cause.rule_id == "spark.skew_oom"
    assert result.category is Category.DATA
    fix = result.remediation.immediate_fix
    assert "salt" in fix and "skewJoin" in fix, fix
    assert not MORE_MEMORY_RE.search(fix), fix
    # At most five hypotheses are listed (a GC finding can push it out); when the memory rule's
    # hypothesis is listed, the evidence must have dismissed it.
    memory = [h for h in result.hypotheses if h.rule_id == "spark.memory_oom"]
    assert all(h.status is HypothesisStatus.DISMISSED for h in memory), memory


def test_skewed_ratio_far_above_uniform(runs):
    """Same job, same heap: the skewed run's max/median shuffle read dwarfs the uniform run's."""
    skewed, uniform = runs("skew_oom"), runs("uniform_ok")
    assert uniform.returncode == 0, uniform.driver_log.read_text(errors="replace")[-2000:]
    skewed_ratio, uniform_ratio = worst_ratio(skewed), worst_ratio(uniform)
    assert uniform_ratio < 2
    assert skewed_ratio > 20 * uniform_ratio, (skewed_ratio, uniform_ratio)


def test_renamed_parquet_column_is_schema_drift(runs, settings):
    """customer_id renamed to cust_id upstream: data, schema drift, the rename back as the fix."""
    run = runs("renamed_column")
    assert run.returncode != 0
    result = analyze(run, settings).result
    assert result.root_cause.rule_id == "spark.schema_drift"
    assert result.category is Category.DATA
    assert "cust_id" in result.root_cause.title
    [rename] = result.remediation.change_code
    assert "withColumnRenamed('cust_id', 'customer_id')" in rename.code and rename.language.value == "python"


def test_udf_failing_on_null_is_code(runs, settings):
    """A NULL reaches a Python UDF: code, with the None guard as the fix."""
    run = runs("udf_null")
    assert run.returncode != 0
    result = analyze(run, settings).result
    assert result.root_cause.rule_id == "spark.udf_error"
    assert result.category is Category.CODE
    assert "NULL" in result.root_cause.title
    assert "if value is None" in result.remediation.immediate_fix
