"""Classification of dbt/warehouse error messages into signal codes, one row per warehouse dialect."""

from __future__ import annotations

import pytest

from airflow_pipeline_debugger.adapters.dbt import signals as sig


@pytest.mark.parametrize(
    ("message", "code", "attrs"),
    [
        (
            "Compilation Error\n  Model 'model.p.fct_orders' (models/marts/fct_orders.sql) depends on a "
            "node named "
            "'stg_order' which was not found",
            sig.MISSING_REF,
            {"missing": "stg_order", "model": "fct_orders", "path": "models/marts/fct_orders.sql"},
        ),
        (
            "Model 'model.p.m' (models/m.sql) depends on a source named 'raw.gone' which was not found",
            sig.MISSING_REF,
            {"missing": "raw.gone", "target_kind": "source"},
        ),
        (
            'Binder Error: Referenced column "email" not found in FROM clause!\n'
            '  Candidate bindings: "email_address"',
            sig.MISSING_COLUMN,
            {"column": "email", "candidates": ["email_address"]},
        ),
        (
            'Binder Error: Values list "o" does not have a column named "discount_amount"',
            sig.MISSING_COLUMN,
            {"column": "discount_amount", "alias": "o"},
        ),
        ('column "amount_usd" does not exist', sig.MISSING_COLUMN, {"column": "amount_usd"}),
        ("column o.amount_usd does not exist", sig.MISSING_COLUMN, {"column": "amount_usd"}),
        (
            "SQL compilation error: error line 3 at position 4 invalid identifier 'O.EMAIL'",
            sig.MISSING_COLUMN,
            {"column": "email"},
        ),
        ("Unrecognized name: email at [3:5]", sig.MISSING_COLUMN, {"column": "email"}),
        (
            "[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with name "
            "`email` cannot "
            "be resolved.",
            sig.MISSING_COLUMN,
            {"column": "email"},
        ),
        (
            "Catalog Error: Table with name payments does not exist!",
            sig.MISSING_RELATION,
            {"relation": "payments"},
        ),
        ('relation "raw.payments" does not exist', sig.MISSING_RELATION, {"relation": "raw.payments"}),
        (
            "Object 'DB.RAW.PAYMENTS' does not exist or not authorized.",
            sig.MISSING_RELATION,
            {"relation": "db.raw.payments"},
        ),
        (
            "Not found: Table proj:raw.payments was not found in location US",
            sig.MISSING_RELATION,
            {"relation": "proj:raw.payments"},
        ),
        (
            "[TABLE_OR_VIEW_NOT_FOUND] The table or view `raw`.`payments` cannot be found.",
            sig.MISSING_RELATION,
            {"relation": "raw.payments"},
        ),
        ("permission denied for schema analytics", sig.PERMISSION_DENIED, {}),
        ("Insufficient privileges to operate on schema 'ANALYTICS'", sig.PERMISSION_DENIED, {}),
        ("Access Denied: Table proj:raw.orders: User does not have permission", sig.PERMISSION_DENIED, {}),
        (
            'Invalid Input Error: Cannot execute statement of type "CREATE" on database "w" '
            "which is attached in "
            "read-only mode!",
            sig.PERMISSION_DENIED,
            {},
        ),
        (
            "Runtime Error\n  The profile 'demo' does not have a target named 'prod'. The valid target "
            "names for this "
            "profile are:\n   - dev",
            sig.PROFILE_ERROR,
            {},
        ),
        ("Env var required but not provided: 'SNOWFLAKE_PASSWORD'", sig.PROFILE_ERROR, {}),
        (
            'could not connect to server: Connection refused\n\tIs the server running on host "db"',
            sig.CONNECTION_ERROR,
            {},
        ),
        (
            'could not translate host name "warehouse" to address: Name or service not known',
            sig.CONNECTION_ERROR,
            {},
        ),
        ("canceling statement due to statement timeout; Query timed out", sig.CONNECTION_ERROR, {}),
        (
            "Compilation Error in model fct_orders (models/marts/fct_orders.sql)\n  unexpected '}'\n    "
            "line 3",
            sig.COMPILE_ERROR,
            {},
        ),
        (
            "Parsing Error\n  Error reading p: schema.yml - Runtime Error\n  Syntax error near line 4",
            sig.COMPILE_ERROR,
            {},
        ),
        ("'dict object' has no attribute 'foo' is undefined", sig.COMPILE_ERROR, {}),
        ("Division by zero!", sig.DATABASE_ERROR, {}),
    ],
)
def test_classify_error(message, code, attrs):
    """Each warehouse's wording maps to the same signal code with the names it carries."""
    classified = sig.classify_error(message)
    assert classified.code == code
    for key, value in attrs.items():
        assert classified.attributes[key] == value


def test_error_node():
    """'… Error in model x (path)' names the node; other text names nothing."""
    assert sig.error_node("Runtime Error in model stg_customers (models/staging/stg_customers.sql)") == (
        "model",
        "stg_customers",
        "models/staging/stg_customers.sql",
    )
    assert sig.error_node("nothing here") == ("", "", "")
