"""Where the fix goes when the job's own files, or the plan and SQL the tools print, say whose value failed.

Each row is a log (and, where the reading needs it, the job's source as an artifact) written for this
test in the shape the tool prints, run through ``analyze --no-llm``: the category the fix goes to,
the rule that must answer (``""``: any other than the one named with ``!``) and words the answer must
name. Distractors sit beside each family: the same error where the other reading holds.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from support.offline_rule import assert_reading, offline_answer

from airflow_pipeline_debugger.adapters.spark import driverlog
from airflow_pipeline_debugger.adapters.spark import signals as S
from airflow_pipeline_debugger.domain import Category

HEAD = "[2026-12-06T02:00:00.000+0000] {logging_mixin.py:190} INFO - "


def _task(source: str, at: str, error: str, *info: str, function: str = "load") -> tuple[str, dict[str, str]]:
    """An Airflow task log raising ``error`` at the line of ``source`` holding ``at``, and the DAG file."""
    source = textwrap.dedent(source)
    line = next(i for i, text in enumerate(source.splitlines(), 1) if at in text)
    log = (
        "".join(f"{HEAD}{text}\n" for text in info)
        + "[2026-12-06T02:00:01.000+0000] {taskinstance.py:3311} ERROR - Task failed with exception\n"
        + "Traceback (most recent call last):\n"
        + f'  File "/opt/airflow/dags/job.py", line {line}, in {function}\n'
        + f"    {at.strip()}\n"
        + f"{error}\n"
    )
    return log, {"job.py": source}


def _spark(*lines: str) -> str:
    return "".join(f"26/12/06 02:00:00 {line}\n" if line[:1].isupper() else f"{line}\n" for line in lines)


FETCHONE = """
    @task
    def load(cur):
        cur.execute("select max(loaded_at) from staging.orders where day = %s", ("2026-12-06",))
        latest = cur.fetchone()
        return latest[0].isoformat()
"""
FETCHALL = """
    @task
    def load(cur):
        cur.execute("select order_id from staging.orders where day = %s", ("2026-12-06",))
        rows = cur.fetchall()
        first = rows[0]
        return first
"""
AVERAGE = """
    @task
    def load(cur):
        rows = cur.fetchall()
        total = sum(r[1] for r in rows)
        return total / len(rows)
"""
NUMERATOR_ONLY = """
    @task
    def load(cur):
        total = cur.fetchone()[0]
        refunded = [r for r in rows if r.refunded_at != None]
        return total / len(refunded)
"""
OWN_LIST = """
    @task
    def load(lines):
        parts = "a,b,c".split(",")
        return parts[5]
"""
SPLIT_FIELDS = """
    @task
    def load(path):
        for line in open(path).readlines():
            parts = line.split(",")
            yield parts[5]
"""
ENVELOPE = """
    import requests

    @task
    def load(url):
        payload = requests.get(url, timeout=10).json()
        return [rec["order_id"] for rec in payload]
