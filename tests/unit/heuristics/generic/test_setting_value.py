"""A failing value the job's own source shows was read from the set-up: the fix goes to the setting.

Each row is a DAG or job file written for this test and the log it would fail with, run through the
offline path (``analyze --no-llm`` with the file as an artifact). Distractors beside each family: the
same exception where the value came from the input or the code, where the library under the frame
read data a setting only pointed to, or where no source was given.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from support.offline_rule import SETTINGS

from airflow_pipeline_debugger.domain import Category, EvidenceKind, FailureContext, TaskKey
from airflow_pipeline_debugger.engine.offline import analyze_files, collect_files

HEAD = "[2026-12-06T02:00:00.000+0000] {logging_mixin.py:190} INFO - "
RULE = "generic.setting_value"


def _run(
    tmp_path: Path,
    source: str,
    at: str,
    error: str,
    *,
    function: str = "load",
    below: str = "",
    give_source: bool = True,
):
    """Write ``source`` as dags/job.py and the log of a traceback raised at the line holding ``at``."""
    source = textwrap.dedent(source)
    line = next(i for i, text in enumerate(source.splitlines(), 1) if at in text)
    dag = tmp_path / "job.py"
    dag.write_text(source, encoding="utf-8")
    log = tmp_path / "task.log"
    log.write_text(
        f"{HEAD}loading the day's rows\n"
        "[2026-12-06T02:00:01.000+0000] {taskinstance.py:3311} ERROR - Task failed with exception\n"
        "Traceback (most recent call last):\n"
        f'  File "/opt/airflow/dags/job.py", line {line}, in {function}\n'
        f"    {at}\n" + below + f"{error}\n",
        encoding="utf-8",
    )
    result = analyze_files(
        [log], [dag] if give_source else [], SETTINGS, context=FailureContext(key=TaskKey(task_id="load"))
    ).result
    return result, f"{result.root_cause.title} {result.root_cause.summary}"


VARIABLE_RATES = """
    import json
    from airflow.sdk import Variable, task

    @task
    def load(rows):
        rates = json.loads(Variable.get("fx_rates_to_eur"))
        return sum(r["amount"] * rates[r["currency"]] for r in rows)
"""
FILE_RATES = """
    import json
    from airflow.sdk import Variable, task

    @task
    def load(rows):
        rates = json.load(open("/data/inbound/rates.json"))
        return sum(r["amount"] * rates[r["currency"]] for r in rows)
"""
EXTRA_CHUNK = """
    from airflow.sdk import task
    from airflow.sdk.bases.hook import BaseHook

    @task
    def load(rows):
        extra = BaseHook.get_connection("warehouse_loader").extra_dejson
        chunk = int(extra.get("chunk_size", 500))
        for start in range(0, len(rows), chunk):
            pass
"""
INPUT_INT = """
    import csv
    from airflow.sdk import Variable, task

    @task
    def load():
        path = Variable.get("orders_path")
        rows = list(csv.DictReader(open(path)))
        return [int(r["qty"]) for r in rows]
"""
READ_BY_LIBRARY = """
    import pandas as pd
    from airflow.sdk import Variable, task

    @task
    def load():
        frame = pd.read_csv(Variable.get("orders_path"), dtype={"qty": "int64"})
        return len(frame)
"""
QUERY_FROM_VARIABLE = """
    from airflow.sdk import Variable, task

    @task
    def load(cur):
        cfg = Variable.get("reporting_config", deserialize_json=True)
        cur.execute(f"select count(*) from {cfg['source_table']}")
"""
QUERY_SPELT_IN_CODE = """
    from airflow.sdk import Variable, task

    @task
    def load(cur):
        schema = Variable.get("reporting_schema")
        cur.execute(f"select count(*) from {schema}.fct_orders")
"""
SPARK_CONF = """
    from pyspark.sql import SparkSession
    spark = SparkSession.builder.getOrCreate()
    raw = spark.conf.get("spark.acme.lookback_days", "7")
    lookback = int(raw)
