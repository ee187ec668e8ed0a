"""Where the fix goes for the families the practice set's first runs showed answered wrong (issue 19).

Each row is a log written for this test (not copied from an eval case) in the shape the tool prints,
run through the offline path an operator uses (``analyze --no-llm``), with the category the fix goes
to, the rule that must answer (``""``: any) and words the answer must name. Distractors sit beside
each family: the same exception where the other reading holds.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support.offline_rule import SETTINGS, assert_answer, offline_answer

from airflow_pipeline_debugger.domain import Category
from airflow_pipeline_debugger.engine.offline import analyze_files
from airflow_pipeline_debugger.heuristics.generic.error_codes import quoted_name
from airflow_pipeline_debugger.heuristics.terminal import misspelt

HEAD = "[2026-12-06T02:00:00.000+0000] {logging_mixin.py:190} INFO - "


def _task(*info: str, frame: str, source: str, error: str) -> str:
    """An Airflow task log: INFO lines of the task's logger, then the traceback it died with."""
    return (
        "".join(f"{HEAD}{line}\n" for line in info)
        + "[2026-12-06T02:00:01.000+0000] {taskinstance.py:3311} ERROR - Task failed with exception\n"
        + "Traceback (most recent call last):\n"
        + f'  File "/opt/airflow/dags/{frame}.py", line 30, in {frame}\n'
        + f"    {source}\n"
        + f"{error}\n"
    )


def _spark(*lines: str) -> str:
    return "".join(f"26/12/06 02:00:00 {line}\n" for line in lines)


