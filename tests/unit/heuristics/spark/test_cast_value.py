"""A value Spark could not cast: the job's literal (code) or the input's changed form (data).

Also the Python UDF that could not read a value of its input (spark.udf_error's data reading).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support.regex_cost import growth

from airflow_pipeline_debugger.engine.offline import OfflineSettings, analyze_files
from airflow_pipeline_debugger.heuristics import value_shape
from airflow_pipeline_debugger.heuristics.spark import cast_value

pytestmark = pytest.mark.unit

SETTINGS = OfflineSettings.load(use_model=False)

JOB = """from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
orders = spark.read.csv("/landing/orders.csv", header=True)
refs = orders.withColumn("ref", F.lit("ORD-") + F.col("order_id"))
typed = orders.withColumn("customer_id", F.col("customer_id").cast("bigint"))
typed.write.mode("overwrite").parquet("/warehouse/orders")
"""


def _cast_error(value: str, target: str = "BIGINT", line: int = 6) -> str:
    return (
        "pyspark.errors.exceptions.captured.NumberFormatException: [CAST_INVALID_INPUT] The value "
        f'\'{value}\' of the type "STRING" cannot be cast to "{target}" because it is malformed. Correct '
        "the value as per the syntax, or change its target type. Use `try_cast` to tolerate malformed input "
        "and return NULL instead. SQLSTATE: 22018\n"
        "== DataFrame ==\n"
        '"cast" was called from\n'
        f"/jobs/orders_daily.py:{line}\n"
    )


def _answer(tmp_path: Path, tail: str, *, job: str | None = JOB) -> tuple[str, str, str, str]:
    """Category, rule, title and summary ``analyze`` gives a driver log ending in ``tail``."""
    log = tmp_path / "driver.log"
    log.write_text(
        "26/12/08 02:47:01 INFO SparkContext: Running Spark version 4.0.0\n"
        "26/12/08 02:47:03 INFO FileSourceStrategy: Pushed Filters: \n"
        "Traceback (most recent call last):\n"
        '  File "/jobs/orders_daily.py", line 7, in <module>\n'
        '    typed.write.mode("overwrite").parquet("/warehouse/orders")\n'
        f"{tail}"
        "26/12/08 02:47:04 INFO SparkContext: Successfully stopped SparkContext\n",
        encoding="utf-8",
    )
    artifacts = []
    if job is not None:
        (tmp_path / "orders_daily.py").write_text(job, encoding="utf-8")
        artifacts.append(tmp_path / "orders_daily.py")
    result = analyze_files([log], artifacts, SETTINGS).result
    rc = result.root_cause
    return result.category.value, rc.rule_id, rc.title, rc.summary


CASTS = [
    # (why, value, category, words the answer names)
    ("a number with a letter prefix", "C-103123", "data", ["C-103123", "prefix", 'F.col("customer_id")']),
    ("a placeholder for a missing value", "N/A", "data", ["N/A", "placeholder"]),
    ("an empty string", "", "data", ["placeholder"]),
    ("a number written with its unit", "12 pcs", "data", ["12 pcs", "unit"]),
    ("a number with thousands separators", "1,234", "data", ["1,234"]),
    ("a date in another form", "07/12/2026", "data", ["07/12/2026", "date"]),
]


@pytest.mark.parametrize(("why", "value", "category", "words"), CASTS, ids=[c[0] for c in CASTS])
def test_a_refused_cast_is_read_from_where_its_value_came_from(
    tmp_path: Path, why: str, value: str, category: str, words: list[str]
) -> None:
    got_category, rule, title, summary = _answer(tmp_path, _cast_error(value))
    assert (got_category, rule) == (category, "spark.cast_value"), why
    for word in words:
        assert word in title + summary, word


def test_a_literal_the_cast_statement_writes_is_the_codes(tmp_path: Path) -> None:
    """PySpark names line 5, ``F.lit("ORD-") + F.col("order_id")``: the text is the code's own."""
    category, rule, _, summary = _answer(tmp_path, _cast_error("ORD-", line=5))
    assert (category, rule) == ("code", "spark.cast_value")
    assert "the statement that builds the cast writes 'ORD-'" in summary


def test_without_the_statement_a_distinctive_literal_anywhere_in_the_job_is_the_codes(tmp_path: Path) -> None:
    error = _cast_error("ORD-").split("== DataFrame ==")[0]
    category, rule, _, summary = _answer(tmp_path, error)
    assert (category, rule) == ("code", "spark.cast_value")
    assert "orders_daily.py writes 'ORD-'" in summary


def test_a_placeholder_written_elsewhere_in_the_job_is_still_the_inputs(tmp_path: Path) -> None:
    """``concat_ws("-", …)`` on another line writes ``"-"``; the cast PySpark names does not (review)."""
    job = JOB.replace('F.lit("ORD-") + F.col("order_id")', 'F.concat_ws("-", "region", "order_id")')
    category, rule, _, _ = _answer(tmp_path, _cast_error("-"), job=job)
    assert (category, rule) == ("data", "spark.cast_value")
    without_statement = _cast_error("-").split("== DataFrame ==")[0]
    category, rule, _, _ = _answer(tmp_path, without_statement, job=job)
    assert (category, rule) == ("data", "spark.cast_value")