"""

CASES = [
    # (id, (log, artifacts), category, rule ("!rule": any but that one), words named)
    (
        "no-row-from-a-query",
        _task(FETCHONE, "return latest[0].isoformat()", "TypeError: 'NoneType' object is not subscriptable"),
        Category.DATA,
        "generic.input_read",
        ("fetchone",),
    ),
    (
        "no-rows-from-a-query",
        _task(FETCHALL, "first = rows[0]", "IndexError: list index out of range"),
        Category.DATA,
        "generic.input_read",
        ("fetchall",),
    ),
    (
        "average-over-no-rows",
        _task(AVERAGE, "return total / len(rows)", "ZeroDivisionError: division by zero"),
        Category.DATA,
        "generic.input_read",
        ("len(rows)",),
    ),
    (
        "a-total-from-the-input-over-a-count-the-code-filtered",
        _task(NUMERATOR_ONLY, "return total / len(refunded)", "ZeroDivisionError: division by zero"),
        None,
        "!generic.input_read",
        (),
    ),
    (
        "a-list-the-code-builds-stays-the-codes",
        _task(OWN_LIST, "return parts[5]", "IndexError: list index out of range"),
        None,
        "!generic.input_read",
        (),
    ),
    (
        "a-field-split-out-of-a-line-stays-the-codes",
        _task(SPLIT_FIELDS, "yield parts[5]", "IndexError: list index out of range"),
        None,
        "!generic.input_read",
        (),
    ),
    (
        "an-answer-in-a-new-envelope",
        _task(
            ENVELOPE,
            'return [rec["order_id"] for rec in payload]',
            "TypeError: string indices must be integers",
        ),
        Category.DATA,
        "generic.input_read",
        ("json()",),
    ),
    (
        "an-unrendered-template-in-a-path",
        (
            "[2026-12-06T02:00:01.000+0000] {taskinstance.py:3311} ERROR - Task failed with exception\n"
            "FileNotFoundError: [Errno 2] No such file or directory: '/data/orders_{{ ds_nodash }}.csv'\n",
            {},
        ),
        Category.CODE,
        "generic.file_not_found",
        ("{{ ds_nodash }}", "never rendered"),
    ),
    (
        "a-missing-input-file-stays-the-inputs",
        (
            "[2026-12-06T02:00:01.000+0000] {taskinstance.py:3311} ERROR - Task failed with exception\n"
            "FileNotFoundError: [Errno 2] No such file or directory: '/data/orders_20261206.csv'\n",
            {},
        ),
        Category.DATA,
        "generic.file_not_found",
        (),
    ),
    (
        "copy-to-a-folder-not-mounted",
        (
            "12:00:01  Runtime Error in model export_daily (models/export_daily.sql)\n"
            '  IO Error: Cannot open file "/mnt/exports/daily.parquet": No such file or directory\n'
            '12:00:01  On model.shop.export_daily: copy "shop"."main"."export_daily__dbt_tmp" to '
            "'/mnt/exports/daily.parquet' (format parquet)\n",
            {},
        ),
        Category.CONFIG,
        "generic.file_not_found",
        ("/mnt/exports/daily.parquet", "output location"),
    ),
    (
        "a-database-servers-disk-is-infra",
        (
            _spark(
                "ERROR Executor: Exception in task 0.0 in stage 4.0 (TID 4)",
                "Traceback (most recent call last):",
                'psycopg2.errors.DiskFull: could not extend file "base/16384/16430": No space left on device',
            ),
            {},
        ),
        Category.INFRA,
        "generic.disk_full",
        ("database server",),
    ),
    (
        "xmx-in-java-options-is-config",
        (
            "Error: Not allowed to specify max heap(Xmx) memory settings through java options (was -Xmx6g)."
            " Use the corresponding --driver-memory or spark.driver.memory configuration instead.\n"
            "Usage: spark-submit [options] <app jar | python file | R file> [app arguments]\n",
            {},
        ),
        Category.CONFIG,
        "",
        ("spark.driver.memory",),
    ),
    (
        "task-cpus-above-the-cores-is-config",
        (
            _spark(
                "ERROR SparkContext: Error initializing SparkContext.",
                "org.apache.spark.SparkException: The number of cores per executor (=2) has to be >= the "
                "number of cpus per task = 4.",
            ),
            {},
        ),
        Category.CONFIG,
        "",
        ("spark.task.cpus",),
    ),
    (
        "a-partition-without-its-success-marker-is-the-producers",
        (
            "[2026-12-06T02:00:01.000+0000] {taskinstance.py:3311} ERROR - Task failed with exception\n"
            "RuntimeError: input partition /data/events/dt=2026-12-06 has no _SUCCESS marker\n",
            {},
        ),
        Category.DATA,
        "",
        ("_SUCCESS",),
    ),
    (
        "a-date-in-another-format-is-the-inputs",
        (
            "12:00:01  Runtime Error in model dim_customers (models/dim_customers.sql)\n"
            '  Invalid Input Error: Could not parse string "07/01/2025" according to format specifier '
            '"%Y-%m-%d"\n',
            {},
        ),
        Category.DATA,
        "",
        (),
    ),
    (
        "dbt-with-zero-threads-is-config",
        (
            "12:00:00  Concurrency: 0 threads (target='prod')\n"
            "Traceback (most recent call last):\n"
            '  File "/venv/lib/python3.11/site-packages/dbt_common/utils/executor.py", line 92, in executor\n'
            "    return MultiThreadedExecutor(\n"
            '  File "/usr/lib/python3.11/concurrent/futures/thread.py", line 144, in __init__\n'
            '    raise ValueError("max_workers must be greater than 0")\n'
            "ValueError: max_workers must be greater than 0\n",
            {},
        ),
        Category.CONFIG,
        "",
        ("threads",),
    ),
    (
        "a-thread-pool-of-zero-outside-dbt-is-not-dbts",
        _task(
            "\n    @task\n    def load(files):\n        pool = ThreadPoolExecutor(max_workers=len(files))\n",
            "pool = ThreadPoolExecutor(max_workers=len(files))",
            "ValueError: max_workers must be greater than 0",
        ),
        None,
        "",
        ("!threads",),
    ),
    (
        "a-dq-check-reporting-future-rows-is-the-datas",
        (
            "[2026-12-06T02:00:01.000+0000] {taskinstance.py:3311} ERROR - Task failed with exception\n"
            "Traceback (most recent call last):\n"
            '  File "/opt/jobs/device_events.py", line 22, in <module>\n'
            '    raise ValueError(f"DQ check failed: future_events={n} rows")\n'
            "ValueError: DQ check failed: future_events=2400 rows with event_ts after load time\n",
            {},
        ),
        Category.DATA,
        "generic.data_check",
        (),
    ),
]


def _dbt(model: str, *error: str) -> str:
    """dbt's console for one model failing with ``error`` (its lines as the warehouse printed them)."""
    return (
        f"12:00:00  1 of 1 START sql table model main.{model} ........ [RUN]\n"
        f"12:00:01  1 of 1 ERROR creating sql table model main.{model} ........ [ERROR in 0.13s]\n"
        "12:00:01  Completed with 1 error, 0 partial successes, and 0 warnings:\n"
        f"12:00:01    Runtime Error in model {model} (models/{model}.sql)\n"
        + "".join(f"  {line}\n" for line in error)
        + "12:00:01  Done. PASS=0 WARN=0 ERROR=1 SKIP=0 NO-OP=0 TOTAL=1\n"
    )


