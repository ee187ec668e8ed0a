"""The task's own data check failing: a finding about the data (DATA), not a bug at the raising frame.

Table-driven through the real engine (every adapter scans the log, every rule competes). The
distractors are the shapes the rule must leave alone: the same words raised inside a library, a
message about the set-up, a type code does not raise for findings, a caught check the task survived.
"""

from __future__ import annotations

import json

import pytest
from support.engine_answer import analyse

from airflow_pipeline_debugger.heuristics.generic.data_check import data_finding


def a2(level: str, text: str, where: str = "taskinstance.py:1937") -> str:
    return f"[2026-12-06, 02:47:01 UTC] {{{where}}} {level} - {text}"


def own(
    exc: str, frame: str = "/opt/airflow/dags/orders.py", source: str = "raise ValueError(msg)"
) -> list[str]:
    """An Airflow 2 failure raised at ``frame`` by the line ``source`` with ``exc`` as its last line."""
    return [
        a2("INFO", "Extracted 48213 rows from partner_orders", "orders.py:30"),
        a2("ERROR", "Task failed with exception"),
        "Traceback (most recent call last):",
        f'  File "{frame}", line 88, in load_orders',
        f"    {source}",
        exc,
    ]


def af3(exc_type: str, message: str, frame: str = "/opt/airflow/dags/orders.py") -> list[str]:
    """An Airflow 3 JSON task log whose structured error was raised at ``frame``."""
    error = {
        "exc_type": exc_type,
        "exc_value": message,
        "exc_notes": [],
        "syntax_error": None,
        "is_cause": False,
        "frames": [
            {
                "filename": "/venv/lib/python3.11/site-packages/airflow/sdk/bases/decorator.py",
                "lineno": 435,
                "name": "execute",
            },
            {"filename": frame, "lineno": 88, "name": "load_orders"},
        ],
    }
    return [
        json.dumps(
            {
                "timestamp": "2026-12-06T02:47:00Z",
                "level": "info",
                "event": "Loaded 1200 rows",
                "logger": "acme.orders",
            }
        ),
        json.dumps(
            {
                "timestamp": "2026-12-06T02:47:01Z",
                "level": "error",
                "event": "Task failed with exception",
                "logger": "task",
                "error_detail": [error],
            }
        ),
    ]


CASES = [
    # (id, log lines, rule id or None for "not this rule", category ("not data" for a distractor),
    # words the root cause must name)
    (
        "nulls_counted_by_the_dags_check",
        own("ValueError: 17 rows with null email in extract"),
        "generic.data_check",
        "data",
        ["null email"],
    ),
    (
        "bare_exception_raised_by_a_quality_gate",
        own("Exception: Data quality check failed: 3 orders with negative amounts"),
        "generic.data_check",
        "data",
        ["negative amounts"],
    ),
    (
        "assertion_on_a_row_count",
        own("AssertionError: expected at least 1000 rows, got 12"),
        "generic.data_check",
        "data",
        ["1000 rows"],
    ),
    (
        "reconciliation_totals_differ",
        own("ValueError: reconciliation failed: ledger total 10452.31 != payments total 10452.30"),
        "generic.data_check",
        "data",
        ["ledger total"],
    ),
    (
        "stale_partner_file",
        own("RuntimeError: partner file orders_20261206.csv is stale (last modified 2026-12-04)"),
        "generic.data_check",
        "data",
        ["stale"],
    ),
    (
        "custom_check_type_in_an_airflow_3_log",
        af3("DataQualityError", "4 duplicate order_id values in batch 2026-12-06"),
        "generic.data_check",
        "data",
        ["duplicate order_id"],
    ),
    (
        "common_sql_check_operator_failed",
        af3(
            "AirflowException",
            "Test failed.\nQuery:\nSELECT count(*) FROM orders WHERE amount < 0\nResults:\n(3,)",
            "/venv/lib/python3.11/site-packages/airflow/providers/common/sql/operators/sql.py",
        ),
        "generic.data_check",
        "data",
        ["test failed"],
    ),
    # Distractors: the same words where the task's own check did not raise them.
    (
        "pandas_raising_on_duplicate_labels_is_not_a_check",
        [
            *own("ValueError: cannot reindex on an axis with duplicate labels")[:-2],
            '  File "/venv/lib/python3.11/site-packages/pandas/core/generic.py", line 5370, in reindex',
            "    raise ValueError",
            "ValueError: cannot reindex on an axis with duplicate labels",
        ],
        "generic.error_code",
        "code",
        ["duplicate labels"],
    ),
    (
        "a_set_up_problem_in_the_message_is_not_about_data",
        own("RuntimeError: connection to warehouse timed out after 3 retries, 0 rows loaded"),
        None,
        "not data",
        [],
    ),
    (
        "a_keyerror_is_not_a_check_even_naming_nulls",
        own("KeyError: 'null_count'"),
        None,
        "not data",
        [],
    ),
    # A builtin failing inside an expression raises from the task's own frame too, but no check
    # raised it: the line under the frame is no ``raise`` / ``assert`` (review crev).
    (
        "int_of_a_nan_is_no_check",
        own("ValueError: cannot convert float NaN to integer", source="qty = int(row['qty'])"),
        None,
        "not data",
        [],
    ),
    (
        "a_date_out_of_range_from_datetime_is_no_check",
        own("ValueError: year 0 is out of range", source="day = datetime(year, 1, 1)"),
        "generic.python_exception",
        "code",
        ["year 0"],
    ),
    (
        "an_assert_is_a_check",
        own("AssertionError: expected at least 1000 rows, got 12", source="assert len(df) >= 1000, msg"),
        "generic.data_check",
        "data",
        ["1000 rows"],
    ),
    # Set-up and code words a check's finding-words also match (review crev).
    *(
        (f"{name}_is_not_about_data", own(exc), None, "not data", [])
        for name, exc in (
            ("an_unknown_type_in_a_column_spec", "ValueError: Unknown type 'decimal' in column spec"),
            ("invalid_codes_for_a_flag", "ValueError: invalid codes for --region flag"),
            ("a_data_source_not_registered", "ValueError: No data source named 'orders_v2' registered"),
            ("a_stale_session", "RuntimeError: Spark session is stale, restart it"),
            ("a_duplicate_task_id", "Exception: Duplicate task id found: load"),
            ("a_duplicate_key_in_the_run_conf", "AirflowException: Duplicate key in dag_run conf"),
            ("an_unreachable_registry", "Exception: Schema registry unreachable: missing columns lookup"),
        )
    ),
    # Spark's raise_error() in the job's own SQL: the job's check, whatever line of Python ran it.
    (
        "a_raise_error_in_the_jobs_sql_reporting_an_unmapped_value",
        own(
            "pyspark.errors.exceptions.captured.SparkRuntimeException: [USER_RAISED_EXCEPTION] unmapped "
            "order channel: marketplace SQLSTATE: P0001",
            frame="/opt/jobs/attribution.py",
            source='out.write.mode("overwrite").parquet(path)',
        ),
        "generic.data_check",
        "data",
        ["unmapped order channel: marketplace"],
    ),
    (
        "a_raise_error_about_the_set_up_is_not_data",
        own(
            "pyspark.errors.exceptions.captured.SparkRuntimeException: [USER_RAISED_EXCEPTION] schema "
            "registry unreachable SQLSTATE: P0001",
            frame="/opt/jobs/attribution.py",
            source='out.write.mode("overwrite").parquet(path)',
        ),
        None,
        "not data",
        [],
    ),
    (
        "strptime_format_mismatch_stays_with_the_parser_rules",
        own("ValueError: time data '06/12/2026' does not match format '%Y-%m-%d'"),
        None,
        "not data",
        [],
    ),
]


