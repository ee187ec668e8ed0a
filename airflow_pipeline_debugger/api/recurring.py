"""``GET /api/recurring``: which causes recur, where, who owns them, how fast they are answered.

Investigations of the DAGs the caller may read, grouped by fingerprint
(:mod:`airflow_pipeline_debugger.store.recurring`), with the DAG owners from Airflow's own tables,
the failure-to-root-cause time (p50 / p95), the share still without a root cause and the failures
per day and category that the page draws.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from airflow_pipeline_debugger.api.security import UserDep, readable_dag_ids
from airflow_pipeline_debugger.store import repository
from airflow_pipeline_debugger.store.dag_settings import tags_and_owners
from airflow_pipeline_debugger.store.models import utcnow
from airflow_pipeline_debugger.store.recurring import (
    Recurrence,
    answer_seconds,
    per_day,
    percentile,
    recurring,
    uninvestigated_share,
)
from airflow_pipeline_debugger.store.session import session_scope

router = APIRouter(prefix="/api")

MAX_DAYS = 366
MAX_CAUSES = 100


class CauseOut(BaseModel):
    """One recurring cause."""

    fingerprint: str
    title: str
    category: str
    count: int
    first_seen: datetime
    last_seen: datetime
    dag_ids: list[str]
    owners: list[str]
    last_status: str
    last_investigation_id: str

    @classmethod
    def of(cls, recurrence: Recurrence) -> CauseOut:
        """From the grouped record."""
        return cls.model_validate(recurrence, from_attributes=True)


class DayOut(BaseModel):
    """Failures of one UTC day, per category."""

    day: str
    counts: dict[str, int]


class RecurringOut(BaseModel):
    """The overview of a window: totals, timings, causes (most frequent first) and days (in order)."""

    window_days: int
    since: datetime
    failures: int
    uninvestigated_share: float | None
    time_to_root_cause_p50_seconds: float | None
    time_to_root_cause_p95_seconds: float | None
    causes: list[CauseOut]
    per_day: list[DayOut]


@router.get("/recurring", response_model=RecurringOut)
def recurring_causes(
    user: UserDep,
    days: Annotated[int, Query(ge=1, le=MAX_DAYS)] = 30,
    min_count: Annotated[int, Query(ge=1)] = 1,
) -> RecurringOut:
    """Causes seen at least ``min_count`` times in the last ``days`` days."""
    since = utcnow() - timedelta(days=days)
    with session_scope() as session:
        seen = repository.occurrences(session, since=since, readable_dag_ids=readable_dag_ids(user))
        causes = [r for r in recurring(seen) if r.count >= min_count][:MAX_CAUSES]
        owners: dict[str, tuple[str, ...]] = {}
        for cause in causes:
            for dag_id in cause.dag_ids:
                if dag_id not in owners:
                    owners[dag_id] = tags_and_owners(session, dag_id)[1]
            cause.owners = sorted({o for dag_id in cause.dag_ids for o in owners[dag_id]})
    timings = answer_seconds(seen)
    return RecurringOut(
        window_days=days,
        since=since,
        failures=len(seen),
        uninvestigated_share=uninvestigated_share(seen),
        time_to_root_cause_p50_seconds=percentile(timings, 50),
        time_to_root_cause_p95_seconds=percentile(timings, 95),
        causes=[CauseOut.of(c) for c in causes],
        per_day=[DayOut(day=day, counts=counts) for day, counts in per_day(seen)],
    )
