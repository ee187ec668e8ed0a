"""A failing test shipped by an installed dbt package, on a model the package derives, is its bug (CODE).

Neighbours keep the data reading: the root project's own test, a package's staging test (it checks
what the source delivered), and a log line saying the input was empty.
"""

from __future__ import annotations

import pytest
from support.engine_answer import analyse

from airflow_pipeline_debugger.adapters.dbt.logs import compiled_package
from airflow_pipeline_debugger.domain import JSONDict
from airflow_pipeline_debugger.heuristics.dbt._common import installed_package


def failed_test(test: str, yml: str, package: str, rows: int = 12, compiled: str = "Code") -> list[str]:
    return [
        "21:25:01  Running with dbt=1.7.4",
        "21:25:03  Completed with 1 error and 0 warnings:",
        "21:25:03  ",
        f"21:25:03  Failure in test {test} ({yml})",
        f"21:25:03    Got {rows} results, configured to fail if != 0",
        "21:25:03  ",
        f"21:25:03    compiled {compiled} at target/compiled/{package}/{yml}/{test}.sql",
        "21:25:03  ",
        "21:25:03  Done. PASS=40 WARN=0 ERROR=1 SKIP=0 TOTAL=41",
    ]


CASES = [
    # (id, log lines, category)
    (
        "a_packages_derived_model_fails_its_own_uniqueness_test",
        failed_test(
            "unique_fct_dbt__run_results_command_invocation_id", "models/schemas.yml", "dbt_artifacts"
        ),
        "code",
    ),
    (
        # dbt before 1.5 printed "compiled SQL at".
        "the_older_compiled_sql_line",
        failed_test(
            "dbt_utils_unique_combination_of_columns_fivetran_log__mar_table_history_connector_id__month",
            "models/fivetran_log.yml",
            "fivetran_log",
            compiled="SQL",
        ),
        "code",
    ),
    (
        # The root project's own test (its name is no installed package's): the data reading stays.
        "the_projects_own_test",
        failed_test("unique_orders_order_id", "models/marts/orders.yml", "jaffle_shop"),
        "data",
    ),
    (
        # A package's staging model is one-to-one with the source: its failing test is the source's rows.
        "a_packages_staging_test",
        failed_test(
            "unique_stg_fivetran_log__log_log_id", "models/staging/stg_fivetran_log.yml", "fivetran_log"
        ),
        "data",
    ),
    (
        # The log says the input arrived empty before the package's test failed.
        "the_input_shown_empty_before_it",
        [
            "21:24:50  [WARNING]: Found 0 new records in source fivetran_log.log",
            *failed_test(
                "unique_fct_dbt__run_results_command_invocation_id", "models/schemas.yml", "dbt_artifacts"
            ),
        ],
        "data",
    ),
]


@pytest.mark.parametrize(("lines", "category"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_package_test(lines: list[str], category: str) -> None:
    root = analyse(lines).root_cause
    assert (root.rule_id, root.category.value) == ("dbt.test_failure", category), root.summary


def test_the_answer_names_the_package_and_the_fix_goes_to_its_version() -> None:
    result = analyse(CASES[0][1])
    assert result.root_cause.title == (
        "dbt test unique_fct_dbt__run_results_command_invocation_id of the installed package "
        "dbt_artifacts failed"
    )
    assert "duplicate keys" in result.root_cause.summary
    assert "upgrade dbt_artifacts in packages.yml" in result.remediation.immediate_fix


@pytest.mark.parametrize(
    ("attributes", "package"),
    [
        ({"package": "dbt_utils"}, "dbt_utils"),  # no manifest: a widely used Hub package
        ({"package": "acme_models"}, ""),  # no manifest, unknown name: the root project's, for all we know
        (
            {"package": "acme_shared", "root_project": "acme"},
            "acme_shared",
        ),  # the manifest says it is not the root
        ({"package": "dbt_utils", "root_project": "dbt_utils"}, ""),  # a project named like a Hub package
        ({"path": "dbt_packages/acme_shared/models/x.yml"}, "acme_shared"),
        ({"compiled_path": "target/compiled/acme/dbt_modules/old_pkg/models/x.sql"}, "old_pkg"),
        ({"path": "models/my_dbt_packages_notes/x.yml"}, ""),  # the word inside a folder name
        ({}, ""),
    ],
)
def test_installed_package(attributes: JSONDict, package: str) -> None:
    assert installed_package(attributes) == package


@pytest.mark.parametrize(
    ("path", "package"),
    [
        ("target/compiled/fivetran_log/models/fivetran_log.yml/x.sql", "fivetran_log"),
        ("target\\compiled\\fivetran_log\\models\\fivetran_log.yml\\x.sql", "fivetran_log"),
        ("/work/proj/target/compiled/jaffle_shop/models/orders.sql", "jaffle_shop"),
        ("target/run/re_data/models/metrics/re_data_base_metrics.sql", "re_data"),
        ("models/orders.sql", ""),
        ("models/compiled/orders.sql", ""),  # a folder of the project named "compiled"
    ],
)
def test_compiled_package(path: str, package: str) -> None:
    assert compiled_package(path) == package