"""

CASES = [
    # (id, source, failing line, error, category, rule or "" for any other, words named)
    (
        "a-key-the-variable-lacks",
        VARIABLE_RATES,
        'return sum(r["amount"] * rates[r["currency"]] for r in rows)',
        "KeyError: 'SEK'",
        Category.CONFIG,
        RULE,
        ("fx_rates_to_eur", "Variable", "SEK"),
    ),
    (
        "a-key-a-file-of-the-input-lacks-is-not-a-setting",
        FILE_RATES,
        'return sum(r["amount"] * rates[r["currency"]] for r in rows)',
        "KeyError: 'SEK'",
        None,
        "",
        (),
    ),
    (
        "zero-step-from-a-connection-extra",
        EXTRA_CHUNK,
        "for start in range(0, len(rows), chunk):",
        "ValueError: range() arg 3 must not be zero",
        Category.CONFIG,
        RULE,
        ("warehouse_loader", "chunk_size"),
    ),
    (
        "int-of-an-input-value-is-not-a-setting",
        INPUT_INT,
        'return [int(r["qty"]) for r in rows]',
        "ValueError: invalid literal for int() with base 10: 'n/a'",
        None,
        "",
        (),
    ),
    (
        "a-library-reading-data-a-setting-points-to-is-not-a-setting",
        READ_BY_LIBRARY,
        'frame = pd.read_csv(Variable.get("orders_path"), dtype={"qty": "int64"})',
        "ValueError: invalid literal for int() with base 10: 'n/a'",
        None,
        "",
        (),
    ),
    (
        "a-table-named-by-a-variable",
        QUERY_FROM_VARIABLE,
        "cur.execute(f\"select count(*) from {cfg['source_table']}\")",
        'psycopg2.errors.UndefinedTable: relation "analytics.fct_orders" does not exist',
        Category.CONFIG,
        RULE,
        ("reporting_config", "analytics.fct_orders"),
    ),
    (
        "a-table-the-code-spells-is-not-the-settings",
        QUERY_SPELT_IN_CODE,
        'cur.execute(f"select count(*) from {schema}.fct_orders")',
        'psycopg2.errors.UndefinedTable: relation "analytics.fct_orders" does not exist',
        None,
        "",
        (),
    ),
]


@pytest.mark.parametrize(
    ("source", "at", "error", "category", "rule", "words"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_where_the_failing_value_came_from(
    tmp_path: Path,
    source: str,
    at: str,
    error: str,
    category: Category | None,
    rule: str,
    words: tuple[str, ...],
) -> None:
    below = ""
    if "read_csv" in at:
        below = (
            '  File "/usr/lib/python3/site-packages/pandas/io/parsers/readers.py", line 1026, in read_csv\n'
            "    return _read(f)\n"
        )
    result, said = _run(tmp_path, source, at, error, below=below)
    if rule:
        assert result.root_cause.rule_id == rule, said
        assert result.category is category, said
    else:
        assert result.root_cause.rule_id != RULE, said
    for word in words:
        assert word in said, word


def test_a_spark_jobs_conf_at_module_level(tmp_path: Path) -> None:
    result, said = _run(
        tmp_path,
        SPARK_CONF,
        "lookback = int(raw)",
        "ValueError: invalid literal for int() with base 10: '7d'",
        function="<module>",
    )
    assert (result.root_cause.rule_id, result.category) == (RULE, Category.CONFIG), said
    assert "spark.acme.lookback_days" in said


def test_without_the_source_the_code_is_read_as_before(tmp_path: Path) -> None:
    at = 'return sum(r["amount"] * rates[r["currency"]] for r in rows)'
    result, said = _run(tmp_path, VARIABLE_RATES, at, "KeyError: 'SEK'", give_source=False)
    assert result.root_cause.rule_id != RULE, said


def test_the_setting_is_cited_from_the_source(tmp_path: Path) -> None:
    at = 'return sum(r["amount"] * rates[r["currency"]] for r in rows)'
    result, _ = _run(tmp_path, VARIABLE_RATES, at, "KeyError: 'SEK'")
    read_at = next(
        i for i, t in enumerate(textwrap.dedent(VARIABLE_RATES).splitlines(), 1) if "Variable.get" in t
    )
    # E1 is the log, E2 the source: the failing line and the line that read the Variable are cited.
    assert f"E2:L{read_at}" in result.root_cause.evidence


def test_source_files_are_collected_from_folders_and_bad_ones_reported(tmp_path: Path) -> None:
    dags = tmp_path / "dags" / "sub"
    dags.mkdir(parents=True)
    (dags / "good.py").write_text("x = 1\n", encoding="utf-8")
    (dags / "binary.py").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "dags" / "__pycache__").mkdir()
    (tmp_path / "dags" / "__pycache__" / "cached.py").write_text("y = 2\n", encoding="utf-8")
    log = tmp_path / "task.log"
    log.write_text("ERROR - Task failed with exception\nKeyError: 'a'\n", encoding="utf-8")
    bundle = collect_files([log], [tmp_path / "dags"], limits=SETTINGS.limits, adapters=SETTINGS.adapters)
    sources = [e.name for e in bundle.evidence if e.kind is EvidenceKind.SOURCE]
    errors = [e for e in bundle.evidence if e.kind is EvidenceKind.COLLECTION_ERROR]
    assert sources == ["good.py"]
    assert [e.name for e in errors] == ["source binary.py"]
    assert "binary" in errors[0].content


def test_the_fix_shows_the_read_only_command_for_the_variable(tmp_path: Path) -> None:
    at = 'return sum(r["amount"] * rates[r["currency"]] for r in rows)'
    result, _ = _run(tmp_path, VARIABLE_RATES, at, "KeyError: 'SEK'")
    blocks = [(b.code, b.changes_state) for b in result.remediation.immediate_fix_code]
    assert blocks == [("airflow variables get fx_rates_to_eur", False)]


def test_an_oversized_source_is_named_not_read_and_secrets_in_one_are_masked(tmp_path: Path) -> None:
    big = tmp_path / "generated.py"
    big.write_text("x = 1\n" * 60_000, encoding="utf-8")  # 360 KB: over the 256 KB cap
    dag = tmp_path / "load.py"
    dag.write_text('DSN = "postgresql://loader:s3cretpass@db.internal:5432/wh"\n', encoding="utf-8")
    log = tmp_path / "task.log"
    log.write_text("ERROR - Task failed with exception\nKeyError: 'a'\n", encoding="utf-8")
    bundle = collect_files([log], [big, dag], limits=SETTINGS.limits, adapters=SETTINGS.adapters)
    [error] = [e for e in bundle.evidence if e.kind is EvidenceKind.COLLECTION_ERROR]
    assert error.name == "source generated.py"
    [source] = [e for e in bundle.evidence if e.kind is EvidenceKind.SOURCE]
    assert source.name == "load.py" and "s3cretpass" not in source.content


COLUMNS_VARIABLE = """
    from airflow.sdk import Variable, task

    @task
    def load(rows):
        columns = [c.strip() for c in Variable.get("export_columns").split(",")]
        return [{c: row[c] for c in columns} for row in rows]