@pytest.mark.parametrize(("case_id", "lines", "rule", "category", "words"), CASES, ids=[c[0] for c in CASES])
def test_engine_answer(
    case_id: str, lines: list[str], rule: str | None, category: str, words: list[str]
) -> None:
    root = analyse(lines).root_cause
    if rule is None:
        assert root.rule_id != "generic.data_check", (root.rule_id, root.title)
        assert root.category.value != "data", (root.category, root.title)
        return
    assert root.rule_id == rule, (root.rule_id, root.title)
    assert root.category.value == category, (root.category, root.title)
    text = f"{root.title} {root.summary}".lower()
    assert all(w.lower() in text for w in words), (words, root.title, root.summary)


def test_a_check_is_never_a_confident_answer() -> None:
    """A check too strict for a normal day fits the same evidence: the answer stays below 70."""
    root = analyse(own("ValueError: 17 rows with null email in extract")).root_cause
    assert root.rule_id == "generic.data_check"
    assert root.confidence < 70


@pytest.mark.parametrize(
    ("message", "found"),
    [
        ("17 rows with null email", "null or missing values"),
        ("found 3 duplicate keys", "duplicates"),
        ("row count 12 below threshold 1000", "too few or too many rows"),
        ("totals do not reconcile", "a mismatch between totals or counts"),
        ("unexpected status value 'REFUNDED_PARTIAL'", "unexpected or out-of-range values"),
        ("schema drift: extra column discount_code", "a schema change"),
        ("expectation suite orders failed", "a failed data check"),
        ("could not connect: 0 rows fetched", ""),
        ("Variable threshold is not configured", ""),
        ("1 validation error for Settings", ""),
        ("list index out of range", ""),
        # A SQL parser's wording, not a data check's (ANTLR in Athena, Spark, Trino).
        ("line 3:9: mismatched input 'FROM'. Expecting: <expression>", ""),
        ("No data source named 'orders_v2' registered", ""),
        ("no data for 2026-12-06 in partner feed", "too few or too many rows"),
        ("Unknown type 'decimal' in column spec", ""),
        ("unknown currency 'XBT' in 12 rows", "unexpected or out-of-range values"),
        ("Duplicate task id found: load", ""),
        ("unmapped order channel: marketplace", "unexpected or out-of-range values"),
        ("2244 orders reference unknown store_id (e.g. [31, 34])", "unexpected or out-of-range values"),
        ("unsupported payment method values: klarna", "unexpected or out-of-range values"),
        ("unknown task_id in the dag", ""),
    ],
)
def test_data_finding(message: str, found: str) -> None:
    assert data_finding(message) == found


def test_data_finding_is_linear_on_a_long_message() -> None:
    """The message is attacker-written: a long run of near-matches must not backtrack."""
    assert data_finding("row count " + "9" * 50_000) == ""
    assert data_finding("expected at least " + "1," * 20_000) == ""
