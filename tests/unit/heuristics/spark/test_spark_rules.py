"""Table-driven tests of every Spark rule on hand-built bundles (one row per band or decision).

Signal attributes have the shapes :class:`~airflow_pipeline_debugger.adapters.spark.SparkAdapter`
emits; the adapter itself is tested on real event logs in ``tests/unit/adapters/spark``.
"""

from __future__ import annotations

from typing import Any

import pytest

from airflow_pipeline_debugger.adapters.spark import signals as S
from airflow_pipeline_debugger.adapters.spark.adapter import MIN_TASKS_FOR_SKEW
from airflow_pipeline_debugger.domain import (
    Category,
    EvidenceBundle,
    FailureContext,
    LogLine,
    PipelineType,
    Severity,
    Signal,
    TaskKey,
    Transience,
)
from airflow_pipeline_debugger.heuristics.base import Heuristic, HeuristicConfigError
from airflow_pipeline_debugger.heuristics.spark import RULES
from airflow_pipeline_debugger.heuristics.spark.broadcast_timeout import BroadcastTimeout
from airflow_pipeline_debugger.heuristics.spark.driver_code_error import DriverCodeError
from airflow_pipeline_debugger.heuristics.spark.executor_loss import ExecutorLoss
from airflow_pipeline_debugger.heuristics.spark.gc_pressure import GcPressure
from airflow_pipeline_debugger.heuristics.spark.jvm_lost import COLLATERAL, JvmLost
from airflow_pipeline_debugger.heuristics.spark.max_result_size import MaxResultSize
from airflow_pipeline_debugger.heuristics.spark.memory_oom import MemoryOom
from airflow_pipeline_debugger.heuristics.spark.missing_input import MissingInput
from airflow_pipeline_debugger.heuristics.spark.schema_drift import SchemaDrift
from airflow_pipeline_debugger.heuristics.spark.skew_oom import SkewNotMemory
from airflow_pipeline_debugger.heuristics.spark.spill import Spill
from airflow_pipeline_debugger.heuristics.spark.stage_skew import StageSkew
from airflow_pipeline_debugger.heuristics.spark.task_failure_rate import TaskFailureRate
from airflow_pipeline_debugger.heuristics.spark.udf_error import PythonUdfError

MB = 1024 * 1024


def bundle_with(*signals: Signal, **facts: Any) -> EvidenceBundle:
    return EvidenceBundle(
        context=FailureContext(key=TaskKey(task_id="spark_job")),
        pipeline_type=PipelineType.SPARK,
        signals=list(signals),
        facts=dict(facts),
    )


def line_signal(code: str, text: str = "", **attributes: Any) -> Signal:
    """A driver-log signal citing one line of evidence E1."""
    return Signal(code, text or code, "E1", (LogLine("E1", 10, text or code),), attributes)


def skew(
    ratio: float,
    *,
    stage: int = 2,
    max_bytes: float = 20 * MB,
    duration_ms: float = 5_000,
    failed: bool = False,
    tasks: int = 8,
    duration_ratio: float = 1.0,
    status: str = "",
) -> Signal:
    return Signal(
        S.STAGE_SKEW,
        f"Stage {stage}.0: largest task shuffle read vs median ({ratio}x)",
        "E2",
        attributes={
            "stage_id": stage,
            "attempt": 0,
            "stage_name": "parquet at NativeMethodAccessorImpl.java:0",
            "metric": "shuffle read",
            "ratio": ratio,
            "max_bytes": max_bytes,
            "median_bytes": max_bytes / max(ratio, 1),
            "p95_bytes": max_bytes,
            "tasks": tasks,
            "exact": True,
            "max_task_share": 0.9,
            "max_task": {"task_id": 9, "index": 5, "status": "failed" if failed else "succeeded"},
            "max_task_failed": failed,
            "duration_ratio": duration_ratio,
            "records_ratio": ratio,
            "stage_duration_ms": duration_ms,
            "stage_status": status or ("failed" if failed else "succeeded"),
        },
    )


