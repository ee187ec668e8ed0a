"""The warehouse refusing a value a dbt variable holds is the variable's (dbt.var_in_error).

Each row is a console log ending in one error, the project file and the model given as artifacts,
run through the offline path; distractors beside each: a value the model spells itself, a variable
no model reads, a file glob, a date, an error that quotes the value without refusing it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from airflow_pipeline_debugger.domain import Category
from airflow_pipeline_debugger.engine.offline import OfflineSettings, analyze_files

pytestmark = pytest.mark.unit

SETTINGS = OfflineSettings.load(use_model=False)
RULE = "dbt.var_in_error"

CONSOLE = """21:02:43  Running with dbt=1.11.16
21:02:46  1 of 1 START sql table model analytics.fct_revenue ............................ [RUN]
21:02:47  1 of 1 ERROR creating sql table model analytics.fct_revenue ................... [ERROR in 0.09s]
21:02:47
21:02:47  Completed with 1 error, 0 partial successes, and 0 warnings:
21:02:47
21:02:47  Failure in model fct_revenue (models/marts/fct_revenue.sql)
21:02:47    Runtime Error in model fct_revenue (models/marts/fct_revenue.sql)
  {error}
21:02:47
21:02:47  Done. PASS=0 WARN=0 ERROR=1 SKIP=0 NO-OP=0 TOTAL=1
"""
PROJECT = """name: shopmetrics
version: "1.0.0"
profile: shopmetrics

vars:
  revenue_grain: weekly        # finance asked for weekly revenue
  orders_glob: "raw/orders/*.parquet"
  history_start: 2025-01-01
  surrogate_key_hash: sha512

models:
  shopmetrics:
    +materialized: table
"""


def _answer(
    tmp_path: Path, error: str, model: str, *, run_vars: dict[str, str] | None = None
) -> tuple[str, str]:
    """Category and rule ``analyze`` gives the console log ending in ``error``, with project and model."""
    log = tmp_path / "console.log"
    log.write_text(CONSOLE.format(error=error), encoding="utf-8")
    (tmp_path / "dbt_project.yml").write_text(PROJECT, encoding="utf-8")
    (tmp_path / "fct_revenue.sql").write_text(model, encoding="utf-8")
    artifacts = [tmp_path / "dbt_project.yml", tmp_path / "fct_revenue.sql"]
    if run_vars is not None:
        results = {
            "metadata": {"dbt_schema_version": "https://schemas.getdbt.com/dbt/run-results/v6.json"},
            "results": [],
            "args": {"which": "run", "vars": run_vars},
        }
        (tmp_path / "run_results.json").write_text(json.dumps(results), encoding="utf-8")
        artifacts.append(tmp_path / "run_results.json")
    result = analyze_files([log], artifacts, SETTINGS).result
    return result.category.value, result.root_cause.rule_id


GRAIN = (
    "select date_trunc('{{ var(\"revenue_grain\") }}', order_date) as period, sum(amount) "
    "from orders group by 1"
)
HASH = "select {{ var('surrogate_key_hash') }}(order_id) as order_key from orders"


@pytest.mark.parametrize(
    ("case", "error", "model", "run_vars", "expected"),
    [
        (
            "a grain the warehouse does not know",
            'Conversion Error: extract specifier "weekly" not recognized',
            GRAIN,
            None,
            (Category.CONFIG.value, RULE),
        ),
        (
            "a function named by a variable",
            "Catalog Error: Scalar Function with name sha512 does not exist!",
            HASH,
            None,
            (Category.CONFIG.value, RULE),
        ),
        (
            "the run's --vars",
            'Conversion Error: extract specifier "fortnight" not recognized',
            GRAIN,
            {"revenue_grain": "fortnight"},
            (Category.CONFIG.value, RULE),
        ),
    ],
)
def test_a_value_a_variable_holds_is_the_variables(
    tmp_path: Path,
    case: str,
    error: str,
    model: str,
    run_vars: dict[str, str] | None,
    expected: tuple[str, str],
) -> None:
    assert _answer(tmp_path, error, model, run_vars=run_vars) == expected


@pytest.mark.parametrize(
    ("case", "error", "model"),
    [
        # the model spells the value itself: its own SQL
        (
            "a literal in the model",
            'Conversion Error: extract specifier "weekly" not recognized',
            "select date_trunc('weekly', order_date) from orders",
        ),
        # a glob's files disagree: what the files hold, not the variable naming them
        (
            "a file glob",
            'Invalid Input Error: Failed to read file "raw/orders/*.parquet": schema mismatch in glob',
            "select * from read_parquet('{{ var(\"orders_glob\") }}')",
        ),
        # the run's date quoted by a data error
        (
            "a date",
            'Conversion Error: Could not convert string "2025-01-01x" to DATE',
            "select * from orders where order_date >= '{{ var(\"history_start\") }}'",
        ),
        # quoted, not refused
        (
            "quoted without a refusal",
            "Binder Error: column weekly_total must appear in the GROUP BY clause",
            GRAIN.replace("sum(amount)", "weekly_total"),
        ),
    ],
)
def test_a_value_the_variable_does_not_explain_is_not_blamed_on_it(
    tmp_path: Path, case: str, error: str, model: str
) -> None:
    assert _answer(tmp_path, error, model)[1] != RULE


def test_a_vars_block_is_read_line_by_line_not_parsed(tmp_path: Path) -> None:
    """A YAML alias bomb in the project file costs nothing: no YAML parser runs on it."""
    bomb = 'vars:\n  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    bomb += "".join(
        f"  {chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n" for i in range(9)
    )
    (tmp_path / "dbt_project.yml").write_text(bomb, encoding="utf-8")
    log = tmp_path / "console.log"
    log.write_text(
        CONSOLE.format(error='Conversion Error: extract specifier "lol" not recognized'), encoding="utf-8"
    )
    (tmp_path / "fct_revenue.sql").write_text("select {{ var('a') }}", encoding="utf-8")
    result = analyze_files(
        [log], [tmp_path / "dbt_project.yml", tmp_path / "fct_revenue.sql"], SETTINGS
    ).result
    assert result.root_cause.rule_id != RULE
