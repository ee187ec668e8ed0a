"""The faults a blind review of the twelfth pass proved, each kept as the logs and job files it wrote.

Each folder of ``tests/fixtures/named_review`` is a log (and, where the reading needs one, the job
file) on which a new reading took the wrong side or said the wrong thing: a composite key, a list
holding one setting or a ``None`` amount read as a setting's fault, a configuration guard read as a
data check, one expression column read as the job's missing alias, a Variable's broken JSON read as
a truncated upload, a line quoted from a traceback the task carried on from or without its closing
quote, an address named from an earlier call or missed on the error line, dbt's reason running into
the next lines or quoting a password, a typo'd adapter sent to ``pip install``, and the provider's
record in a text log read as the task's output.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support.offline_rule import SETTINGS, folder_answer

from airflow_pipeline_debugger.domain import Category, FailureContext, TaskKey
from airflow_pipeline_debugger.engine.offline import analyze_files

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "named_review"


NOT_THE_SETTINGS = [
    # (folder, the category the evidence supports, the rule that must not answer)
    ("composite-key-read-as-setting-list", Category.CODE, "generic.setting_value"),
    ("list-with-one-setting-read-as-the-setting", Category.CODE, "generic.setting_value"),
    ("round-none-amount-read-as-setting", Category.CODE, "generic.setting_value"),
    ("config-guard-read-as-data-check", Category.CODE, "generic.data_check"),
    ("unknown-conn-id-read-as-data-check", Category.CODE, "generic.data_check"),
    ("schema-drift-one-expression-column", Category.DATA, ""),
]


@pytest.mark.parametrize(
    ("folder", "category", "not_rule"), NOT_THE_SETTINGS, ids=[c[0] for c in NOT_THE_SETTINGS]
)
def test_the_new_readings_stay_off_what_they_do_not_explain(
    folder: str, category: Category, not_rule: str
) -> None:
    result, said = folder_answer(FIXTURES / folder)
    assert result.category is category, said
    assert result.root_cause.rule_id != not_rule, said


def test_a_variables_broken_json_is_the_setting_even_from_the_log_alone(tmp_path: Path) -> None:
    log = FIXTURES / "truncated-json-variable-read-as-data" / "task.log"
    result = analyze_files([log], [], SETTINGS, context=FailureContext(key=TaskKey(task_id="job"))).result
    assert result.category is Category.CONFIG, result.root_cause.title


WORDING = [
    # (folder, words the root cause must say, words it must not say)
    ("statement-from-an-earlier-traceback", (), ("SEGMENTS[",)),
    ("quoted-line-loses-closing-quote", ('`return parts[1] + ","`',), ()),
    ("peer-address-from-an-earlier-call", ("warehouse-db.internal:5432",), ("partner-shop",)),
    ("peer-address-missed-on-the-error-line", ("rates.internal:443",), ()),
    ("tls-summary-quotes-library-code-line", ("WRONG_VERSION_NUMBER",), ("raise SSLError",)),
    ("dbt-credentials-reason-runs-into-next-lines", ("'5432 '",), ("Command exited", "Task failed")),
]


@pytest.mark.parametrize(("folder", "said", "unsaid"), WORDING, ids=[c[0] for c in WORDING])
def test_the_answer_names_what_failed_and_nothing_else(
    folder: str, said: tuple[str, ...], unsaid: tuple[str, ...]
) -> None:
    _, text = folder_answer(FIXTURES / folder)
    for words in said:
        assert words in text, text
    for words in unsaid:
        assert words not in text, text


def test_a_rejected_password_is_never_repeated() -> None:
    result, _ = folder_answer(FIXTURES / "dbt-credentials-reason-quotes-password")
    assert "90817263544" not in json.dumps(result.to_json())


def test_a_misspelt_adapter_is_checked_before_anything_is_installed() -> None:
    result, _ = folder_answer(FIXTURES / "dbt-misspelt-adapter-pip-install-advice")
    fix = result.remediation.immediate_fix
    assert fix.startswith("Check the target's `type:`") and "dbt-postgress" not in fix, fix


def test_the_providers_record_in_a_text_log_is_not_the_tasks_output() -> None:
    with_record, _ = folder_answer(FIXTURES / "capture-record-in-text-log", ("task.log",))
    without, _ = folder_answer(FIXTURES / "capture-record-in-text-log", ("task-without-record.log",))
    assert (with_record.category, with_record.root_cause.rule_id) == (
        without.category,
        without.root_cause.rule_id,
    )
    only_record, said = folder_answer(
        FIXTURES / "capture-record-in-text-log", ("task-record-only-names-the-cause.log",)
    )
    assert only_record.category is not Category.INFRA, said


def test_a_library_reading_the_data_a_variable_points_to_keeps_the_datas_answer(tmp_path: Path) -> None:
    """pandas under the task's frame read the file the Variable names: the bad value is the file's."""
    log = tmp_path / "task.log"
    log.write_text(
        "[2026-12-06T02:00:01.000+0000] {taskinstance.py:3311} ERROR - Task failed with exception\n"
        "Traceback (most recent call last):\n"
        '  File "/opt/airflow/dags/orders.py", line 12, in load\n'
        '    frame = pd.read_csv(Variable.get("orders_path"), dtype={"qty": "int64"})\n'
        '  File "/usr/lib/python3/site-packages/pandas/io/parsers/readers.py", line 1026, in read_csv\n'
        "    return _read(filepath_or_buffer, kwds)\n"
        "ValueError: invalid literal for int() with base 10: 'n/a'\n",
        encoding="utf-8",
    )
    result = analyze_files([log], [], SETTINGS, context=FailureContext(key=TaskKey(task_id="job"))).result
    assert result.category is Category.DATA, result.root_cause.title