def task_oom(stage: int = 2, largest: bool = True) -> Signal:
    return Signal(
        S.TASK_OOM,
        f"Stage {stage}.0 task 5 (TID 9) died with OutOfMemoryError",
        "E2",
        attributes={"stage_id": stage, "attempt": 0, "task_id": 9, "index": 5, "is_largest_task": largest},
    )


def spark_facts(**config: str) -> dict[str, Any]:
    return {
        "spark": {
            "config": {"spark.master": "yarn", **config},
            "join_keys": [{"left": ["customer_id"], "right": ["customer_id"]}],
            "jobs": {"total": 1, "succeeded": 0, "failed": [{"job_id": 0}]},
        }
    }


class TestCatalogue:
    def test_ids_unique_and_namespaced(self):
        """Every rule id is spark.<name>, unique, with a docstring as help text."""
        ids = [rule.id for rule in RULES]
        assert len(ids) == len(set(ids))
        assert all(i.startswith("spark.") for i in ids)
        assert all(rule.__doc__ and rule.title for rule in RULES)
        assert all(issubclass(rule, Heuristic) and rule().id == rule.id for rule in RULES)

    @pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
    def test_not_applicable_without_signal(self, rule):
        """No signal, no finding."""
        empty = bundle_with()
        assert not rule().applies(empty)
        assert rule().evaluate(empty) is None

    def test_threshold_override_is_validated(self):
        """A bad override names the rule and key; a good one moves the band."""
        with pytest.raises(HeuristicConfigError, match=r"spark\.stage_skew"):
            StageSkew({"ratio": "10,5,2,1"})
        with pytest.raises(HeuristicConfigError, match="no setting"):
            StageSkew({"ratoi": "1,2,3,4"})
        strict = StageSkew({"ratio": "1.1,1.2,1.5,3"})
        finding = strict.evaluate(bundle_with(skew(4.0, failed=True)))
        assert finding is not None and finding.severity == Severity.CRITICAL

    def test_floor_params_are_overridable(self):
        """A test cluster scales the 256 MB floor down."""
        small = bundle_with(skew(12.0, max_bytes=20 * MB))
        assert StageSkew().evaluate(small) is None
        assert StageSkew({"min_max_partition_bytes": 10 * MB}).evaluate(small) is not None

    @pytest.mark.parametrize(
        ("override", "three_task_stage_counts"),
        [
            (None, True),
            (3, True),
            (4, False),  # raised: a 3-task stage no longer counts
            (2, None),  # below what the adapter measures: refused, never silently ignored
            ("0", None),
        ],
    )
    @pytest.mark.parametrize(
        ("rule", "counted"),
        [
            (StageSkew, lambda f: f is not None),
            (SkewNotMemory, lambda f: f is not None),
            (MemoryOom, lambda f: f is not None and bool(f.counter_evidence)),
        ],
        ids=["stage_skew", "skew_oom", "memory_oom"],
    )
    def test_skew_minimum_task_count(self, rule, counted, override, three_task_stage_counts):
        """``min_tasks`` defaults to the adapter's one copy; an override takes effect or is refused."""
        assert rule().params["min_tasks"] == MIN_TASKS_FOR_SKEW
        overrides = {} if override is None else {"min_tasks": override}
        if three_task_stage_counts is None:
            with pytest.raises(
                HeuristicConfigError, match=rf"{rule.id}.*min_tasks.*below {MIN_TASKS_FOR_SKEW}"
            ):
                rule(overrides)
            return
        # An OOM in a 3-task stage whose largest task (the one that died) read 12x the median.
        bundle = bundle_with(task_oom(), skew(12.0, failed=True, tasks=3), **spark_facts())
        assert counted(rule(overrides).evaluate(bundle)) is three_task_stage_counts


