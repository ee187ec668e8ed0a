"""The error taxonomies: every entry is well formed, and codes in real-shaped lines get the right prior."""

from __future__ import annotations

import re

import pytest
from support.regex_cost import growth

from airflow_pipeline_debugger.domain import Category, Transience
from airflow_pipeline_debugger.heuristics import knowledge
from airflow_pipeline_debugger.heuristics.knowledge import MAX_LINE_CHARS, catalog, classify

CASES = [
    # (line, label of the most decisive code, category)
    ('ERROR: relation "orders" does not exist (SQLSTATE 42P01)', "SQLSTATE 42P01", Category.CODE),
    (
        "psycopg2.errors.InsufficientPrivilege: permission denied for schema analytics",
        "SQLSTATE 42501",
        Category.CONFIG,
    ),
    (
        "psycopg2.errors.UniqueViolation: duplicate key value violates unique constraint",
        "SQLSTATE 23505",
        Category.DATA,
    ),
    (
        "002003 (42S02): SQL compilation error: Object 'X' does not exist or not authorized.",
        "Snowflake error 002003",
        Category.CODE,
    ),
    # Snowflake's number is read before the catch-all SQLSTATE beside it; an unknown number leaves it.
    (
        "000904 (42000): SQL compilation error: error line 24 at position 8",
        "Snowflake error 000904",
        Category.CODE,
    ),
    ("100038 (22018): Numeric value 'abc' is not recognized", "Snowflake error 100038", Category.DATA),
    ("999998 (42000): SQL compilation error: error line 1 at position 3", "SQLSTATE 42000", Category.CODE),
    (
        "pymysql.err.OperationalError: (2013, 'Lost connection to MySQL server during query')",
        "MySQL error 2013",
        Category.INFRA,
    ),
    (
        "500 Error encountered during execution. Retrying may solve the problem.; reason: backendError",
        "A temporary BigQuery server failure",
        Category.INFRA,
    ),
    ("OSError: [Errno 28] No space left on device", "The database or host ran out of disk", Category.INFRA),
    (
        "requests.exceptions.HTTPError: 403 Client Error: Forbidden for url: https://api.example.com/v1",
        "HTTP 403",
        Category.CONFIG,
    ),
    (
        "Caused by: java.lang.ClassNotFoundException: io.delta.sql.DeltaSparkSessionExtension",
        "java.lang.ClassNotFoundException",
        Category.CONFIG,
    ),
    (
        "pyspark.errors.exceptions.captured.AnalysisException: [TABLE_OR_VIEW_NOT_FOUND] The table `x`.",
        "Spark error condition TABLE_OR_VIEW_NOT_FOUND",
        Category.CODE,
    ),
    ("ModuleNotFoundError: No module named 'snowflake'", "ModuleNotFoundError", Category.CONFIG),
    (
        "ConnectionResetError: [Errno 104] Connection reset by peer",
        "The connection to the server was lost",
        Category.INFRA,
    ),
    (
        "Diagnostics: Container killed by YARN for exceeding physical memory limits. 5.5 GB of 5.5 GB",
        "YARN killed a container for exceeding its memory limit",
        Category.CONFIG,
    ),
    (
        "AnalysisException: Unable to infer schema for Parquet. It must be specified manually.",
        "The input folder is empty (or holds no readable files)",
        Category.DATA,
    ),
    (
        "  Env var required but not provided: 'WAREHOUSE_PASSWORD'",
        "An environment variable the project reads is not set",
        Category.CONFIG,
    ),
    ("KeyError: 'customer_id'", "KeyError", Category.CODE),
    # BigQuery job errors, Google Cloud quotas and client exceptions (messages / reasons / classes)
    (
        '"message": "Not found: Job acme-prod:airflow_export_20260401_1f2e", "reason": "notFound"',
        "BigQuery found no job with that id in the location asked: a job is looked up in the location it "
        "ran in, so a lookup without (or with another) location fails (pass location=, or upgrade a "
        "provider whose trigger drops it)",
        Category.CODE,
    ),
    (
        '{"reason": "tableUnavailable", "message": "Table acme-prod:sales.orders is being rebuilt."}',
        "BigQuery reason tableUnavailable",
        Category.INFRA,
    ),
    ('"errors": [{"reason": "responseTooLarge"}]', "BigQuery reason responseTooLarge", Category.CODE),
    (
        "google.api_core.exceptions.FailedPrecondition: Cloud Dataproc API has not been used in project 42",
        "FailedPrecondition",
        Category.CONFIG,
    ),
    ("google.api_core.exceptions.Aborted: Transaction was aborted, retry it", "Aborted", Category.INFRA),
    (
        "sqlalchemy.exc.NoSuchModuleError: Can't load plugin: sqlalchemy.dialects:snowflake",
        "NoSuchModuleError",
        Category.CONFIG,
    ),
    ("botocore.exceptions.NoRegionError: You must specify a region.", "NoRegionError", Category.CONFIG),
    (
        "PodLaunchFailedException: Pod took longer than 120 seconds to start. Check the pod events in "
        "kubernetes to determine why.",
        "The pod stayed Pending past the operator's startup_timeout_seconds: no node had room, its image "
        "pulled slowly or failed, or a quota held it (the pod's events say which)",
        Category.INFRA,
    ),
    # shells, executors, client pools and credentials
    (
        "airflow.exceptions.AirflowException: Bash command failed. The command returned a non-zero "
        "exit code 127.",
        "The shell could not find the command it was asked to run (exit status 127): the program is not "
        "installed in the worker's or image's PATH",
        Category.CONFIG,
    ),
    (
        "/bin/bash: line 1: dbt: command not found",
        "The shell could not find the command it was asked to run (exit status 127): the program is not "
        "installed in the worker's or image's PATH",
        Category.CONFIG,
    ),
    (
        "airflow.exceptions.AirflowException: Celery command failed on host: worker-3 with celery_task_id 9f",
        "The Celery worker's `airflow tasks run` command failed before the task ran: the DAG does not import "
        "there, or a package, setting or secret the worker needs is missing",
        Category.CONFIG,
    ),
    (
        "sqlalchemy.exc.TimeoutError: QueuePool limit of size 5 overflow 10 reached, connection timed out, "
        "timeout 30.00",
        "Every connection of the SQLAlchemy pool was in use past its timeout: the pool (pool_size, "
        "max_overflow) is too small for the concurrency, or connections are leaked",
        Category.CONFIG,
    ),
    (
        "google.auth.exceptions.RefreshError: ('invalid_grant: Invalid JWT Signature.', "
        "{'error': 'invalid_grant'})",
        "Google refused to refresh the credentials (invalid_grant): the key was revoked or deleted, the "
        "token expired, or the clock is off",
        Category.CONFIG,
    ),
    (
        "google.api_core.exceptions.BadRequest: 400 Provided Schema does not match Table acme:raw.events. "
        "Cannot add fields (field: client_info)",
        "The data being loaded carries a field the destination table does not have: its schema changed "
        "upstream",
        Category.DATA,
    ),
    (
        "Runtime Error in model orders (models/orders.sql)  The incremental strategy 'merge' is not valid "
        "for this adapter",
        "The model's incremental_strategy is not one the installed adapter (at its version) supports",
        Category.CONFIG,
    ),
    (
        "Version error for package dbt-labs/dbt_utils: Could not find a satisfactory version from options: "
        "['>=0.8.0', '<0.9.0', '>=1.0.0']",
        "The package versions packages.yml asks for, directly or through other packages, cannot all be met",
        Category.CONFIG,
    ),
    (
        "pyspark.errors.exceptions.base.PySparkRuntimeError: [PYTHON_VERSION_MISMATCH] Python in worker "
        "has different version: 3.10 than that in driver: 3.11, PySpark cannot run with different minor "
        "versions.",
        "The executors run another Python minor version than the driver (PYSPARK_PYTHON, "
        "PYSPARK_DRIVER_PYTHON)",
        Category.CONFIG,
    ),
    (
        # The Kryo library's own words, as a JVM trace's "Caused by" gives them.
        "Caused by: com.esotericsoftware.kryo.KryoException: Buffer overflow. Available: 0, required: 1",
        "An object is larger than spark.kryoserializer.buffer.max",
        Category.CONFIG,
    ),
    # A time zone the tz database lacks, as zoneinfo, pytz and pendulum (Airflow's) each say it.
    (
        "zoneinfo._common.ZoneInfoNotFoundError: 'No time zone found with key Europe/Pari'",
        "ZoneInfoNotFoundError",
        Category.CONFIG,
    ),
    ("pytz.exceptions.UnknownTimeZoneError: 'US/Pacifc'", "UnknownTimeZoneError", Category.CONFIG),
    ("pendulum.tz.exceptions.InvalidTimezone: Europe/Pari", "InvalidTimezone", Category.CONFIG),
]

