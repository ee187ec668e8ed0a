"""Answers that name what failed in the words the log already has.

A traceback prints the failing line under each frame, and dbt prints why it could not load a profile;
an answer that leaves those out sends the reader back to the log. Each row runs a log in the shape the
tool prints through ``analyze --no-llm`` (no job source given, so the line must come from the log).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support.offline_rule import assert_answer, offline_answer

from airflow_pipeline_debugger.domain import Category, LogLine
from airflow_pipeline_debugger.heuristics.terminal import printed_statements

WORKER = "/opt/spark/python/lib/pyspark.zip/pyspark"


def _worker_traceback(frames: list[tuple[str, int, str, str]], error: str) -> list[str]:
    """A PySpark executor's ``PythonException`` with the worker's traceback, as the driver log prints it."""
    lines = [
        "26/12/06 02:00:00 ERROR Executor: Exception in task 0.0 in stage 3.0 (TID 4)",
        "org.apache.spark.api.python.PythonException: [PYTHON_EXCEPTION] An exception was thrown from the "
        "Python worker: Traceback (most recent call last):",
        f'  File "{WORKER}/worker.py", line 4327, in invoke_udf',
        "    run_process()",
    ]
    for file, line, func, code in frames:
        lines.append(f'  File "{file}", line {line}, in {func}')
        if code:
            lines.append(f"    {code}")
    lines += [
        error,
        " SQLSTATE: 38000",
        "\tat org.apache.spark.api.python.BasePythonRunner.read(PythonRunner.scala:1097)",
    ]
    return lines


def _driver_log(*worker: str) -> str:
    return "\n".join(
        [
            "26/12/06 02:00:00 INFO SparkContext: Running Spark version 4.0.1",
            *worker,
            "26/12/06 02:00:01 ERROR TaskSetManager: Task 0 in stage 3.0 failed 1 times; aborting job",
            "Traceback (most recent call last):",
            '  File "/jobs/sessions.py", line 40, in <module>',
            "    counts.collect()",
            "pyspark.errors.exceptions.captured.PythonException: ",
            "  An exception was thrown from the Python worker. Please see the stack trace below.",
            "",
        ]
    )


UDF_CASES = [
    # (id, frames under the worker, the error, words the answer must name)
    (
        "an_index_in_an_rdd_function",
        [
            (f"{WORKER}/util.py", 158, "wrapper", "return f(*args, **kwargs)"),
            ("/jobs/sessions.py", 26, "parse", "return (parts[1], parts[5])  # session_id, page_type"),
        ],
        "IndexError: list index out of range",
        ("IndexError", "sessions.py:26 in parse", "`return (parts[1], parts[5])`"),
    ),
    (
        "a_key_in_a_udf",
        [("/jobs/regions.py", 18, "region_of", "return REGION_BY_COUNTRY[code.strip().lower()]")],
        "KeyError: 'de'",
        ("KeyError", "regions.py:18 in region_of", "REGION_BY_COUNTRY[code.strip().lower()]"),
    ),
]


@pytest.mark.parametrize(
    ("frames", "error", "words"), [c[1:] for c in UDF_CASES], ids=[c[0] for c in UDF_CASES]
)
def test_a_udf_answer_quotes_the_line_the_worker_printed(
    tmp_path: Path, frames: list[tuple[str, int, str, str]], error: str, words: tuple[str, ...]
) -> None:
    lines = _worker_traceback(frames, error)
    lines.insert(lines.index(error), "                      ~~~~~^^^")  # Python 3.11's position markers
    result, said = offline_answer(tmp_path, _driver_log(*lines))
    assert_answer(result, said, Category.CODE, "spark.udf_error", words)
    assert "# session_id" not in said  # a trailing comment is not the statement


def test_a_udf_raised_inside_a_library_quotes_no_library_line(tmp_path: Path) -> None:
    """The innermost frame of the job's code is quoted, never the library's line under it."""
    lines = _worker_traceback(
        [
            ("/jobs/dates.py", 12, "to_day", "return datetime.strptime(value, '%Y-%m-%d')"),
            (
                "/usr/lib/python3.11/_strptime.py",
                568,
                "_strptime_datetime",
                "tt, fraction = _strptime(data_string)",
            ),
        ],
        "TypeError: strptime() argument 1 must be str, not None",
    )
    _, said = offline_answer(tmp_path, _driver_log(*lines))
    assert "datetime.strptime(value" in said, said
    assert "_strptime(data_string)" not in said, said


PROFILE_CASES = [
    # (id, dbt's lines after "Encountered an error:", words the answer must name, confident)
    (
        "a_profile_the_project_names_is_missing",
        ["Runtime Error", "  Could not find profile named 'dbt_sql'"],
        ("'dbt_sql'", "profiles.yml", "dbt_project.yml"),
        True,
    ),
    (
        "the_adapter_rejects_the_target_s_fields",
        [
            "Runtime Error",
            '  Credentials in profile "storeops", target "prod" invalid: Runtime Error',
            "    Inconsistency detected between 'path' and 'database' fields in profile; the 'database' "
            "property must be set to 'storeops_prod' to match the 'path'",
        ],
        ("'prod'", "'storeops'", "the 'database' property must be set to 'storeops_prod'"),
        True,
    ),
    (
        "the_adapter_plugin_is_not_installed",
        ["Runtime Error", "  Could not find adapter type redshift!"],
        ("'redshift'", "not installed"),
        True,
    ),
    (
        "profiles_yml_named_without_a_reason_is_not_confident",
        ["Runtime Error", "  Could not read profiles.yml at /home/dbt/.dbt"],
        ("could not load the profile",),
        False,
    ),
]


@pytest.mark.parametrize(
    ("said_by_dbt", "words", "confident"), [c[1:] for c in PROFILE_CASES], ids=[c[0] for c in PROFILE_CASES]
)
def test_a_profile_answer_names_what_dbt_said(
    tmp_path: Path, said_by_dbt: list[str], words: tuple[str, ...], confident: bool
) -> None:
    log = "\n".join(
        ["12:40:23  Running with dbt=1.11.2", "12:40:23  Encountered an error:", *said_by_dbt, ""]
    )
    result, said = offline_answer(tmp_path, log)
    assert_answer(result, said, Category.CONFIG, "dbt.profile_error", words)
    assert (result.root_cause.confidence >= 70) is confident, result.root_cause.confidence


def _numbered(lines: list[str]) -> list[LogLine]:
    return [LogLine("E1", n, text) for n, text in enumerate(lines, start=1)]


def test_printed_statements_read_innermost_first_and_stop_at_the_header() -> None:
    lines = _numbered(
        [
            '  File "/jobs/old.py", line 1, in other',
            "    another_traceback()",
            "Traceback (most recent call last):",
            '  File "/jobs/etl.py", line 12, in main',
            "    run()",
            '  File "/jobs/etl.py", line 40, in bounds',
            "    return total / count",
            "           ~~~~~~^~~~~~",
            '  File "/jobs/etl.py", line 44, in <lambda>',
            "ZeroDivisionError: division by zero",
        ]
    )
    found = printed_statements(lines, len(lines) - 1)
    assert found == [
        (("/jobs/etl.py", "44", "<lambda>"), ""),
        (("/jobs/etl.py", "40", "bounds"), "return total / count"),
        (("/jobs/etl.py", "12", "main"), "run()"),
    ]


def _airflow(*lines: str) -> str:
    head = "[2026-12-06T02:00:00.000+0000] {logging_mixin.py:190} INFO - "
    return "".join(f"{head}{line}\n" for line in lines[:-1]) + (
        "[2026-12-06T02:00:01.000+0000] {taskinstance.py:3311} ERROR - Task failed with exception\n"
        "Traceback (most recent call last):\n"
        '  File "/opt/airflow/dags/stock.py", line 31, in pull\n'
        "    resp = session.get(url, timeout=30)\n"
        f"{lines[-1]}\n"
    )


TLS_CASES = [
    # (id, the error, category, words, not said)
    (
        "tls_to_a_plain_http_port_names_the_port_and_the_scheme",
        "requests.exceptions.SSLError: HTTPSConnectionPool(host='stock.internal', port=8080): Max retries "
        "exceeded with url: /v1/levels (Caused by SSLError(SSLError(1, '[SSL: WRONG_VERSION_NUMBER] wrong "
        "version number (_ssl.c:1006)')))",
        ("stock.internal:8080", "plain text", "https"),
        (),
    ),
    (
        "a_refused_certificate_is_not_read_as_a_plain_port",
        "requests.exceptions.SSLError: HTTPSConnectionPool(host='stock.internal', port=443): Max retries "
        "exceeded with url: /v1/levels (Caused by SSLError(SSLCertVerificationError(1, '[SSL: "
        "CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate "
        "(_ssl.c:1006)')))",
        ("certificate", "stock.internal:443"),
        ("plain text",),
    ),
]


@pytest.mark.parametrize(
    ("error", "words", "unsaid"), [c[1:] for c in TLS_CASES], ids=[c[0] for c in TLS_CASES]
)
def test_a_tls_answer_says_which_failure_and_names_the_peer(
    tmp_path: Path, error: str, words: tuple[str, ...], unsaid: tuple[str, ...]
) -> None:
    result, said = offline_answer(tmp_path, _airflow("fetching stock levels", error))
    assert_answer(result, said, Category.CONFIG, "generic.tls_error", words)
    for word in unsaid:
        assert word not in said, said


def _analysis(column: str, suggestions: str) -> str:
    return "\n".join(
        [
            "26/12/06 02:00:00 INFO SparkContext: Running Spark version 4.0.1",
            "Traceback (most recent call last):",
            '  File "/jobs/daily_totals.py", line 21, in <module>',
            "    totals.orderBy(F.desc('sum_amount')).show()",
            "pyspark.errors.exceptions.captured.AnalysisException: [UNRESOLVED_COLUMN.WITH_SUGGESTION] A "
            f"column, variable, or function parameter with name `{column}` cannot be resolved. Did you mean "
            f"one of the following? [{suggestions}]. SQLSTATE: 42703;",
            "",
        ]
    )


@pytest.mark.parametrize(
    ("column", "suggestions", "category", "words"),
    [
        ("sum_amount", "`sum(amount)`, `store_id`", Category.CODE, ("`sum(amount)`", "alias")),
        # Stored columns only: the input may have renamed it (no change record says otherwise).
        ("amount", "`amount_eur`, `store_id`", Category.DATA, ("`amount_eur`",)),
    ],
    ids=["an_aggregate_named_by_its_expression_is_the_jobs_own", "stored_columns_are_the_inputs"],
)
def test_a_missing_column_among_the_jobs_own_aggregates_is_an_alias_it_never_set(
    tmp_path: Path, column: str, suggestions: str, category: Category, words: tuple[str, ...]
) -> None:
    result, said = offline_answer(tmp_path, _analysis(column, suggestions))
    assert_answer(result, said, category, "spark.schema_drift", words)


def _urllib_failure(error: str) -> str:
    """A job that logs the URL it calls, then dies in urllib's traceback (~30 lines below the URL)."""
    frame = '  File "/usr/lib/python3.11/urllib/request.py", line {}, in open\n    response = meth(req)\n'
    frames = "".join(frame.format(500 + i) for i in range(12))
    return (
        "2026-12-06 02:00:00,000 INFO acme.publish: fetching schema from "
        "http://127.0.0.1:18553/subjects/sales/versions/latest (attempt 3/3)\n"
        "Traceback (most recent call last):\n"
        '  File "/jobs/publish.py", line 28, in fetch_schema\n'
        "    with urllib.request.urlopen(REGISTRY, timeout=10) as resp:\n" + frames + f"{error}\n"
    )


@pytest.mark.parametrize(
    ("error", "rule", "words"),
    [
        (
            "urllib.error.HTTPError: HTTP Error 500: Internal Server Error",
            "generic.server_error",
            ("http://127.0.0.1:18553/subjects/sales/versions/latest answered HTTP 500",),
        ),
        (
            "ConnectionRefusedError: [Errno 111] Connection refused",
            "generic.network_error",
            ("The connection to http://127.0.0.1:18553/subjects/sales/versions/latest failed",),
        ),
    ],
    ids=["a_server_error_names_the_url_called", "a_refusal_names_the_url_called"],
)
def test_a_service_failure_names_the_address_the_task_called(
    tmp_path: Path, error: str, rule: str, words: tuple[str, ...]
) -> None:
    result, said = offline_answer(tmp_path, _urllib_failure(error))
    assert_answer(result, said, Category.INFRA, rule, words)
