"""The thirteenth pass's readings: what a wrapper carries, and a value against what was declared for it.

Each row is a log (and, where the reading needs it, a job file) in the shape the tool prints, run
through ``analyze --no-llm``: the category the fix goes to, the rule that must answer (``""``: any;
``!rule``: any other) and words the answer must (or, with ``!``, must not) name. Distractors sit
beside each reading: the same error where the other reading holds.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support.offline_rule import assert_reading, offline_answer

from airflow_pipeline_debugger.domain import Category
from airflow_pipeline_debugger.heuristics.knowledge import classify

LONG_VALUE = "https%3A%2F%2Fshop.example%2Flanding%2Fwinter-sale%3Futm_source%3Dmeta" * 5


def _spark_write(cause: str) -> str:
    """A PySpark driver whose write died under ``[TASK_WRITE_FAILED]``, the JVM's cause far below."""
    frames = "".join(
        f"\tat org.apache.spark.sql.execution.Frame{i}.run(Frame.scala:{i})\n" for i in range(40)
    )
    return (
        "26/12/07 02:00:00 INFO SparkContext: Running Spark version 4.0.0\n"
        "Traceback (most recent call last):\n"
        '  File "/opt/jobs/touchpoints.py", line 22, in <module>\n'
        '    .parquet("/lake/touchpoints"))\n'
        '  File "/usr/lib/python3.11/site-packages/py4j/protocol.py", line 327, in get_return_value\n'
        "py4j.protocol.Py4JJavaError: An error occurred while calling o53.parquet.\n"
        ": org.apache.spark.SparkException: [TASK_WRITE_FAILED] Task failed while writing rows to "
        "file:/lake/touchpoints. SQLSTATE: 58030\n" + frames + f"Caused by: {cause}\n" + frames[:400]
    )


def _dbt_seed(*error: str, resource: str = "seed") -> str:
    """dbt's console for one seed (or model) failing with ``error`` as DuckDB printed it."""
    return (
        f"12:00:01  1 of 1 ERROR loading {resource} file main.product_prices ........ [ERROR in 0.13s]\n"
        "12:00:01  Completed with 1 error, 0 partial successes, and 0 warnings:\n"
        f"12:00:01    Runtime Error in {resource} product_prices ({resource}s/product_prices.csv)\n"
        + "".join(f"  {line}\n" for line in error)
        + "12:00:01  Done. PASS=0 WARN=0 ERROR=1 SKIP=0 NO-OP=0 TOTAL=1\n"
    )


CUTOFF_DAG = """
from airflow.sdk import Variable, task


@task
def build_window():
    cutoff_hour = int(Variable.get("settlement_cutoff_hour"))
    day = datetime(2026, 12, 6)
    start = day.replace(hour=cutoff_hour, minute=0)
    return start.isoformat()
"""


def _airflow_raise(source: str, at: str, error: str) -> tuple[str, dict[str, str]]:
    """An Airflow task log raising ``error`` at the line of the DAG file holding ``at``."""
    line = next(i for i, text in enumerate(source.splitlines(), 1) if at in text)
    log = (
        "[2026-12-07T02:00:01.000+0000] {taskinstance.py:3311} ERROR - Task failed with exception\n"
        "Traceback (most recent call last):\n"
        f'  File "/opt/airflow/dags/window.py", line {line}, in build_window\n'
        f"    {at.strip()}\n"
        f"{error}\n"
    )
    return log, {"window.py": source}


FX_MODEL = (
    "select o.*, fx.rate from {{ ref('stg_orders') }} o\n"
    "join {{ ref('stg_fx_' ~ var('fx_provider')) }} fx using (d)\n"
)
MISSING_FX_REF = (
    "12:00:00  Encountered an error:\n"
    "Compilation Error\n"
    "  Model 'model.shop.fct_revenue' (models/fct_revenue.sql) depends on a node named 'stg_fx_ECB' which "
    "was not found\n"
)