class TestStageSkew:
    @pytest.mark.parametrize(
        ("signal", "severity"),
        [
            (skew(1.5, failed=True), None),  # below LOW
            (skew(3.0, failed=True), Severity.LOW),
            (skew(6.0, failed=True), Severity.MODERATE),
            (skew(12.0, failed=True), Severity.SEVERE),
            (skew(150.0, failed=True), Severity.CRITICAL),
            (skew(150.0, max_bytes=300 * MB), Severity.CRITICAL),  # material by size
            (skew(12.0, duration_ms=45_000), Severity.SEVERE),  # material by duration
            (skew(2.0, duration_ms=60_000, duration_ratio=11.0), Severity.SEVERE),  # long stage: time skew
            (skew(150.0), None),  # 20 MB, 5 s, the big task succeeded: immaterial
            (skew(150.0, failed=True, tasks=2), None),  # the median of two says nothing
        ],
    )
    def test_bands_and_floors(self, signal, severity):
        """Severity by max/median; floors keep tiny healthy stages quiet unless the big task died."""
        finding = StageSkew().evaluate(bundle_with(signal, **spark_facts()))
        if severity is None:
            assert finding is None
            return
        assert finding is not None
        assert finding.severity == severity
        assert finding.category == Category.DATA
        assert "customer_id" in finding.immediate_fix
        assert any("skewJoin" in block.code for block in finding.change_code)

    def test_worst_material_stage_wins(self):
        """With several stages, the worst material one is reported."""
        finding = StageSkew().evaluate(
            bundle_with(skew(6.0, stage=1, failed=True), skew(40.0, stage=3, max_bytes=400 * MB))
        )
        assert finding is not None and finding.title.startswith("Stage 3")


class TestSkewNotMemory:
    @pytest.mark.parametrize(
        ("signals", "fires"),
        [
            ((task_oom(), skew(134.0, failed=True)), True),
            ((line_signal(S.EXECUTOR_OOM, stage="2.0"), skew(20.0, failed=True)), True),
            ((line_signal(S.OOM), skew(20.0, failed=True)), True),  # no stage known: the failed stage
            ((line_signal(S.OOM), skew(20.0, failed=True, status="running")), True),  # JVM died mid-stage
            ((line_signal(S.OOM), skew(20.0, max_bytes=400 * MB)), False),  # a finished stage did not die
            ((task_oom(), skew(6.0, failed=True)), False),  # only MODERATE
            ((task_oom(stage=4), skew(134.0, stage=2, max_bytes=400 * MB)), False),  # another stage
            ((task_oom(), skew(134.0, tasks=2, failed=True)), False),
            ((skew(134.0, failed=True),), False),  # skew without any OOM is the stage-skew rule's
        ],
    )
    def test_needs_oom_and_severe_skew_in_the_same_stage(self, signals, fires):
        finding = SkewNotMemory().evaluate(bundle_with(*signals, **spark_facts()))
        assert (finding is not None) is fires

    def test_finding_says_skew_not_memory(self):
        """Data category, skew remedies in the fix, memory explained away."""
        finding = SkewNotMemory().evaluate(
            bundle_with(task_oom(), skew(134.0, failed=True), **spark_facts(**{"spark.driver.memory": "1g"}))
        )
        assert finding is not None
        assert finding.category == Category.DATA
        assert finding.transience == Transience.PERMANENT
        assert finding.severity == Severity.CRITICAL
        assert finding.likelihood >= 90
        assert "spark.memory_oom" in finding.supersedes
        fix = finding.immediate_fix
        assert fix.startswith("Do not just add memory")
        assert "salt" in fix and "skewJoin" in fix and "customer_id" in fix
        assert "1g" in finding.summary
        assert dict(finding.details)["skew ratio (max/median)"] == "134x"

    def test_outranks_memory_oom(self):
        """On the same bundle the skew finding is more likely than the memory one."""
        bundle = bundle_with(task_oom(), skew(134.0, failed=True), **spark_facts())
        skew_finding = SkewNotMemory().evaluate(bundle)
        memory_finding = MemoryOom().evaluate(bundle)
        assert skew_finding is not None and memory_finding is not None
        assert skew_finding.likelihood > memory_finding.likelihood


