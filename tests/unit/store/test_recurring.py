"""Recurring causes: grouping by fingerprint, nearest-rank percentiles, uninvestigated share, days."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from airflow_pipeline_debugger.store.recurring import (
    Occurrence,
    answer_seconds,
    per_day,
    percentile,
    recurring,
    uninvestigated_share,
)

T0 = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def _seen(n: int, fingerprint: str, *, dag: str = "sales", category: str = "infra", status: str = "succeeded",
          hours: float = 0, answer_s: float | None = 30.0) -> Occurrence:  # fmt: skip
    created = T0 + timedelta(hours=hours)
    finished = created + timedelta(seconds=answer_s) if answer_s is not None else None
    return Occurrence(
        f"inv-{n}", fingerprint, dag, "load", category, f"cause {fingerprint}", status, created, finished
    )


def test_causes_are_grouped_by_fingerprint_most_frequent_first() -> None:
    seen = [
        _seen(1, "fp-a", hours=0),
        _seen(2, "fp-b", dag="orders", category="data", hours=1),
        _seen(3, "fp-a", dag="billing", hours=30, status="failed", answer_s=None),
        _seen(4, "fp-a", hours=5),
        _seen(5, "", hours=2, status="queued", answer_s=None),  # no fingerprint yet: not a cause
    ]
    causes = recurring(seen)
    assert [(c.fingerprint, c.count) for c in causes] == [("fp-a", 3), ("fp-b", 1)]
    a = causes[0]
    assert (a.first_seen, a.last_seen) == (T0, T0 + timedelta(hours=30))
    assert a.dag_ids == ["billing", "sales"]
    assert (a.last_status, a.last_investigation_id, a.title) == ("failed", "inv-3", "cause fp-a")


def test_ties_go_to_the_most_recent() -> None:
    causes = recurring([_seen(1, "old", hours=0), _seen(2, "new", hours=3)])
    assert [c.fingerprint for c in causes] == ["new", "old"]


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [
        ([], 50, None),
        ([7.0], 95, 7.0),
        ([1.0, 2.0, 3.0, 4.0], 50, 2.0),
        ([float(v) for v in range(1, 101)], 95, 95.0),
        ([5.0, 1.0, 3.0], 50, 3.0),
        ([1.0, 2.0, 3.0, 4.0, 100.0], 95, 100.0),
    ],
)
def test_nearest_rank_percentile(values: list[float], q: float, expected: float | None) -> None:
    assert percentile(values, q) == expected


def test_answer_time_counts_answered_investigations_only() -> None:
    seen = [
        _seen(1, "a", answer_s=12.0),
        _seen(2, "a", answer_s=48.0),
        _seen(3, "a", status="failed", answer_s=5.0),
        _seen(4, "a", status="queued", answer_s=None),
    ]
    assert sorted(answer_seconds(seen)) == [12.0, 48.0]
    assert uninvestigated_share(seen) == pytest.approx(0.5)
    assert uninvestigated_share([]) is None


def test_per_day_counts_categories_in_day_order() -> None:
    seen = [
        _seen(1, "a", hours=26),
        _seen(2, "b", category="data", hours=1),
        _seen(3, "c", hours=2),
        _seen(4, "d", category="", hours=27),
    ]
    assert per_day(seen) == [
        ("2026-12-01", {"data": 1, "infra": 1}),
        ("2026-12-02", {"infra": 1, "unknown": 1}),
    ]
