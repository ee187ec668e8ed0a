"""Failed tries in Airflow's tables that have no investigation yet (the sweep's and run enqueue's query).

Live task instances in ``failed`` and, with retries opted in, ``up_for_retry`` rows and archived
failed tries (``task_instance_history``). ``upstream_failed`` is never returned: it is a consequence.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, exists, func, select

from airflow_pipeline_debugger import conf
from airflow_pipeline_debugger.domain import FAILED, UP_FOR_RETRY, TaskKey
from airflow_pipeline_debugger.store.models import Investigation

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

#: Upper bound of tries returned by one look-up; the rest are found by the next sweep.
MAX_FAILURES = 500


def not_investigated(model: Any) -> Any:
    return ~exists().where(
        and_(
            Investigation.dag_id == model.dag_id,
            Investigation.run_id == model.run_id,
            Investigation.task_id == model.task_id,
            Investigation.map_index == model.map_index,
            Investigation.try_number == model.try_number,
        )
    )


def failure_sources(retries: bool) -> list[tuple[Any, tuple[str, ...]]]:
    """Which tables hold the wanted tries: live task instances, and archived tries with retries on."""
    from airflow.models.taskinstance import TaskInstance
    from airflow.models.taskinstancehistory import TaskInstanceHistory

    if not retries:
        return [(TaskInstance, (FAILED,))]
    # An archived try that ended in retry is stored as ``failed`` (``TaskInstanceHistory.record_ti``).
    return [(TaskInstance, (FAILED, UP_FOR_RETRY)), (TaskInstanceHistory, (FAILED,))]


def failures_query(
    model: Any, states: tuple[str, ...], since: datetime | None, dag_id: str | None, run_id: str | None
) -> Any:
    ended = func.coalesce(model.end_date, model.updated_at)
    query = select(
        model.dag_id, model.run_id, model.task_id, model.map_index, model.try_number, model.state
    ).where(model.state.in_(states), not_investigated(model))
    if since is not None:
        query = query.where(ended >= since)
    if dag_id is not None:
        query = query.where(model.dag_id == dag_id)
    if run_id is not None:
        query = query.where(model.run_id == run_id)
    return query.order_by(ended, model.dag_id, model.run_id, model.task_id, model.map_index)


def key_state(row: Any) -> tuple[TaskKey, str]:
    key = TaskKey.of(row)
    return key, str(getattr(row.state, "value", row.state))


def uninvestigated_failures(
    session: Session,
    *,
    since: datetime | None = None,
    dag_id: str | None = None,
    run_id: str | None = None,
    limit: int = MAX_FAILURES,
    include_retries: bool | None = None,
) -> list[tuple[TaskKey, str]]:
    """Failed tries with no investigation, oldest first, as ``(key, state)``.

    ``upstream_failed`` is never returned; ``up_for_retry`` rows and archived tries only when
    ``include_retries`` (default: the ``investigate_retries`` setting).
    """
    retries = conf.investigate_retries() if include_retries is None else include_retries
    found: dict[TaskKey, str] = {}
    for model, states in failure_sources(retries):
        query = failures_query(model, states, since, dag_id, run_id).limit(limit)
        for row in session.execute(query):
            key, state = key_state(row)
            found.setdefault(key, state)
    return list(found.items())[:limit]
