"""The regexes the lead's passes added: linear on hostile lines, and the bare ``Exception`` line.

Logs are written by whoever controls the task, so every pattern must scan a 100 KB line of
near-matches in time linear in its length. Measured as a ratio against a tenth of the same line in the
same run (a backtracking pattern grows with the square of the line, near 100; a linear one near 10),
never as a time limit.
"""

from __future__ import annotations

import re

import pytest
from support.regex_cost import growth

from airflow_pipeline_debugger.adapters import generic as G
from airflow_pipeline_debugger.adapters.spark import driverlog
from airflow_pipeline_debugger.adapters.spark import signals as S
from airflow_pipeline_debugger.evidence import redact
from airflow_pipeline_debugger.evidence.logscan import LogScanner
from airflow_pipeline_debugger.heuristics import terminal
from airflow_pipeline_debugger.heuristics.airflow import killed, task_setup
from airflow_pipeline_debugger.heuristics.dbt import (
    connection_error,
    missing_column,
    missing_ref,
    profile_error,
    value_error,
)
from airflow_pipeline_debugger.heuristics.generic import (
    data_check,
    database,
    error_codes,
    files,
    input_read,
    network,
    resources,
    services,
    setting_value,
)
from airflow_pipeline_debugger.heuristics.knowledge import catalog
from airflow_pipeline_debugger.heuristics.spark import _common as spark_common
from airflow_pipeline_debugger.heuristics.spark import (
    executor_loss,
    memory_oom,
    missing_input,
    schema_drift,
    type_mismatch,
)


def _line_pattern(patterns: tuple, code: str, needle: str) -> re.Pattern[str]:
    return next(p.compiled() for p in patterns if p.code == code and needle in p.regex)


