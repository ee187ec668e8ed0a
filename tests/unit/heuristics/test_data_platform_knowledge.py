"""Data-platform failure families inside dbt and Spark jobs (issue 19): each entry is found.

Every row is a line written for this test in the shape the component prints it (Delta Lake, Iceberg,
Hudi, Spark's file readers and launcher, the Hadoop S3A connector, PySpark's Python workers, DuckDB
through dbt-duckdb), with the entry that must decide it and where the fix goes. The distractors put
the same words where they must not decide: an INFO line, an identifier, a recovered condition.
"""

from __future__ import annotations

import pytest
from support.regex_cost import growth

from airflow_pipeline_debugger.domain import Category
from airflow_pipeline_debugger.heuristics.knowledge import catalog, classify

CASES = [
    # (line, code of the most decisive entry, category)
    (
        "io.delta.exceptions.InvalidProtocolVersionException: [DELTA_INVALID_PROTOCOL_VERSION] Unsupported "
        "Delta protocol version: table requires reader version 3 and writer version 7",
        "delta.protocol_unsupported",
        Category.CONFIG,
    ),
    (
        "pyspark.errors.exceptions.captured.AnalysisException: [DELTA_MISSING_DELTA_TABLE] "
        "`s3://lake/silver/events` is not a Delta table.",
        "delta.not_a_delta_table",
        Category.DATA,
    ),
    (
        "org.apache.spark.SparkException: [DELTA_FILE_NOT_FOUND_DETAILED] A file referenced in the "
        "transaction log cannot be found: s3://lake/t/part-0007.parquet",
        "delta.file_missing",
        Category.DATA,
    ),
    (
        "java.lang.IllegalStateException: [DELTA_LOG_FILE_NOT_FOUND_FOR_STREAMING_SOURCE] The transaction "
        "log has been truncated due to manual deletion or the log retention policy",
        "delta.log_truncated",
        Category.CONFIG,
    ),
    (
        "java.lang.IllegalArgumentException: requirement failed: Are you sure you would like to vacuum files "
        "with such a low retention period?",
        "delta.vacuum_retention",
        Category.CONFIG,
    ),
    (
        "AnalysisException: [DELTA_INVALID_CHARACTERS_IN_COLUMN_NAMES] Found invalid character(s) among "
        "' ,;{}()\\n\\t=' in the column names of your schema.",
        "delta.column_names",
        Category.CODE,
    ),
    (
        "DeltaAnalysisException: [DELTA_UNSUPPORTED_COLUMN_MAPPING_SCHEMA_CHANGE] Schema change is detected",
        "delta.column_mapping",
        Category.CONFIG,
    ),
    (
        "DeltaIllegalStateException: [DELTA_SCHEMA_CHANGED_WITH_STARTING_OPTIONS] Detected schema change in "
        "version 41",
        "delta.streaming_schema_changed",
        Category.DATA,
    ),
    (
        "org.apache.iceberg.exceptions.NotFoundException: Failed to open input stream for file: "
        "s3://lake/db/t/data/00001.parquet",
        "iceberg.file_missing",
        Category.DATA,
    ),
    (
        "org.apache.iceberg.exceptions.CommitFailedException: Cannot commit glue.db.orders because base "
        "metadata location changed",
        "iceberg.commit_conflict",
        Category.CODE,
    ),
    (
        "org.apache.hudi.exception.HoodieWriteConflictException: java.util.ConcurrentModificationException: "
        "Cannot resolve conflicts for overlapping writes",
        "hudi.write_conflict",
        Category.CODE,
    ),
    (
        "org.apache.spark.SparkException: Malformed records are detected in record parsing. Parse Mode: "
        "FAILFAST. To process malformed records as null result, try setting the option 'mode' as "
        "'PERMISSIVE'.",
        "spark.malformed_records",
        Category.DATA,
    ),
    (
        "AnalysisException: Since Spark 2.3, the queries from raw JSON/CSV files are disallowed when the "
        "referenced columns only include the internal corrupt record column",
        "spark.corrupt_record_only",
        Category.CODE,
    ),
    (
        "java.io.IOException: Could not read footer for file: FileStatus{path=s3a://raw/x/part-1.parquet}",
        "file.footer_unreadable",
        Category.DATA,
    ),
    (
        "org.apache.orc.FileFormatException: Malformed ORC file s3a://raw/y.orc",
        "file.footer_unreadable",
        Category.DATA,
    ),
    (
        "com.fasterxml.jackson.core.io.JsonEOFException: Unexpected end-of-input: expected close marker for "
        "Object (start marker at [Source: (String); line: 1, column: 1])",
        "json.unexpected_end",
        Category.DATA,
    ),
    (
        "org.apache.spark.SparkRuntimeException: [NULL_MAP_KEY] Cannot use null as map key. SQLSTATE: 2200E",
        "NULL_MAP_KEY",
        Category.DATA,
    ),
    (
        "org.apache.spark.SparkRuntimeException: The key array and value array of MapData must have the same "
        "length.",
        "spark.map_arrays_length",
        Category.DATA,
    ),
    (
        "pyspark.errors.exceptions.base.PySparkValueError: [FIELD_NOT_NULLABLE_WITH_NAME] field region: This "
        "field is not nullable, but got None.",
        "pyspark.field_not_nullable",
        Category.DATA,
    ),
    (
        '  could not create unique index "store_close_pk"',
        "postgres.unique_violation",
        Category.DATA,
    ),
    (
        '  invalid byte sequence for encoding "UTF8": 0xe9 0x76 0x75',
        "postgres.invalid_byte_sequence",
        Category.DATA,
    ),
    (
        "psycopg.errors.DataException: range lower bound must be less than or equal to range upper bound",
        "postgres.range_bounds",
        Category.DATA,
    ),
    (
        'psycopg.OperationalError: connection failed: connection to server at "127.0.0.1", port 5432 failed: '
        "server is not in hot standby mode",
        "libpq.target_session_attrs",
        Category.CONFIG,
    ),
    ("  cannot extract elements from a scalar", "postgres.json_shape", Category.DATA),
    ("  canceling statement due to user request", "postgres.cancel_request", Category.INFRA),
    (
        '  invalid value for parameter "default_tablespace": "fast_ssd"',
        "postgres.invalid_parameter",
        Category.CONFIG,
    ),
    ('  permission denied to set role "transformer"', "postgres.set_role_denied", Category.CONFIG),
    (
        "2026-12-08T00:47:03Z ERROR Task failed with exception [task] | UniqueViolation: could not create "
        'unique index "pk" at psycopg/cursor.py:117 in execute',
        "23505",
        Category.DATA,
    ),
    (
        "org.apache.spark.SparkIllegalArgumentException: [INVALID_URL] The url is invalid: "
        "https://shop.example/{{referrer}}. SQLSTATE: 22P02",
        "INVALID_URL",
        Category.DATA,
    ),
    (
        "Caused by: org.apache.spark.SparkUpgradeException: [INCONSISTENT_BEHAVIOR_CROSS_VERSION."
        "WRITE_ANCIENT_DATETIME] You may get a different result due to the upgrading to Spark >= 3.0:",
        "spark.ancient_datetime_rebase",
        Category.CONFIG,
    ),
    (
        "org.apache.spark.SparkDateTimeException: [DATETIME_FIELD_OUT_OF_BOUNDS] Invalid value for "
        "DayOfMonth (valid values 1 - 28/31): 0. SQLSTATE: 22023",
        "DATETIME_FIELD_OUT_OF_BOUNDS",
        Category.DATA,
    ),
    (
        "org.apache.spark.SparkIllegalArgumentException: [NEGATIVE_VALUES_IN_FREQUENCY_EXPRESSION] Found the "
        "negative value in `quantity`: -2, but expected a positive integral value. SQLSTATE: 22003",
        "NEGATIVE_VALUES_IN_FREQUENCY_EXPRESSION",
        Category.DATA,
    ),
    (
        "org.apache.spark.sql.AnalysisException: Found duplicate column(s) in the data schema: `id`",
        "spark.duplicate_columns",
        Category.DATA,
    ),
    (
        "org.apache.hadoop.fs.s3a.auth.NoAuthWithAWSException: No AWS Credentials provided by "
        "TemporaryAWSCredentialsProvider SimpleAWSCredentialsProvider",
        "s3a.no_credentials",
        Category.CONFIG,
    ),
    (
        "java.lang.RuntimeException: java.lang.ClassNotFoundException: Class "
        "org.apache.hadoop.fs.s3a.S3AFileSystem not found",
        "hadoop.filesystem_class_missing",
        Category.CONFIG,
    ),
    (
        "com.amazonaws.SdkClientException: Unable to execute HTTP request: Timeout waiting for connection "
        "from pool",
        "s3a.connection_pool",
        Category.CONFIG,
    ),
    (
        "org.apache.hadoop.fs.s3a.AWSClientIOException: getFileStatus on s3a://raw/x: "
        "com.amazonaws.SdkClientException: Unable to execute HTTP request: Connection reset",
        "s3a.http_request_failed",
        Category.INFRA,
    ),
    (
        "WARN TaskSchedulerImpl: Initial job has not accepted any resources; check your cluster UI to ensure "
        "that workers are registered and have sufficient resources",
        "spark.no_resources_accepted",
        Category.CONFIG,
    ),
    (
        "org.apache.spark.SparkException: Yarn application has already ended! It might have been killed or "
        "unable to launch application master.",
        "spark.yarn_app_ended",
        Category.CONFIG,
    ),
    ("Error: Failed to load class com.acme.etl.Main.", "spark.submit_main_class", Category.CONFIG),
    (
        "java.util.concurrent.TimeoutException: Could not execute broadcast in 300 secs. You can increase "
        "the timeout for broadcasts via spark.sql.broadcastTimeout",
        "spark.broadcast_timeout",
        Category.CONFIG,
    ),
    (
        "org.apache.spark.SparkException: Cannot broadcast the table that is larger than 8GB: 9 GB",
        "spark.broadcast_too_large",
        Category.CODE,
    ),
    (
        "org.apache.spark.SparkException: Kryo serialization failed: Buffer overflow. Available: 0, "
        "required: 1048576",
        "spark.kryo_buffer",
        Category.CONFIG,
    ),
    (
        "java.lang.IllegalArgumentException: Size exceeds Integer.MAX_VALUE",
        "spark.block_too_large",
        Category.CONFIG,
    ),
    (
        "org.apache.spark.shuffle.MetadataFetchFailedException: Missing an output location for shuffle 3 "
        "partition 17",
        "spark.shuffle_output_missing",
        Category.INFRA,
    ),
    (
        "WARN YarnAllocator: Reason: Container from a bad node: container_e01_1700000000000_0001_01_000005 "
        "on host: ip-10-0-0-9. Exit status: 143.",
        "spark.bad_node",
        Category.INFRA,
    ),
    (
        "org.apache.spark.SparkException: Python worker exited unexpectedly (crashed)",
        "pyspark.worker_crashed",
        Category.CONFIG,
    ),
    (
        "RuntimeError: Result vector from pandas_udf was not the required length: expected 100, got 99",
        "pyspark.udf_result_shape",
        Category.CODE,
    ),
    (
        "ImportError: PyArrow >= 4.0.0 must be installed; however, it was not found.",
        "pyspark.arrow_missing",
        Category.CONFIG,
    ),
    (
        "  Catalog Error: Table with name stg_orders does not exist!",
        "duckdb.catalog_missing",
        Category.CODE,
    ),
    (
        '  Binder Error: Referenced column "order_total" not found in FROM clause!',
        "duckdb.binder_column",
        Category.CODE,
    ),
    ('  Parser Error: syntax error at or near "selec"', "duckdb.parser", Category.CODE),
    (
        '  Constraint Error: PRIMARY KEY or UNIQUE constraint violation: duplicate key "42"',
        "duckdb.constraint",
        Category.DATA,
    ),
    (
        '  IO Error: No files found that match the pattern "/data/landing/2026-12-06/*.csv"',
        "duckdb.no_files",
        Category.DATA,
    ),
    (
        "trino.exceptions.TrinoUserError: TrinoUserError(type=USER_ERROR, name=INVALID_CAST_ARGUMENT, "
        "message=\"Cannot cast 'n/a' to INT\", query_id=20261206_0001)",
        "trino_code.bad_value",
        Category.DATA,
    ),
    (
        "TrinoQueryError(type=INSUFFICIENT_RESOURCES, name=EXCEEDED_GLOBAL_MEMORY_LIMIT, "
        'message="Query exceeded distributed user memory limit of 20GB")',
        "trino_code.resource_limit",
        Category.CONFIG,
    ),
    (
        'TrinoExternalError(type=INTERNAL_ERROR, name=REMOTE_TASK_ERROR, message="Expected response code")',
        "trino_code.cluster_unavailable",
        Category.INFRA,
    ),
]

