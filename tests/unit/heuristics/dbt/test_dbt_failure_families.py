"""dbt failure families on log excerpts alone: the log in, the deterministic engine's answer out.

Each row is a dbt log excerpt of one family, written here (the shape dbt prints, names invented),
collected with platform detection on (no ``--pipeline-type``) and ranked by the real engine over
every built-in rule. Distractor rows carry the family's words where they must not decide: an INFO
progress line, a passing hook, a warning-severity test, a cause-shaped word inside a model name.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support.engine_answer import analyse
from support.regex_cost import growth

from airflow_pipeline_debugger.adapters.collect import collect_evidence
from airflow_pipeline_debugger.domain import FailureContext, PipelineType, TaskKey
from airflow_pipeline_debugger.evidence.files import FileAccess
from airflow_pipeline_debugger.evidence.request import CollectionRequest, LogSource
from airflow_pipeline_debugger.heuristics import value_shape
from airflow_pipeline_debugger.heuristics.dbt import value_error
from airflow_pipeline_debugger.heuristics.dbt.full_refresh import NeedsFullRefresh
from airflow_pipeline_debugger.heuristics.knowledge import classify

pytestmark = pytest.mark.unit


def a2(text: str) -> str:
    """A line of dbt's output as Airflow 2 relays a subprocess's output."""
    return f"[2026-12-01T02:47:02.000+0000] {{subprocess.py:93}} INFO - {text}"


#: The rules this file's families test; a distractor row (rule None) must be answered by none of them.
FAMILY_RULES = ("dbt.hook_failed", "dbt.profile_error", "dbt.needs_full_refresh", "dbt.duplicate_resource")

CASES = [
    # (id, log lines, rule id (None: any but the family's), category, words the root cause names)
    (
        "unique_test_on_staging_model_is_source_data",
        [
            "08:10:04  Failure in test unique_stg_billing__invoices_invoice_id (models/staging/billing.yml)",
            "08:10:04    Got 42 results, configured to fail if != 0",
            "08:10:04    compiled code at target/compiled/shop/models/staging/billing.yml/unique.sql",
        ],
        "dbt.test_failure",
        "data",
        ["duplicate", "source", "unique_stg_billing__invoices_invoice_id"],
    ),
    (
        "cosmos_summary_of_a_failed_staging_test",
        [
            "[2026-10-27 10:50:42] ERROR - Task failed with exception source=task loc=task_runner.py:994",
            "CosmosDbtRunError: dbt invocation completed with errors: unique_stg_crm__contacts_contact_id: "
            "Got 4 results, configured to fail if != 0",
        ],
        "dbt.test_failure",
        "data",
        ["unique_stg_crm__contacts_contact_id", "4 failing rows", "source"],
    ),
    (
        "source_not_null_test_is_source_data",
        [
            "08:10:04  Failure in test source_not_null_erp_customers_customer_id (models/sources.yml)",
            "08:10:04    Got 7 results, configured to fail if != 0",
        ],
        "dbt.test_failure",
        "data",
        ["null", "source"],
    ),
    (
        # Without the manifest nothing shows the mart built from other models: duplicates in a key
        # are data (the guide), whatever the model's name.
        "unique_test_on_a_mart_without_the_manifest_is_data",
        [
            "08:10:04  Failure in test unique_fct_subscriptions_subscription_id (models/marts/finance.yml)",
            "08:10:04    Got 3 results, configured to fail if != 0",
        ],
        "dbt.test_failure",
        "data",
        ["duplicate", "fct_subscriptions"],
    ),
    (
        "derived_and_staging_failures_blame_the_staging_input",
        [
            "08:10:04  Failure in test dbt_utils_unique_combination_of_columns_rpt_usage_account_id__day "
            "(models/reporting.yml)",
            "08:10:04    Got 12 results, configured to fail if != 0",
            "08:10:04  Failure in test unique_stg_events_event_id (models/staging/events.yml)",
            "08:10:04    Got 900 results, configured to fail if != 0",
        ],
        "dbt.test_failure",
        "data",
        ["unique_stg_events_event_id", "source"],
    ),
    (
        "distractor_warning_severity_test_then_model_error",
        [
            "08:10:01  3 of 9 PASS unique_fct_orders_order_id ....................... [PASS in 0.20s]",
            "08:10:02  Warning in test unique_fct_refunds_refund_id (models/marts/finance.yml)",
            "08:10:02    Got 2 results, configured to warn if != 0",
            "08:10:04  Database Error in model fct_margin (models/marts/fct_margin.sql)",
            "08:10:04    division by zero",
        ],
        "dbt.value_error",
        "code",
        ["fct_margin", "division by zero"],
    ),
    (
        "same_file_twice_is_stale_partial_parse_state",
        [
            "Running with dbt=1.7.4",
            "Encountered an error:",
            "Compilation Error",
            '  dbt found two resources with the name "int_ledger". Since these resources have the same name,',
            '  dbt will be unable to find the correct resource when ref("int_ledger") is used. To fix this,',
            "  change the name of one of these resources:",
            "  - model.acme.int_ledger (models/finance/int_ledger.sql)",
            "  - model.acme.int_ledger (models/finance/int_ledger.sql)",
        ],
        "dbt.duplicate_resource",
        "code",
        ["partial pars", "same name", "duplicate"],
    ),
    (
        "same_file_twice_inside_an_airflow_2_task_log",
        [
            a2("Running command: ['/usr/bin/bash', '-c', 'dbt compile']"),
            a2("Encountered an error:"),
            a2("Compilation Error"),
            a2('  dbt found two resources with the name "int_ledger". Since these resources have the same'),
            a2("  - model.acme.int_ledger (models/finance/int_ledger.sql)"),
            a2("  - model.acme.int_ledger (models/finance/int_ledger.sql)"),
            "[2026-12-01T02:47:03.000+0000] {taskinstance.py:3311} ERROR - Task failed with exception",
        ],
        "dbt.duplicate_resource",
        "code",
        ["partial pars", "models/finance/int_ledger.sql"],
    ),
    (
        "copy_under_target_is_dbt_parsing_its_output",
        [
            "Compilation Error",
            '  dbt found two models with the name "dim_region".',
            "  To fix this, change the name of one of these resources:",
            "  - model.acme.dim_region (models/geo/target/compiled/acme/models/geo/dim_region.sql)",
            "  - model.acme.dim_region (models/geo/dim_region.sql)",
        ],
        "dbt.duplicate_resource",
        "code",
        ["target", "compiled", "same name"],
    ),
    (
        "two_real_files_are_a_name_clash",
        [
            "Compilation Error",
            '  dbt found two models with the name "customers".',
            "  - model.acme.customers (models/crm/customers.sql)",
            "  - model.acme.customers (models/billing/customers.sql)",
        ],
        "dbt.duplicate_resource",
        "code",
        ["models/crm/customers.sql", "models/billing/customers.sql"],
    ),
    (
        "distractor_other_compilation_error_is_not_a_duplicate",
        [
            "Encountered an error:",
            "Compilation Error in model orders (models/orders.sql)",
            "  'money' is undefined. This can happen when calling a macro that does not exist.",
        ],
        "dbt.compile_error",
        "code",
        ["orders"],
    ),
    (
        "undefined_package_namespace_is_dbt_deps",
        [
            "Encountered an error:",
            "Compilation Error in model orders (models/orders.sql)",
            "  'dbt_date' is undefined. This can happen when calling a macro that does not exist. Check for "
            'typos and/or install package dependencies with "dbt deps".',
        ],
        None,
        "config",
        ["dbt deps"],
    ),
    (
        "dispatch_without_an_adapter_implementation_is_set_up",
        [
            "Encountered an error:",
            "Compilation Error in model dim_calendar (models/dim_calendar.sql)",
            "  In dispatch: No macro named 'date_spine' found within namespace: 'dbt_utils'",
            "      Searched for: 'dbt_utils.athena__date_spine', 'dbt_utils.default__date_spine'",
        ],
        None,
        "config",
        ["dispatch"],
    ),
    (
        "on_run_end_hook_serialising_a_dbt_object_is_the_macro",
        [
            "21:02:11  Running 1 on-run-end hook",
            "21:02:11  Recording run metadata",
            "21:02:12  Database error while running on-run-end",
            "21:02:12  on-run-end failed, error:",
            "21:02:12   Object of type Namespace is not JSON serializable",
        ],
        "dbt.hook_failed",
        "code",
        ["on-run-end", "not json serializable", "recording run metadata"],
    ),
    (
        "on_run_end_hook_inside_an_airflow_2_task_log",
        [
            a2("21:02:11  Running 1 on-run-end hook"),
            a2("21:02:11  Uploading invocations"),
            a2("21:02:12  Database error while running on-run-end"),
            a2("21:02:12  on-run-end failed, error:"),
            a2("21:02:12   Object of type WarnErrorOptionsV2 is not JSON serializable"),
            "[2026-12-01T02:47:03.000+0000] {taskinstance.py:3311} ERROR - Task failed with exception",
        ],
        "dbt.hook_failed",
        "code",
        [
            "after 'uploading invocations'",
            "with: object of type warnerroroptionsv2 is not json serializable.",
        ],
    ),
    (
        "on_run_end_hook_empty_value_names_skipped_nodes",
        [
            "21:02:11  Running 1 on-run-end hook",
            "21:02:12  Database error while running on-run-end",
            "Database Error",
            '  invalid input syntax for type bigint: ""',
        ],
        "dbt.hook_failed",
        "code",
        ["on-run-end", "skipped"],
    ),
    (
        "distractor_hook_denied_a_grant_is_not_the_macro",
        [
            "21:02:11  Running 1 on-run-end hook",
            "21:02:12  Database error while running on-run-end",
            "Database Error",
            "  permission denied for schema audit",
        ],
        None,
        "config",
        ["permission denied"],
    ),
    (
        "distractor_hook_passed_then_model_failed",
        [
            "08:10:01  1 of 1 OK hook: acme.on-run-start.0 ........................... [OK in 0.01s]",
            "08:10:04  Database Error in model stg_payments (models/staging/stg_payments.sql)",
            '    invalid input syntax for type numeric: "1,250.00"',
        ],
        "dbt.value_error",
        "data",
        ["stg_payments", "1,250.00"],
    ),
    (
        "word_where_a_number_is_expected_is_the_sql",
        [
            "08:10:04  Database Error in model fct_tickets (models/marts/fct_tickets.sql)",
            '    invalid input syntax for type integer: "escalated"',
        ],
        "dbt.value_error",
        "code",
        ["fct_tickets", "escalated", "seed"],
    ),
    (
        "a_placeholder_for_a_missing_value_is_the_input",
        [
            "08:10:04  Runtime Error in model fct_orders (models/marts/fct_orders.sql)",
            "08:10:04    Conversion Error: Could not convert string 'N/A' to INT32",
        ],
        "dbt.value_error",
        "data",
        ["fct_orders", "'N/A'", "placeholder"],
    ),
    (
        "an_empty_string_where_a_number_is_expected_is_the_input",
        [
            "08:10:04  Database Error in model fct_orders (models/marts/fct_orders.sql)",
            '    invalid input syntax for type integer: ""',
        ],
        "dbt.value_error",
        "data",
        ["fct_orders", "placeholder"],
    ),
    (
        # A blank string is named in words (quoted it reads as nothing), and a placeholder under a
        # cast to a date expects a date, not a number.
        "a_blank_string_where_a_number_is_expected_is_named_in_words",
        [
            "08:10:04  Database Error in model fct_orders (models/marts/fct_orders.sql)",
            '    invalid input syntax for type numeric: "  "',
        ],
        "dbt.value_error",
        "data",
        ["reads an empty string, a placeholder", "expects a value"],
    ),
    (
        "a_placeholder_under_a_cast_to_a_date_is_the_input",
        [
            "08:10:04  Database Error in model stg_shipments (models/staging/stg_shipments.sql)",
            '    invalid input syntax for type date: "-"',
        ],
        "dbt.value_error",
        "data",
        ["'-', a placeholder", "cast to date expects a value"],
    ),
    (
        "a_number_written_with_its_unit_is_the_input",
        [
            "08:10:04  Runtime Error in model dim_plans (models/marts/dim_plans.sql)",
            "08:10:04    Conversion Error: Type VARCHAR with value '12 seats' can't be cast to the "
            "destination type INT32",
        ],
        "dbt.value_error",
        "data",
        ["dim_plans", "12 seats", "unit"],
    ),
    (
        "a_word_duckdb_cannot_cast_is_still_the_sql",
        [
            "08:10:04  Runtime Error in model fct_tickets (models/marts/fct_tickets.sql)",
            "08:10:04    Conversion Error: Type VARCHAR with value 'escalated' can't be cast to the "
            "destination type INT32",
        ],
        "dbt.value_error",
        "code",
        ["fct_tickets", "escalated"],
    ),
    (
        "a_date_that_does_not_exist_is_the_input",
        [
            "08:10:04  Runtime Error in model stg_shipments (models/staging/stg_shipments.sql)",
            '08:10:04    Conversion Error: date field value out of range: "2026-02-30", expected format is '
            "(YYYY-MM-DD)",
        ],
        "generic.error_code",
        "data",
        ["not a valid date", "2026-02-30"],
    ),
    (
        "duckdbs_scalar_subquery_with_duplicates_is_the_input",
        [
            "08:10:04  Runtime Error in model fct_payments (models/marts/fct_payments.sql)",
            "08:10:04    Invalid Input Error: More than one row returned by a subquery used as an "
            "expression - scalar subqueries can only return a single row.",
        ],
        "generic.error_code",
        "data",
        ["duplicate"],
    ),
    (
        "malformed_json_duckdb_reads_is_the_input",
        [
            "08:10:04  Runtime Error in model stg_events (models/staging/stg_events.sql)",
            "08:10:04    Conversion Error: Malformed JSON at byte 0 of input: unexpected character.  "
            "Input: {id: 3",
        ],
        "generic.error_code",
        "data",
        ["not valid JSON"],
    ),
    (
        "value_too_long_names_the_type",
        [
            "08:10:04  Database Error in model dim_accounts (models/marts/dim_accounts.sql)",
            "    value too long for type character varying(64)",
        ],
        "dbt.value_error",
        "code",
        ["dim_accounts", "character varying(64)"],
    ),
    (
        "distractor_division_words_inside_a_model_name",
        [
            "08:10:04  Database Error in model safe_divide_by_zero_guard (models/util/guards.sql)",
            '    relation "util.rates" does not exist',
        ],
        "dbt.missing_relation",
        "data",
        ["rates"],
    ),
    (
        "bare_name_after_encountered_an_error_is_a_profile_lookup",
        ["$ dbt run", "Running with dbt=0.19.2", "Encountered an error:", "staging"],
        "dbt.profile_error",
        "config",
        ["'staging'", "profile", "target"],
    ),
    (
        "distractor_sentence_after_encountered_an_error_is_no_profile_lookup",
        [
            "Running with dbt=1.8.0",
            "Encountered an error:",
            "Runtime Error",
            "  Database error while listing schemas in database analytics",
            "  could not connect to server: Connection refused",
        ],
        None,
        "infra",
        [],
    ),
    (
        "dbt_deps_timing_out_on_the_package_hub_is_not_the_warehouse",
        [
            'Failed to run "dbt deps"',
            "",
            "Encountered an error:",
            "External connection exception occurred: HTTPSConnectionPool(host='hub.getdbt.com', port=443): "
            "Read timed out. (read timeout=30)",
        ],
        "dbt.connection_error",
        "infra",
        ["dbt deps", "hub.getdbt.com"],
    ),
    # dbt's own wrapper of a download names dbt deps whatever the host: a private mirror, or none.
    (
        "dbt_deps_timing_out_on_a_private_package_mirror_is_not_the_warehouse",
        [
            "15:05:43  Encountered an error:",
            "External connection exception occurred: HTTPSConnectionPool(host='artifactory.acme.internal', "
            "port=443): Read timed out. (read timeout=10.0)",
        ],
        "dbt.connection_error",
        "infra",
        ["dbt deps", "artifactory.acme.internal"],
    ),
    (
        "dbt_deps_reset_without_a_host_named_is_not_the_warehouse",
        [
            "15:05:43  Encountered an error:",
            "External connection exception occurred: ('Connection aborted.', ConnectionResetError(104, "
            "'Connection reset by peer'))",
        ],
        "dbt.connection_error",
        "infra",
        ["dbt deps", "package host"],
    ),
    (
        "distractor_a_warehouse_host_timing_out_is_still_the_warehouse",
        [
            "Encountered an error:",
            "Database Error",
            "  HTTPSConnectionPool(host='acme.snowflakecomputing.com', port=443): Read timed out. "
            "(read timeout=30)",
        ],
        "dbt.connection_error",
        "infra",
        ["warehouse"],
    ),
    (
        "an_installed_package_calling_a_macro_its_dependency_replaced_is_a_version_mismatch",
        [
            "Compilation Error in model int_direct_relationships (models/marts/int_direct_relationships.sql)",
            "",
            "  Warning: `dbt_utils.surrogate_key` has been replaced by `dbt_utils.generate_surrogate_key`. "
            "The "
            "new macro treats null values differently to empty strings. The dbt_project_evaluator."
            "int_direct_relationships model triggered this warning.",
            "",
            "  > in macro default__surrogate_key (macros/sql/surrogate_key.sql)",
            "  > called by model int_direct_relationships (models/marts/core/int_direct_relationships.sql)",
        ],
        "dbt.compile_error",
        "config",
        ["dbt_project_evaluator", "surrogate_key", "packages"],
    ),
    (
        "distractor_the_projects_own_model_calling_a_replaced_macro_is_its_code",
        [
            "Compilation Error in model dim_customers (models/marts/dim_customers.sql)",
            "",
            "  Warning: `dbt_utils.surrogate_key` has been replaced by `dbt_utils.generate_surrogate_key`. "
            "The "
            "new macro treats null values differently to empty strings. The jaffle_shop.dim_customers model "
            "triggered this warning.",
        ],
        None,
        "code",
        ["surrogate_key"],
    ),
    (
        # A package's own model calling the macro it replaced itself is no version mismatch of two packages.
        "distractor_the_package_that_replaced_the_macro_is_not_behind_itself",
        [
            "Compilation Error in model test_surrogate_key (models/test_surrogate_key.sql)",
            "",
            "  Warning: `dbt_utils.surrogate_key` has been replaced by `dbt_utils.generate_surrogate_key`. "
            "The new macro treats null values differently to empty strings. The dbt_utils.test_surrogate_key "
            "model triggered this warning.",
        ],
        None,
        "code",
        ["surrogate_key"],
    ),
    (
        "own_key_columns_missing_in_several_models_need_full_refresh",
        [
            "10:00:01  Database Error in model billing__invoices (models/billing__invoices.sql)",
            "  000904 (42000): SQL compilation error: error line 4 at position 8",
            "  invalid identifier 'INVOICES_UNIQUE_KEY'",
            "10:00:01  Database Error in model billing__payments (models/billing__payments.sql)",
            "  000904 (42000): SQL compilation error: error line 4 at position 8",
            "  invalid identifier 'PAYMENTS_UNIQUE_KEY'",
        ],
        "dbt.needs_full_refresh",
        "config",
        ["full-refresh", "incremental", "billing__invoices", "invoices_unique_key"],
    ),
    (
        "distractor_business_column_missing_is_not_a_full_refresh",
        [
            "10:00:01  Database Error in model fct_orders (models/marts/fct_orders.sql)",
            "  000904 (42000): SQL compilation error: error line 4 at position 8",
            "  invalid identifier 'DISCOUNT_CODE'",
        ],
        None,
        "code",
        ["fct_orders"],
    ),
    (
        "distractor_another_models_key_is_not_this_models_own",
        [
            "10:00:01  Database Error in model fct_refunds (models/marts/fct_refunds.sql)",
            "  000904 (42000): SQL compilation error: error line 9 at position 4",
            "  invalid identifier 'ORDERS_UNIQUE_KEY'",
        ],
        None,
        "code",
        ["fct_refunds"],
    ),
    (
        "colon_cast_on_bigquery_in_a_package_model",
        [
            "Database Error in model metrics_daily (models/core/metrics_daily.sql)",
            '  Syntax error: Expected ")" but got ":" at [88:14]',
            "  compiled code at target/run/observe/models/core/metrics_daily.sql",
        ],
        "dbt.sql_syntax",
        "code",
        ["metrics_daily", "observe", "cast", "syntax"],
    ),
    (
        "syntax_error_without_a_colon_gets_no_cast_hint",
        [
            "Database Error in model weekly (models/weekly.sql)",
            '  syntax error at or near "from"',
            "  compiled code at target/run/shop/models/weekly.sql",
        ],
        "dbt.sql_syntax",
        "code",
        ["weekly", "syntax"],
    ),
    (
        "trino_unresolved_column_is_a_missing_column",
        [
            "10:00:01  Database Error in model fct_visits (models/marts/fct_visits.sql)",
            "  TrinoUserError(type=USER_ERROR, name=COLUMN_NOT_FOUND, "
            "message=\"line 3:8: Column 'visitor_id' cannot be resolved\")",
        ],
        "dbt.missing_column",
        None,
        ["visitor_id"],
    ),
    (
        "duckdb_conversion_of_a_malformed_number_is_data",
        [
            "10:00:01  Database Error in model stg_rates (models/staging/stg_rates.sql)",
            "  Conversion Error: Could not convert string '1.5e' to INT32",
        ],
        "dbt.value_error",
        "data",
        ["stg_rates", "1.5e"],
    ),
    (
        "env_var_quotes_dbt_message",
        [
            "$ dbt deps",
            "Encountered an error:",
            "Compilation Error",
            "  Env var required but not provided: 'LOOKER_SCHEMA'",
        ],
        "dbt.profile_error",
        "config",
        ["env var", "LOOKER_SCHEMA", "not provided"],
    ),
]


@pytest.mark.parametrize(("case_id", "lines", "rule", "category", "words"), CASES, ids=[c[0] for c in CASES])
def test_engine_answer(
    case_id: str, lines: list[str], rule: str | None, category: str | None, words: list[str]
) -> None:
    result = analyse(lines)
    root = result.root_cause
    if rule is not None:
        assert root.rule_id == rule, (root.rule_id, root.title)
    else:
        assert root.rule_id not in FAMILY_RULES, root.title
    if category is not None:
        assert result.category.value == category, (root.rule_id, root.title)
    text = " ".join([root.title, root.summary]).lower()
    for word in words:
        assert word.lower() in text, (word, root.title, root.summary)
    if case_id == "syntax_error_without_a_colon_gets_no_cast_hint":
        assert "::" not in text


@pytest.mark.parametrize(
    "lines",
    [
        ["08:10:04  Failure in test not_null_stg_orders_id (models/staging/orders.yml)"],
        ["08:10:04  Database Error in model orders (models/orders.sql)", "  division by zero"],
        ["21:02:12  Database error while running on-run-end"],
        ["Compilation Error", '  dbt found two models with the name "x".'],
    ],
)
def test_dbt_excerpts_are_detected_as_dbt(lines: list[str]) -> None:
    """An excerpt without dbt's banner is still recognised as dbt output by its failure block."""
    assert analyse(lines).pipeline_type is PipelineType.DBT


