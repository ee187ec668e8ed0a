"""Spark failure classes whose category the class of the exception alone gets wrong (issue 19).

Each row is a log of that family written for this test (not copied from a public case), run through
the offline path an operator uses (``analyze --no-llm``: detection, every adapter, every rule, the
investigator), with the category the fix goes to and the words the answer must name. Distractors
put the same words where they must not decide: an INFO line, an identifier, a condition the log
shows recovered, the neighbouring failure class.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support.offline_rule import assert_answer, offline_answer

from airflow_pipeline_debugger.adapters.spark import signals as S
from airflow_pipeline_debugger.adapters.spark.driverlog import PATTERNS
from airflow_pipeline_debugger.domain import Category
from airflow_pipeline_debugger.engine.offline import OfflineSettings
from airflow_pipeline_debugger.evidence.logscan import LogScanner
from airflow_pipeline_debugger.heuristics.knowledge import catalog, classify

SCANNER = LogScanner(PATTERNS)

EXECUTOR_137 = (
    "Caused by: org.apache.spark.SparkException: Job aborted due to stage failure: Task 12 in stage 4.0 "
    "failed 4 times, most recent failure: Lost task 12.3 in stage 4.0 (TID 811, worker-07.example.internal, "
    "executor 9): ExecutorLostFailure (executor 9 exited caused by one of the running tasks) Reason: "
    "Container marked as failed: container_1700000000000_0042_01_000013 on host: worker-07.example.internal. "
    "Exit status: 137. Diagnostics: Container killed on request. Exit code is 137\n"
    "Container exited with a non-zero exit code 137\n"
    "Killed by external signal\n"
)
TABLE_MISSING = (
    "pyspark.errors.exceptions.captured.AnalysisException: [TABLE_OR_VIEW_NOT_FOUND] The table or view "
    "`sales_daily` cannot be found.\n"
)

CASES = [
    # (id, log, category, rule id, words the root cause names)
    (
        "executor-exit-137",
        EXECUTOR_137,
        Category.CONFIG,
        "spark.memory_oom",
        ("137", "memory", "killed", "memoryOverhead"),
    ),
    (
        "executor-exit-137-on-a-lost-node",
        "WARN YarnAllocator: Container released on a *lost* node: container_1700000000000_0042_01_000013\n"
        + EXECUTOR_137,
        Category.INFRA,
        "",
        (),
    ),
    (
        "dataproc-driver-137",
        "ERROR: (gcloud.dataproc.jobs.wait) Job [4f1c] failed with error:\n"
        "Driver received SIGTERM/SIGKILL signal and exited with 137 code, which potentially signifies a "
        "memory issue.\n",
        Category.CONFIG,
        "spark.memory_oom",
        ("driver", "137", "spark.driver.memory"),
    ),
    (
        "yarn-cluster-mode-driver-137",
        'Exception in thread "main" org.apache.spark.SparkException: Application '
        "application_1700000000000_0042 finished with failed status\n"
        "diagnostics: Application application_1700000000000_0042 failed 2 times due to AM Container for "
        "appattempt_1700000000000_0042_000002 exited with  exitCode: 137\n",
        Category.CONFIG,
        "spark.memory_oom",
        ("driver", "137"),
    ),
    (
        "yarn-memory-limit-with-usage",
        "Job aborted due to stage failure: Task 3 in stage 2.0 failed 4 times, most recent failure: "
        "Lost task 3.3 in stage 2.0 (TID 90, node-3, executor 4): ExecutorLostFailure (executor 4 exited "
        "caused by one of the running tasks) Reason: Container killed by YARN for exceeding physical "
        "memory limits. 12.1 GB of 12 GB physical memory used. Consider boosting "
        "spark.executor.memoryOverhead.\n",
        Category.CONFIG,
        "spark.memory_oom",
        ("12.1 GB of 12 GB physical memory used", "memoryOverhead"),
    ),
    (
        "exit-137-only-in-info-chatter",
        "26/11/30 10:00:01 INFO YarnAllocator: Completed container container_1700000000000_0042_01_000004 "
        "(state: COMPLETE, exit status: 137) Container killed on request. Exit code is 137\n"
        "26/11/30 10:00:02 INFO YarnAllocator: Will request 1 executor container(s) to replace it\n"
        "26/11/30 10:20:00 ERROR ApplicationMaster: User class threw exception\n" + TABLE_MISSING,
        Category.DATA,
        "spark.missing_input",
        ("sales_daily",),
    ),
    (
        "delta-concurrent-append",
        "io.delta.exceptions.ConcurrentAppendException: [DELTA_CONCURRENT_APPEND] Files were added to "
        "partition [region=emea] by a concurrent update. Please try the operation again.\n"
        'Conflicting commit: {"timestamp":1767225600000,"operation":"MERGE",'
        '"isolationLevel":"Serializable"}\n'
        "Refer to https://docs.delta.io/latest/concurrency-control.html for more details.\n",
        Category.CODE,
        "generic.error_code",
        ("concurrent",),
    ),
    (
        "files-rewritten-during-the-run",
        "py4j.protocol.Py4JJavaError: An error occurred while calling o211.save.\n"
        ": org.apache.spark.SparkException: Job aborted due to stage failure: Task 3 in stage 7.0 failed 4 "
        "times, most recent failure: Lost task 3.3 in stage 7.0 (TID 95, 10.0.4.18, executor 2): "
        "java.io.FileNotFoundException: No such file or directory 'gs://lake/events/dt=2026-11-30/"
        "part-00003.parquet'\n"
        "It is possible the underlying files have been updated. You can explicitly invalidate the cache in "
        "Spark by running 'REFRESH TABLE tableName' command in SQL or by recreating the Dataset/DataFrame.\n",
        Category.CODE,
        "spark.files_replaced",
        ("gs://lake/events/dt=2026-11-30/part-00003.parquet", "second run"),
    ),
    (
        "a-missing-file-without-the-hint-is-not-a-rewrite",
        "py4j.protocol.Py4JJavaError: An error occurred while calling o88.csv.\n"
        ": java.io.FileNotFoundException: No such file or directory: '/landing/orders/2026-11-30.csv'\n",
        None,
        "",
        (),
    ),
    (
        "write-merges-another-type",
        "org.apache.spark.sql.AnalysisException: Failed to merge fields 'retry_count' and 'retry_count'. "
        "Failed to merge incompatible data types IntegerType and StringType\n",
        Category.CODE,
        "spark.write_type_conflict",
        ("retry_count", "IntegerType", "StringType"),
    ),
    (
        "read-parquet-with-another-type",
        "26/11/30 09:00:00 WARN TaskSetManager: Lost task 0.0 in stage 3.0 (TID 7) (10.0.0.5 executor 1): "
        "org.apache.spark.sql.execution.QueryExecutionException: Parquet column cannot be converted in file "
        "s3a://lake/orders/part-00000.snappy.parquet. Column: [amount], Expected: decimal(18,2), "
        "Found: DOUBLE\n",
        Category.DATA,
        "spark.read_type_mismatch",
        ("amount", "DOUBLE", "decimal(18,2)"),
    ),
    (
        "unresolved-column-in-spark-3.0-words",
        "Traceback (most recent call last):\n"
        '  File "/opt/jobs/report.py", line 33, in <module>\n'
        '    df.select("customer_id", "amount").show()\n'
        "pyspark.sql.utils.AnalysisException: cannot resolve '`customer_id`' given input columns: "
        "[cust_id, amount, order_ts];;\n",
        Category.DATA,
        "spark.schema_drift",
        ("customer_id", "cust_id"),
    ),
    (
        "udf-traceback-in-spark-3.0-words",
        "26/11/30 10:00:00 ERROR Executor: Exception in task 3.0 in stage 5.0 (TID 41)\n"
        "org.apache.spark.api.python.PythonException: Traceback (most recent call last):\n"
        '  File "/opt/jobs/udfs.py", line 8, in parse_amount\n'
        '    return float(s.replace(",", "."))\n'
        "AttributeError: 'NoneType' object has no attribute 'replace'\n",
        Category.CODE,
        "spark.udf_error",
        ("AttributeError", "NULL"),
    ),
    (
        "first-on-an-empty-dataframe",
        "Traceback (most recent call last):\n"
        '  File "/opt/jobs/watermark.py", line 41, in latest_watermark\n'
        '    return events.orderBy(F.desc("ts")).first().ts\n'
        "AttributeError: 'NoneType' object has no attribute 'ts'\n",
        Category.CODE,
        "spark.empty_result",
        ("events.first()", "latest_watermark", "zero records"),
    ),
    (
        "take-on-an-empty-dataframe",
        "Traceback (most recent call last):\n"
        '  File "/opt/jobs/bounds.py", line 12, in lowest_id\n'
        "    low = ids.take(1)[0]\n"
        "IndexError: list index out of range\n",
        Category.CODE,
        "spark.empty_result",
        ("ids.take()", "lowest_id"),
    ),
    (
        "none-from-something-else-is-not-an-empty-result",
        "Traceback (most recent call last):\n"
        '  File "/opt/jobs/settings.py", line 7, in bucket\n'
        '    return conf.get("bucket").strip()\n'
        "AttributeError: 'NoneType' object has no attribute 'strip'\n",
        None,
        "",
        (),
    ),
    (
        "no-valid-records-before-first-is-data",
        "26/11/30 10:00:00 INFO validate: 1200 records read, 0 valid records after the schema check\n"
        "Traceback (most recent call last):\n"
        '  File "/opt/jobs/bounds.py", line 20, in bounds\n'
        "    start = records.first().id\n"
        "AttributeError: 'NoneType' object has no attribute 'id'\n",
        Category.DATA,
        "generic.input_broke_code",
        ("empty",),
    ),
    (
        "some-valid-records-before-first-stays-code",
        "26/11/30 10:00:00 INFO validate: 1200 records read, 10 valid records after the schema check\n"
        "Traceback (most recent call last):\n"
        '  File "/opt/jobs/bounds.py", line 20, in bounds\n'
        "    start = records.first().id\n"
        "AttributeError: 'NoneType' object has no attribute 'id'\n",
        Category.CODE,
        "spark.empty_result",
        ("records.first()",),
    ),
    (
        "empty-input-shown-before-first-is-data",
        "INFO load: fetched 0 rows from orders_export\n"
        "Traceback (most recent call last):\n"
        '  File "/opt/jobs/bounds.py", line 20, in bounds\n'
        "    start = orders.first().id\n"
        "AttributeError: 'NoneType' object has no attribute 'id'\n",
        Category.DATA,
        "generic.input_broke_code",
        ("0 rows",),
    ),
]


@pytest.fixture(scope="module")
def settings() -> OfflineSettings:
    return OfflineSettings.load(use_model=False)


@pytest.mark.parametrize(
    ("log", "category", "rule", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_where_the_fix_goes(
    tmp_path: Path,
    log: str,
    category: Category | None,
    rule: str,
    words: tuple[str, ...],
) -> None:
    """The category, the rule and the specifics a Spark failure of each family is answered with."""
    result, said = offline_answer(tmp_path, log)
    if category is None:  # a distractor: the rule this family would fire must not
        if rule:
            assert result.root_cause.rule_id == rule, said
        neighbour = {"a-missing": "spark.files_replaced", "none-from": "spark.empty_result"}
        assert result.root_cause.rule_id not in neighbour.values(), said
        return
    assert_answer(result, said, category, rule, words)


@pytest.mark.parametrize(
    ("line", "code", "attributes"),
    [
        (
            "Reason: Container marked as failed: container_1700000000000_0001_01_000002 on host: "
            "n1.internal. Exit status: 137. Diagnostics: Container killed on request. Exit code is 137",
            S.CONTAINER_KILLED,
            {"container": "container_1700000000000_0001_01_000002", "host": "n1.internal"},
        ),
        ("Driver received SIGTERM/SIGKILL signal and exited with 137 code", S.DRIVER_KILLED, {}),
        (
            "AnalysisException: Column 'email' does not exist. Did you mean one of the following? "
            "[email_address, id];",
            S.UNRESOLVED_COLUMN,
            {"column": "email", "suggestions": "email_address, id"},
        ),
        (
            "org.apache.spark.api.python.PythonException: Traceback (most recent call last):",
            S.PYTHON_UDF_ERROR,
            {},
        ),
        (
            "Caused by: org.apache.spark.sql.execution.datasources.SchemaColumnConvertNotSupportedException: "
            "column: [order_id], physicalType: INT64, logicalType: int",
            S.READ_TYPE_MISMATCH,
            {"column": "order_id", "found": "INT64", "expected": "int"},
        ),
        (
            "java.lang.UnsupportedOperationException: org.apache.parquet.column.values.dictionary."
            "PlainValuesDictionary$PlainLongDictionary",
            S.READ_TYPE_MISMATCH,
            {"found": "Long"},
        ),
        (
            "pyspark.sql.utils.AnalysisException: Table or view not found: sales.orders_daily;",
            S.TABLE_NOT_FOUND,
            {"table": "sales.orders_daily"},
        ),
        ("WARN YarnAllocator: Container released on a *lost* node: container_1", S.NODE_LOST, {}),
        ("Container container_1 was preempted by the scheduler", S.NODE_LOST, {}),
        (
            "Failed to merge fields 'a' and 'a'. Failed to merge incompatible data types LongType and "
            "StringType",
            S.WRITE_TYPE_CONFLICT,
            {"field": "a", "left": "LongType", "right": "StringType"},
        ),
        (
            "[FAILED_READ_FILE.PARQUET_COLUMN_DATA_TYPE_MISMATCH] Error while reading file x. Data type "
            'mismatches when reading Parquet column `id`. Expected Spark type "INT", actual Parquet type '
            '"INT64".',
            S.READ_TYPE_MISMATCH,
            {"column": "`id`", "expected": '"INT"', "found": '"INT64"'},
        ),
    ],
)
def test_line_shapes(line: str, code: str, attributes: dict[str, str]) -> None:
    """Each shape becomes its signal with the named groups the rules quote."""
    found = {hit.code: hit.attributes for hit in SCANNER.scan_text(line).hits}
    assert code in found, sorted(found)
    for key, value in attributes.items():
        assert found[code].get(key) == value


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ("INFO YarnAllocator: exit status: 1370 for container_1", S.CONTAINER_KILLED),  # another number
        ("Driver received SIGTERM/SIGKILL signal and exited with 143 code", S.DRIVER_KILLED),  # SIGTERM
        ("INFO Client: Uploading resource file:/tmp/preempted_nodes_report.zip", S.NODE_LOST),  # identifier
        ("Failed to merge fields 'a' and 'a'. Failed to merge decimal types", S.WRITE_TYPE_CONFLICT),
        (  # another analysis error of the same era
            "AnalysisException: cannot resolve '(a + b)' due to data type mismatch: differing types",
            S.UNRESOLVED_COLUMN,
        ),
    ],
)
def test_shapes_that_are_not_the_signal(line: str, code: str) -> None:
    """A number, a signal or a word that only looks like the family does not make its signal."""
    assert code not in {hit.code for hit in SCANNER.scan_text(line).hits}


@pytest.mark.parametrize(
    ("line", "code", "category"),
    [
        (
            "io.delta.exceptions.ConcurrentAppendException: Files were added to the root of the table by a "
            "concurrent update. Please try the operation again.",
            "delta.concurrent_write",
            Category.CODE,
        ),
        (
            "io.delta.exceptions.MetadataChangedException: The metadata of the Delta table has been changed "
            "by a concurrent update.",
            "delta.concurrent_write",
            Category.CODE,
        ),
        (
            "Failed to merge incompatible data types LongType and StringType",
            "spark.merge_incompatible_types",
            Category.CODE,
        ),
        (
            "A schema mismatch detected when writing to the Delta table (Table ID: 1a2b).",
            "delta.schema_mismatch",
            Category.DATA,
        ),
        (
            "Driver received SIGTERM/SIGKILL signal and exited with 137 code",
            "dataproc.driver_killed",
            Category.CONFIG,
        ),
        (
            "Diagnostics: Container killed on request. Exit code is 137",
            "yarn.container_sigkill",
            Category.CONFIG,
        ),
        (
            "pyspark.errors.exceptions.base.PySparkRuntimeError: [JAVA_GATEWAY_EXITED] Java gateway process "
            "exited before sending its port number.",
            "pyspark.gateway_exited",
            Category.CONFIG,
        ),
        (
            "org.apache.spark.SparkException: A master URL must be set in your configuration",
            "spark.master_not_set",
            Category.CONFIG,
        ),
        (
            "java.lang.IllegalArgumentException: Unsupported class file major version 61",
            "jvm.class_version",
            Category.CONFIG,
        ),
        (
            "pyspark.errors.exceptions.captured.AnalysisException: [CANNOT_MODIFY_CONFIG] Cannot modify the "
            'value of the Spark config: "spark.driver.memory".',
            "CANNOT_MODIFY_CONFIG",
            Category.CONFIG,
        ),
    ],
)
def test_knowledge_entries(line: str, code: str, category: Category) -> None:
    """The messages' priors: write conflicts and type conflicts go to the job, kills to the limits."""
    best = classify([line])[0]
    assert (best.prior.code, best.prior.category) == (code, category)


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ("INFO OptimisticTransaction: 3 concurrent readers of table sales", "delta.concurrent_write"),
        ("INFO runner: process finished. Exit status: 137", "yarn.container_sigkill"),  # not YARN's record
        ("Failed to merge decimal precision", "spark.merge_incompatible_types"),
    ],
)
def test_words_of_the_family_elsewhere_are_not_its_code(line: str, code: str) -> None:
    """'concurrent', an exit status or 'Failed to merge' outside the component's own message."""
    assert code not in {m.prior.code for m in classify([line])}


#: SQLSTATE classes left unmapped on purpose (sqlstate.toml says why): 02 "no data" is what Snowflake
#: reports for a missing object, so the class would mislead.
UNMAPPED_CLASSES = frozenset({"02"})


def test_every_spark_condition_has_a_meaning() -> None:
    """Each condition of the installed Spark maps through its SQLSTATE to a category (none dropped)."""
    cat = catalog()
    assert len(cat.spark_conditions) > 100  # read from the installed pyspark's jars (the spark extra)
    unmapped = sorted(
        f"{name} ({state})"
        for name, state in cat.spark_conditions.items()
        if not cat.sqlstate(state) and state[:2] not in UNMAPPED_CLASSES
    )
    assert not unmapped