#: Exception classes: found by their qualified (JVM) or class name (Python).
EXCEPTIONS = [
    (
        "org.apache.hadoop.fs.s3a.AWSBadRequestException: getFileStatus on s3a://raw/x",
        "org.apache.hadoop.fs.s3a.AWSBadRequestException",
        Category.CONFIG,
    ),
    (
        "org.apache.hadoop.fs.s3a.UnknownStoreException: s3a://missing-bucket/",
        "org.apache.hadoop.fs.s3a.UnknownStoreException",
        Category.CONFIG,
    ),
    (
        "org.apache.hadoop.fs.s3a.AWSServiceThrottledException: getFileStatus on s3a://raw/x",
        "org.apache.hadoop.fs.s3a.AWSServiceThrottledException",
        Category.INFRA,
    ),
    (
        "org.apache.hadoop.fs.s3a.AWSStatus500Exception: listObjects on s3a://raw/",
        "org.apache.hadoop.fs.s3a.AWSStatus500Exception",
        Category.INFRA,
    ),
    (
        "org.apache.hadoop.fs.s3a.AWSNoResponseException: open s3a://raw/x",
        "org.apache.hadoop.fs.s3a.AWSNoResponseException",
        Category.INFRA,
    ),
    (
        "org.apache.hadoop.fs.s3a.RemoteFileChangedException: open s3a://raw/x: change reported by S3",
        "org.apache.hadoop.fs.s3a.RemoteFileChangedException",
        Category.DATA,
    ),
    (
        "org.apache.hadoop.fs.UnsupportedFileSystemException: fs.abfss.impl not set",
        "org.apache.hadoop.fs.UnsupportedFileSystemException",
        Category.CONFIG,
    ),
    (
        "org.apache.iceberg.exceptions.CommitStateUnknownException: Glue did not answer",
        "org.apache.iceberg.exceptions.CommitStateUnknownException",
        Category.INFRA,
    ),
    (
        "org.apache.iceberg.exceptions.NoSuchTableException: Table does not exist: db.t",
        "org.apache.iceberg.exceptions.NoSuchTableException",
        Category.CODE,
    ),
    ("duckdb.duckdb.CatalogException: see the message", "CatalogException", Category.CODE),
    ("duckdb.duckdb.ConstraintException: see the message", "ConstraintException", Category.DATA),
    ("duckdb.duckdb.OutOfMemoryException: see the message", "OutOfMemoryException", Category.CONFIG),
    ("duckdb.duckdb.ParserException: see the message", "ParserException", Category.CODE),
    ("trino.exceptions.TrinoUserError: see the error name", "TrinoUserError", Category.CODE),
    ("trino.exceptions.TrinoExternalError: see the error name", "TrinoExternalError", Category.INFRA),
    (
        "trino.exceptions.TrinoConnectionError: coordinator unreachable",
        "TrinoConnectionError",
        Category.INFRA,
    ),
]