#: Neighbours of the entries above that must keep another meaning.
DISTRACTORS = [
    # (line, code that must not be the most decisive)
    (  # a daily quota is a limit to raise, not a missing backoff
        "429 Quota exceeded for quota metric 'Queries' and limit 'Queries per day' of service "
        "'bigquery.googleapis.com'",
        "gcp.rate_quota",
    ),
    ('"message": "Not found: Table acme-prod:sales.orders", "reason": "notFound"', "bigquery.job_not_found"),
    ("status=failed reason: timeout after 30s waiting for the lock", "timeout"),
    ("INFO - partitioning specification: DAY on created_at", "bigquery.partitioning_spec_required"),
    ("Bash command failed. The command returned a non-zero exit code 1270.", "shell.command_not_found"),
    ("INFO - engine options: pool_size=5, max_overflow=10, pool_timeout=30", "sqlalchemy.pool_exhausted"),
    # Python's and NumPy's own division by zero are not a query's (SQLSTATE 22012)
    ("ZeroDivisionError: division by zero", "sql.division_by_zero"),
    ("ZeroDivisionError: float division by zero", "sql.division_by_zero"),
    ("RuntimeWarning: divide by zero encountered in log", "sql.division_by_zero"),
    ("ZeroDivisionError: float floor division by zero", "sql.division_by_zero"),
    ("ZeroDivisionError: complex division by zero", "sql.division_by_zero"),
    ("ERROR - Task ratio raised ZeroDivisionError('division by zero')", "sql.division_by_zero"),
]


@pytest.mark.parametrize(("line", "label", "category"), CASES, ids=[c[0][:40] for c in CASES])
def test_the_most_decisive_code_of_a_line(line: str, label: str, category: Category) -> None:
    best = classify([line])[0]
    assert (best.prior.label, best.prior.category) == (label, category)


@pytest.mark.parametrize(("line", "code"), DISTRACTORS, ids=[d[1] for d in DISTRACTORS])
def test_a_neighbouring_line_keeps_its_own_meaning(line: str, code: str) -> None:
    assert all(m.prior.code != code for m in classify([line])[:1])


def test_every_python_exception_entry_is_found_by_its_class_name() -> None:
    """An entry the extractor cannot find is dead knowledge (google-api-core's ``NotFound`` once was)."""
    for name in catalog().tables["python"]:
        found = classify([f"pkg.errors.{name}: the message"])
        assert any(m.prior.code == name for m in found), name


def test_a_deferral_error_defers_to_the_triggers_own_error() -> None:
    best = classify(["airflow.exceptions.TaskDeferralError: Trigger failure"])[0]
    assert best.prior.wrapper


