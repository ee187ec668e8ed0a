"""The dbt adapter's log patterns: each exact line shape maps to its code, and literals hold."""

from __future__ import annotations

import re

import pytest

from airflow_pipeline_debugger.adapters.dbt import DbtAdapter

LINES = [
    (
        "18:47:41  Failure in test not_null_stg_orders_customer_id (models/staging/schema.yml)",
        "dbt.test_failed",
        {"test": "not_null_stg_orders_customer_id"},
    ),
    ("18:47:41    Got 3 results, configured to fail if != 0", "dbt.test_failing_rows", {"failures": "3"}),
    ("Compilation Error in model fct_orders (models/marts/fct_orders.sql)", "dbt.compile_error", {}),
    ("Parsing Error", "dbt.compile_error", {}),
    (
        "  Model 'model.p.fct_orders' (models/marts/fct_orders.sql) depends on a node named 'stg_order' "
        "which was "
        "not found",
        "dbt.missing_ref",
        {"missing": "stg_order"},
    ),
    (
        '  Binder Error: Referenced column "email" not found in FROM clause!',
        "dbt.missing_column",
        {"column": "email"},
    ),
    (
        '  Binder Error: Values list "o" does not have a column named "discount_amount"',
        "dbt.missing_column",
        {"column": "discount_amount"},
    ),
    ('  column "amount_usd" does not exist', "dbt.missing_column", {"column": "amount_usd"}),
    (
        "  000904 (42000): SQL compilation error: invalid identifier 'EMAIL'",
        "dbt.missing_column",
        {"column": "EMAIL"},
    ),
    (
        "  Catalog Error: Table with name payments does not exist!",
        "dbt.missing_relation",
        {"relation": "payments"},
    ),
    ('  relation "raw.payments" does not exist', "dbt.missing_relation", {"relation": "raw.payments"}),
    (
        "18:00:00  Database Error in model orders (models/orders.sql)",
        "dbt.database_error",
        {"model": "orders"},
    ),
    (
        "18:00:00    Runtime Error in model stg_customers (models/staging/stg_customers.sql)",
        "dbt.database_error",
        {"model": "stg_customers"},
    ),
    ("  permission denied for schema analytics", "dbt.permission_denied", {}),
    (
        '  Cannot execute statement of type "CREATE" on database "w" which is attached in read-only mode!',
        "dbt.permission_denied",
        {},
    ),
    ("  The profile 'demo' does not have a target named 'prod'.", "dbt.profile_error", {"target": "prod"}),
    ("Could not find profile named 'analytics'", "dbt.profile_error", {"profile": "analytics"}),
    ("  Env var required but not provided: 'DB_PASSWORD'", "dbt.profile_error", {"var": "DB_PASSWORD"}),
    (
        "18:47:41  Completed with 1 error, 0 partial successes, and 0 warnings:",
        "dbt.run_completed_with_errors",
        {"errors": "1"},
    ),
    (
        "DbtCloudJobRunException: Job run 70403 has failed or has been cancelled.",
        "dbt.cloud_run_failed",
        {"run_id": "70403"},
    ),
    (
        "18:47:41  Warning in test accepted_values_x (models/schema.yml)",
        "dbt.test_warned",
        {"test": "accepted_values_x"},
    ),
]


@pytest.mark.parametrize(("line", "code", "groups"), LINES, ids=[c for _, c, _ in LINES])
def test_line_shapes(line, code, groups):
    """The line matches a pattern of that code, whose literal pre-filter it contains."""
    matching = [p for p in DbtAdapter.patterns if p.code == code and p.compiled().search(line)]
    assert matching, f"no {code} pattern matches {line!r}"
    pattern = matching[0]
    assert pattern.literal in line
    found = pattern.compiled().search(line).groupdict()
    for key, value in groups.items():
        assert found[key] == value
    assert pattern.message.format_map({k: v or "" for k, v in found.items()})


def test_literals_are_required_substrings():
    """A pattern's literal appears in everything its regex can match (checked on the table above)."""
    for pattern in DbtAdapter.patterns:
        for line, _, _ in LINES:
            if pattern.compiled().search(line):
                assert pattern.literal in line, (pattern.code, line)


def test_quiet_lines_match_nothing():
    """Ordinary progress lines raise no signal."""
    quiet = [
        "18:47:40  1 of 18 OK created sql view model main.stg_customers ....... [OK in 0.11s]",
        "18:47:24  Completed successfully",
        "18:47:24  Done. PASS=18 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=18",
        "18:47:15  Running with dbt=1.11.16",
    ]
    for line in quiet:
        assert not [p.code for p in DbtAdapter.patterns if p.compiled().search(line)], line
    assert all(re.compile(p.regex) for p in DbtAdapter.patterns)