class TestMemoryOom:
    @pytest.mark.parametrize(
        ("signals", "config", "knob", "likelihood"),
        [
            ((task_oom(largest=False), skew(1.1, failed=True)), {}, "spark.executor.memory", 80),
            (
                (task_oom(largest=False), skew(1.1, failed=True)),
                {"spark.master": "local[2]"},
                "spark.driver.memory",
                80,
            ),
            (
                (line_signal(S.CONTAINER_MEMORY_KILLED, what="OOMKilled"),),
                {},
                "spark.executor.memoryOverhead",
                65,
            ),
            ((line_signal(S.DRIVER_OOM, thread="main"),), {}, "spark.driver.memory", 65),
            ((task_oom(), skew(134.0, failed=True)), {}, "spark.executor.memory", 35),  # skew measured
        ],
    )
    def test_knob_and_likelihood(self, signals, config, knob, likelihood):
        """Where memory ran out picks the setting; a measured distribution raises confidence."""
        finding = MemoryOom().evaluate(bundle_with(*signals, **spark_facts(**config)))
        assert finding is not None
        assert finding.category == Category.CONFIG
        assert knob in dict(finding.details)["setting"]
        assert finding.likelihood == likelihood

    def test_even_distribution_is_stated(self):
        finding = MemoryOom().evaluate(bundle_with(task_oom(largest=False), skew(1.05, failed=True)))
        assert finding is not None and "even" in finding.summary


class TestGcPressure:
    @pytest.mark.parametrize(
        ("fraction", "run_ms", "severity"),
        [
            (0.05, 60_000, None),
            (0.09, 60_000, Severity.LOW),
            (0.15, 60_000, Severity.MODERATE),
            (0.30, 60_000, Severity.SEVERE),
            (0.68, 60_000, Severity.CRITICAL),
            (0.68, 5_000, None),  # under 30 s of executor time: one young GC is not pressure
        ],
    )
    def test_bands(self, fraction, run_ms, severity):
        signal = Signal(
            S.GC_PRESSURE,
            "GC",
            "E2",
            attributes={
                "stage_id": 2,
                "attempt": 0,
                "gc_fraction": fraction,
                "gc_time_ms": fraction * run_ms,
                "executor_run_time_ms": run_ms,
            },
        )
        finding = GcPressure().evaluate(bundle_with(signal))
        assert (finding.severity if finding else None) == severity
        if finding:
            assert finding.category == Category.CONFIG


class TestSpill:
    @pytest.mark.parametrize(
        ("disk", "fraction", "severity"),
        [
            (0, 0.0, None),
            (10 * MB, 0.1, Severity.LOW),
            (10 * MB, 0.3, Severity.MODERATE),
            (10 * MB, 0.75, Severity.SEVERE),
            (10 * MB, 1.5, Severity.CRITICAL),
        ],
    )
    def test_bands(self, disk, fraction, severity):
        signal = Signal(
            S.SPILL,
            "spill",
            "E2",
            attributes={
                "stage_id": 2,
                "attempt": 0,
                "disk_spilled_bytes": disk,
                "memory_spilled_bytes": disk * 10,
                "stage_bytes": 20 * MB,
                "spill_fraction": fraction,
            },
        )
        finding = Spill().evaluate(bundle_with(signal))
        assert (finding.severity if finding else None) == severity
        if finding:
            assert finding.likelihood <= 35  # spill slows, it rarely fails a job


class TestTaskFailureRate:
    @pytest.mark.parametrize(
        ("failed", "ended", "reasons", "severity", "category"),
        [
            (1, 20, {"ExceptionFailure java.lang.RuntimeException": 1}, None, None),  # 5 %
            (1, 8, {"ExceptionFailure java.lang.OutOfMemoryError": 1}, Severity.LOW, Category.CONFIG),
            (4, 10, {"ExecutorLostFailure": 4}, Severity.MODERATE, Category.INFRA),
            (5, 8, {"FetchFailed": 5}, Severity.SEVERE, Category.INFRA),
            (
                4,
                4,
                {"ExceptionFailure org.apache.spark.api.python.PythonException": 4},
                Severity.CRITICAL,
                Category.CODE,
            ),
            (1, 1, {"ExceptionFailure x": 1}, None, None),  # under min_tasks
            (3, 4, {"TaskKilled": 3}, Severity.SEVERE, Category.UNKNOWN),
        ],
    )
    def test_bands_and_category_by_reason(self, failed, ended, reasons, severity, category):
        signal = Signal(
            S.TASK_FAILURES,
            "failures",
            "E2",
            attributes={
                "stage_id": 2,
                "attempt": 0,
                "failed": failed,
                "ended": ended,
                "failure_rate": failed / ended,
                "end_reasons": reasons,
            },
        )
        finding = TaskFailureRate().evaluate(bundle_with(signal))
        assert (finding.severity if finding else None) == severity
        assert (finding.category if finding else None) == category


