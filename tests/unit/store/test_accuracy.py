"""Accuracy from feedback: grouping, shares of the rated answers, real causes, a rule's track record."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from airflow_pipeline_debugger.store.accuracy import (
    Answer,
    Tally,
    answer_source,
    confidence_note,
    measure,
    track_record,
    week_of,
)

T0 = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # a Monday


def _answer(
    n: int,
    *,
    dag: str = "sales",
    source: str = "airflow.sigkill",
    category: str = "infra",
    feedback: str | None = None,
    comment: str = "",
    days: int = 0,
) -> Answer:
    at = T0 + timedelta(days=days, minutes=n)
    return Answer(
        investigation_id=f"inv-{n}",
        dag_id=dag,
        task_id="load",
        category=category,
        source=source,
        title=f"answer {n}",
        answered_at=at,
        feedback=feedback,
        comment=comment,
        user="alice" if feedback else "",
        rated_at=at + timedelta(hours=1) if feedback else None,
    )


@pytest.mark.parametrize(
    ("rule_id", "engine", "model", "expected"),
    [
        ("dbt.missing_column", "model", "claude-sonnet-4-5", "dbt.missing_column"),
        ("", "model", "claude-sonnet-4-5", "model claude-sonnet-4-5"),
        ("", "deterministic", "", "deterministic"),
        ("", "", "", "unknown"),
    ],
)
def test_answer_source_is_the_rule_else_the_model(
    rule_id: str, engine: str, model: str, expected: str
) -> None:
    assert answer_source(rule_id, engine, model) == expected


def test_measure_groups_and_shares_are_of_the_rated_answers() -> None:
    answers = [
        _answer(1, feedback="up"),
        _answer(2, feedback="down", comment="the node was drained for an upgrade"),
        _answer(3, feedback="down"),  # wrong without a stated cause
        _answer(4),  # not rated
        _answer(5, dag="orders", source="dbt.missing_column", category="data", feedback="up", days=7),
        _answer(
            6,
            dag="orders",
            source="model claude-sonnet-4-5",
            category="code",
            feedback="down",
            comment="a renamed column upstream",
            days=8,
        ),
    ]
    result = measure(answers)
    totals = result.totals
    assert (totals.answers, totals.rated, totals.confirmed, totals.wrong) == (6, 5, 2, 3)
    assert totals.confirmed_share == pytest.approx(2 / 5) and totals.wrong_share == pytest.approx(3 / 5)
    assert [c.real_cause for c in totals.real_causes] == [
        "a renamed column upstream",
        "the node was drained for an upgrade",
    ]  # newest first, only the ones with a stated cause

    by_source = {t.key: t for t in result.by_source}
    assert result.by_source[0].key == "airflow.sigkill"  # busiest first
    sigkill = by_source["airflow.sigkill"]
    assert (sigkill.answers, sigkill.confirmed, sigkill.wrong) == (4, 1, 2)
    assert sigkill.wrong_share == pytest.approx(2 / 3)
    assert [c.investigation_id for c in sigkill.real_causes] == ["inv-2"]
    assert by_source["model claude-sonnet-4-5"].wrong == 1

    assert {t.key: (t.answers, t.wrong) for t in result.by_dag} == {"sales": (4, 2), "orders": (2, 1)}
    assert {t.key: t.answers for t in result.by_category} == {"infra": 4, "data": 1, "code": 1}
    assert [(t.key, t.answers) for t in result.by_week] == [("2026-11-30", 4), ("2026-12-07", 2)]


def test_nothing_rated_has_no_share() -> None:
    tally = measure([_answer(1), _answer(2)]).totals
    assert (tally.rated, tally.confirmed_share, tally.wrong_share) == (0, None, None)
    assert measure([]).totals.answers == 0


def test_real_causes_are_capped() -> None:
    answers = [_answer(n, feedback="down", comment=f"cause {n}") for n in range(10)]
    result = measure(answers, max_causes=3)
    assert [c.real_cause for c in result.totals.real_causes] == ["cause 9", "cause 8", "cause 7"]
    assert len(result.by_source[0].real_causes) == 5  # per group: CAUSES_PER_GROUP


def test_week_of_is_the_monday() -> None:
    assert week_of(datetime(2026, 12, 6, 23, 0, tzinfo=UTC)) == "2026-11-30"  # a Sunday
    assert week_of(datetime(2026, 12, 7, 0, 1, tzinfo=UTC)) == "2026-12-07"


def test_track_record_counts_the_last_rated_answers_of_one_source() -> None:
    answers = [_answer(n, feedback="down") for n in range(4)]  # oldest four: wrong
    answers += [_answer(n, feedback="up") for n in range(4, 10)]  # newer six: right
    answers += [_answer(20, source="other.rule", feedback="down"), _answer(21)]
    record = track_record(answers, "airflow.sigkill", last=8)
    assert (record.rated, record.wrong, record.confirmed) == (8, 2, 6)
    assert track_record(answers, "airflow.sigkill").wrong == 4


@pytest.mark.parametrize(
    ("key", "wrong", "confirmed", "threshold", "note"),
    [
        ("airflow.sigkill", 4, 2, 2, "this rule (airflow.sigkill) was marked wrong 4 of the last 6 times"),
        ("airflow.sigkill", 2, 0, 2, ""),  # not more than the threshold
        ("airflow.sigkill", 3, 0, 2, "marked wrong 3 of the last 3 times it was rated on this DAG"),
        ("model claude-sonnet-4-5", 1, 5, 0, "this model (model claude-sonnet-4-5) was marked wrong 1 of"),
        ("airflow.sigkill", 0, 9, 0, ""),
    ],
)
def test_confidence_note_only_past_the_threshold(
    key: str, wrong: int, confirmed: int, threshold: int, note: str
) -> None:
    text = confidence_note(Tally(key, answers=wrong + confirmed, confirmed=confirmed, wrong=wrong), threshold)
    assert (note in text) if note else text == ""