CASES = [
    (
        "a-partition-directory-longer-than-a-file-name",
        _spark_write(
            "java.io.IOException: Mkdirs failed to create file:/lake/touchpoints/_temporary/0/"
            f"event_date=2026-12-07/utm_campaign={LONG_VALUE}/part-0001"
        ),
        Category.DATA,
        "generic.partition_name_too_long",
        ("utm_campaign", "partition", "255"),
    ),
    (
        "a-python-writer-names-its-partition-too",
        "Traceback (most recent call last):\n"
        '  File "/opt/jobs/export.py", line 9, in <module>\n'
        "    pq.write_to_dataset(table, 'out', partition_cols=['campaign'])\n"
        f"OSError: [Errno 36] File name too long: '/data/out/campaign={LONG_VALUE}'\n",
        Category.DATA,
        "generic.partition_name_too_long",
        ("campaign",),
    ),
    (
        # a directory the write could not make for another reason: short names, no partition to blame
        "mkdirs-failing-on-short-names-is-not-a-long-value",
        _spark_write(
            "java.io.IOException: Mkdirs failed to create file:/lake/touchpoints/event_date=2026-12-07"
        ),
        None,
        "!generic.partition_name_too_long",
        ("!SQLSTATE 58030",),
    ),
    (
        # the wrapper's SQLSTATE (58030, an I/O error) is not the cause's: the cause under it decides
        "the-write-wrappers-sqlstate-is-not-the-cause",
        _spark_write(
            "org.apache.spark.SparkArithmeticException: [DIVIDE_BY_ZERO] Division by zero. SQLSTATE: 22012"
        ),
        None,
        "",
        ("!58030",),
    ),
    (
        # a lock timeout a run's start-up banner names is not the error the run ended on
        "a-lock-timeout-in-a-banner-is-not-the-error",
        "12:00:00  catalog run start: previous run killed_flag=false, lock timeout 30s\n"
        + "".join(f"12:00:00  {i} of 9 START sql table model main.m{i} .... [RUN]\n" for i in range(1, 9))
        + _dbt_seed(
            'Binder Error: Circular reference to CTE "category_tree", use WITH RECURSIVE to use recursive '
            "CTEs.",
            resource="model",
        ),
        Category.CODE,
        "!generic.lock_contention",
        (),
    ),
    (
        # the same words in the error itself: the lock is the cause
        "a-lock-timeout-in-the-error-is-the-cause",
        "12:00:00  catalog run start: previous run ok\n"
        + _dbt_seed(
            "Database Error: canceling statement due to lock timeout",
            resource="model",
        ),
        Category.INFRA,
        "generic.lock_contention",
        (),
    ),
    (
        # a minus sign from a spreadsheet (U+2212) is the file's form, not the model's cast
        "a-typographic-minus-is-the-inputs",
        _dbt_seed(
            'Conversion Error: Could not convert string "\u221220.08" to DECIMAL(12,2) when casting from '
            "source column amount",
            resource="model",
        ),
        Category.DATA,
        "dbt.value_error",
        ("amount",),
    ),
    (
        "an-hour-out-of-range-from-a-variable",
        _airflow_raise(
            CUTOFF_DAG, "start = day.replace(hour=cutoff_hour, minute=0)", "ValueError: hour must be in 0..23"
        ),
        Category.CONFIG,
        "generic.setting_value",
        ("settlement_cutoff_hour", "hour"),
    ),
    (
        # the same range error on a literal the code wrote: the code's
        "an-hour-out-of-range-the-code-wrote",
        _airflow_raise(
            CUTOFF_DAG.replace("day.replace(hour=cutoff_hour, minute=0)", "day.replace(hour=24, minute=0)"),
            "start = day.replace(hour=24, minute=0)",
            "ValueError: hour must be in 0..23",
        ),
        Category.CODE,
        "!generic.setting_value",
        (),
    ),
    (
        "a-ref-a-variable-builds",
        (MISSING_FX_REF, {"fct_revenue.sql": FX_MODEL, "stg_fx_ecb.sql": "select 1 as d, 1.0 as rate\n"}),
        Category.CONFIG,
        "dbt.missing_ref",
        ("fx_provider", "stg_fx_ecb"),
    ),
    (
        # a ref spelt out in the model: the model's typo
        "a-ref-the-model-spells",
        (
            MISSING_FX_REF,
            {"fct_revenue.sql": FX_MODEL.replace("'stg_fx_' ~ var('fx_provider')", "'stg_fx_ECB'")},
        ),
        Category.CODE,
        "dbt.missing_ref",
        ("!fx_provider",),
    ),
    (
        # heartbeat words in a banner that says it recovered are not the scheduler failing the task
        "a-recovered-heartbeat-in-a-banner-is-not-a-lost-worker",
        "12:00:00  ops: loader heartbeat timeout recovered after 1 retry, error_count=0\n"
        + "".join(f"12:00:00  {i} of 9 START sql table model main.m{i} .... [RUN]\n" for i in range(1, 9))
        + _dbt_seed("Binder Error: can only create an index on a base table", resource="model"),
        Category.CODE,
        "!airflow.heartbeat_timeout",
        (),
    ),
    (
        # an API refusing the driver's token is the credential's, not the driver code's
        "a-driver-call-refused-with-401",
        "Traceback (most recent call last):\n"
        '  File "/opt/jobs/enrich.py", line 35, in <module>\n'
        "    resp.raise_for_status()\n"
        "requests.exceptions.HTTPError: 401 Client Error: Unauthorized for url: http://refdata:8080/v1/stores\n"
        "26/12/07 19:02:32 INFO SparkContext: Invoking stop() from shutdown hook\n",
        Category.CONFIG,
        "!spark.driver_code_error",
        (),
    ),
    (
        # a UDF writing to a database that shut down: the database's failure, not the UDF's bug
        "a-database-shut-down-under-a-udf",
        "pyspark.errors.exceptions.captured.PythonException:\n"
        "  An exception was thrown from the Python worker. Please see the stack trace below.\n"
        "Traceback (most recent call last):\n"
        '  File "/opt/jobs/publish.py", line 26, in publish\n'
        "    cur.execute(UPSERT, row)\n"
        "psycopg2.OperationalError: server closed the connection unexpectedly\n"
        "\tThis probably means the server terminated abnormally\n",
        Category.INFRA,
        "!spark.udf_error",
        (),
    ),
    (
        "a-set-returned-to-expand",
        "[2026-12-07T02:00:01.000+0000] {taskinstance.py:3311} ERROR - Task failed with exception\n"
        "Traceback (most recent call last):\n"
        '  File "/opt/airflow/task_runner.py", line 1200, in _push_xcom_if_needed\n'
        "airflow.sdk.exceptions.UnmappableXComTypePushed: unmappable return type 'set'\n",
        Category.CODE,
        "airflow.xcom_error",
        ("a set where .expand() needs a list", "UnmappableXComTypePushed"),
    ),
    (
        # an XCom that is not there: nothing was returned to map over, the title says no type
        "an-xcom-not-found-is-not-a-type-to-map",
        "[2026-12-07T02:00:01.000+0000] {taskinstance.py:3311} ERROR - Task failed with exception\n"
        "Traceback (most recent call last):\n"
        '  File "/opt/airflow/task_runner.py", line 1200, in pull\n'
        "airflow.sdk.exceptions.XComNotFound: XCom with key='return_value' not found for task 'extract'\n",
        Category.CODE,
        "airflow.xcom_error",
        ("!.expand()",),
    ),
    (
        "a-seeds-declared-decimal-too-narrow-for-a-plain-number",
        _dbt_seed(
            "Conversion Error: CSV Error on Line: 6",
            'Error when converting column "unit_price". Could not convert string "1299.00" to \'DECIMAL\'',
            "Column unit_price is being converted as type DECIMAL",
        ),
        Category.CONFIG,
        "dbt.value_error",
        ("unit_price", "column_types", "1299.00"),
    ),
    (
        # a placeholder where the number goes: the file's value, not the declared type
        "a-seeds-placeholder-is-the-files",
        _dbt_seed(
            "Conversion Error: CSV Error on Line: 6",
            'Error when converting column "unit_price". Could not convert string "N/A" to \'DECIMAL\'',
        ),
        Category.DATA,
        "dbt.value_error",
        ("!column_types",),
    ),
    (
        # a number written with separators: the file's format changed
        "a-seeds-number-with-separators-is-the-files",
        _dbt_seed(
            "Conversion Error: CSV Error on Line: 6",
            'Error when converting column "unit_price". Could not convert string "1,299.00" to \'DECIMAL\'',
        ),
        Category.DATA,
        "dbt.value_error",
        ("!column_types",),
    ),
    (
        # an integer column given decimals: the file's value, whatever the declaration
        "a-whole-number-with-decimals-into-an-integer-is-the-files",
        _dbt_seed(
            "Conversion Error: CSV Error on Line: 6",
            'Error when converting column "qty". Could not convert string "3.00" to \'INTEGER\'',
        ),
        Category.DATA,
        "dbt.value_error",
        ("!column_types",),
    ),
]