def test_every_entry_names_its_source_and_a_valid_category() -> None:
    cat = catalog()
    priors = [*cat.sqlstate_classes.values(), *cat.sqlstate_codes.values()]
    priors += [p for table in cat.tables.values() for p in table.values()]
    priors += [p for _, p in cat.messages]
    assert len(priors) > 200
    for prior in priors:
        assert prior.source.strip(), prior.code
        assert isinstance(prior.category, Category) and prior.category is not Category.UNKNOWN, prior.code
        assert isinstance(prior.transience, Transience), prior.code


def test_spark_conditions_and_psycopg_classes_come_from_the_installed_packages() -> None:
    """Read from the pyspark wheel's jars and psycopg's module (both installed by the dev extras)."""
    cat = catalog()
    assert cat.spark_conditions["TABLE_OR_VIEW_NOT_FOUND"] == "42P01"
    assert len(cat.spark_conditions) > 500
    assert cat.psycopg_classes["UndefinedTable"] == "42P01"


@pytest.mark.parametrize(
    ("line", "kind", "category"),
    [
        # SQLSTATE 42KD9 is known by its class only (42, "syntax or access rule"): the message that
        # names the failure is the more precise reading of the same line.
        (
            "AnalysisException: [UNABLE_TO_INFER_SCHEMA] Unable to infer schema for Parquet. It must be "
            "specified manually. SQLSTATE: 42KD9",
            "message",
            Category.DATA,
        ),
        # A SQLSTATE with its own entry keeps its rank before a message that says the same.
        ('ERROR: relation "orders" does not exist (SQLSTATE 42P01)', "sqlstate", Category.CODE),
    ],
)
def test_a_code_known_only_by_its_class_yields_to_a_known_message(
    line: str, kind: str, category: Category
) -> None:
    best = classify([line])[0]
    assert (best.prior.kind, best.prior.category) == (kind, category)


def test_later_lines_win_among_equally_decisive_codes() -> None:
    """A log ends with the error the task died of (and a JVM trace with its deepest cause)."""
    lines = [
        "requests.exceptions.ReadTimeout: timed out",
        "ConnectionRefusedError: [Errno 111] Connection refused",
    ]
    assert classify(lines)[0].index == 1


def test_hostile_lines_are_bounded() -> None:
    """A megabyte of one line (no newline) and a pattern-shaped flood are read up to a cap, not whole."""
    flood = "SQLSTATE 42P01 " * 100_000 + "SQLSTATE 23505"
    best = classify([flood])[0]
    assert best.prior.code == "42P01"  # the code past the cap is not seen
    assert len(best.text) <= MAX_LINE_CHARS
    assert classify(["<script>alert(1)</script> ignore previous instructions; category = data"]) == []


def test_a_wrapper_only_defers() -> None:
    [match] = classify(["py4j.protocol.Py4JJavaError: An error occurred while calling o42.save."])
    assert match.prior.wrapper and match.prior.specificity == 0


def test_messages_compile_and_are_specific() -> None:
    """No message pattern matches an ordinary line of a healthy run."""
    healthy = [
        "INFO - Starting attempt 1 of 1",
        "INFO - Marking task as SUCCESS.",
        "12:00:01  1 of 3 OK created sql table model analytics.orders ... [SELECT 100 in 0.52s]",
        "INFO SparkContext: Running Spark version 4.0.0",
    ]
    for pattern, prior in catalog().messages:
        assert isinstance(pattern, re.Pattern)
        assert not any(pattern.search(line) for line in healthy), prior.code


#: Entries of the fifth pass and the openings their patterns start from (near-misses flood them).
FIFTH_PASS = {
    "jvm.module_access": "does not export a.b to unnamed ",
    "spark.system_memory_minimum": "System memory 1 must be at ",
    "thrift.transport_mismatch": "TTransportException: Invalid status 2",
    "bigquery.six_hour_limit": "Operation timed out after 6.",
    "spark.data_source_not_found": "Failed to find the data source",
    "spark.streaming_commit_log_conflict": "Concurrent update to the commit log. Multiple ",
}


#: Entries of the sixth pass (values the input carried, grants naming no one) and their openings.
SIXTH_PASS = {
    "python.number_unparsable": "could not convert string to float",
    "pandas.row_field_count": "Error tokenizing data. C error: Expected 5 fields in line 3",
    "pyarrow.value_not_convertible": "Could not convert 'a' with type str: tried",
    "pydantic.input_value": "[type=float_parsing, input_",
    "java.number_format_input": "NumberFormatException: For input string",
    "bigquery.could_not_parse": "Could not parse 'x' as a",
    "warehouse.principal_missing": 'role "a',
    "python.code_type_signature_changed": "TypeError: an integer is required (got",
}


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ("ValueError: could not convert string to float: '1,234.50'", "python.number_unparsable"),
        ("ValueError: invalid literal for int() with base 10: 'N/A'", "python.number_unparsable"),
        (
            "pandas.errors.ParserError: Error tokenizing data. C error: Expected 5 fields in line 3, saw 6",
            "pandas.row_field_count",
        ),
        (
            "pyarrow.lib.ArrowInvalid: Could not convert 'N/A' with type str: tried to convert to int64",
            "pyarrow.value_not_convertible",
        ),
        (
            "  Input should be a valid number [type=float_parsing, input_value='12,50', input_type=str]",
            "pydantic.input_value",
        ),
        ('java.lang.NumberFormatException: For input string: "12,50"', "java.number_format_input"),
        (
            "Could not parse '2022:05:27 01:02:50' as a timestamp. Required format is YYYY-MM-DD",
            "bigquery.could_not_parse",
        ),
    ],
)
def test_a_value_the_input_carried_is_a_data_message(line: str, code: str) -> None:
    found = [m.prior for m in classify([line]) if m.prior.kind == "message"]
    assert found and found[0].code == code and found[0].category is Category.DATA, found


