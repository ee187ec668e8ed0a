"""An error quoting a value the job's own Spark settings hold is the setting's (spark.setting_in_error)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from airflow_pipeline_debugger.domain import Category
from airflow_pipeline_debugger.engine.offline import OfflineSettings, analyze_files

pytestmark = pytest.mark.unit

SETTINGS = OfflineSettings.load(use_model=False)

_FRAMES = """Traceback (most recent call last):
  File "/jobs/returns_sink.py", line 41, in <module>
    main()
"""


def _answer(tmp_path: Path, error: str, properties: dict[str, str]) -> tuple[str, str, str]:
    """Category, rule and summary ``analyze`` gives a driver log ending in ``error``, with an event log."""
    log = tmp_path / "driver.log"
    log.write_text(
        "26/12/07 19:00:01 INFO SparkContext: Running Spark version 4.0.0\n"
        "26/12/07 19:00:03 INFO ReturnsSink: writing returns\n"
        f"{_FRAMES}{error}\n"
        "26/12/07 19:00:04 INFO SparkContext: Successfully stopped SparkContext\n",
        encoding="utf-8",
    )
    folder = tmp_path / "eventlog_v2_local-1"
    folder.mkdir()
    events = [
        {"Event": "SparkListenerLogStart", "Spark Version": "4.0.0"},
        {
            "Event": "SparkListenerEnvironmentUpdate",
            "JVM Information": {},
            "Spark Properties": {"spark.master": "local[2]", "spark.app.name": "returns", **properties},
            "Hadoop Properties": {},
            "System Properties": {},
            "Classpath Entries": {},
        },
        {
            "Event": "SparkListenerApplicationStart",
            "App Name": "returns",
            "App ID": "local-1",
            "Timestamp": 1,
        },
    ]
    (folder / "events_1_local-1").write_text("\n".join(map(json.dumps, events)) + "\n", encoding="utf-8")
    result = analyze_files([log], [folder], SETTINGS).result
    return result.category.value, result.root_cause.rule_id, result.root_cause.summary


QUOTED = [
    (
        "save mode",
        "pyspark.errors.exceptions.captured.AnalysisException: [INVALID_SAVE_MODE] The specified save mode "
        '"apend" is invalid. SQLSTATE: 42000',
        {"spark.acme.sink.mode": "apend"},
        "spark.acme.sink.mode",
    ),
    (
        "data source",
        "pyspark.errors.exceptions.captured.SparkClassNotFoundException: [DATA_SOURCE_NOT_FOUND] Failed to "
        "find the data source: parquett. SQLSTATE: 42K02",
        {"spark.acme.output_format": "parquett"},
        "spark.acme.output_format",
    ),
    (
        "a number out of range",
        "pyspark.errors.exceptions.captured.IllegalArgumentException: requirement failed: Sampling fraction "
        "(5.0) must be on interval [0, 1] without replacement",
        {"spark.acme.qa.sampleFraction": "5"},
        "spark.acme.qa.sampleFraction",
    ),
    (
        "a URL's host that does not resolve",
        "pyspark.errors.exceptions.captured.IllegalArgumentException: java.net.UnknownHostException: "
        "nn-prod-01.dc1.acme.internal",
        {"spark.hadoop.fs.defaultFS": "hdfs://nn-prod-01.dc1.acme.internal:8020"},
        "spark.hadoop.fs.defaultFS",
    ),
    (
        "an output path that cannot be created",
        "py4j.protocol.Py4JJavaError: java.io.IOException: Mkdirs failed to create "
        "file:/proc/warehouse/curated/run_date=2026-12-06/_temporary",
        {"spark.acme.output.base": "/proc/warehouse/curated"},
        "spark.acme.output.base",
    ),
]


@pytest.mark.parametrize(("case", "error", "properties", "key"), QUOTED, ids=[q[0] for q in QUOTED])
def test_a_value_the_job_set_is_the_settings_fault(
    tmp_path: Path, case: str, error: str, properties: dict[str, str], key: str
) -> None:
    category, rule, summary = _answer(tmp_path, error, properties)
    assert (category, rule) == (Category.CONFIG.value, "spark.setting_in_error"), summary
    assert key in summary


NOT_QUOTED = [
    # a blind review's: the run's date quoted by a data check; a count an index error prints
    (
        "the run date in a data check",
        "Exception: Data quality check failed: orders_raw has 0 rows for business date 2024-06-01 "
        "(expected > 0)",
        {"spark.acme.run_date": "2024-06-01"},
    ),
    (
        "a table name in a row count",
        "Exception: orders_raw_daily has 0 rows for this run",
        {"spark.acme.source_table": "orders_raw_daily"},
    ),
    (
        "an executor count an index error prints",
        "py4j.protocol.Py4JJavaError: java.lang.ArrayIndexOutOfBoundsException: Index 4 out of bounds for "
        "length 4",
        {"spark.executor.instances": "4", "spark.acme.batch_size": "4"},
    ),
    (
        "a boolean the error happens to say",
        "pyspark.errors.exceptions.captured.AnalysisException: [UNRESOLVED_COLUMN] A column with name `true` "
        "cannot be resolved.",
        {"spark.sql.adaptive.enabled": "true"},
    ),
    (
        "a number among the bounds an error states",
        "pyspark.errors.exceptions.captured.IllegalArgumentException: requirement failed: Sampling fraction "
        "(5.0) must be on interval [0, 1] without replacement",
        {"spark.sql.shuffle.partitions": "1"},
    ),
    (
        "a number in an error that is no range check",
        "pyspark.errors.exceptions.captured.AnalysisException: [DIVIDE_BY_ZERO] Division by zero at row 8.",
        {"spark.sql.shuffle.partitions": "8"},
    ),
    (
        "the input path in an error about the data under it",
        "pyspark.errors.exceptions.captured.SparkException: [MALFORMED_RECORD_IN_PARSING] Malformed records "
        "are detected in record parsing: file:/data/landing/orders/part-0.csv",
        {"spark.acme.input.root": "/data/landing/orders"},
    ),
    (
        "a URL's host that refused",
        "pyspark.errors.exceptions.captured.PythonException: ConnectionRefusedError: [Errno 111] Connection "
        "refused: refdata.acme.internal",
        {"spark.acme.refdata.url": "http://refdata.acme.internal:8080/v1"},
    ),
    (
        "a word inside another",
        "pyspark.errors.exceptions.captured.AnalysisException: [INVALID_SAVE_MODE] The specified save mode "
        '"overwrites" is invalid.',
        {"spark.acme.sink.mode": "overwrite"},
    ),
]


@pytest.mark.parametrize(("case", "error", "properties"), NOT_QUOTED, ids=[q[0] for q in NOT_QUOTED])
def test_a_value_that_says_nothing_of_the_setting_is_not_blamed(
    tmp_path: Path, case: str, error: str, properties: dict[str, str]
) -> None:
    _, rule, _ = _answer(tmp_path, error, properties)
    assert rule != "spark.setting_in_error"


def test_a_secret_named_property_is_never_kept(tmp_path: Path) -> None:
    """A token quoted by the error is not matched: its property is dropped before any rule reads it."""
    error = "pyspark.errors.exceptions.captured.IllegalArgumentException: bad token s3cr3t-refdata-77"
    _, rule, summary = _answer(tmp_path, error, {"spark.acme.refdata.token": "s3cr3t-refdata-77"})
    assert rule != "spark.setting_in_error"
    assert "spark.acme.refdata.token" not in summary


@pytest.mark.parametrize(
    "key",
    [
        "spark.executorEnv.DB_PASS",
        "spark.executorEnv.PGPASS",
        "spark.kubernetes.driverEnv.WAREHOUSE",
        "spark.acme.snowflake.passphrase",
        "spark.acme.openai.apikey",
        "spark.hadoop.fs.azure.sas.raw.acct.blob.core.windows.net",
        "spark.acme.private_key_path",
    ],
)
def test_a_property_that_may_hold_a_secret_never_reaches_the_facts(tmp_path: Path, key: str) -> None:
    from airflow_pipeline_debugger.engine.offline import collect_files

    _answer(tmp_path, "pyspark.errors.exceptions.captured.AnalysisException: boom", {key: "Hunter2xyzQ"})
    bundle = collect_files(
        [tmp_path / "driver.log"],
        [tmp_path / "eventlog_v2_local-1"],
        limits=SETTINGS.limits,
        adapters=SETTINGS.adapters,
    )
    assert key not in bundle.facts["spark"]["settings"]
    assert all("Hunter2xyzQ" not in e.content for e in bundle.evidence)


def test_the_settings_are_bounded(tmp_path: Path) -> None:
    """A hostile event log with thousands of properties keeps a bounded number of short values."""
    from airflow_pipeline_debugger.adapters.spark.eventlog import MAX_SETTING_CHARS, MAX_SETTINGS
    from airflow_pipeline_debugger.engine.offline import collect_files

    many = {f"spark.acme.k{i}": "v" * 500 for i in range(5_000)}
    _answer(tmp_path, "pyspark.errors.exceptions.captured.AnalysisException: boom", many)
    bundle = collect_files(
        [tmp_path / "driver.log"],
        [tmp_path / "eventlog_v2_local-1"],
        limits=SETTINGS.limits,
        adapters=SETTINGS.adapters,
    )
    kept = bundle.facts["spark"]["settings"]
    assert len(kept) == MAX_SETTINGS
    assert all(len(v) <= MAX_SETTING_CHARS for v in kept.values())