#: Each new regex and the openings a hostile line repeats (near-matches that never complete).
REGEXES: dict[str, tuple[re.Pattern[str], tuple[str, ...]]] = {
    # the thirteenth pass's
    "plain_number": (value_error._PLAIN_NUMBER_RE, ("12", "1.", "+1.1")),
    "seed_header": (value_error._SEED_RE, ("Error in seed ", "Error in ")),
    "unmappable": (task_setup._UNMAPPABLE_RE, ("unmappable return type '", "unmappable return value ")),
    "partition_dir": (files._PARTITION_DIR_RE, ("/a=", "/b_c=x", "=/")),
    "out_of_range": (setting_value._OUT_OF_RANGE_RE, ("hour must be ", "day is out of ", "a_")),
    "built_ref": (missing_ref._BUILT_REF_RE, ("ref( 'a' ~ ", "~ var(", "ref(")),
    "recovered": (killed._RECOVERED_RE, ("recovered", "ok after", "reconnected ")),
    "converted_as": (value_error._CONVERTED_AS_RE, ("converted as type DECIMAL(1", "NUMERIC(18,")),
    "comma_decimals": (value_error._COMMA_DECIMALS_RE, ("decimal_separator = ", "decimal_separator")),
    "rename": (missing_column._rename_re("order_id"), ("select o.order_id as ", ", order_id  as")),
    "sql_comment": (missing_column._SQL_COMMENT_RE, ("/* a", "-- b", "/*")),
    **{
        f"secret_key_{i}": (pattern, ("a_", "a-b.", "x_"))
        for i, (pattern, _) in enumerate(redact._LINE_SUBS)
        if "passw" in pattern.pattern
    },
    "percent_secret": (
        next(p for p, _ in redact._LINE_SUBS if "%3D" in p.pattern),
        ("api_key%3D", "%26", "token%3Dx"),
    ),
    "csv_convert": (value_error._BAD_NUMBER_RES[-2], ('Could not convert string "', "\" to '")),
    **{
        f"partition_name_{i}": (
            pattern.compiled(),
            ("Mkdirs failed to create /a=", "/b=x", "File name too long"),
        )
        for i, pattern in enumerate(p for p in G.PATTERNS if p.code == G.PARTITION_NAME_TOO_LONG)
    },
    # the twelfth pass's
    "unresolved_column": (setting_value._UNRESOLVED_COLUMN_RE, ("with name `", "cannot resolve '`")),
    "list_as_one": (setting_value._LIST_AS_ONE_RE, ("a;", "; b", ",,")),
    "sql_raised": (data_check._SQL_RAISED_RE, ("[USER_RAISED_EXCEPTION] ", " SQLSTATE: ")),
    "credentials": (profile_error._CREDENTIALS_RE, ('Credentials in profile "', '", target "', " invalid:")),
    "derived_column": (schema_drift._DERIVED_RE, ("sum(", "a.b(")),
    "plain_port": (network._PLAIN_PORT_RE, ("WRONG_VERSION_", "wrong version ")),
    "bare_exception": (
        _line_pattern(G.PATTERNS, G.PYTHON_EXCEPTION, "Exception)"),
        ("A.", "Exception", "Exception: ", "a_b."),
    ),
    "executor_exit_52": (
        _line_pattern(driverlog.PATTERNS, S.EXECUTOR_OOM, "52"),
        ("Executor exited with code ", "Container exited with a non-zero ", "Executor 1 exited with "),
    ),
    "dag_code": (task_setup._DAG_CODE_RE, ("SyntaxErro", "Task not found in ")),
    "jinja_verdict": (task_setup._JINJA_VERDICT_RE, ("UndefinedErro", "TemplateSyntax")),
    "dbt_set_up_shaped": (
        connection_error._SETUP_SHAPED_RE,
        ("could not translate host ", "Name or service "),
    ),
    "dns_again": (network._DNS_AGAIN_RE, ("Temporary failure in name ", "[Errno -")),
    "local_address": (network._LOCAL_RE, ("127.0.0.", "(::", "localhos")),
    "certificate": (network._CERTIFICATE_RE, ("certificate verify ", "SSLCertVerification")),
    "gateway": (services._GATEWAY_RE, ("Bad Gatewa", "Gateway Time-")),
    "cloud": (services._CLOUD_RE, ("googleapis.co", "amazonaws.", "Azur")),
    "node_gone": (executor_loss._NODE_GONE_RE, ("*lost* nod", "worker los", "preemp")),
    "env_key": (spark_common._ENV_KEY_RE, ("A_", "'A_B", "A_1")),
    "check_type": (data_check._CHECK_TYPE_RE, ("checkpoin", "Validat")),
    "raising_statement": (data_check._RAISING_STATEMENT_RE, ("raise", "asser")),
    "not_data": (data_check._NOT_DATA_RE, ("connec", "dag_ru", "sig")),
    **{
        f"finding_{i}": (pattern, ("expected at least 1", "row count ", "1 != ", "no data ", "null"))
        for i, (_, pattern) in enumerate(data_check._FINDINGS)
    },
    "set_up_name": (files._SETUP_NAME_RE, ("credential", "service-", ".pe")),
    "set_up_dir": (files._SETUP_DIR_RE, ("/.aw", "/secret", "/etc")),
    "empty_input": (
        next(p for p in terminal._EMPTY_RES if "no (?:rows" in p.pattern),
        ("no data ", "no rows "),
    ),
    # the practice pass
    "rows_for_a_date": (
        next(p for p in terminal._EMPTY_RES if "(?:for|on)" in p.pattern),
        ("rows for 2026-", "row_count in x", "count at "),
    ),
    "read_0_data_rows": (terminal._EMPTY_RES[0], ("read 0 ", "fetched 0 data ", "got 0 input ")),
    "nulls": (terminal._NULLS_RE, ("null counts: {'a': 0, ", "null x=", "nulls: 0")),
    "values": (terminal._VALUES_RE, ("distinct x: [", "seen: {'a': ", "new values: ")),
    "trace_continuation": (terminal._TRACE_CONTINUATION_RE, ("at a.b(", "... 1 mor", "Suppressed")),
    "type_before": (error_codes._TYPE_BEFORE_RE, ("of type ", "type(s) for ", "must be ")),
    "address": (network._ADDRESS_RE, ("http://a.", "a.b.c:1", "1.2.3.4:", "jdbc:x://")),
    "source_file": (network._SOURCE_FILE_RE, (".py:1", "a.sql:")),
    "search_path": (database._SEARCH_PATH_RE, ("search_path = '", "search_path TO ")),
    "jvm_spawn": (files._JVM_SPAWN_RE, ('Cannot run program "', "Cannot run ")),
    "service_failed": (spark_common._SERVICE_ERROR_RE, ("HTTPError: HTTP Error ", "[Errno 1", "URLErro")),
    # the source pass
    "named": (error_codes._NAMED_RE, ("'a ", "'a", "' b '", "`x.")),
    "empty_count": (_line_pattern(G.PATTERNS, G.EMPTY_COUNT, "=0"), ("rows=", "row_count =", "records=0.")),
    "submit_refused": (
        _line_pattern(driverlog.PATTERNS, S.SUBMIT_REFUSED, "Error: "),
        ("Error: Must specify", "Error: --a "),
    ),
    "unexpected_type": (
        type_mismatch._UNEXPECTED_TYPE_RE,
        ('Cannot resolve "a', '" due to data type mismatch: The first parameter requires the "'),
    ),
    "relation": (type_mismatch._RELATION_RE, ("Relation [a#1,", "Relation x[", "] jso")),
    "broadcast_oom": (memory_oom._BROADCAST_OOM_RE, ("Not enough memory to build", "broadcast-exchange-")),
    "broadcast_hint": (memory_oom._HINT_RE, ("F.broadcast( a", ".hint( '", "/*+ BROADCAST( ")),
    "own_view": (missing_input._VIEW_RE, (".createOrReplaceTempView( '", ".registerTempTable(")),
    "write_target": (files._WRITE_TARGET_RE, ("copy a to ", "COPY x TO '")),
    "cannot_open": (files._CANNOT_OPEN_RE, ('Cannot open file "', "Cannot open file '")),
    "unrendered": (files._UNRENDERED_RE, ("{{ a", "{% b", "{{")),
    "database_disk": (
        resources._DATABASE_DISK_RE,
        ("could not extend fil", "errors.DiskFul", "SQLSTATE 5310"),
    ),
    "from_source": (value_error._FROM_SOURCE_RE, ("when casting from source column '",)),
    "echoed_line": (value_error._ECHOED_LINE_RE, ("  LINE 1", "LINE :")),
    "dbt_variable": (missing_column._VARIABLE_RE, ("var( '", "env_var(")),
    "write_failed": (setting_value._WRITE_FAILED_RE, ("Mkdirs failed to ", "Permission denie")),
    **{
        f"input_read_{i}": (reading.words, ("string indices must be ", "index ", "'NoneType' object "))
        for i, reading in enumerate(input_read._READINGS)
        if reading.words is not None
    },
    **{
        f"message_{prior.code}": (
            pattern,
            ("invalid literal for int() with base 10: '1.", "Permission Error: "),
        )
        for pattern, prior in catalog().messages
        if prior.code
        in {
            "python.int_of_decimal",
            "python.number_unparsable",
            "duckdb.external_access_disabled",
            "jvm.cannot_run_program",
            "generic.signature_mismatch",
            "python.statistics_too_few_points",
            "timezone.unknown",
            "rlimit.cpu_time",
            "postgres.on_conflict_target",
            "sql.recursive_cte",
            "postgres.role_cannot_login",
            "duckdb.schema_mismatch_in_glob",
            "sql.index_on_view",
            "setting.unknown_parameter",
            "duckdb.type.transaction",
            "libpq.not_postgres_ssl",
            "spark.xmx_in_java_options",
            "spark.task_cpus_above_cores",
            "dbt.zero_threads",
            "storage.success_marker_missing",
            "duckdb.date_unparsable",
            "dbt.materialization_missing",
            "duckdb.csv_field_count",
            "json.unterminated",
            "postgres.enum_value",
        }
    },
}