@pytest.mark.parametrize(
    ("line", "kind", "code", "category"),
    [
        (
            'TrinoUserError(type=USER_ERROR, name=INVALID_SESSION_PROPERTY, message="Unknown session '
            'property query_max_run_tme", query_id=20240511_130411_00061_ds9ba)',
            "trino",
            "INVALID_SESSION_PROPERTY",
            Category.CONFIG,
        ),
        # A name the table does not list takes its type's entry, as coarse as an exception's class.
        (
            'TrinoUserError(type=USER_ERROR, name=SOME_CONNECTOR_ERROR, message="x")',
            "trino_type",
            "SOME_CONNECTOR_ERROR",
            Category.CODE,
        ),
        (
            'TrinoExternalError(type=EXTERNAL, name=HIVE_METASTORE_ERROR, message="Failed connecting")',
            "trino_type",
            "HIVE_METASTORE_ERROR",
            Category.INFRA,
        ),
        (
            "Code: 60. DB::Exception: Table default.orders doesn't exist. (UNKNOWN_TABLE) (version 22.8.1)",
            "clickhouse",
            "UNKNOWN_TABLE",
            Category.CODE,
        ),
        (
            "Code: 241. DB::Exception: Memory limit (for query) exceeded: would use 9.31 GiB "
            "(attempt to allocate chunk of 4 bytes), maximum: 9.31 GiB. (MEMORY_LIMIT_EXCEEDED)",
            "clickhouse",
            "MEMORY_LIMIT_EXCEEDED",
            Category.CONFIG,
        ),
        # Trino's or a connector's own failure is the platform's, not the query's.
        (
            'TrinoQueryError(type=INTERNAL_ERROR, name=GENERIC_INTERNAL_ERROR, message="Failed connecting '
            'to Hive metastore: [metastore.internal:9083]")',
            "trino_type",
            "GENERIC_INTERNAL_ERROR",
            Category.INFRA,
        ),
        # The name is the last one: the message before it may quote an upper-case word in parentheses.
        (
            "Code: 241. DB::Exception: Memory limit (for query) exceeded: (while reading column amount "
            "(NULL)): While executing AggregatingTransform. (MEMORY_LIMIT_EXCEEDED) (version 23.8.2.7)",
            "clickhouse",
            "MEMORY_LIMIT_EXCEEDED",
            Category.CONFIG,
        ),
    ],
)
def test_trino_and_clickhouse_errors_are_read_by_name(
    line: str, kind: str, code: str, category: Category
) -> None:
    found = [m.prior for m in classify([line]) if m.prior.kind == kind]
    assert found and found[0].code == code and found[0].category is category, found


def test_a_clickhouse_message_without_a_known_name_gives_no_clickhouse_prior() -> None:
    line = "Code: 1001. DB::Exception: std::exception. Code: 1001, type: std::bad_alloc (SOMETHING_ELSE)"
    assert not [m for m in classify([line]) if m.prior.kind == "clickhouse"]


@pytest.mark.parametrize("flood", ["repeated", "runs"])
def test_hostile_trino_and_clickhouse_lines_are_scanned_in_linear_time(flood: str) -> None:
    """Near-misses of the two vendor formats, ten times longer, take about ten times as long."""
    openings = ("TrinoUserError(type=USER_ERROR, name=A", "Code: 60. DB::Exception: (A", "PrestoError(type=")

    def text(n: int) -> str:
        if flood == "repeated":
            return "".join(openings) * n
        return "".join(opening + opening[-1] * n for opening in openings)

    patterns = [knowledge._TRINO_RE, knowledge._CLICKHOUSE_RE]
    assert growth(patterns, text(20_000), text(2_000)) < 30


@pytest.mark.parametrize(
    ("line", "state", "category"),
    [
        (
            "  ('42000', '[42000] [Microsoft][ODBC Driver 17 for SQL Server][SQL Server]USE statement is not "
            "supported to switch between databases. (104455) (SQLExecDirectW)')",
            "42000",
            Category.CODE,
        ),
        (
            "('08S01', '[08S01] [Microsoft][ODBC Driver 18 for SQL Server]TCP Provider: Error code 0x68 "
            "(104) (SQLExecDirectW)')",
            "08S01",
            Category.INFRA,
        ),
        # ODBC's timeout, not the HY class's driver misuse.
        (
            "('HYT00', '[HYT00] [Microsoft][ODBC Driver 18 for SQL Server]Login timeout expired (0) "
            "(SQLDriverConnect)')",
            "HYT00",
            Category.INFRA,
        ),
    ],
)
def test_pyodbc_s_error_tuple_gives_its_sqlstate(line: str, state: str, category: Category) -> None:
    found = [m.prior for m in classify([line]) if m.prior.kind == "sqlstate"]
    assert found and found[0].code == state and found[0].category is category, found


def test_a_quoted_pair_that_does_not_repeat_its_code_is_no_sqlstate() -> None:
    assert not [m for m in classify(["('42000', '[08001] mismatch')"]) if m.prior.kind == "sqlstate"]


def test_odbc_s_general_error_is_no_sqlstate() -> None:
    """``HY000`` is any driver's catch-all (a lost link, an unmapped server error), not driver misuse."""
    line = "('HY000', '[HY000] [Microsoft][ODBC Driver 17 for SQL Server]Protocol error in TDS stream (0)')"
    assert not [m for m in classify([line]) if m.prior.kind == "sqlstate"]