def test_a_log_only_test_failure_answer_stays_modest() -> None:
    """Without the manifest the tested model's layer is a guess from its name."""
    case = next(c for c in CASES if c[0] == "unique_test_on_a_mart_without_the_manifest_is_data")
    root = analyse(case[1]).root_cause
    assert root.confidence <= 65


@pytest.mark.parametrize(
    ("line", "code", "category"),
    [
        ("dbt.exceptions.DbtProjectError: Runtime Error", "DbtProjectError", "config"),
        ("dbt.exceptions.DbtProfileError: Runtime Error", "DbtProfileError", "config"),
        (
            "dbt.exceptions.PackageVersionNotFoundError: Runtime Error",
            "PackageVersionNotFoundError",
            "config",
        ),
        ("dbt_common.exceptions.base.DbtInternalError: Internal Error", "DbtInternalError", "code"),
        ("Error: No such option: --models (Possible options: --model)", "dbt.cli_option_changed", "config"),
        ("dbt: error: unrecognized arguments: --warn-error-options", "dbt.cli_option_changed", "config"),
        ("bash: line 1: dbt: command not found", "shell.command_not_found", "config"),
        (
            "  In dispatch: No macro named 'date_spine' found within namespace: 'dbt_utils'",
            "dbt.dispatch_macro_missing",
            "config",
        ),
        (
            "FileNotFoundError: [Errno 2] No such file or directory: '/usr/local/airflow/dbt_venv/bin/dbt'",
            "dbt.executable_missing",
            "config",
        ),
        (
            "ImportError: cannot import name 'SQLAdapter' from 'dbt.adapters.sql' (/venv/sql.py)",
            "dbt.version_skew",
            "config",
        ),
        (
            "  The source and target schemas on this incremental model are out of sync!",
            "dbt.incremental_schema_out_of_sync",
            "config",
        ),
        ("  100090 (42P18): Duplicate row detected during DML action", "100090", "data"),
        ("ERROR: MERGE command cannot affect row a second time", "sql.merge_duplicate_source_rows", "data"),
        ("  Required var 'start_date' not found in config:", "dbt.required_var", "config"),
        (
            "macro 'dbt_macro__get_columns' takes no keyword argument 'relation'",
            "dbt.package_macro_signature",
            "config",
        ),
        (
            "Warning: `pkg.hash_key` has been replaced by `pkg.generate_hash_key`.",
            "dbt.macro_replaced",
            "code",
        ),
        (
            'dbt was unable to infer all dependencies for the model "rollup".',
            "dbt.unable_to_infer_dependencies",
            "code",
        ),
        (
            'Expected a schema version of "https://x/v12.json" in prod/manifest.json, but found "v9".',
            "dbt.incompatible_artifact_schema",
            "config",
        ),
        (
            "Error checking out spec='2.0.1' for repo https://git.example.com/pkg.git",
            "dbt.package_git_checkout",
            "config",
        ),
        (
            "ERROR: 1023 Serializable isolation violation on table - 118844",
            "redshift.serializable_isolation",
            "infra",
        ),
        (
            "Not found: Dataset acme-prod:marts was not found in location EU",
            "bigquery.dataset_location",
            "config",
        ),
        (
            "Not found: Table acme-prod:marts.orders was not found in location EU",
            "sql.object_missing",
            "code",
        ),
        (
            "Cannot query over table 'acme.raw.clicks' without a filter over column(s) 'day' that can be "
            "used for partition elimination",
            "bigquery.partition_filter_required",
            "code",
        ),
        (
            "Cannot replace a table with a different clustering spec.",
            "bigquery.partition_spec_changed",
            "config",
        ),
        ("Query exceeded limit for bytes billed: 500000000.", "bigquery.bytes_billed_limit", "config"),
        (
            "This session does not have a current database. Call 'USE DATABASE'",
            "snowflake.no_current_database",
            "config",
        ),
        (
            "100080 (22000): Number of columns in file (9) does not match that of the corresponding "
            "table (8)",
            "snowflake.copy_column_count",
            "data",
        ),
        ("ERROR: could not open relation with OID 99120", "postgres.relation_oid_gone", "infra"),
        (
            'ERROR: null value in column "sku" of relation "items" violates not-null constraint',
            "sql.not_null_violation",
            "data",
        ),
        ("Conversion Error: Could not convert string 'n/a' to INT64", "duckdb.conversion", "data"),
        (
            "googleapi: Error 400: Invalid timestamp: '2026-01-05T08:00:00.123456789Z', invalidQuery",
            "bigquery.timestamp_precision",
            "code",
        ),
        (
            "googleapi: Error 400: Invalid timestamp: '2026-13-05T08:00:00.123Z', invalidQuery",
            "400",
            "code",
        ),
        (
            "091385 (42601): Invalid time type scale specified for column 'CREATED_AT'",
            "091385",
            "code",
        ),
        (
            "Invalid time type scale specified for column 'CREATED_AT' with data type 'TIMESTAMP_NTZ(9)'",
            "snowflake.iceberg_time_scale",
            "code",
        ),
        (
            "  Quota exceeded: Your table exceeded quota for imports or query appends per table.",
            "bigquery.table_operations_quota",
            "code",
        ),
        (
            "  Quota exceeded: Your project exceeded quota for free query bytes scanned.",
            "cloud.quota",
            "config",
        ),
        (
            'ERROR: column "amount__dbt_alter" is of type numeric but expression is of type text',
            "dbt.alter_column_type",
            "code",
        ),
        (
            'ERROR: column "amount" is of type numeric but expression is of type text',
            "sql.type_mismatch",
            "code",
        ),
        ("ERROR: value too long for type character(1)", "sql.string_size_one", "code"),
        ("ERROR: value too long for type character varying(10)", "sql.value_too_long", "code"),
        ('ERROR: invalid input syntax for type integer: "17.50"', "sql.decimal_into_integer", "data"),
        ('ERROR: invalid input syntax for type integer: "N/A"', "sql.invalid_input_syntax", "data"),
        (
            "  No adapters available. Learn how to install an adapter by going to https://docs",
            "dbt.no_adapter",
            "config",
        ),
        (
            "  No materialization 'tabel' was found for adapter duckdb! (searched types 'default', 'duckdb')",
            "dbt.materialization_missing",
            "config",
        ),
        ("  Expected Number of Columns: 5 Found: 3", "duckdb.csv_field_count", "data"),
        (
            'psycopg.errors.InvalidTextRepresentation: invalid input value for enum order_status: "refunded"',
            "postgres.enum_value",
            "data",
        ),
        (
            "json.decoder.JSONDecodeError: Unterminated string starting at: line 1 column 28 (char 27)",
            "json.unterminated",
            "data",
        ),
    ],
)
def test_dbt_codes_have_priors(line: str, code: str, category: str) -> None:
    best = next(m for m in classify([line]) if not m.prior.wrapper)
    assert (best.prior.code, best.prior.category.value) == (code, category)