"""
ROUND_EXTRA = """
    from airflow.sdk import task
    from airflow.sdk.bases.hook import BaseHook

    @task
    def load(rows):
        places = BaseHook.get_connection("fx_settlement").extra_dejson["decimal_places"]
        return [round(r["amount"] * 1.1, places) for r in rows]
"""
PARTITION_CONF = """
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.getOrCreate()
    cols = [c.strip() for c in spark.conf.get("spark.acme.partition_cols").split(",")]
    df = spark.read.parquet("/data/orders")
    df.write.partitionBy(*cols).parquet("/data/out")
"""
UNRESOLVED = (
    "pyspark.errors.exceptions.captured.AnalysisException: [UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, "
    "variable, or function parameter with name `{}` cannot be resolved. Did you mean one of the following? "
    "[`order_date`, `region`]. SQLSTATE: 42703"
)

NAMED_CASES = [
    # (id, source, failing line, frame's function, error, setting read as several names or None)
    (
        "a-list-variable-split-on-another-separator-in-a-comprehension",
        COLUMNS_VARIABLE,
        "return [{c: row[c] for c in columns} for row in rows]",
        "<dictcomp>",
        "KeyError: 'order_id;amount'",
        ("export_columns", "order_id;amount"),
    ),
    (
        "a-plain-field-the-input-may-have-lost-is-not-read-as-the-settings",
        COLUMNS_VARIABLE,
        "return [{c: row[c] for c in columns} for row in rows]",
        "<dictcomp>",
        "KeyError: 'amount'",
        None,
    ),
    (
        "a-spark-conf-column-list-split-on-another-separator",
        PARTITION_CONF,
        'df.write.partitionBy(*cols).parquet("/data/out")',
        "<module>",
        UNRESOLVED.format("order_date;region"),
        ("spark.acme.partition_cols", "order_date;region"),
    ),
    (
        "a-plain-column-the-input-may-have-lost-is-not-read-as-the-settings",
        PARTITION_CONF,
        'df.write.partitionBy(*cols).parquet("/data/out")',
        "<module>",
        UNRESOLVED.format("order_dt"),
        None,
    ),
]


@pytest.mark.parametrize(
    ("source", "at", "function", "error", "words"),
    [case[1:] for case in NAMED_CASES],
    ids=[case[0] for case in NAMED_CASES],
)
def test_several_names_read_as_one_from_a_setting(
    tmp_path: Path, source: str, at: str, function: str, error: str, words: tuple[str, ...] | None
) -> None:
    result, said = _run(tmp_path, source, at, error, function=function)
    if words is None:
        assert result.root_cause.rule_id != RULE, said
        return
    assert (result.root_cause.rule_id, result.category) == (RULE, Category.CONFIG), said
    assert "several names read as one" in said
    for word in words:
        assert word in said, word


def test_a_rounding_precision_from_a_connection_extra(tmp_path: Path) -> None:
    at = 'return [round(r["amount"] * 1.1, places) for r in rows]'
    result, said = _run(
        tmp_path,
        ROUND_EXTRA,
        at,
        "TypeError: 'str' object cannot be interpreted as an integer",
        function="<listcomp>",
    )
    assert (result.root_cause.rule_id, result.category) == (RULE, Category.CONFIG), said
    assert "fx_settlement" in said and "decimal_places" in said


PATTERN_VARIABLE = """
    import re
    from airflow.sdk import Variable, task

    @task
    def load(names):
        pattern = Variable.get("invoice_file_pattern")
        rx = re.compile(pattern)
        return [n for n in names if rx.match(n)]