@pytest.mark.parametrize("flood", ["repeated", "runs"])
@pytest.mark.parametrize("name", list(REGEXES))
def test_each_new_regex_scans_a_100kb_hostile_line_in_linear_time(name: str, flood: str) -> None:
    pattern, openings = REGEXES[name]

    def text(n: int) -> str:
        if flood == "repeated":
            return "".join(openings) * n
        return "".join(opening + opening[-2] * n for opening in openings)

    size = 100_000 // len("".join(openings)) if flood == "repeated" else 100_000 // len(openings)
    big, small = text(size), text(size // 10)
    assert len(big) >= 90_000
    assert growth([pattern], big, small) < 30


SCANNER = LogScanner(G.PATTERNS)


def _exception_types(line: str) -> list[str]:
    return [
        str(hit.attributes.get("exception_type"))
        for hit in SCANNER.scan_text(line + "\n").hits
        if hit.code == G.PYTHON_EXCEPTION
    ]


@pytest.mark.parametrize(
    ("line", "found"),
    [
        ("Exception: partner rejected batch: account 4411 suspended", ["Exception"]),
        # ``raise Exception`` without a message: Python prints the bare type name.
        ("Exception", ["Exception"]),
        # A report's heading above the error (a callback's, an e-mail's): never Python's own line.
        ("Exception:", []),
        ("Exception:   ", []),
        # JVM and prose lines that open with the word.
        ('Exception in thread "main" java.lang.RuntimeException: boom', []),
        ("Exceptions: 0", []),
        ("ExceptionHandler: installed", []),
        ("Exception count: 3", []),
    ],
)
def test_a_bare_exception_line_is_python_s_only(line: str, found: list[str]) -> None:
    assert _exception_types(line) == found
