"""``GET /api/accuracy``: what users said of the answers, per category, rule or model, DAG and week.

Read from the root causes and their 👍 / 👎 (:mod:`airflow_pipeline_debugger.store.accuracy` does
the counting), limited to the DAGs the caller may read.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from airflow_pipeline_debugger.api.security import UserDep, readable_dag_ids
from airflow_pipeline_debugger.store import repository
from airflow_pipeline_debugger.store.accuracy import RealCause, Tally, measure
from airflow_pipeline_debugger.store.models import utcnow
from airflow_pipeline_debugger.store.session import session_scope

router = APIRouter(prefix="/api")

MAX_DAYS = 366
#: Real causes in the overall list (each group lists a few of its own).
MAX_REAL_CAUSES = 50


class RealCauseOut(BaseModel):
    """An answer marked wrong, with what the user said the real cause was."""

    investigation_id: str
    dag_id: str
    task_id: str
    source: str
    answered: str
    real_cause: str
    user: str
    at: datetime | None

    @classmethod
    def of(cls, cause: RealCause) -> RealCauseOut:
        """From the counted record."""
        return cls.model_validate(cause, from_attributes=True)


class TallyOut(BaseModel):
    """Counts for one group; shares are of the rated answers (null when none was rated)."""

    key: str
    answers: int
    rated: int
    confirmed: int
    wrong: int
    confirmed_share: float | None
    wrong_share: float | None
    real_causes: list[RealCauseOut]

    @classmethod
    def of(cls, tally: Tally) -> TallyOut:
        """From the counted group."""
        return cls(
            key=tally.key,
            answers=tally.answers,
            rated=tally.rated,
            confirmed=tally.confirmed,
            wrong=tally.wrong,
            confirmed_share=tally.confirmed_share,
            wrong_share=tally.wrong_share,
            real_causes=[RealCauseOut.of(c) for c in tally.real_causes],
        )


class AccuracyOut(BaseModel):
    """Every root cause given in the window, grouped; the busiest groups first, weeks in order."""

    window_days: int
    since: datetime
    totals: TallyOut
    by_category: list[TallyOut]
    by_source: list[TallyOut]
    by_dag: list[TallyOut]
    by_week: list[TallyOut]


@router.get("/accuracy", response_model=AccuracyOut)
def accuracy(
    user: UserDep,
    days: Annotated[int, Query(ge=1, le=MAX_DAYS)] = 90,
    dag_id: str | None = None,
) -> AccuracyOut:
    """Confirmed and marked-wrong shares with the stated real causes, over the last ``days`` days."""
    since = utcnow() - timedelta(days=days)
    with session_scope() as session:
        answers = repository.root_cause_answers(
            session, since=since, dag_id=dag_id, readable_dag_ids=readable_dag_ids(user)
        )
    measured = measure(answers, max_causes=MAX_REAL_CAUSES)
    return AccuracyOut(
        window_days=days,
        since=since,
        totals=TallyOut.of(measured.totals),
        by_category=[TallyOut.of(t) for t in measured.by_category],
        by_source=[TallyOut.of(t) for t in measured.by_source],
        by_dag=[TallyOut.of(t) for t in measured.by_dag],
        by_week=[TallyOut.of(t) for t in measured.by_week],
    )