"""


def test_a_pattern_from_a_variable_that_does_not_compile(tmp_path: Path) -> None:
    """Python 3.13 names ``re.error`` ``PatternError``; the pattern is the Variable's."""
    below = (
        '  File "/usr/lib/python3.13/re/__init__.py", line 289, in compile\n    return _compile(pattern)\n'
    )
    result, said = _run(
        tmp_path,
        PATTERN_VARIABLE,
        "rx = re.compile(pattern)",
        "re.PatternError: missing ), unterminated subpattern at position 4",
        below=below,
    )
    assert (result.root_cause.rule_id, result.category) == (RULE, Category.CONFIG), said
    assert "invoice_file_pattern" in said


HELPER_OPTION = """
    import csv
    import gzip
    import os
    from airflow.sdk import Variable, task

    def archive(src, dst, level):
        with gzip.open(dst, "wb", compresslevel=level) as out:
            out.write(open(src, "rb").read())

    def export(rows, path, *, encoding):
        with open(path, "w", encoding=encoding) as fh:
            fh.write(rows)

    def write_rows(fh, rows, delimiter):
        csv.writer(fh, delimiter=delimiter).writerows(rows)

    @task
    def load(rows):
        level = int(os.environ.get("ARCHIVE_GZIP_LEVEL", "6"))
        archive("/data/in.csv", "/data/in.csv.gz", level)
        settings = Variable.get("export_settings", deserialize_json=True)
        export(rows, "/data/out.csv", encoding=settings["encoding"])
        archive("/data/in.csv", "/data/in.csv.gz", 11)
        export(rows, "/data/out.csv", encoding="utf-8-bom")
        write_rows(open("/data/x.csv", "w"), rows, settings["delimiter"])
        with open("/data/notes.txt", encoding="utf-8", errors="skip") as fh:
            fh.read()
"""


