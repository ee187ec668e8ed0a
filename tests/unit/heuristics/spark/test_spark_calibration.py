"""Calibration of the confident Spark rules: 70+ only on the evidence that tells the causes apart.

One row per decision: the evidence that keeps a rule's confident answer, and the evidence several
causes share, which stays at ``AMBIGUOUS_CEILING`` (the category and the rule's likelihood unchanged).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_spark_rules import bundle_with, line_signal, skew, spark_facts, task_oom

from airflow_pipeline_debugger.adapters.spark import signals as S
from airflow_pipeline_debugger.domain import Category, Signal
from airflow_pipeline_debugger.engine.offline import OfflineSettings, collect_files
from airflow_pipeline_debugger.engine.pipeline import analyse_bundle
from airflow_pipeline_debugger.heuristics.base import AMBIGUOUS_CEILING, Heuristic
from airflow_pipeline_debugger.heuristics.spark.driver_code_error import DriverCodeError
from airflow_pipeline_debugger.heuristics.spark.executor_loss import ExecutorLoss
from airflow_pipeline_debugger.heuristics.spark.jvm_lost import JvmLost
from airflow_pipeline_debugger.heuristics.spark.memory_oom import MemoryOom
from airflow_pipeline_debugger.heuristics.spark.udf_error import PythonUdfError

ALL_JOBS_OK = {"spark": {"jobs": {"total": 2, "succeeded": 2, "failed": []}}}


def error(exception: str, message: str) -> Signal:
    return line_signal(S.PYTHON_EXCEPTION, f"{exception}: {message}", exception=exception, message=message)


def removed(reason: str) -> Signal:
    return Signal(
        S.EXECUTOR_REMOVED,
        "1 executor(s) removed",
        "E2",
        attributes={"count": 1, "removals": [{"executor": "1", "reason": reason}]},
    )


#: (id, rule, signals, facts, category, confident)
CASES: list[tuple[str, Heuristic, tuple[Signal, ...], dict[str, Any], Category, bool]] = [
    # udf_error: the worker relays whatever the UDF raised
    # A row's value broke it (None, a key, an index): the UDF's missing case, or the input's new value
    # (a null the contract did not allow, a new currency). Code, at modest confidence.
    (
        "udf: TypeError on None is the UDF's, not confidently",
        PythonUdfError(),
        (line_signal(S.PYTHON_UDF_ERROR), error("TypeError", "argument of type 'NoneType' is not iterable")),
        {},
        Category.CODE,
        False,
    ),
    (
        "udf: AttributeError on None is the UDF's, not confidently",
        PythonUdfError(),
        (
            line_signal(S.PYTHON_UDF_ERROR),
            error("AttributeError", "'NoneType' object has no attribute 'strip'"),
        ),
        {},
        Category.CODE,
        False,
    ),
    (
        "udf: KeyError on a row's value is the UDF's, not confidently",
        PythonUdfError(),
        (line_signal(S.PYTHON_UDF_ERROR), error("KeyError", "'SEK'")),
        {},
        Category.CODE,
        False,
    ),
    (
        "udf: a name the UDF never bound is its own bug",
        PythonUdfError(),
        (line_signal(S.PYTHON_UDF_ERROR), error("NameError", "name 'VAT_RATES' is not defined")),
        {},
        Category.CODE,
        True,
    ),
    (
        "udf: a value that does not parse",
        PythonUdfError(),
        (line_signal(S.PYTHON_UDF_ERROR), error("json.decoder.JSONDecodeError", "Expecting value: line 1")),
        {},
        Category.DATA,
        False,
    ),
    (
        "udf: a package missing on the executors",
        PythonUdfError(),
        (line_signal(S.PYTHON_UDF_ERROR), error("ModuleNotFoundError", "No module named 'phonenumbers'")),
        {},
        Category.CODE,
        False,
    ),
    (
        "udf: no error found under the wrapper",
        PythonUdfError(),
        (line_signal(S.PYTHON_UDF_ERROR),),
        {},
        Category.CODE,
        False,
    ),
    # driver_code_error: every Spark job succeeded, then the Python around Spark raised
    (
        "driver: KeyError on a mapping",
        DriverCodeError(),
        (error("KeyError", "'apac'"),),
        ALL_JOBS_OK,
        Category.CODE,
        True,
    ),
    (
        "driver: TypeError",
        DriverCodeError(),
        (error("TypeError", "unsupported operand type(s) for +: 'int' and 'str'"),),
        ALL_JOBS_OK,
        Category.CODE,
        True,
    ),
    (
        "driver: KeyError on an environment variable",
        DriverCodeError(),
        (error("KeyError", "'S3_OUTPUT_BUCKET'"),),
        ALL_JOBS_OK,
        Category.CODE,
        False,
    ),
    (
        "driver: a data check raising",
        DriverCodeError(),
        (error("etl.validation.DataQualityError", "1532 rows with NULL customer_id"),),
        ALL_JOBS_OK,
        Category.CODE,
        False,
    ),
    (
        "driver: an assertion on the row count",
        DriverCodeError(),
        (error("AssertionError", "expected at least 1000 rows, got 0"),),
        ALL_JOBS_OK,
        Category.CODE,
        False,
    ),
    # executor_loss: the platform's only when a node is named gone
    (
        "executors: the node was lost",
        ExecutorLoss(),
        (line_signal(S.EXECUTOR_LOST), line_signal(S.NODE_LOST)),
        {},
        Category.INFRA,
        True,
    ),
    (
        "executors: the removal says preempted",
        ExecutorLoss(),
        (line_signal(S.EXECUTOR_LOST), removed("Executor decommission: spot instance preempted")),
        {},
        Category.INFRA,
        True,
    ),
    (
        "executors: lost with an exit code only",
        ExecutorLoss(),
        (line_signal(S.EXECUTOR_LOST, reason="Command exited with code 52"),),
        {},
        Category.INFRA,
        False,
    ),
    (
        "executors: heartbeats missed",
        ExecutorLoss(),
        (line_signal(S.HEARTBEAT_TIMEOUT),),
        {},
        Category.INFRA,
        False,
    ),
    # jvm_lost: killed, by whom the evidence does not say
    (
        "jvm: event log cut short",
        JvmLost(),
        (line_signal(S.GATEWAY_LOST),),
        {"spark": {"in_progress": True, "app": {"id": "local-1"}}},
        Category.INFRA,
        False,
    ),
    # memory_oom: measured executor tasks settle the executor's memory, not the driver's
    (
        "oom: executor tasks, distribution even",
        MemoryOom(),
        (task_oom(largest=False), skew(1.05, failed=True)),
        spark_facts(),
        Category.CONFIG,
        True,
    ),
    (
        "oom: the driver, executor distribution even",
        MemoryOom(),
        (line_signal(S.DRIVER_OOM, thread="main"), skew(1.05, failed=True)),
        spark_facts(),
        Category.CONFIG,
        False,
    ),
]


def test_code_whose_service_failed_is_left_to_the_network_rules() -> None:
    """A refused, reset or timed-out call (or a 5xx) from a UDF or the driver is the service's failure."""
    refused = error(
        "requests.exceptions.ConnectionError", "HTTPSConnectionPool(host='geo.example.com', port=443)"
    )
    assert PythonUdfError().evaluate(bundle_with(line_signal(S.PYTHON_UDF_ERROR), refused)) is None
    driver = error("urllib.error.HTTPError", "HTTP Error 504: Gateway Timeout")
    assert DriverCodeError().evaluate(bundle_with(driver, **ALL_JOBS_OK)) is None