def _analysis(expression: str, column: str, found: str, plan: str) -> str:
    """A PySpark driver dying of a type check, with the analysed plan Spark prints under it."""
    return (
        "Traceback (most recent call last):\n"
        '  File "/opt/jobs/orders.py", line 16, in <module>\n'
        '    out = orders.withColumn("x", F.upper(F.col("c")))\n'
        "pyspark.errors.exceptions.captured.AnalysisException: [DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] "
        f'Cannot resolve "{expression}" due to data type mismatch: The first parameter requires the "STRING" '
        f'type, however "{column}" has the type "{found}". SQLSTATE: 42K09;\n' + plan
    )


BROADCAST_OOM = _spark(
    "ERROR Utils: uncaught error in thread broadcast-exchange-0, stopping SparkContext",
    "java.lang.OutOfMemoryError: Java heap space",
    "\tat org.apache.spark.sql.execution.joins.HashedRelationBroadcastMode.transform(Hashed.scala:64)",
    "\tat org.apache.spark.sql.execution.exchange.BroadcastExchangeExec.relationFuture(Exchange.scala:197)",
    "py4j.protocol.Py4JJavaError: An error occurred while calling o61.collectToPython.",
    ": org.apache.spark.SparkException: Not enough memory to build and broadcast the table to all worker "
    "nodes.",
)
VIEW_MISSING = _spark(
    "Traceback (most recent call last):",
    '  File "/opt/jobs/daily.py", line 14, in <module>',
    "pyspark.errors.exceptions.captured.AnalysisException: [TABLE_OR_VIEW_NOT_FOUND] The table or view "
    "`orders_clean` cannot be found. Verify the spelling and correctness of the schema and catalog. "
    "SQLSTATE: 42P01",
)
DBT_BINDER = _dbt(
    "revenue_by_month",
    'Binder Error: Referenced column "gross_amount_eur" not found in FROM clause!',
    'Candidate bindings: "gross_amount", "invoice_date"',
)