class TestSchemaDrift:
    SIGNAL = line_signal(
        S.UNRESOLVED_COLUMN,
        "[UNRESOLVED_COLUMN.WITH_SUGGESTION] ... `customer_id` ...",
        column="`customer_id`",
        suggestions="`cust_id`, `order_id`, `amount`",
    )

    @pytest.mark.parametrize(
        ("changes", "category", "fix_words"),
        [
            ({}, Category.DATA, ["withColumnRenamed('cust_id', 'customer_id')"]),
            ({"code_changed": False}, Category.DATA, ["upstream owner"]),
            ({"code_changed": True}, Category.CODE, ["revert the change"]),
        ],
    )
    def test_drift_or_code_change(self, changes, category, fix_words):
        """Unchanged job code: the input drifted (data); changed code: the job is the suspect (code)."""
        facts = {"changes": changes} if changes else {}
        finding = SchemaDrift().evaluate(bundle_with(self.SIGNAL, **facts))
        assert finding is not None
        assert finding.category == category
        assert "renamed to `cust_id`" in finding.title
        text = finding.immediate_fix + finding.change
        assert all(w in text for w in fix_words), text

    @pytest.mark.parametrize(
        ("column", "message", "suggestions", "guess"),
        [
            # Spark's own order is closest first: its first candidate, even where difflib prefers another.
            (
                "`order_ts`",
                "Column `order_ts` cannot be resolved (suggestions: `order_timestamp`, `order_date`)",
                "`order_timestamp`, `order_date`, `order_id`",
                "order_timestamp",
            ),
            # Spark 2.x-3.3 lists the input in schema order: the closest name is looked for.
            (
                "`customer_id`",
                "Column `customer_id` cannot be resolved (input columns: amount, cust_id, order_id)",
                "amount, cust_id, order_id",
                "cust_id",
            ),
        ],
    )
    def test_likeliest_new_name(self, column, message, suggestions, guess):
        signal = line_signal(S.UNRESOLVED_COLUMN, message, column=column, suggestions=suggestions)
        finding = SchemaDrift().evaluate(bundle_with(signal))
        assert finding is not None
        assert f"renamed to `{guess}`" in finding.title

    def test_no_suggestions(self):
        signal = line_signal(S.UNRESOLVED_COLUMN, column="`ghost`", suggestions="")
        finding = SchemaDrift().evaluate(bundle_with(signal))
        assert finding is not None and "renamed" not in finding.title


class TestMissingInput:
    @pytest.mark.parametrize(
        ("signal", "kind", "likelihood"),
        [
            (line_signal(S.PATH_NOT_FOUND, path="file:/data/clicks/dt=2026-01-01"), "path", 85),
            (line_signal(S.TABLE_NOT_FOUND, table="`orders_daily`"), "table", 72),
        ],
    )
    def test_path_or_table(self, signal, kind, likelihood):
        finding = MissingInput().evaluate(bundle_with(signal))
        assert finding is not None
        assert finding.category == Category.DATA
        assert f"Input {kind}" in finding.title
        assert finding.likelihood == likelihood


class TestPythonUdfError:
    @pytest.mark.parametrize(
        ("error", "on_null", "likelihood"),
        [
            (
                line_signal(
                    S.PYTHON_EXCEPTION,
                    exception="TypeError",
                    message="argument of type 'NoneType' is not iterable",
                ),
                True,
                90,
            ),
            (line_signal(S.PYTHON_EXCEPTION, exception="ValueError", message="invalid literal"), False, 90),
            (None, False, 75),
        ],
    )
    def test_null_or_other(self, error, on_null, likelihood):
        signals = [line_signal(S.PYTHON_UDF_ERROR), *([error] if error else [])]
        finding = PythonUdfError().evaluate(bundle_with(*signals))
        assert finding is not None
        assert finding.category == Category.CODE
        assert finding.likelihood == likelihood
        assert ("on a NULL value" in finding.title) is on_null
        assert ("if value is None" in finding.immediate_fix) is on_null
        assert "spark.driver_code_error" in finding.supersedes

    def test_wrapper_exceptions_are_not_the_error(self):
        """The PythonException/Py4JJavaError wrapper lines are skipped for the real error."""
        signals = [
            line_signal(S.PYTHON_UDF_ERROR),
            line_signal(S.PYTHON_EXCEPTION, exception="TypeError", message="NoneType"),
            line_signal(
                S.PYTHON_EXCEPTION,
                exception="pyspark.errors.exceptions.captured.PythonException",
                message="An exception was thrown",
            ),
        ]
        finding = PythonUdfError().evaluate(bundle_with(*signals))
        assert finding is not None and "TypeError" in finding.title