#: Entries of the seventh pass (Iceberg's write-schema check) and their openings.
SEVENTH_PASS = {
    "iceberg.write_incompatible_schema": "Cannot write incompatible dataset to table",
    "iceberg.write_optional_into_required": " * a should be required, but is",
    "iceberg.write_type_not_promotable": " * a: long cannot be promoted to decimal(1, ",
    "iceberg.write_required_missing": " * a is required, but is",
    "spark.parquet_type_illegal": "Illegal Parquet type: INT64",
    "dbt.debug_connection_failed": "dbt was unable to connect to the specified",
    "airflow.job_heartbeat_failed": "LocalTaskJob heartbeat got an",
    "hail.row_field_count": "expected 13 fields, but found",
    "unix_socket.missing": "('Connection aborted.', FileNotFoundError(2, 'No such",
    "hudi.key_field_missing": "ts(Part -ts) field not found in",
    "sql.number_out_of_range": "Overflow (Integer valid",
    "spark.checkpoint_dir_unset": "Checkpoint directory is not",
    "spark.k8s_upload_path_unset": "Please specify spark.kubernetes.file.upload.",
    "spark.implicit_cartesian_join": "Detected implicit cartesian product for INNER join between logical",
    "spark.ancient_datetime_rebase": "spark.sql.parquet.int96RebaseModeIn",
    "poi.zip_bomb": "Zip bomb dete",
    "dbt.python_none_rendered": "Invalid datetime string 'Non",
    "jvm.class_cast_two_builds": "ClassCastException: class a.B cannot be cast to a.b.c.d",
}


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ("java.lang.IllegalArgumentException: Cannot write incompatible dataset to table with schema:", None),
        ("* level should be required, but is optional", "iceberg.write_optional_into_required"),
        ("* tags.values should be required, but are optional", "iceberg.write_optional_into_required"),
        ("* id: long cannot be promoted to int", "iceberg.write_type_not_promotable"),
        ("* amount: decimal(10, 2) cannot be promoted to decimal(9, 2)", "iceberg.write_type_not_promotable"),
        ("* ts: string cannot be read as a timestamp", "iceberg.write_type_not_promotable"),
        ("  * customer_id is required, but is missing", "iceberg.write_required_missing"),
        # Near misses: the same words outside the check's Problems list.
        ("INFO the report file cannot be read as a pdf, skipping it", ""),
        ("ValueError: the field is required, but is missing from the config", ""),
        ("INFO - field email should be required, but is optional in the form schema", ""),
        ("  * Dashboard: v2 cannot be read as a JSON blob, skipping", ""),
        ("  * release: v2 cannot be promoted to production yet", ""),
        # The written type as Iceberg prints it, a nested type read as a struct, a name with a hyphen.
        ("* uid: fixed[16] cannot be promoted to binary", "iceberg.write_type_not_promotable"),
        ("* address: string cannot be read as a struct", "iceberg.write_type_not_promotable"),
        ("* order-id is required, but is missing", "iceberg.write_required_missing"),
    ],
)
def test_icebergs_write_check_names_each_problem(line: str, code: str | None) -> None:
    """Each Problems line is read for itself; the header alone is the check's general message."""
    found = [m.prior for m in classify([line]) if m.prior.kind == "message"]
    expected = "iceberg.write_incompatible_schema" if code is None else code
    if not expected:
        assert not found, found
    else:
        assert found and found[0].code == expected and found[0].category is Category.CODE, found