CASES += [
    (
        "a-literal-the-models-sql-writes-is-the-codes",
        (
            _dbt(
                "order_discounts",
                "Conversion Error: Could not convert string 'none' to DOUBLE",
                "",
                "LINE 13:        coalesce(discount_pct, 'none') as discount_pct,",
            ),
            {},
        ),
        Category.CODE,
        "dbt.value_error",
        ("literal 'none'",),
    ),
    (
        "a-word-cast-from-a-source-column-is-the-inputs",
        (
            _dbt(
                "stg_customers",
                "Conversion Error: Could not convert string 'active' to BOOL when casting from source column "
                "is_active",
                "",
                "LINE 15:     cast(is_active as boolean) as is_active,",
            ),
            {},
        ),
        Category.DATA,
        "dbt.value_error",
        ("is_active",),
    ),
    (
        "a-placeholder-cast-to-a-timestamp-from-a-source-column-is-the-inputs",
        (
            _dbt(
                "stg_shipments",
                'Conversion Error: invalid timestamp field format: "TBD", expected format is (YYYY-MM-DD '
                "HH:MM:SS[.US][±HH:MM| ZONE]) when casting from source column eta",
                "",
                "LINE 15:     cast(eta as timestamp) as eta,",
            ),
            {},
        ),
        Category.DATA,
        "dbt.value_error",
        ("'TBD'", "eta"),
    ),
    (
        "a-word-duckdb-cannot-read-as-a-number-is-the-models",
        (
            _dbt(
                "fct_shipments",
                'Conversion Error: Failed to cast value to numerical: "express"',
                "",
                "LINE 9:     cast(service_level as integer) as service_level,",
            ),
            {},
        ),
        Category.CODE,
        "dbt.value_error",
        ("'express'",),
    ),
    (
        "an-input-column-of-another-type",
        (
            _analysis(
                "trim(customer)",
                "customer",
                "STRUCT<id: BIGINT, name: STRING>",
                "'Project [amount#6, customer#7, 'upper(trim(customer#7, None)) AS customer_norm#19]\n"
                "+- Relation [amount#6,customer#7,order_id#8L] json\n",
            ),
            {},
        ),
        Category.DATA,
        "spark.input_column_type",
        ("customer", "STRUCT"),
    ),
    (
        "a-column-the-job-derives-is-not-the-inputs",
        (
            _analysis(
                "upper(total)",
                "total",
                "DOUBLE",
                "'Project [upper(total#19) AS t#20]\n"
                "+- Project [(amount#6 * 2.0) AS total#19]\n"
                "   +- Relation [amount#6,customer#7] json\n",
            ),
            {},
        ),
        None,
        "!spark.input_column_type",
        (),
    ),
    (
        "a-view-the-job-registers-under-another-name",
        (
            VIEW_MISSING,
            {
                "daily.py": 'clean.createOrReplaceTempView("orders_cleaned")\n'
                'spark.sql("select * from orders_clean")\n'
            },
        ),
        Category.CODE,
        "spark.missing_input",
        ("orders_cleaned",),
    ),
    (
        "a-table-the-job-does-not-register-stays-the-inputs",
        (VIEW_MISSING, {"daily.py": 'spark.sql("select * from orders_clean")\n'}),
        Category.DATA,
        "spark.missing_input",
        (),
    ),
    (
        "a-broadcast-the-job-forces",
        (BROADCAST_OOM, {"enrich.py": 'enriched = F.broadcast(events).join(devices, "device_id")\n'}),
        Category.CODE,
        "spark.memory_oom",
        ("F.broadcast(events)",),
    ),
    (
        "a-broadcast-spark-chose-stays-a-setting",
        (
            BROADCAST_OOM,
            {"enrich.py": 'enriched = events.join(devices, "device_id")\nsc.broadcast(lookup)\n'},
        ),
        Category.CONFIG,
        "spark.memory_oom",
        (),
    ),
    (
        "a-column-a-project-variable-names",
        (DBT_BINDER, {"revenue_by_month.sql": "select sum({{ var('revenue_column') }}) as revenue from t\n"}),
        Category.CONFIG,
        "dbt.missing_column",
        ("revenue_column", "gross_amount_eur"),
    ),
    (
        "a-column-the-model-spells-is-not-the-variables",
        (
            DBT_BINDER,
            {"revenue_by_month.sql": "select sum(gross_amount_eur) * {{ var('rate') }} as revenue from t\n"},
        ),
        None,
        "",
        ("!var",),
    ),
    (
        "a-column-the-model-renamed-and-still-keys-on",
        (
            _dbt(
                "fct_orders",
                'Binder Error: Referenced column "order_id" not found in FROM clause!',
                'Candidate bindings: "order_key", "customer_key", "updated_at"',
            ),
            {
                "fct_orders.sql": "{{ config(materialized='incremental', unique_key='order_id') }}\n"
                "select o.order_id as order_key, customer_id as customer_key, updated_at from src o\n"
            },
        ),
        Category.CODE,
        "dbt.missing_column",
        ("order_key", "still uses the old name"),
    ),
    (
        # the model renames another column; the missing one is its input's
        "a-rename-of-another-column-is-not-the-missing-ones",
        (
            _dbt(
                "fct_orders",
                'Binder Error: Referenced column "order_id" not found in FROM clause!',
                'Candidate bindings: "order_ref", "customer_id"',
            ),
            {"fct_orders.sql": "select order_id, customer_id as customer_key from src\n"},
        ),
        Category.DATA,
        "dbt.missing_column",
        ("!still uses the old name",),
    ),
    (
        # the alias is not what the warehouse offers: an aggregate's name, not a rename
        "an-alias-the-warehouse-does-not-offer",
        (
            _dbt(
                "fct_orders",
                'Binder Error: Referenced column "order_id" not found in FROM clause!',
                'Candidate bindings: "order_ref", "customer_id"',
            ),
            {"fct_orders.sql": "select order_id as id_of_order, customer_id from src\n"},
        ),
        None,
        "dbt.missing_column",
        ("!still uses the old name",),
    ),
    (
        "an-empty-count-far-above-the-error",
        (
            _spark("INFO acme.fx: fx_rates dt=2026-12-06 columns=['currency', 'rate'] rows=0")
            + _spark(
                *(f"INFO MemoryStore: Block broadcast_{i} stored as values in memory" for i in range(120))
            )
            + "Traceback (most recent call last):\n"
            '  File "/opt/jobs/fx.py", line 20, in <module>\n'
            "    rate = fx.first()['rate']\n"
            "TypeError: 'NoneType' object is not subscriptable\n",
            {},
        ),
        Category.DATA,
        "generic.input_broke_code",
        (),
    ),
    (
        "the-failing-line-is-quoted-from-the-source",
        _task(
            "\n    @task\n    def load(rows):\n        seen = set()\n        seen.add([r['id'], r['day']])\n",
            "seen.add([r['id'], r['day']])",
            "TypeError: unhashable type: 'list'",
        ),
        Category.CODE,
        "generic.python_exception",
        ("seen.add([r['id'], r['day']])",),
    ),
]


@pytest.mark.parametrize(
    ("given", "category", "rule", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_where_the_fix_goes(
    tmp_path: Path,
    given: tuple[str, dict[str, str]],
    category: Category | None,
    rule: str,
    words: tuple[str, ...],
) -> None:
    log, artifacts = given
    result, said = offline_answer(tmp_path, log, artifacts)
    assert_reading(result, said, category, rule, words)


@pytest.mark.parametrize(
    ("line", "refused"),
    [
        (
            "Error: Not allowed to specify max heap(Xmx) memory settings through java options (was -Xmx6g).",
            True,
        ),
        ("Error: Must specify a primary resource (JAR or Python or R file)", True),
        ("Error: --num-executors requires an integer", True),
        # any other line starting with "Error:" is not spark-submit refusing its arguments
        ("Error: java.lang.OutOfMemoryError: Java heap space", False),
        ("Error: connection to the metastore lost, retrying", False),
    ],
)
def test_only_spark_submits_own_refusals_end_the_log(line: str, refused: bool) -> None:
    pattern = next(p.compiled() for p in driverlog.PATTERNS if p.code == S.SUBMIT_REFUSED)
    assert (pattern.search(line) is not None) is refused