class TestConfigLimits:
    def test_max_result_size(self):
        signal = line_signal(S.MAX_RESULT_SIZE, tasks="2", size="1272.6 KiB", limit="1024.0 KiB")
        finding = MaxResultSize().evaluate(bundle_with(signal))
        assert finding is not None
        assert finding.category == Category.CONFIG
        assert "1272.6 KiB" in finding.title and "1024.0 KiB" in finding.title
        assert "toLocalIterator" in finding.immediate_fix

    @pytest.mark.parametrize(
        ("attributes", "config", "seconds"),
        [({"seconds": "2"}, {}, "2"), ({}, {"spark.sql.broadcastTimeout": "600"}, "600"), ({}, {}, "300")],
    )
    def test_broadcast_timeout(self, attributes, config, seconds):
        """The timeout comes from the message, else the configuration, else Spark's default."""
        signal = line_signal(S.BROADCAST_TIMEOUT, **attributes)
        finding = BroadcastTimeout().evaluate(bundle_with(signal, **spark_facts(**config)))
        assert finding is not None
        assert finding.category == Category.CONFIG
        assert f"within {seconds}s" in finding.title
        assert "autoBroadcastJoinThreshold=-1" in finding.immediate_fix


class TestExecutorLoss:
    @pytest.mark.parametrize(
        ("signals", "fires"),
        [
            ((line_signal(S.EXECUTOR_LOST, executor="1", reason="Command exited with code 137"),), True),
            ((line_signal(S.FETCH_FAILED),), True),
            ((line_signal(S.HEARTBEAT_TIMEOUT, ms="120000"),), True),
            ((line_signal(S.EXECUTOR_LOST), line_signal(S.CONTAINER_MEMORY_KILLED)), False),  # memory's
            ((line_signal(S.EXECUTOR_LOST), task_oom()), False),
        ],
    )
    def test_infra_unless_memory(self, signals, fires):
        finding = ExecutorLoss().evaluate(bundle_with(*signals))
        assert (finding is not None) is fires
        if finding:
            assert finding.category == Category.INFRA
            assert finding.transience == Transience.TRANSIENT

    def test_removal_reasons_are_quoted(self):
        removed = Signal(
            S.EXECUTOR_REMOVED,
            "1 executor(s) removed",
            "E2",
            attributes={"count": 1, "removals": [{"executor": "1", "reason": "Worker lost: node-7"}]},
        )
        finding = ExecutorLoss().evaluate(bundle_with(line_signal(S.EXECUTOR_LOST), removed))
        assert finding is not None
        assert ("executor removed", "Worker lost: node-7") in finding.details


