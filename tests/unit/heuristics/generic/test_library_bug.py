"""A package's own code raising a programming error, reached without the task's code, is its bug (CODE).

Each positive case has neighbours that must keep their reading: the task's frame in the chain, an
empty input logged before the error, a missing module, a lookup error, an Airflow provider's frame.
"""

from __future__ import annotations

import pytest
from support.engine_answer import analyse

from airflow_pipeline_debugger.evidence.frames import is_library
from airflow_pipeline_debugger.heuristics.generic.library_bug import package_of

SITE = "/usr/local/lib/python3.11/site-packages"


def frame(path: str, line: int, function: str) -> list[str]:
    return [f'  File "{path}", line {line}, in {function}', "    ..."]


def traceback(*frames: list[str], error: str, before: tuple[str, ...] = ()) -> list[str]:
    return [
        *before,
        "[2026-06-01, 02:00:00 UTC] {taskinstance.py:1900} ERROR - Task failed with exception",
        "Traceback (most recent call last):",
        *frame(f"{SITE}/airflow/models/taskinstance.py", 440, "_execute_task"),
        *[line for f in frames for line in f],
        error,
    ]


CASES = [
    # (id, log lines, rule id, category)
    (
        "attribute_error_inside_a_client_library",
        traceback(
            frame(f"{SITE}/airflow/sdk/bases/operator.py", 400, "execute"),
            frame(f"{SITE}/google/cloud/bigquery/table.py", 2100, "to_dataframe"),
            error="AttributeError: 'DataFrame' object has no attribute 'iteritems'",
        ),
        "generic.library_bug",
        "code",
    ),
    (
        "name_error_inside_airflow_core",
        traceback(
            frame(f"{SITE}/airflow/models/dagrun.py", 900, "verify_integrity"),
            error="NameError: name 'TaskInstanceState' is not defined",
        ),
        "generic.library_bug",
        "code",
    ),
    (
        "type_error_about_arguments_between_two_libraries",
        traceback(
            frame(f"{SITE}/dbt/adapters/snowflake/connections.py", 220, "open"),
            frame(f"{SITE}/snowflake/connector/connection.py", 300, "__init__"),
            error="TypeError: __init__() got an unexpected keyword argument 'token_cache'",
        ),
        "generic.library_bug",
        "code",
    ),
    (
        # The task's own callable is in the chain: its call, not the library, is the first suspect.
        "the_tasks_frame_is_in_the_chain",
        traceback(
            frame("/opt/airflow/dags/exports.py", 31, "export"),
            frame(f"{SITE}/google/cloud/bigquery/table.py", 2100, "to_dataframe"),
            error="AttributeError: 'DataFrame' object has no attribute 'iteritems'",
        ),
        "generic.python_exception",
        "code",
    ),
    (
        # A None the library trips on, after the log said the extract was empty: the data's.
        "none_from_an_empty_input_stated_in_the_log",
        traceback(
            frame(f"{SITE}/airflow/sdk/bases/operator.py", 400, "execute"),
            frame(f"{SITE}/pandas/io/json/_normalize.py", 450, "json_normalize"),
            error="TypeError: 'NoneType' object is not iterable",
            before=("[2026-06-01, 01:59:59 UTC] {extract.py:20} INFO - Fetched 0 rows from orders_api",),
        ),
        "generic.input_broke_code",
        "data",
    ),
    (
        # A lookup in a library usually fails on the data it was given: not read as the library's bug.
        "a_lookup_error_inside_a_library",
        traceback(
            frame(f"{SITE}/airflow/sdk/bases/operator.py", 400, "execute"),
            frame(f"{SITE}/pandas/core/frame.py", 3800, "__getitem__"),
            error="KeyError: 'order_id'",
        ),
        "generic.python_exception",
        "code",
    ),
    (
        # A package missing on the worker is the set-up.
        "a_missing_module_stays_config",
        traceback(
            frame(f"{SITE}/airflow/sdk/bases/operator.py", 400, "execute"),
            frame(f"{SITE}/pandas/io/parquet.py", 50, "get_engine"),
            error="ModuleNotFoundError: No module named 'pyarrow'",
        ),
        "airflow.import_error",
        "config",
    ),
    (
        # A provider's frame: generic.provider_bug names the provider.
        "a_providers_frame_is_left_to_the_provider_rule",
        traceback(
            frame(f"{SITE}/airflow/providers/amazon/aws/hooks/emr.py", 205, "get_cluster_id"),
            error="AttributeError: 'NoneType' object has no attribute 'get'",
        ),
        "generic.provider_bug",
        "code",
    ),
]