CASES = [
    # (id, log, category, rule id or "", words the root cause names)
    (
        "udf-calling-a-refused-service-is-the-network",
        _spark(
            "ERROR Executor: Exception in task 0.0 in stage 3.0 (TID 3)",
            "org.apache.spark.api.python.PythonException: Traceback (most recent call last):",
        )
        + '  File "/opt/jobs/geo.py", line 14, in lookup\n'
        "    with urllib.request.urlopen(url, timeout=5) as r:\n"
        "urllib.error.URLError: <urlopen error [Errno 111] Connection refused>\n",
        Category.INFRA,
        "generic.network_error",
        (),
    ),
    (
        "udf-bug-stays-the-udf",
        _spark(
            "ERROR Executor: Exception in task 0.0 in stage 3.0 (TID 3)",
            "org.apache.spark.api.python.PythonException: Traceback (most recent call last):",
        )
        + '  File "/opt/jobs/geo.py", line 14, in lookup\n'
        "    return REGIONS[code]\n"
        "KeyError: 'at'\n",
        Category.CODE,
        "spark.udf_error",
        ("KeyError",),
    ),
    (
        "spark-setting-with-a-bad-value",
        "pyspark.errors.exceptions.captured.IllegalArgumentException: [INVALID_CONF_VALUE.TIME_ZONE] The "
        "value 'Europe/Old Town' in the config \"spark.sql.session.timeZone\" is invalid. Cannot resolve the "
        "given timezone. SQLSTATE: 22022\n",
        Category.CONFIG,
        "",
        ("INVALID_CONF_VALUE", "spark.sql.session.timeZone"),
    ),
    (
        "spark-settings-that-disagree",
        "org.apache.spark.SparkIllegalArgumentException: [INVALID_SPARK_CONFIG.INVALID_EXECUTOR_HEARTBEAT_"
        "INTERVAL] Invalid Spark config: The value of spark.network.timeout=10000ms must be greater than the "
        "value of spark.executor.heartbeatInterval=30000ms. SQLSTATE: 42616\n",
        Category.CONFIG,
        "",
        ("INVALID_SPARK_CONFIG",),
    ),
    (
        "postgres-configuration-limit",
        _task(
            "running the monthly rollup",
            frame="rollup",
            source="cur.execute(ROLLUP_SQL)",
            error="psycopg2.errors.ConfigurationLimitExceeded: temporary file size exceeds temp_file_limit "
            "(1024kB)",
        ),
        Category.CONFIG,
        "",
        ("53400",),
    ),
    (
        "a-port-that-is-not-postgres",
        _task(
            "connecting to the warehouse",
            frame="load",
            source="conn = hook.get_conn()",
            error='psycopg.OperationalError: connection failed: connection to server at "10.0.0.5", port '
            "9100 failed: received invalid response to SSL negotiation: H",
        ),
        Category.CONFIG,
        "",
        ("port",),
    ),
    (
        "duckdb-external-access-off",
        "09:58:58    Runtime Error in model stg_bank (models/staging/stg_bank.sql)\n"
        '  Permission Error: Cannot access file "/data/landing/bank_20261206.csv" - file system operations '
        "are disabled by configuration\n",
        Category.CONFIG,
        "",
        ("enable_external_access",),
    ),
    (
        "worker-interpreter-not-installed",
        _spark(
            "ERROR Executor: Exception in task 1.0 in stage 3.0 (TID 4)",
        )
        + 'java.io.IOException: Cannot run program "/opt/envs/etl/bin/python3": error=2, No such file or '
        "directory\n",
        Category.CONFIG,
        "generic.file_not_found",
        ("/opt/envs/etl/bin/python3", "not installed"),
    ),
    (
        "int-of-a-fraction-is-the-code",
        _task(
            "read 12 VAT rates",
            frame="vat",
            source='rate = int(row["vat_rate"])',
            error="ValueError: invalid literal for int() with base 10: '0.21'",
        ),
        Category.CODE,
        "",
        ("int()",),
    ),
    (
        "int-of-text-is-the-input",
        _task(
            "read 12 VAT rates",
            frame="vat",
            source='rate = int(row["vat_rate"])',
            error="ValueError: invalid literal for int() with base 10: 'N/A'",
        ),
        Category.DATA,
        "",
        (),
    ),
    (
        "a-signature-that-does-not-verify-is-the-secret",
        _task(
            "received batch 2026-12-06 (3 files)",
            frame="verify",
            source='raise ValueError(f"HMAC signature mismatch for batch {b}: {got} != computed {want}")',
            error="ValueError: HMAC signature mismatch for batch 2026-12-06: sha256=ab12 != computed "
            "sha256=9f3c",
        ),
        Category.CONFIG,
        "",
        ("signature",),
    ),
    (
        "a-count-the-check-compared-is-the-data",
        _task(
            "rows today=1412, median of the last 5 days=48120",
            frame="guard",
            source="assert len(rows) >= 0.5 * median, msg",
            error="AssertionError: volume guard: 1412 rows < 50% of median 48120",
        ),
        Category.DATA,
        "generic.data_check",
        ("1412 rows",),
    ),
    (
        "a-key-misspelt-in-the-code",
        _task(
            "columns: ['refund_id', 'order_id', 'amount', 'currency']",
            frame="refunds",
            source='total += row["ammount"]',
            error="KeyError: 'ammount'",
        ),
        Category.CODE,
        "",
        ("ammount",),
    ),
    (
        "a-key-renamed-upstream",
        _task(
            "columns: ['refund_id', 'order_id', 'refund_amount', 'currency']",
            frame="refunds",
            source='total += row["amount"]',
            error="KeyError: 'amount'",
        ),
        Category.DATA,
        "generic.input_broke_code",
        ("amount",),
    ),
    (
        "a-type-name-is-not-a-column",
        _task(
            "columns: ['store_id', 'sku', 'on_hand']",
            frame="stores",
            source="n = len(stores)",
            error="TypeError: object of type 'generator' has no len()",
        ),
        Category.CODE,
        "",
        (),
    ),
    (
        "none-after-a-null-count-is-the-data",
        _task(
            "read 5120 addresses",
            "null counts: {'street': 0, 'postcode': 37, 'country': 0}",
            frame="addresses",
            source='pc = row["postcode"].strip()',
            error="AttributeError: 'NoneType' object has no attribute 'strip'",
        ),
        Category.DATA,
        "generic.input_broke_code",
        ("null",),
    ),
    (
        "none-with-every-null-count-zero-is-the-code",
        _task(
            "read 5120 addresses",
            "null counts: {'street': 0, 'postcode': 0, 'country': 0}",
            frame="addresses",
            source='pc = lookup.get(row["postcode"]).strip()',
            error="AttributeError: 'NoneType' object has no attribute 'strip'",
        ),
        Category.CODE,
        "",
        (),
    ),
    (
        "a-read-failure-names-its-innermost-cause",
        "Traceback (most recent call last):\n"
        '  File "/opt/jobs/orders.py", line 12, in <module>\n'
        "py4j.protocol.Py4JJavaError: An error occurred while calling o47.parquet.\n"
        ": org.apache.spark.SparkException: [FAILED_READ_FILE.NO_HINT] Encountered error while reading file "
        "file:///data/orders/dt=2026-12-06/part-00000.csv.  SQLSTATE: KD001\n"
        "\tat org.apache.spark.sql.errors.QueryExecutionErrors$.cannotReadFilesError(QEE.scala:920)\n"
        "Caused by: org.apache.spark.SparkException: [MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] "
        "Malformed records are detected in record parsing: [ORD-1,2,null].\n"
        "\tat org.apache.spark.sql.catalyst.util.FailureSafeParser.parse(FailureSafeParser.scala:60)\n"
        "\t... 33 more\n"
        "Caused by: java.time.format.DateTimeParseException: Text '05/12/2026' could not be parsed at "
        "index 0\n"
        "\tat java.base/java.time.format.DateTimeFormatter.parse(DateTimeFormatter.java:1880)\n"
        "\t... 41 more\n",
        Category.DATA,
        "generic.error_code",
        ("innermost cause", "05/12/2026"),
    ),
    (
        "a-refused-call-names-the-address-the-task-was-calling",
        _task(
            "posting 40 orders to https://api.partner.example/v2/orders",
            "retry policy loaded from settings.py:117",
            frame="push",
            source="resp = session.post(url, json=batch)",
            error="ConnectionRefusedError: [Errno 111] Connection refused",
        ),
        Category.INFRA,
        "generic.network_error",
        ("https://api.partner.example/v2/orders",),
    ),
    (
        "a-spark-driver-calling-a-failing-service",
        _spark("INFO SparkContext: Running Spark version 4.0.1", "INFO acme.ref: fetching reference rates")
        + "Traceback (most recent call last):\n"
        '  File "/opt/jobs/enrich.py", line 22, in <module>\n'
        "    rates = json.load(urllib.request.urlopen(REF_URL, timeout=30))\n"
        "urllib.error.HTTPError: HTTP Error 504: Gateway Timeout\n",
        Category.INFRA,
        "",
        ("504",),
    ),
    (
        "a-spark-driver-check-on-duplicates",
        _spark("INFO SparkContext: Running Spark version 4.0.1") + "Traceback (most recent call last):\n"
        '  File "/opt/jobs/clicks.py", line 30, in <module>\n'
        '    raise RuntimeError(f"uniqueness guard failed: {n} event_id values occur more than once")\n'
        "RuntimeError: uniqueness guard failed: 4000 event_id values occur more than once (rows=16000)\n",
        Category.DATA,
        "generic.data_check",
        ("4000 event_id",),
    ),
    (
        "a-statistic-on-too-few-values",
        _task(
            "station ST-07: 1 reading today",
            frame="thresholds",
            source="sd = statistics.stdev(values)",
            error="statistics.StatisticsError: stdev requires at least two data points",
        ),
        Category.DATA,
        "",
        ("two data points",),
    ),
    (
        "an-unqualified-table-missing-on-the-search-path-the-session-set",
        _task(
            "session search_path=analytcs",
            frame="report",
            source="cur.execute(REPORT_SQL, (ds,))",
            error='psycopg2.errors.UndefinedTable: relation "daily_orders" does not exist',
        ),
        Category.CONFIG,
        "generic.missing_object",
        ("search_path", "analytcs"),
    ),
    (
        "a-qualified-table-missing-is-not-the-search-path",
        _task(
            "session search_path=analytics",
            frame="report",
            source="cur.execute(REPORT_SQL, (ds,))",
            error='psycopg2.errors.UndefinedTable: relation "analytics.fct_orders" does not exist',
        ),
        Category.CODE,
        "generic.missing_object",
        (),
    ),
    (
        "a-key-the-input-carries-as-a-new-value",
        _task(
            "read 4200 members, columns=['member_id', 'tier', 'points']",
            "distinct tiers seen: {'bronze': 2540, 'diamond': 3, 'gold': 423}",
            frame="points",
            source="rate = MULTIPLIER[row['tier']]",
            error="KeyError: 'diamond'",
        ),
        Category.DATA,
        "generic.input_broke_code",
        ("the value 'diamond'",),
    ),
    (
        "a-key-in-another-case-than-the-input-is-the-code",
        _task(
            "distinct country codes: ['AT', 'DE', 'FR']",
            frame="regions",
            source="region = REGION_BY_COUNTRY[code.lower()]",
            error="KeyError: 'at'",
        ),
        Category.CODE,
        "",
        (),
    ),
    (
        "a-spark-driver-lookup-of-a-value-the-input-brought",
        _spark("INFO SparkContext: Running Spark version 4.0.1")
        + "2026-12-06 02:00:01,000 INFO acme.alerts: distinct regions in input: "
        "['EMEA', 'APAC-SOUTH', 'NA']\n"
        "Traceback (most recent call last):\n"
        '  File "/opt/jobs/alerts.py", line 40, in <module>\n'
        "    limit = THRESHOLDS[row.region]\n"
        "KeyError: 'APAC-SOUTH'\n",
        Category.DATA,
        "generic.input_broke_code",
        ("APAC-SOUTH",),
    ),
    # what the review of this pass showed read wrongly, kept as distractors
    (
        "the-default-search-path-says-nothing",
        _task(
            "session settings: search_path=public, statement_timeout=600000",
            frame="report",
            source="cur.execute(REPORT_SQL)",
            error='psycopg2.errors.UndefinedTable: relation "ordrs" does not exist',
        ),
        Category.CODE,
        "generic.missing_object",
        (),
    ),
    (
        "a-schema-signature-is-not-a-secret",
        _task(
            "read 9 columns from the partner file",
            frame="validate",
            source='raise ValueError(f"schema signature mismatch: expected 12 columns, got {n}")',
            error="ValueError: schema signature mismatch: expected 12 columns, got 9",
        ),
        None,
        "",
        (),
    ),
    (
        "null-counts-all-zero-are-not-nulls",
        _task(
            "null counts: {'postcode': 0, 'city': 0, 'amount': 0}, total rows=1200",
            frame="convert",
            source='rate = RATES[row["currency"]]',
            error="KeyError: 'currency'",
        ),
        Category.CODE,
        "",
        (),
    ),
    (
        "an-empty-target-is-not-an-empty-input",
        _task(
            "truncated staging table; rows in target=0",
            "extracted 5400 rows from source",
            frame="kpis",
            source="share = part / total",
            error="ZeroDivisionError: division by zero",
        ),
        Category.CODE,
        "",
        (),
    ),
    (
        "a-plural-column-is-a-rename-not-a-typo",
        _task(
            "columns: order_id, amounts, currency",
            frame="totals",
            source='total += row["amount"]',
            error="KeyError: 'amount'",
        ),
        Category.DATA,
        "generic.input_broke_code",
        (),
    ),
    (
        "a-limit-of-the-code-is-not-a-data-finding",
        _task(
            "built payload for the partner API",
            frame="push",
            source='raise ValueError(f"payload of {n} records > max_batch_size {limit}")',
            error="ValueError: payload of 1200 records > max_batch_size 1000",
        ),
        Category.CODE,
        "",
        (),
    ),
    (
        "zero-data-rows-before-a-division",
        _task(
            "header: ['order_id', 'amount']",
            "read 0 data rows from orders_2026-12-06.csv",
            frame="kpis",
            source="avg = total / len(rows)",
            error="ZeroDivisionError: division by zero",
        ),
        Category.DATA,
        "generic.input_broke_code",
        ("empty",),
    ),
]


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
    result, said = offline_answer(tmp_path, log)
    if category is None:  # a distractor of a set-up reading: anything but config
        assert result.category is not Category.CONFIG, said
        return
    assert_answer(result, said, category, rule, words)