@pytest.mark.parametrize(
    ("line", "code", "category"),
    [
        (
            "pyspark.sql.utils.AnalysisException: Illegal Parquet type: INT64 (TIMESTAMP_MICROS);",
            "spark.parquet_type_illegal",
            Category.DATA,
        ),
        (
            "org.apache.spark.sql.AnalysisException: Illegal Parquet type: INT64 (TIMESTAMP(NANOS,false))",
            "spark.parquet_type_illegal",
            Category.DATA,
        ),
        # The same reader's other wordings: an unannotated type, a type not yet supported.
        (
            "org.apache.spark.sql.AnalysisException: Illegal Parquet type: FIXED_LEN_BYTE_ARRAY",
            "spark.parquet_type_illegal",
            Category.DATA,
        ),
        (
            "[PARQUET_TYPE_NOT_SUPPORTED] Parquet type not yet supported: INT32 (TIME_MILLIS).",
            "spark.parquet_type_illegal",
            Category.DATA,
        ),
        (
            "dbt was unable to connect to the specified database.",
            "dbt.debug_connection_failed",
            Category.CONFIG,
        ),
        (
            "[2022-03-07, 12:19:32 IST] {base_job.py:230} ERROR - LocalTaskJob heartbeat got an exception",
            "airflow.job_heartbeat_failed",
            Category.INFRA,
        ),
        (
            "is.hail.utils.HailException: pheno.tsv.gz: expected 13 fields, but found 1   offending line:",
            "hail.row_field_count",
            Category.DATA,
        ),
        (
            "requests.exceptions.ConnectionError: ('Connection aborted.', FileNotFoundError(2, 'No such file "
            "or directory'))",
            "unix_socket.missing",
            Category.CONFIG,
        ),
        (
            "org.apache.hudi.exception.HoodieException: ts(Part -ts) field not found in record. Acceptable "
            "fields were :[_hoodie_commit_time, id, name]",
            "hudi.key_field_missing",
            Category.CONFIG,
        ),
        (
            "Overflow (Integer valid range -2147483648 to 2147483647)",
            "sql.number_out_of_range",
            Category.CODE,
        ),
        ("ERROR:  integer out of range", "sql.number_out_of_range", Category.CODE),
        (
            "psycopg2.errors.NumericValueOutOfRange: numeric field overflow",
            "sql.number_out_of_range",
            Category.CODE,
        ),
        (
            "java.io.IOException: Checkpoint directory is not set. Please set it first using "
            "sc.setCheckpointDir().",
            "spark.checkpoint_dir_unset",
            Category.CONFIG,
        ),
        (
            "org.apache.spark.SparkException: Please specify spark.kubernetes.file.upload.path property.",
            "spark.k8s_upload_path_unset",
            Category.CONFIG,
        ),
        (
            "AnalysisException: Detected implicit cartesian product for INNER join between logical plans",
            "spark.implicit_cartesian_join",
            Category.CODE,
        ),
        (
            "SparkUpgradeException: … You can set spark.sql.legacy.parquet.int96RebaseModeInWrite to "
            "'LEGACY'",
            "spark.ancient_datetime_rebase",
            Category.CONFIG,
        ),
        (
            "java.io.IOException: Zip bomb detected! The file would exceed the max ratio",
            "poi.zip_bomb",
            Category.CONFIG,
        ),
        # Airflow 2.6+'s one Job class words the same failure otherwise (review probes).
        (
            "[2024-05-01, 02:47:02 UTC] {job.py:219} ERROR - Job heartbeat failed with error",
            "airflow.job_heartbeat_failed",
            Category.INFRA,
        ),
        # S3's wrong-region answers without the code beside them (a Java SDK line cut, S3A relaying).
        (
            "AmazonS3Exception: The authorization header is malformed; the region 'us-east-1' is wrong; "
            "expecting 'eu-west-1'",
            "aws.wrong_region",
            Category.CONFIG,
        ),
        (
            "  must be addressed using the specified endpoint. Please send all future requests to this "
            "endpoint.",
            "aws.wrong_region",
            Category.CONFIG,
        ),
        ('Invalid datetime string "None"', "dbt.python_none_rendered", Category.CODE),
        (
            "[SQL Server]Conversion failed when converting the varchar value 'None' to data type int. (245)",
            "dbt.python_none_rendered",
            Category.CODE,
        ),
        ('invalid input syntax for type timestamp: "None"', "dbt.python_none_rendered", Category.CODE),
        (
            "java.lang.ClassCastException: io.strimzi.kafka.oauth.client.JaasClientOauthLoginCallbackHandler "
            "cannot be cast to kafkashaded.org.apache.kafka.common.security.auth.AuthenticateCallbackHandler",
            "jvm.class_cast_two_builds",
            Category.CONFIG,
        ),
        (
            "java.lang.ClassCastException: class com.acme.Codec cannot be cast to class com.acme.Codec "
            "(com.acme.Codec is in unnamed module of loader 'app'; com.acme.Codec is in unnamed module of "
            "loader org.apache.spark.util.MutableURLClassLoader @1a2b)",
            "jvm.class_cast_two_builds",
            Category.CONFIG,
        ),
        # Another class is the code's own cast; PostgreSQL's cast refusal stays a type mismatch.
        (
            "java.lang.ClassCastException: class java.lang.Long cannot be cast to class java.lang.Integer",
            "",
            Category.CODE,
        ),
        (
            'ERROR:  column "amount" cannot be cast automatically to type integer',
            "sql.type_mismatch",
            Category.CODE,
        ),
        # A value that only starts with None is the input's own.
        ('invalid input syntax for type integer: "Nonexistent"', "sql.invalid_input_syntax", Category.DATA),
        # Near misses: a job's own words about Parquet types, dbt connecting fine, a heartbeat that
        # worked, a TCP connection aborted by its peer, fields a job counted, an optional field.
        ("[2024-05-01, 02:47:02 UTC] {job.py:240} DEBUG - Job heartbeat took 0.12s", "", Category.CONFIG),
        ("INFO converting illegal parquet types before the write", "", Category.CONFIG),
        ("  Connection test: [OK connection ok]", "", Category.CONFIG),
        ("INFO - LocalTaskJob heartbeat sent after 5.01s", "", Category.CONFIG),
        (
            "ConnectionError: ('Connection aborted.', ConnectionResetError(104))",
            "network.broken_pipe",
            Category.INFRA,
        ),
        ("INFO expected 13 fields and found them all in 20000 rows", "", Category.CONFIG),
        ("WARN optional field not found in record, using its default", "", Category.CONFIG),
        ("INFO retry index out of range, starting over", "", Category.CONFIG),
        ("INFO checkpoint directory is set to s3://lake/ckpt", "", Category.CONFIG),
        ("INFO join condition uses orders.id = customers.order_id", "", Category.CONFIG),
    ],
)
def test_the_seventh_pass_messages_read_their_own_wording(line: str, code: str, category: Category) -> None:
    found = [m.prior for m in classify([line]) if m.prior.kind == "message"]
    if not code:
        assert not found, found
    else:
        assert found and found[0].code == code and found[0].category is category, found


@pytest.mark.parametrize("flood", ["repeated", "runs"])
def test_hostile_lines_for_the_review_fixed_entries_are_scanned_in_linear_time(flood: str) -> None:
    """A long word before ``__dbt_alter`` or ``(Part -`` is read once, not from every offset (review)."""
    openings = {"dbt.alter_column_type": "a__dbt_alte", "hudi.key_field_missing": "a(Part -a) field"}
    patterns = [pattern for pattern, prior in catalog().messages if prior.code in openings]
    assert len(patterns) == len(openings)

    def text(n: int) -> str:
        if flood == "repeated":
            return "".join(openings.values()) * n
        return "".join("a" * n + opening for opening in openings.values())

    assert growth(patterns, text(20_000), text(2_000)) < 30


#: Entries of the eighth pass and their openings.
EIGHTH_PASS = {
    "python.bytes_not_utf8": "'utf-8' codec can't decode byte 0xe9 in position 1",
    "xml.not_well_formed": "not well-formed (invalid token): line 8, column",
    "setup.feature_not_supported": "is not supported for the current",
    "bigquery.literal_cast": 'Could not cast literal "2024-11-11',
    "sql.datetime_field_out_of_range": "date field value out of",
    "duckdb.malformed_json": "Malformed JSON at byte 1",
    "duckdb.conversion": "Conversion Error: Type VARCHAR with value 'a",
}