@pytest.mark.parametrize(
    "line",
    [
        "12:00:01  1 of 3 OK created sql incremental model analytics.events ... [MERGE 120 in 1.52s]",
        "12:00:01  Running 1 on-run-end hook",
        "INFO - option --models is deprecated, use --select",
        "DEBUG - json.dumps(payload) for object of type dict succeeded",
        "12:00:01  Installing dbt-labs/dbt_utils",
        "12:00:01  'dbt_utils' found in packages.yml",
        "INFO - Dataset acme:marts found in location EU",
        "INFO - Using dbt executable /usr/local/bin/dbt",
        "12:00:01  Concurrency: 4 threads (target='prod')",
    ],
)
def test_new_messages_ignore_healthy_lines(line: str) -> None:
    assert [m for m in classify([line]) if m.prior.kind == "message"] == []


def test_a_compiled_copy_names_the_stray_target_folder_to_delete() -> None:
    case = next(c for c in CASES if c[0] == "copy_under_target_is_dbt_parsing_its_output")
    assert "(models/geo/target)" in analyse(case[1]).remediation.immediate_fix


@pytest.mark.parametrize(
    ("materialized", "fires"),
    [("incremental", True), ("snapshot", True), ("table", False), ("view", False), (None, True)],
)
def test_a_full_refresh_needs_a_model_that_keeps_its_table(materialized: str | None, fires: bool) -> None:
    """A view or a table is rebuilt every run: its own key missing is not an old table's schema."""
    case = next(c for c in CASES if c[0] == "own_key_columns_missing_in_several_models_need_full_refresh")
    request = CollectionRequest(
        context=FailureContext(key=TaskKey(dag_id="warehouse", task_id="dbt_build"), trigger="test"),
        files=FileAccess({"*": [Path.cwd()]}),
        logs=[LogSource(name="task log", source="test", text="\n".join(case[1]) + "\n")],
    )
    bundle = collect_evidence(request)
    if materialized is not None:
        bundle.facts.setdefault("dbt", {})["failures"] = [
            {"name": model, "materialized": materialized}
            for model in ("billing__invoices", "billing__payments")
        ]
    finding = NeedsFullRefresh().evaluate(bundle)
    assert (finding is not None) is fires
    if finding is not None:
        assert finding.likelihood == (74 if materialized else 68)


@pytest.mark.parametrize("unit", ["1", " 1", "1,", "1."])
def test_a_long_value_under_a_cast_is_read_in_linear_time(unit: str) -> None:
    """A value of digits and separators that ends in a letter is no number: found so in linear time.

    Ten times the value takes about ten times as long (a ratio in the same run, no time limit).
    """
    shapes = [
        value_shape.MALFORMED_NUMBER_RE,
        value_shape.WHOLE_AS_DECIMAL_RE,
        value_shape.WITH_UNIT_RE,
        value_shape.PLACEHOLDER_RE,
        value_shape.PREFIXED_NUMBER_RE,
        value_shape.DATE_LIKE_RE,
    ]
    assert growth(shapes, unit * 2_000 + "x", unit * 200 + "x") < 30


def test_a_line_of_repeated_cast_errors_is_scanned_in_linear_time() -> None:
    """PostgreSQL's wording over and over, never closed by a quoted value: ten times it, ten times as long."""
    near = "invalid input syntax for type integer "
    assert growth(value_error._BAD_NUMBER_RES, near * 20_000, near * 2_000) < 30
