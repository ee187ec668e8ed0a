"""The faults a blind review of the source readings proved, each kept as the logs and job files it wrote.

Each folder of ``tests/fixtures/source_review`` is one failure where a reading of the job's source
would take the wrong side (a setting beside the input's bad value, a local dict named ``params``, a
tuple's index, ``None`` of another object, a literal elsewhere in the SQL, a quoted ``var()``, a CSV
column that can only be a string, a qualified table, a hint in a comment) and the answer the evidence
supports; ``generated-source`` is a 30 KB generated job that made one trace take 39 s before the
trace got one node budget, and a 600-term expression that crashed the rules by recursion.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support.offline_rule import folder_answer

from airflow_pipeline_debugger.domain import Category

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "source_review"
CASES = [
    # (folder, the category the evidence supports, the rule that must not answer)
    ("key-of-the-record-not-the-variable", Category.CODE, "generic.setting_value"),
    ("row-value-beside-a-variable-factor", Category.DATA, "generic.setting_value"),
    ("a-local-dict-named-params", Category.CODE, "generic.setting_value"),
    ("tuple-index-of-a-fetched-row", Category.CODE, "generic.input_read"),
    ("none-is-another-object", Category.CODE, "generic.input_read"),
    ("source-column-beats-a-literal-elsewhere", Category.DATA, ""),
    ("a-quoted-var-and-a-macro", Category.DATA, ""),
    ("csv-string-exploded", Category.CODE, "spark.input_column_type"),
    ("a-qualified-table-is-no-temp-view", Category.DATA, ""),
    ("a-broadcast-in-a-comment", Category.CONFIG, ""),
]


@pytest.mark.parametrize(("folder", "category", "not_rule"), CASES, ids=[c[0] for c in CASES])
def test_the_other_reading_holds(folder: str, category: Category, not_rule: str) -> None:
    result, said = folder_answer(FIXTURES / folder)
    assert result.category is category, said
    if not_rule:
        assert result.root_cause.rule_id != not_rule, said


@pytest.mark.parametrize("log", ["task.log", "task2.log"])
def test_generated_source_is_read_without_a_crash(log: str) -> None:
    folder = FIXTURES / "generated-source"
    result, said = folder_answer(folder, (log,))
    notes = json.dumps(result.to_json()["notes"])
    assert "crashed" not in notes, notes
    assert result.root_cause.rule_id, said
