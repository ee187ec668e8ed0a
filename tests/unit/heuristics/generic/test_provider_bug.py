"""A provider's own code raising a programming error, reached without the DAG's code, is its bug (CODE).

Tracebacks are written here in the shapes Airflow 2 prints (frames under site-packages); each
positive case has a neighbour that must not be read as a provider bug.
"""

from __future__ import annotations

import pytest
from support.engine_answer import analyse

SITE = "/home/airflow/.local/lib/python3.11/site-packages"


def frame(path: str, line: int, function: str) -> list[str]:
    return [f'  File "{path}", line {line}, in {function}', "    ..."]


def traceback(*frames: list[str], error: str) -> list[str]:
    return [
        "[2026-06-01, 02:00:00 UTC] {taskinstance.py:1900} ERROR - Task failed with exception",
        "Traceback (most recent call last):",
        *frame(f"{SITE}/airflow/models/taskinstance.py", 440, "_execute_task"),
        *[line for f in frames for line in f],
        error,
    ]


CASES = [
    # (id, log lines, rule id, category)
    (
        "attribute_error_in_an_operator",
        traceback(
            frame(f"{SITE}/airflow/providers/amazon/aws/operators/emr.py", 612, "execute"),
            frame(f"{SITE}/airflow/providers/amazon/aws/hooks/emr.py", 205, "get_cluster_id"),
            error="AttributeError: 'NoneType' object has no attribute 'get'",
        ),
        "generic.provider_bug",
        "code",
    ),
    (
        "provider_expects_another_airflow_core",
        traceback(
            frame(f"{SITE}/airflow/providers/cncf/kubernetes/operators/pod.py", 80, "<module>"),
            error="ImportError: cannot import name 'ensure_xcomarg_return_value' from 'airflow.utils.xcom'",
        ),
        "generic.provider_bug",
        "code",
    ),
    (
        # The provider calls a library with an argument the installed library does not have.
        "provider_and_library_versions_do_not_match",
        traceback(
            frame(f"{SITE}/airflow/providers/google/cloud/hooks/bigquery.py", 1500, "insert_job"),
            frame(f"{SITE}/google/cloud/bigquery/client.py", 3400, "query"),
            error="TypeError: Client.query() got an unexpected keyword argument 'job_retry'",
        ),
        "generic.provider_bug",
        "code",
    ),
    (
        # A KeyError deep in a library the provider calls says nothing of versions (the data may lack it).
        "a_lookup_error_below_the_provider_is_not_read_as_versions",
        traceback(
            frame(f"{SITE}/airflow/providers/common/sql/hooks/sql.py", 220, "get_pandas_df"),
            frame(f"{SITE}/pandas/core/frame.py", 3800, "__getitem__"),
            error="KeyError: 'order_id'",
        ),
        "generic.python_exception",
        "code",
    ),
    (
        # The DAG's own callable is in the chain: its call, not (only) the provider, is suspect.
        "the_dags_callable_is_in_the_chain",
        traceback(
            frame("/opt/airflow/dags/exports.py", 31, "export"),
            frame(f"{SITE}/airflow/providers/amazon/aws/hooks/s3.py", 820, "load_file"),
            error="AttributeError: 'NoneType' object has no attribute 'get'",
        ),
        "generic.python_exception",
        "code",
    ),
    (
        # A package missing on the worker is the set-up, wherever the import was written.
        "a_missing_package_stays_config",
        traceback(
            frame(f"{SITE}/airflow/providers/snowflake/hooks/snowflake.py", 30, "<module>"),
            error="ModuleNotFoundError: No module named 'snowflake.connector'",
        ),
        "airflow.import_error",
        "config",
    ),
]


@pytest.mark.parametrize(("lines", "rule", "category"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_provider_bug(lines: list[str], rule: str, category: str) -> None:
    root = analyse(lines).root_cause
    assert (root.rule_id, root.category.value) == (rule, category), root.summary


def test_the_answer_names_the_provider_and_its_frame() -> None:
    root = analyse(CASES[0][1]).root_cause
    assert root.title == "AttributeError inside the amazon provider (aws/hooks/emr.py:205 in get_cluster_id)"
    assert "provider version" in root.summary


def test_a_two_level_provider_is_named_by_its_package() -> None:
    root = analyse(
        traceback(
            frame(
                f"{SITE}/airflow/providers/cncf/kubernetes/utils/pod_manager.py", 410, "fetch_container_logs"
            ),
            error="AttributeError: 'NoneType' object has no attribute 'stream'",
        )
    ).root_cause
    assert root.title.startswith("AttributeError inside the cncf.kubernetes provider")


def test_a_provider_rejecting_its_input_is_not_its_bug() -> None:
    """A RuntimeError/ValueError a provider raises is usually its message about the DAG's arguments."""
    root = analyse(
        traceback(
            frame(f"{SITE}/airflow/providers/google/cloud/operators/bigquery.py", 300, "execute"),
            error="ValueError: Either sql or configuration must be provided",
        )
    ).root_cause
    assert root.rule_id != "generic.provider_bug"