@pytest.mark.parametrize(
    ("log", "category", "rule", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_where_the_fix_goes(
    tmp_path: Path,
    log: str | tuple[str, dict[str, str]],
    category: Category | None,
    rule: str,
    words: tuple[str, ...],
) -> None:
    text, artifacts = log if isinstance(log, tuple) else (log, None)
    result, said = offline_answer(tmp_path, text, artifacts)
    assert_reading(result, said, category, rule, words)


@pytest.mark.parametrize(
    ("line", "wrapped"),
    [
        (
            "SparkException: [TASK_WRITE_FAILED] Task failed while writing rows. SQLSTATE: 58030",
            True,
        ),
        (
            "StreamingQueryException: [STREAM_FAILED] Query terminated with exception: boom SQLSTATE: XXKST",
            True,
        ),
        # a condition that is its own cause keeps its SQLSTATE
        (
            "org.apache.spark.SparkArithmeticException: [DIVIDE_BY_ZERO] Division by zero. SQLSTATE: 22012",
            False,
        ),
    ],
)
def test_a_wrapper_conditions_sqlstate_is_the_wrappers(line: str, wrapped: bool) -> None:
    decisive = [m for m in classify([line]) if not m.prior.wrapper]
    states = [m for m in decisive if m.prior.kind == "sqlstate"]
    assert (not states) is wrapped, [m.prior.code for m in decisive]