@pytest.mark.parametrize(
    ("rule", "signals", "facts", "category", "confident"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_confident_only_on_distinguishing_evidence(
    rule: Heuristic, signals: tuple[Signal, ...], facts: dict[str, Any], category: Category, confident: bool
) -> None:
    """The category stays; the ceiling is the class's (95) or ``AMBIGUOUS_CEILING``."""
    finding = rule.evaluate(bundle_with(*signals, **facts))
    assert finding is not None
    assert finding.category is category
    if confident:
        assert finding.max_confidence > AMBIGUOUS_CEILING
        assert finding.likelihood >= 70
    else:
        assert finding.max_confidence == AMBIGUOUS_CEILING


_HDR = "24/05/02 03:00:01 INFO SparkContext: Running Spark version 3.5.1\n"


def _udf_log(raised: str) -> str:
    return (
        f"{_HDR}24/05/02 03:01:10 ERROR Executor: Exception in task 3.0 in stage 2.0 (TID 11)\n"
        "org.apache.spark.api.python.PythonException: Traceback (most recent call last):\n"
        '  File "/opt/spark/python/lib/pyspark.zip/pyspark/worker.py", line 1247, in main\n'
        '  File "/opt/jobs/etl.py", line 22, in enrich\n'
        f"{raised}\n\n"
        "24/05/02 03:01:12 ERROR TaskSetManager: Task 3 in stage 2.0 failed 4 times; aborting job\n"
    )


@pytest.mark.parametrize(
    ("raised", "rule", "category"),
    [
        (
            "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='geo.example.com', port=443): Max "
            "retries exceeded",
            "generic.error_code",
            Category.INFRA,
        ),
        (
            "json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)",
            "spark.udf_error",
            Category.DATA,
        ),
    ],
)
def test_a_library_exception_in_a_udf_stays_under_the_band(
    tmp_path: Path, raised: str, rule: str, category: Category
) -> None:
    """The exception's dotted name is said by the log, but it says nothing of the UDF's own bug.

    A service the UDF calls that could not be reached is that service's failure (by its error's code).
    """
    path = tmp_path / "driver.log"
    path.write_text(_udf_log(raised), encoding="utf-8")
    settings = OfflineSettings.load(use_model=False)
    bundle = collect_files([path], [], limits=settings.limits, adapters=settings.adapters)
    bundle.facts.update({"history": {"seen_before": False}, "changes": {"code_changed": False}})
    root = analyse_bundle(bundle, settings.heuristics)[1].root_cause
    assert (root.rule_id, root.category) == (rule, category)
    assert root.confidence <= AMBIGUOUS_CEILING, root.justification