#: Entries that only carry their cause: they never decide.
WRAPPERS = [
    ("pyspark.errors.exceptions.captured.PythonException:", "PythonException"),
    ("trino.exceptions.TrinoQueryError: see the error name", "TrinoQueryError"),
    ("org.apache.spark.api.python.PythonException: Traceback", "org.apache.spark.api.python.PythonException"),
    (
        "org.apache.hudi.exception.HoodieUpsertException: Failed to upsert",
        "org.apache.hudi.exception.HoodieUpsertException",
    ),
    (
        "Exception in thread main org.apache.spark.SparkException: Application "
        "application_1700000000000_0042 finished with failed status",
        "spark.application_failed",
    ),
]

#: The words of an entry where they must not decide.
DISTRACTORS = [
    # A DAG's own exception sharing a name with psycopg's class (review): no psycopg frame, no SQLSTATE.
    (
        "2026-12-08T02:47:03Z ERROR Task failed with exception [task] | DataCorrupted: the export for "
        "2026-12-07 has not landed at dags/orders_export.py:41 in export",
        "XX001",
    ),
    ("INFO - delta protocol check passed: reader version 3 supported", "delta.protocol_unsupported"),
    (
        "INFO - checkpoint written; log retention 30 days; VACUUM retention 168 hours",
        "delta.vacuum_retention",
    ),
    (
        "INFO - reading with mode=FAILFAST, columnNameOfCorruptRecord=_corrupt_record",
        "spark.malformed_records",
    ),
    ("INFO - validated footers of 40 parquet files", "file.footer_unreadable"),
    ("INFO - s3a credentials provided by IAMInstanceCredentialsProvider", "s3a.no_credentials"),
    ("INFO - fs.s3a.impl=org.apache.hadoop.fs.s3a.S3AFileSystem loaded", "hadoop.filesystem_class_missing"),
    ("INFO - spark.sql.broadcastTimeout=600 autoBroadcastJoinThreshold=10MB", "spark.broadcast_timeout"),
    (
        "INFO - Registered executor with 4 cores; initial job accepted resources",
        "spark.no_resources_accepted",
    ),
    ("INFO - python_worker_exited_unexpectedly_count=0", "pyspark.worker_crashed"),
    ("INFO - PyArrow >= 4.0.0 found: 15.0.2", "pyspark.arrow_missing"),
    ("INFO - catalog_error_table_with_name_rows=0", "duckdb.catalog_missing"),
    ("INFO - alert rule TRINO_EXCEEDED_GLOBAL_MEMORY_LIMIT_ALERT armed", "trino_code.resource_limit"),
    ("INFO - metric remote_task_error=0 page_transport_timeout=0", "trino_code.cluster_unavailable"),
    ("INFO - TRY_CAST guards INVALID_CAST_ARGUMENT_COUNT=0 in the report query", "trino_code.bad_value"),
    (
        "WARN - Unable to execute HTTP request: Timeout waiting for connection from pool; retrying",
        "s3a.http_request_failed",
    ),
    (
        "INFO - iceberg commit succeeded after 1 retry (CommitFailedException_count=1)",
        "iceberg.commit_conflict",
    ),
]