@pytest.mark.parametrize(
    "value",
    [
        "REFUNDED",  # a word: the query compares the wrong columns, not the input's format
        "ORD-2026-000001",  # a reference of several parts: another column's value, not a number
    ],
)
def test_a_word_the_job_never_writes_is_left_to_the_sqlstate(tmp_path: Path, value: str) -> None:
    category, rule, _, _ = _answer(tmp_path, _cast_error(value))
    assert rule != "spark.cast_value"
    assert category == "code"


def test_without_the_job_source_the_look_of_the_value_still_reads(tmp_path: Path) -> None:
    category, rule, _, summary = _answer(tmp_path, _cast_error("C-103123"), job=None)
    assert (category, rule) == ("data", "spark.cast_value")
    assert "the cast:" not in summary


def test_a_cast_error_only_in_an_info_line_is_not_the_failure(tmp_path: Path) -> None:
    tail = (
        "26/12/08 02:47:03 INFO TaskSetManager: retrying after [CAST_INVALID_INPUT] The value 'N/A' of the "
        'type "STRING" cannot be cast to "INT" because it is malformed.\n'
        "pyspark.errors.exceptions.captured.AnalysisException: [PATH_NOT_FOUND] Path does not exist: "
        "file:/landing/orders.csv. SQLSTATE: 42K03\n"
    )
    _, rule, _, _ = _answer(tmp_path, tail)
    assert rule != "spark.cast_value"


def test_hostile_values_are_scanned_in_linear_time() -> None:
    """Long runs of near-matches cost in proportion to their length (a ratio in one run, no time limit)."""
    near = '[CAST_INVALID_INPUT] The value \'1\' of the type "STRING" cannot be cast to "BIG'
    assert growth([cast_value._CAST_RE], near * 2_000, near * 200) < 30
    shapes = [value_shape.PREFIXED_NUMBER_RE, value_shape.DATE_LIKE_RE]
    assert growth(shapes, "1/" * 20_000 + "x", "1/" * 2_000 + "x") < 30


SHAPES = [
    ("N/A", "a placeholder for a missing value"),
    ("tbd", "a placeholder for a missing value"),
    ("", "a placeholder for a missing value"),
    ("12 seats", "a number written with its unit"),
    ("9.00", "a whole number written with decimals"),
    ("1,234", "a number in another format"),
    ("$12.50", "a number written with a prefix"),
    ("C-103123", "a number written with a prefix"),
    ("2026-12-06 24:00:00", "a date or a time"),
    ("07/12/2026", "a date or a time"),
    ("24:00", "a date or a time"),
    ("orders", None),
    ("REFUNDED", None),
    ("ORD-2026-000001", None),
    ("EC1A 1BB", None),
]


@pytest.mark.parametrize(("value", "shape"), SHAPES)
def test_what_a_refused_value_looks_like(value: str, shape: str | None) -> None:
    assert value_shape.data_shape(value) == shape


UDF_ERRORS = [
    # (why, the Python error under the worker's traceback, category)
    (
        "a date the parser refuses",
        "ValueError: time data '2026-12-06 24:00:00' does not match format '%Y-%m-%d %H:%M:%S'",
        "data",
    ),
    ("a placeholder", "ValueError: '-' does not appear to be an IPv4 or IPv6 address", "data"),
    (
        "a document that is not JSON",
        "json.decoder.JSONDecodeError: Expecting property name enclosed in double quotes: line 1 column 2 "
        "(char 1)",
        "data",
    ),
    (
        "a word the UDF parses as a number",
        "ValueError: invalid literal for int() with base 10: 'north'",
        "code",
    ),
    ("a None the UDF does not handle", "TypeError: 'NoneType' object is not subscriptable", "code"),
    ("a value missing from the UDF's own list", "ValueError: '-' is not in list", "code"),
]


@pytest.mark.parametrize(("why", "error", "category"), UDF_ERRORS, ids=[u[0] for u in UDF_ERRORS])
def test_a_udf_that_cannot_read_a_changed_value_is_the_inputs(
    tmp_path: Path, why: str, error: str, category: str
) -> None:
    tail = (
        "26/12/08 02:47:03 ERROR Executor: Exception in task 0.0 in stage 3.0 (TID 3)\n"
        "org.apache.spark.api.python.PythonException: Traceback (most recent call last):\n"
        '  File "/jobs/orders_daily.py", line 12, in parse_value\n'
        "    return parse(value)\n"
        f"{error}\n"
    )
    got, rule, _, summary = _answer(tmp_path, tail, job=None)
    assert (got, rule) == (category, "spark.udf_error"), why
    assert error.split(": ", 1)[0].rsplit(".", 1)[-1] in summary
