"""Spark driver-log patterns on the lines real PySpark 4.3 runs printed (table-driven, one row per shape)."""

from __future__ import annotations

import pytest
from spark_fixtures import FIXTURES

from airflow_pipeline_debugger.adapters.spark import signals as S
from airflow_pipeline_debugger.adapters.spark.driverlog import PATTERNS
from airflow_pipeline_debugger.evidence.logscan import LogScanner

SCANNER = LogScanner(PATTERNS)


def codes_in(text: str) -> dict[str, dict]:
    """First hit per signal code with its attributes."""
    found: dict[str, dict] = {}
    for hit in SCANNER.scan_text(text).hits:
        found.setdefault(hit.code, hit.attributes)
    return found


@pytest.mark.parametrize(
    ("line", "code", "attributes"),
    [
        (
            "26/11/22 18:46:21 WARN TaskSetManager: Lost task 5.0 in stage 2.0 (TID 9) (192.0.2.2 executor "
            "driver): java.lang.OutOfMemoryError: Java heap space",
            S.EXECUTOR_OOM,
            {"task": "5.0", "stage": "2.0", "tid": "9", "kind": "Java heap space"},
        ),
        (
            'Exception in thread "driver-heartbeater" java.lang.OutOfMemoryError: Java heap space',
            S.DRIVER_OOM,
            {"thread": "driver-heartbeater"},
        ),
        (
            "java.lang.OutOfMemoryError: GC overhead limit exceeded",
            S.OOM,
            {"detail": "GC overhead limit exceeded"},
        ),
        (
            "ExecutorLostFailure (executor 3 exited caused by one of the running tasks) Reason: Container "
            "killed by YARN for exceeding physical memory limits. 5.5 GB of 5.5 GB physical memory used.",
            S.CONTAINER_MEMORY_KILLED,
            {},
        ),
        (
            "The executor with id 3 exited with exit code 137(SIGKILL, possible container OOM).",
            S.CONTAINER_MEMORY_KILLED,
            {},
        ),
        (
            "ExecutorLostFailure (executor 1 exited caused by one of the running tasks) Reason: Command "
            "exited with code 137",
            S.EXECUTOR_LOST,
            {"executor": "1", "reason": "Command exited with code 137"},
        ),
        # Spark's exit code for an OutOfMemoryError (SparkExitCode.OOM), as the loss and YARN report it.
        (
            "ExecutorLostFailure (executor 7 exited caused by one of the running tasks) Reason: Command "
            "exited with code 52",
            S.EXECUTOR_OOM,
            {"what": "Command exited with code 52"},
        ),
        (
            "Container exited with a non-zero exit code 52. Error file: prelaunch.err.",
            S.EXECUTOR_OOM,
            {"what": "Container exited with a non-zero exit code 52"},
        ),
        (
            "org.apache.spark.shuffle.FetchFailedException: Failed to connect to host-7/10.0.0.7:7337",
            S.FETCH_FAILED,
            {"what": "FetchFailedException"},
        ),
        (
            "WARN HeartbeatReceiver: Executor heartbeat timed out after 120000 ms",
            S.HEARTBEAT_TIMEOUT,
            {"ms": "120000"},
        ),
        (
            "org.apache.spark.SparkException: Job aborted due to stage failure: Task 5 in stage 2.0 failed 4 "
            "times, most recent failure: Lost task 5.3 in stage 2.0 (TID 40)",
            S.STAGE_FAILURE,
            {"task": "5", "stage": "2.0", "attempts": "4"},
        ),
        (
            "pyspark.errors.exceptions.captured.AnalysisException: [UNRESOLVED_COLUMN.WITH_SUGGESTION] A "
            "column, variable, or function parameter with name `customer_id` cannot be resolved. Did you "
            "mean one of the following? [`cust_id`, `amount`, `order_id`].",
            S.UNRESOLVED_COLUMN,
            {"column": "`customer_id`", "suggestions": "`cust_id`, `amount`, `order_id`"},
        ),
        (
            "pyspark.errors.exceptions.captured.AnalysisException: [TABLE_OR_VIEW_NOT_FOUND] The table or "
            "view `orders_daily` cannot be found. Verify the spelling",
            S.TABLE_NOT_FOUND,
            {"table": "`orders_daily`"},
        ),
        (
            "pyspark.errors.exceptions.captured.AnalysisException: [PATH_NOT_FOUND] Path does not exist: "
            "file:/data/clicks/dt=2026-01-01. SQLSTATE: 42K03",
            S.PATH_NOT_FOUND,
            {"path": "file:/data/clicks/dt=2026-01-01"},
        ),
        (
            "org.apache.spark.api.python.PythonException: [PYTHON_EXCEPTION] An exception was thrown from "
            "the Python worker: Traceback (most recent call last):",
            S.PYTHON_UDF_ERROR,
            {},
        ),
        (
            "TypeError: argument of type 'NoneType' is not iterable",
            S.PYTHON_EXCEPTION,
            {"exception": "TypeError"},
        ),
        ("KeyError: 'apac'", S.PYTHON_EXCEPTION, {"exception": "KeyError", "message": "'apac'"}),
        (
            "org.apache.spark.SparkException: Could not execute broadcast in 300 secs. You can increase the "
            "timeout for broadcasts via spark.sql.broadcastTimeout",
            S.BROADCAST_TIMEOUT,
            {"seconds": "300"},
        ),
        (
            "org.apache.spark.SparkException: Job aborted due to stage failure: Total size of serialized "
            "results of 2 tasks (1272.6 KiB) is bigger than spark.driver.maxResultSize (1024.0 KiB)",
            S.MAX_RESULT_SIZE,
            {"tasks": "2", "size": "1272.6 KiB", "limit": "1024.0 KiB"},
        ),
        ("py4j.protocol.Py4JNetworkError: Answer from Java side is empty", S.GATEWAY_LOST, {}),
        (
            '  File "/opt/venv/lib/python3.11/site-packages/py4j/clientserver.py", line 438, in '
            "connect_to_java_server",
            S.GATEWAY_LOST,
            {"detail": "connect_to_java_server"},
        ),
        ("Spark application id: local-1795373141902", S.APP_ID, {"app_id": "local-1795373141902"}),
        (
            "Submitted application application_1700000000000_0042",
            S.APP_ID,
            {"app_id": "application_1700000000000_0042"},
        ),
        (
            "Connected to Spark cluster with app ID app-20260101120000-0001",
            S.APP_ID,
            {"app_id": "app-20260101120000-0001"},
        ),
    ],
)
def test_line_shapes(line, code, attributes):
    """Each shape Spark prints becomes its signal with the named groups as attributes."""
    found = codes_in(line)
    assert code in found, f"{code} not in {sorted(found)}"
    for key, value in attributes.items():
        assert found[code].get(key) == value