@pytest.mark.parametrize(("line", "code", "category"), CASES, ids=[c[1] for c in CASES])
def test_a_data_platform_family_is_named_by_its_entry(line: str, code: str, category: Category) -> None:
    best = classify([line])[0]
    assert (best.prior.code, best.prior.category) == (code, category)


@pytest.mark.parametrize(("line", "code", "category"), EXCEPTIONS, ids=[e[1] for e in EXCEPTIONS])
def test_each_data_platform_exception_is_found(line: str, code: str, category: Category) -> None:
    found = {m.prior.code: m.prior for m in classify([line])}
    assert found[code].category is category


@pytest.mark.parametrize(("line", "code"), WRAPPERS, ids=[w[1] for w in WRAPPERS])
def test_a_data_platform_wrapper_defers_to_its_cause(line: str, code: str) -> None:
    found = {m.prior.code: m.prior for m in classify([line])}
    assert found[code].wrapper and found[code].specificity == 0


@pytest.mark.parametrize(("line", "code"), DISTRACTORS, ids=[d[1] for d in DISTRACTORS])
def test_the_data_platform_words_elsewhere_do_not_decide(line: str, code: str) -> None:
    assert all(m.prior.code != code for m in classify([line]))


def test_the_python_error_inside_a_pyspark_wrapper_decides() -> None:
    """A UDF's own error, later in the traceback, outranks the PythonException that carries it."""
    lines = [
        "pyspark.errors.exceptions.captured.PythonException:",
        "  An exception was thrown from the Python worker. Please see the stack trace below.",
        "ZeroDivisionError: division by zero",
    ]
    assert classify(lines)[0].prior.code != "PythonException"


