"""The faults a blind review of the thirteenth pass proved, each kept as the logs and files it wrote.

Each folder of ``tests/fixtures/wrapped_review`` is a log (and, where the reading needs one, the
model or ``dbt_project.yml``) on which a new reading took the wrong side or said the wrong thing: a
staging model's rename and a ``cast(… as type)`` read as the model's own rename, a streaming query's
quoted cause losing its SQLSTATE with the wrapper's, a decimal wide enough called too narrow and a
wider type advised narrower than the one that failed, a partition blamed on the wrong column or
missed when its name is multi-byte, a secret percent-encoded in a partition value, and a suppressed
exception's cause taken for the wrapper's. ``wrapped_review2`` keeps the second review's: a lock
timeout dbt's summary follows missed, a plain ref blamed on a variable another ref uses, DuckDB's
nested or aborted transaction read as a conflict, a setting DuckDB refuses read as the query's or the
input's, and Python's ``SyntaxError`` read as psycopg's.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support.offline_rule import assert_reading, folder_answer, log_bundle

from airflow_pipeline_debugger.domain import Category, LogLine
from airflow_pipeline_debugger.evidence.lines import numbered_lines
from airflow_pipeline_debugger.heuristics.terminal import innermost_cause

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "wrapped_review"
SECOND = FIXTURES.parent / "wrapped_review2"

CASES = [
    # (folder, category, rule ("!x": any other), words the answer names ("!w": must not))
    ("staging-rename-is-upstream-drift", Category.DATA, "dbt.missing_column", ("!still uses the old name",)),
    ("cast-read-as-rename", Category.DATA, "dbt.missing_column", ("!bigint'",)),
    ("stream-failed-hides-inline-cause", Category.DATA, "", ("23502",)),
    ("decimal-wide-enough-called-too-narrow", Category.DATA, "dbt.value_error", ("!too narrow",)),
    (
        "partition-names-wrong-column",
        Category.DATA,
        "generic.partition_name_too_long",
        ("landing_url", "432 bytes"),
    ),
    ("partition-multibyte-missed", Category.DATA, "generic.partition_name_too_long", ("campaign_name",)),
]


@pytest.mark.parametrize(("folder", "category", "rule", "words"), CASES, ids=[c[0] for c in CASES])
def test_the_review_faults_stay_fixed(
    folder: str, category: Category, rule: str, words: tuple[str, ...]
) -> None:
    result, said = folder_answer(FIXTURES / folder)
    assert_reading(result, said, category, rule, words)


def test_a_wider_type_is_worked_out_from_the_value() -> None:
    result, said = folder_answer(FIXTURES / "widen-example-narrower-than-value")
    fix = result.remediation
    assert result.category is Category.CONFIG, said
    assert "decimal(12,2), too narrow" in said, said
    assert "decimal(18,2)" in fix.immediate_fix, fix.immediate_fix
    assert "--select fx_positions" in fix.immediate_fix, fix.immediate_fix
    assert "number format" not in fix.change, fix.change


def test_a_secret_in_a_partition_value_is_masked_and_the_name_still_read() -> None:
    result, said = folder_answer(FIXTURES / "partition-secret-probe")
    assert result.root_cause.rule_id == "generic.partition_name_too_long", said
    assert "or more" in said, said
    assert "q7RtV2xkP9mWzL4sN8bYc3Hf6Jd1Ga5Ue0" not in json.dumps(result.to_json())


def test_a_suppressed_exceptions_cause_is_not_the_wrappers(tmp_path: Path) -> None:
    log = (FIXTURES / "suppressed-cause-taken-as-root" / "task.log").read_text(encoding="utf-8")
    bundle = log_bundle(tmp_path, log, {})
    wrapper = next(
        LogLine(ev.id, n, text)
        for ev in bundle.evidence
        for n, text in numbered_lines(ev)
        if n is not None and "[TASK_WRITE_FAILED]" in text
    )
    cause = innermost_cause(bundle, wrapper)
    assert "NUMERIC_VALUE_OUT_OF_RANGE" in cause, cause
    assert "SocketTimeoutException" not in cause, cause


SECOND_CASES = [
    # (folder, logs (all .log files when empty), category, rule ("!x": any other), words ("!w": not))
    ("lock-timeout-in-dbt-summary-missed", (), Category.INFRA, "generic.lock_contention", ()),
    ("lock-timeout-chained-python", (), Category.INFRA, "generic.lock_contention", ()),
    ("ref-var-blamed-for-literal-ref", (), Category.CODE, "dbt.missing_ref", ("!fx_provider",)),
    ("duckdb-transactioncontext-read-as-conflict", ("task.log",), Category.CODE, "", ("!conflict",)),
    ("duckdb-transactioncontext-read-as-conflict", ("task-aborted.log",), Category.CODE, "", ("!conflict",)),
    ("duckdb-catalog-setting-read-as-code", (), Category.CONFIG, "", ("setting",)),
    ("duckdb-invalid-input-read-as-data", (), Category.CONFIG, "", ("setting",)),
    ("python-syntaxerror-read-as-sqlstate", (), None, "", ("!SQLSTATE",)),
]


@pytest.mark.parametrize(
    ("folder", "logs", "category", "rule", "words"),
    SECOND_CASES,
    ids=[f"{c[0]}{'-' + c[1][0] if c[1] else ''}" for c in SECOND_CASES],
)
def test_the_second_reviews_faults_stay_fixed(
    folder: str, logs: tuple[str, ...], category: Category | None, rule: str, words: tuple[str, ...]
) -> None:
    result, said = folder_answer(SECOND / folder, logs)
    assert_reading(result, said, category, rule, words)