@pytest.mark.parametrize(
    "line",
    [
        "java.lang.IllegalStateException: SparkContext has been shutdown",  # JVM, not a Python traceback end
        "py4j.protocol.Py4JJavaError: An error occurred while calling o44.collectToPython.",
        "26/11/22 18:45:40 WARN NativeCodeLoader: Unable to load native-hadoop library",
        'Setting default log level to "WARN".',
    ],
)
def test_no_python_exception_for_jvm_lines(line):
    """JVM exception lines and startup noise are not taken for the driver's Python error."""
    assert S.PYTHON_EXCEPTION not in codes_in(line)


@pytest.mark.parametrize(
    ("log", "expected"),
    [
        ("driver_logs/udf_null.log", {S.PYTHON_UDF_ERROR, S.PYTHON_EXCEPTION}),
        ("driver_logs/renamed_column.log", {S.UNRESOLVED_COLUMN, S.ANALYSIS_ERROR}),
        ("driver_logs/missing_input.log", {S.PATH_NOT_FOUND}),
        ("driver_logs/collect_to_driver.log", {S.MAX_RESULT_SIZE}),
        ("driver_logs/driver_error.log", {S.PYTHON_EXCEPTION}),
        ("skew_oom/driver.log", {S.EXECUTOR_OOM, S.DRIVER_OOM, S.STAGE_FAILURE, S.APP_ID}),
        ("killed_inprogress/driver.log", {S.GATEWAY_LOST, S.APP_ID}),
    ],
)
def test_real_driver_logs(log, expected):
    """The real driver logs raise the signals their failure should."""
    found = codes_in((FIXTURES / log).read_text())
    assert expected <= set(found), sorted(found)


@pytest.mark.parametrize(
    "line",
    [
        "Container exited with a non-zero exit code 520",
        "ExecutorLostFailure (executor 2 exited caused by one of the running tasks) Reason: Command exited "
        "with code 1",
        "INFO Loaded 52 rows; executor 3 exited cleanly",
        # A negative code is a signal number some runtimes print, not Spark's OOM code (review crev).
        "Container exited with a non-zero exit code -52",
    ],
)
def test_only_exit_code_52_reads_as_an_executor_oom(line):
    assert S.EXECUTOR_OOM not in codes_in(line)