@pytest.mark.parametrize(
    ("caller", "helper", "error", "category", "named"),
    [
        # a setting handed to a helper, refused as the helper's option: the setting's
        (
            'archive("/data/in.csv", "/data/in.csv.gz", level)',
            ("archive", 'with gzip.open(dst, "wb", compresslevel=level) as out:'),
            "ValueError: Invalid initialization option",
            Category.CONFIG,
            "ARCHIVE_GZIP_LEVEL",
        ),
        (
            'export(rows, "/data/out.csv", encoding=settings["encoding"])',
            ("export", 'with open(path, "w", encoding=encoding) as fh:'),
            "LookupError: unknown encoding: utf-8-bom",
            Category.CONFIG,
            "export_settings",
        ),
        # a type error naming the option the setting gave; the same error naming none is the code's
        (
            'write_rows(open("/data/x.csv", "w"), rows, settings["delimiter"])',
            ("write_rows", "csv.writer(fh, delimiter=delimiter).writerows(rows)"),
            'TypeError: "delimiter" must be a 1-character string',
            Category.CONFIG,
            "export_settings",
        ),
        (
            'write_rows(open("/data/x.csv", "w"), rows, settings["delimiter"])',
            ("write_rows", "csv.writer(fh, delimiter=delimiter).writerows(rows)"),
            "TypeError: 'NoneType' object is not iterable",
            Category.CODE,
            "",
        ),
        # the same helpers given the code's own literal: the code's
        (
            'archive("/data/in.csv", "/data/in.csv.gz", 11)',
            ("archive", 'with gzip.open(dst, "wb", compresslevel=level) as out:'),
            "ValueError: Invalid initialization option",
            Category.CODE,
            "",
        ),
        (
            'export(rows, "/data/out.csv", encoding="utf-8-bom")',
            ("export", 'with open(path, "w", encoding=encoding) as fh:'),
            "LookupError: unknown encoding: utf-8-bom",
            Category.CODE,
            "",
        ),
    ],
)
def test_a_setting_handed_to_a_helper_is_still_the_setting(
    tmp_path: Path, caller: str, helper: tuple[str, str], error: str, category: Category, named: str
) -> None:
    source = textwrap.dedent(HELPER_OPTION)
    lines = source.splitlines()
    at = next(i for i, text in enumerate(lines, 1) if caller in text)
    inner = next(i for i, text in enumerate(lines, 1) if helper[1] in text)
    dag = tmp_path / "job.py"
    dag.write_text(source, encoding="utf-8")
    log = tmp_path / "task.log"
    log.write_text(
        "[2026-12-06T02:00:01.000+0000] {taskinstance.py:3311} ERROR - Task failed with exception\n"
        "Traceback (most recent call last):\n"
        f'  File "/opt/airflow/dags/job.py", line {at}, in load\n'
        f"    {caller}\n"
        f'  File "/opt/airflow/dags/job.py", line {inner}, in {helper[0]}\n'
        f"    {helper[1]}\n"
        f"{error}\n",
        encoding="utf-8",
    )
    result = analyze_files([log], [dag], SETTINGS, context=FailureContext(key=TaskKey(task_id="load"))).result
    said = f"{result.root_cause.title} {result.root_cause.summary}"
    assert result.category is category, said
    if named:
        assert result.root_cause.rule_id == RULE and named in said, said
    else:
        assert result.root_cause.rule_id != RULE, said