class TestDriverCodeError:
    KEY_ERROR = line_signal(S.PYTHON_EXCEPTION, "KeyError: 'apac'", exception="KeyError", message="'apac'")

    @pytest.mark.parametrize(
        ("extra", "facts", "likelihood"),
        [
            ((), {"spark": {"jobs": {"total": 2, "succeeded": 2, "failed": []}}}, 85),
            ((), {}, 65),
            ((line_signal(S.STAGE_FAILURE),), {}, None),  # a Spark failure explains it
            ((line_signal(S.PYTHON_UDF_ERROR),), {}, None),
            ((line_signal(S.ANALYSIS_ERROR),), {}, None),
            ((line_signal(S.GATEWAY_LOST),), {}, None),  # the JVM died: its connection errors are not bugs
        ],
    )
    def test_only_without_a_spark_failure(self, extra, facts, likelihood):
        finding = DriverCodeError().evaluate(bundle_with(self.KEY_ERROR, *extra, **facts))
        assert (finding.likelihood if finding else None) == likelihood
        if finding:
            assert finding.category == Category.CODE
            assert "KeyError" in finding.title

    @pytest.mark.parametrize(
        "exception",
        ["pyspark.errors.exceptions.captured.AnalysisException", "py4j.protocol.Py4JJavaError", "Py4JError"],
    )
    def test_spark_surfaced_exceptions_are_not_driver_bugs(self, exception):
        signal = line_signal(S.PYTHON_EXCEPTION, exception=exception, message="...")
        assert DriverCodeError().evaluate(bundle_with(signal)) is None

    @pytest.mark.parametrize(
        ("exception", "message", "driver_bug"),
        [
            # SparkSubmitHook's report that spark-submit exited non-zero: the driver's error is earlier.
            (
                "airflow.exceptions.AirflowException",
                "Cannot execute: spark-submit --master yarn job.py. Error code is: 1.",
                False,
            ),
            (
                "AirflowException",
                "Application application_1796563170000_0042 finished with failed status",
                False,
            ),
            # Distractors: an AirflowException the driver code raised itself is its own error.
            ("airflow.exceptions.AirflowException", "Region 'apac' has no mapping", True),
            ("ValueError", "cannot execute the spark-submit step twice", True),
        ],
    )
    def test_a_report_that_the_application_failed_is_not_a_driver_bug(self, exception, message, driver_bug):
        signal = line_signal(S.PYTHON_EXCEPTION, exception=exception, message=message)
        assert (DriverCodeError().evaluate(bundle_with(signal)) is not None) is driver_bug


class TestJvmLost:
    GATEWAY = line_signal(S.GATEWAY_LOST, "Py4JNetworkError: Answer from Java side is empty")

    @pytest.mark.parametrize(
        ("extra", "facts", "likelihood"),
        [
            (
                (),
                {
                    "spark": {
                        "in_progress": True,
                        "app": {"id": "local-1"},
                        "stages": [{"tasks": {"unfinished": 2}}],
                    }
                },
                80,
            ),
            ((), {"spark": {"app": {"id": "local-1"}, "stages": []}}, 80),  # no ApplicationEnd
            ((), {"spark": {"app": {"id": "local-1", "end_ms": 5}, "stages": []}}, 55),  # ended normally
            ((), {}, 55),  # no event log
            ((task_oom(),), {}, None),  # the OOM rules own it
            ((line_signal(S.STAGE_FAILURE),), {}, None),
        ],
    )
    def test_killed_unless_spark_explains_it(self, extra, facts, likelihood):
        finding = JvmLost().evaluate(bundle_with(self.GATEWAY, *extra, **facts))
        assert (finding.likelihood if finding else None) == likelihood
        if finding:
            assert finding.category == Category.INFRA
            assert set(COLLATERAL) <= set(finding.supersedes)

    def test_running_tasks_are_counted(self):
        facts = {
            "spark": {"in_progress": True, "app": {"id": "local-1"}, "stages": [{"tasks": {"unfinished": 2}}]}
        }
        finding = JvmLost().evaluate(bundle_with(self.GATEWAY, **facts))
        assert finding is not None and "2 task(s) still running" in finding.summary


@pytest.mark.parametrize(
    ("signals", "master", "collateral"),
    [
        ((task_oom(largest=False),), "local[2]", True),  # local mode: the OOM exits the driver's JVM
        ((task_oom(largest=False),), "yarn", False),  # an executor's OOM leaves the driver alive
        ((task_oom(largest=False), line_signal(S.GATEWAY_LOST)), "yarn", True),
        ((line_signal(S.DRIVER_OOM, thread="main"),), "yarn", True),
    ],
)
def test_oom_explains_the_dead_gateway(signals, master, collateral):
    """When the OOM killed the driver's JVM, the connection errors after it are explained away."""
    finding = MemoryOom().evaluate(bundle_with(*signals, **spark_facts(**{"spark.master": master})))
    assert finding is not None
    assert (set(COLLATERAL) <= set(finding.supersedes)) is collateral