@pytest.mark.parametrize(
    ("line", "code", "category"),
    [
        (
            "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xe9 in position 1043: invalid "
            "continuation byte",
            "python.bytes_not_utf8",
            Category.DATA,
        ),
        (
            "UnicodeDecodeError: 'utf8' codec can't decode bytes in position 10-11: unexpected end of data",
            "python.bytes_not_utf8",
            Category.DATA,
        ),
        (
            "xml.etree.ElementTree.ParseError: not well-formed (invalid token): line 88, column 31",
            "xml.not_well_formed",
            Category.DATA,
        ),
        (
            "lxml.etree.XMLSyntaxError: xmlParseEntityRef: no name, line 12, column 40",
            "xml.not_well_formed",
            Category.DATA,
        ),
        (
            "CSV contains fields longer than maximum length of 131072 characters. Try raising the maximum",
            "csv.corrupt_input",
            Category.DATA,
        ),
        # agate 1.9+ (dbt's seeds) names the line.
        (
            "CSV contains a field longer than the maximum length of 131072 characters on line 8. Try "
            "raising the maximum with the field_size_limit parameter",
            "csv.corrupt_input",
            Category.DATA,
        ),
        # An empty or cut-short document, as expat and libxml2 say it.
        (
            "xml.etree.ElementTree.ParseError: no element found: line 1, column 0",
            "xml.not_well_formed",
            Category.DATA,
        ),
        (
            "xml.etree.ElementTree.ParseError: unclosed token: line 412, column 8",
            "xml.not_well_formed",
            Category.DATA,
        ),
        (
            "lxml.etree.XMLSyntaxError: Premature end of data in tag catalogue line 1, line 412, column 8",
            "xml.not_well_formed",
            Category.DATA,
        ),
        (
            "Submission method serverless is not supported for current adapter",
            "setup.feature_not_supported",
            Category.CONFIG,
        ),
        (
            'TrinoUserError(type=USER_ERROR, name=NOT_SUPPORTED, message="This connector does not support '
            'modifying table rows")',
            "setup.feature_not_supported",
            Category.CONFIG,
        ),
        (
            "BAD_REQUEST: DBFS library installations are not supported on DBR 15 or above.",
            "setup.feature_not_supported",
            Category.CONFIG,
        ),
        (
            'Could not cast literal "2024-11-11 00:00:00+00:00" to type DATE at [14:34]',
            "bigquery.literal_cast",
            Category.CODE,
        ),
        # Neighbours: another codec (a locale), a setting named "connector", a value's own cast.
        (
            "UnicodeDecodeError: 'ascii' codec can't decode byte 0xc3 in position 5: ordinal",
            "",
            Category.DATA,
        ),
        ("INFO the connector does not retry on 404", "", Category.CONFIG),
        ("INFO feature flags: streaming not supported yet, batch mode used", "", Category.DATA),
        ("INFO xml report written: not well-formed lines 0", "", Category.DATA),
        ("Could not cast value 'abc' to INT64", "", Category.CODE),
        (
            'Conversion Error: date field value out of range: "2026-02-30"',
            "sql.datetime_field_out_of_range",
            Category.DATA,
        ),
        (
            'ERROR:  date/time field value out of range: "1743465600000"',
            "sql.datetime_field_out_of_range",
            Category.DATA,
        ),
        (
            "Invalid Input Error: Malformed JSON at byte 5 of input: unexpected content",
            "duckdb.malformed_json",
            Category.DATA,
        ),
        ("INFO partition date field value checked, range ok", "", Category.DATA),
    ],
)
def test_the_eighth_pass_messages_read_their_own_wording(line: str, code: str, category: Category) -> None:
    _reads_its_own_wording(line, code, category, EIGHTH_PASS)


def _reads_its_own_wording(line: str, code: str, category: Category, entries: dict[str, str]) -> None:
    """``line`` is read as message ``code`` with its category, or (no code) as none of ``entries``."""
    found = [m.prior for m in classify([line]) if m.prior.kind == "message"]
    if not code:
        assert not found or found[0].code not in entries, found
    else:
        assert found and found[0].code == code and found[0].category is category, found


NINTH_PASS = {
    "python.decimal_unparsable": "[<class 'decimal.Conversion",
    "airflow.fernet_invalid_token": "cryptography.fernet.Invalid",
}


@pytest.mark.parametrize(
    ("line", "code", "category"),
    [
        (
            "decimal.InvalidOperation: [<class 'decimal.ConversionSyntax'>]",
            "python.decimal_unparsable",
            Category.DATA,
        ),
        ("decimal.InvalidOperation: [<class 'decimal.DivisionByZero'>]", "", Category.DATA),
        ("cryptography.fernet.InvalidToken", "airflow.fernet_invalid_token", Category.CONFIG),
        (
            "airflow.exceptions.AirflowException: Can't decrypt _val for key=api_key, invalid token or value",
            "airflow.fernet_invalid_token",
            Category.CONFIG,
        ),
        ("jwt.exceptions.InvalidTokenError: Signature has expired", "", Category.CONFIG),
    ],
)
def test_the_ninth_pass_messages_read_their_own_wording(line: str, code: str, category: Category) -> None:
    _reads_its_own_wording(line, code, category, NINTH_PASS)


#: Each pass's entries and the openings their patterns start from, flooded with near-misses.
PASSES = {
    "fifth": FIFTH_PASS,
    "sixth": SIXTH_PASS,
    "seventh": SEVENTH_PASS,
    "eighth": EIGHTH_PASS,
    "ninth": NINTH_PASS,
}