def test_the_input_shown_in_a_sibling_log_of_the_same_failure(
    tmp_path: Path,
) -> None:
    """dbt's console shows the step's report that the excerpt of its dbt.log does not reach."""
    error = "  IndexError: list index out of range\n"
    console = tmp_path / "dbt_console.log"
    console.write_text(
        "02:00:00  audit: raw.fx_rates rows for 2026-12-06=0 (previous day 8)\n"
        "02:00:01  Runtime Error in model fx_rates (models/fx_rates.py)\n"
        "  Python model failed:\n  Traceback (most recent call last):\n"
        '    File "models/fx_rates.py", line 9, in model\n      eur = rows[0]\n' + error,
        encoding="utf-8",
    )
    dbt_log = tmp_path / "dbt.log"
    dbt_log.write_text(
        "".join(
            f"02:00:00.{i:06d} [debug] [MainThread]: Acquiring new duckdb connection\n" for i in range(600)
        )
        + "02:00:01.000000 [error] [MainThread]:   Runtime Error in model fx_rates (models/fx_rates.py)\n"
        + error,
        encoding="utf-8",
    )
    result = analyze_files([dbt_log, console], [], SETTINGS).result
    assert result.category is Category.DATA, result.root_cause.title
    assert result.root_cause.rule_id == "generic.input_broke_code"