def test_a_memory_kill_on_a_bad_node_keeps_the_memory_prior() -> None:
    """Exit 137 on the same line names the memory limit; the bad-node wording alone does not outrank it."""
    line = (
        "Reason: Container from a bad node: container_e01_17_0001_01_000005 on host: ip-10-0-0-9. "
        "Exit status: 137. Diagnostics: Container killed on request. Exit code is 137"
    )
    assert classify([line])[0].prior.code == "yarn.container_sigkill"


#: Where each pattern could backtrack: an opening it matches, then what its bounded part reads.
_OPENINGS = (
    "No AWS Credentials provided by ",
    "Class ",
    "Failed to load class ",
    "Base metadata location '",
    'Binder Error: Column "',
    "Catalog Error: Table with name ",
    "PyArrow >= ",
    "DELTA_UNSUPPORTED_COLUMN_MAPPING_",
    "Cannot broadcast the table that is larger than ",
)


def _floods(n: int) -> tuple[str, str]:
    """Near-misses of the patterns: ``n`` repeats of every opening, and a run of ``n`` after each."""
    repeated = "".join(_OPENINGS) * n
    runs = "".join(opening + opening[-2] * n for opening in _OPENINGS)
    return repeated, runs


def test_hostile_lines_for_the_data_platform_patterns_are_scanned_in_linear_time() -> None:
    """Ten times the near-matches take about ten times as long: no pattern of this family backtracks.

    A ratio against the same scan of a tenth, measured in the same run, not a time limit: a pattern
    that backtracks grows with the square of the line (a ratio near 100), a linear one stays near 10.
    """
    ids = {code for _, code, _ in CASES} | {code for _, code in WRAPPERS} | {code for _, code in DISTRACTORS}
    patterns = [pattern for pattern, prior in catalog().messages if prior.code in ids]
    assert len(patterns) >= 30
    for big, small in zip(_floods(20_000), _floods(2_000), strict=True):
        assert len(big) > 150_000
        assert growth(patterns, big, small) < 30