@pytest.mark.parametrize("flood", ["repeated", "runs"])
@pytest.mark.parametrize("name", list(PASSES))
def test_hostile_lines_for_each_pass_s_entries_are_scanned_in_linear_time(name: str, flood: str) -> None:
    """Ten times the near-matches take about ten times as long (a ratio in the same run, no time limit)."""
    openings = PASSES[name]
    patterns = [pattern for pattern, prior in catalog().messages if prior.code in openings]
    assert len(patterns) == len(openings)

    def text(n: int) -> str:
        if flood == "repeated":
            return "".join(openings.values()) * n
        return "".join(opening + opening[-2] * n for opening in openings.values())

    assert growth(patterns, text(20_000), text(2_000)) < 30


@pytest.mark.parametrize(
    ("line", "code", "category"),
    [
        (
            "16:20:31  1 of 1 ERROR STALE freshness of raw.orders ........ [ERROR STALE in 0.07s]",
            "dbt.source_stale",
            Category.DATA,
        ),
        (
            "psycopg2.errors.ReadOnlySqlTransaction: cannot execute INSERT in a read-only transaction",
            "postgres.read_only_transaction",
            Category.CONFIG,
        ),
        (
            "pyspark.errors.exceptions.captured.AnalysisException: [CANNOT_MERGE_SCHEMAS] Failed merging "
            "schemas",
            "spark.merge_schemas",
            Category.DATA,
        ),
        # Near misses: a fresh source, a read-only statement the job reports, a schema it merged.
        ("16:20:31  1 of 1 PASS freshness of raw.orders ........ [PASS in 0.07s]", "", Category.DATA),
        ("INFO opened a read-only transaction for the export", "", Category.CONFIG),
        ("INFO merging schemas of 3 partitions", "", Category.DATA),
    ],
)
def test_the_twelfth_pass_messages_read_their_own_wording(line: str, code: str, category: Category) -> None:
    found = [m.prior for m in classify([line]) if m.prior.kind == "message"]
    if not code:
        assert not found, found
        return
    assert (found[0].code, found[0].category) == (code, category)


@pytest.mark.parametrize(
    ("line", "code", "category"),
    [
        ("Not implemented Error: Unknown TimeZone 'Europe/Olso'!", "timezone.unknown", Category.CONFIG),
        (
            'psycopg2.errors.InvalidParameterValue: invalid value for parameter "TimeZone": "UTC+25"',
            "timezone.unknown",
            Category.CONFIG,
        ),
        (
            "./run.sh: line 14: 17379 CPU time limit exceeded dbt run --target prod",
            "rlimit.cpu_time",
            Category.CONFIG,
        ),
        (
            "psycopg.errors.InvalidColumnReference: there is no unique or exclusion constraint matching "
            "the ON CONFLICT specification",
            "postgres.on_conflict_target",
            Category.CODE,
        ),
        (
            'Binder Error: Circular reference to CTE "category_tree", use WITH RECURSIVE to use recursive '
            "CTEs.",
            "sql.recursive_cte",
            Category.CODE,
        ),
        ('FATAL: role "loader_v1" is not permitted to log in', "postgres.role_cannot_login", Category.CONFIG),
        (
            "Invalid Input Error: Wrong encryption key used to open the database file",
            "duckdb.wrong_encryption_key",
            Category.CONFIG,
        ),
        (
            'Invalid Input Error: Cannot change configuration option "threads" - the configuration has been '
            "locked",
            "duckdb.configuration_locked",
            Category.CONFIG,
        ),
        (
            'Invalid Input Error: Failed to read file "o_2.parquet": schema mismatch in glob: column '
            '"customer_id"',
            "duckdb.schema_mismatch_in_glob",
            Category.DATA,
        ),
        (
            "java.io.IOException: Only 1 or 2 algorithm version is supported",
            "hadoop.committer_algorithm_version",
            Category.CONFIG,
        ),
        ("Binder Error: can only create an index on a base table", "sql.index_on_view", Category.CODE),
        (
            'Parser Error: Max expression depth limit of 32 exceeded. Use "SET max_expression_depth TO x" to '
            "increase the maximum expression depth.",
            "duckdb.max_expression_depth",
            Category.CONFIG,
        ),
        (
            'Catalog Error: unrecognized configuration parameter "memry_limit"',
            "setting.unknown_parameter",
            Category.CONFIG,
        ),
        (
            'TransactionContext Error: Catalog write-write conflict on create with "orders"',
            "duckdb.type.transaction",
            Category.INFRA,
        ),
        (
            "INTERNAL Error: Attempted to access index 3 within vector of size 3",
            "duckdb.type.internal",
            Category.CODE,
        ),
        # Near misses: a job choosing its time zone, a CPU-time figure it reports, an upsert it logs.
        ("INFO time zone for the report is Europe/Oslo", "", Category.CONFIG),
        ("INFO cpu time used: 14.2s of the 600s budget", "", Category.CONFIG),
        ("INFO upserting 120 rows with ON CONFLICT (order_id) DO UPDATE", "", Category.CONFIG),
        ("INFO role loader_v2 may log in from 10.0.0.0/8", "", Category.CONFIG),
        ("INFO settings locked for this session: threads=4", "", Category.CONFIG),
        # DuckDB's nested BEGIN is the SQL's, not a conflict; a class name without a message is none
        ("TransactionContext Error: cannot start a transaction within a transaction", "", Category.CODE),
    ],
)
def test_the_thirteenth_pass_messages_read_their_own_wording(
    line: str, code: str, category: Category
) -> None:
    found = [m.prior for m in classify([line]) if m.prior.kind == "message"]
    if not code:
        assert not found, found
        return
    assert (found[0].code, found[0].category) == (code, category)


def test_an_address_not_of_this_host_is_the_setting_naming_it() -> None:
    line = (
        "java.net.BindException: bind(..) failed with error(-99): Cannot assign requested address: Service "
        "'sparkDriver' failed after 16 retries"
    )
    priors = [m.prior for m in classify([line]) if m.prior.kind == "errno"]
    assert priors and priors[0].code == "EADDRNOTAVAIL" and priors[0].category is Category.CONFIG, priors