def test_a_python_model_calling_a_service_is_not_the_warehouse(
    tmp_path: Path,
) -> None:
    """A connection error raised in a dbt Python model's own code is the service it calls."""
    console = tmp_path / "dbt_console.log"
    console.write_text(
        "02:00:00  Running with dbt=1.11.2\n"
        "02:00:00  Registered adapter: duckdb=1.11.1\n"
        "02:00:01  1 of 1 START python table model main.fx_daily ....... [RUN]\n"
        "02:00:02  1 of 1 ERROR creating python table model main.fx_daily .. [ERROR in 0.9s]\n"
        "02:00:02  Failure in model fx_daily (models/fx_daily.py)\n"
        "02:00:02    Runtime Error in model fx_daily (models/fx_daily.py)\n"
        "  Python model failed:\n"
        "  Traceback (most recent call last):\n"
        '    File "models/fx_daily.py", line 14, in model\n'
        "      body = resp.read()\n"
        "  ConnectionResetError: [Errno 104] Connection reset by peer\n",
        encoding="utf-8",
    )
    result = analyze_files([console], [], SETTINGS).result
    root = result.root_cause
    assert result.category is Category.INFRA, root.title
    assert "warehouse" not in root.title
    assert "ConnectionResetError" in root.title or "ConnectionResetError" in root.summary


@pytest.mark.parametrize(
    ("wanted", "present", "expected"),
    [
        ("ammount", "amount", True),  # a letter doubled
        ("adress", "address", True),  # a letter dropped
        ("regoin", "region", True),  # two letters swapped
        ("amount", "amount_usd", False),  # a word added: a rename
        ("customer_id", "customerId", False),  # case and separators: a producer's convention
        ("qty", "qtx", False),  # too short to tell
        ("status", "state", False),  # two letters apart
    ],
)
def test_misspelt(wanted: str, present: str, expected: bool) -> None:
    assert misspelt(wanted, present) is expected


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("KeyError: 'customer_id'", "customer_id"),
        ("TypeError: object of type 'generator' has no len()", ""),
        ("AttributeError: 'NoneType' object has no attribute 'strip'", ""),
        ("AttributeError: 'DataFrame' object has no attribute 'channel'", "channel"),
        ("TypeError: unsupported operand type(s) for +: 'float' and 'dict'", ""),
        ("TypeError: unhashable type: 'list'", ""),
        ("TypeError: '>' not supported between instances of 'method' and 'int'", ""),
    ],
)
def test_quoted_name_is_a_key_not_a_type(line: str, name: str) -> None:
    assert quoted_name(line) == name