@pytest.mark.parametrize(("lines", "rule", "category"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_library_bug(lines: list[str], rule: str, category: str) -> None:
    root = analyse(lines).root_cause
    assert (root.rule_id, root.category.value) == (rule, category), root.summary


def test_the_answer_names_the_package_its_logged_version_and_frame() -> None:
    lines = [
        "[2026-06-01, 01:59:00 UTC] {logging_mixin.py:190} INFO - google-cloud-bigquery==3.11.0 loaded",
        *CASES[0][1],
    ]
    result = analyse(lines)
    root = result.root_cause
    assert root.title == "AttributeError inside google.cloud.bigquery 3.11.0 (table.py:2100 in to_dataframe)"
    assert "google/cloud/bigquery/table.py:2100 in to_dataframe" in root.summary
    assert "3.11.0" in result.remediation.immediate_fix


def test_an_error_in_the_log_that_the_task_survived_is_not_read() -> None:
    """An unrelated TypeError on arguments somewhere else does not make a plain ValueError a bug."""
    root = analyse(
        traceback(
            frame(f"{SITE}/airflow/sdk/bases/operator.py", 400, "execute"),
            frame(f"{SITE}/pandas/core/tools/datetimes.py", 1000, "to_datetime"),
            error="ValueError: time data '2026-13-01' does not match format '%Y-%m-%d'",
        )
    ).root_cause
    assert root.rule_id != "generic.library_bug"


@pytest.mark.parametrize(
    ("path", "package"),
    [
        (f"{SITE}/pandas/core/frame.py", "pandas"),
        (f"{SITE}/google/cloud/bigquery/client.py", "google.cloud.bigquery"),
        (f"{SITE}/azure/storage/blob/_blob_client.py", "azure.storage"),
        (f"{SITE}/dbt/adapters/snowflake/impl.py", "dbt.adapters.snowflake"),
        (f"{SITE}/dbt/task/run.py", "dbt"),
        (f"{SITE}/airflow/models/taskinstance.py", "airflow"),
        ("/usr/lib/python3/dist-packages/urllib3/connectionpool.py", "urllib3"),
        ("C:\\venv\\Lib\\site-packages\\pyspark\\sql\\dataframe.py", "pyspark"),
        ("/usr/lib/python3.11/json/decoder.py", ""),
        ("/opt/airflow/dags/exports.py", ""),
    ],
)
def test_package_of(path: str, package: str) -> None:
    assert package_of(path) == package


@pytest.mark.parametrize(
    ("path", "library"),
    [
        ("/usr/lib/python3.11/json/decoder.py", True),
        ("/usr/local/lib/python3.8/os.py", True),
        ("/opt/pypy/lib/pypy3.10/os.py", True),
        ("/usr/lib/python3.13t/json/decoder.py", True),
        ("/usr/local/lib/python311.zip/json/decoder.py", True),
        ("<frozen os>", True),
        ("/home/etl/lib/python_utils/load.py", False),
        ("/opt/airflow/dags/lib/python/helpers.py", False),
    ],
)
def test_the_standard_library_is_library_code_and_a_folder_named_like_it_is_not(
    path: str, library: bool
) -> None:
    assert is_library(path) is library
