"""One try's rows in Airflow's own tables: the task instance (live or archived) and its rendered fields.

The runner (to build the failure context) and the Airflow metadata collector (task config) both need
them, keyed by the same :class:`~airflow_pipeline_debugger.domain.TaskKey`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from airflow_pipeline_debugger.domain import JSONDict, TaskKey

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def _same_task(model: Any, key: TaskKey) -> tuple[Any, ...]:
    """The conditions that select the key's task instance (every try) in one of Airflow's tables."""
    return (
        model.dag_id == key.dag_id,
        model.run_id == key.run_id,
        model.task_id == key.task_id,
        model.map_index == key.map_index,
    )


def failed_try(session: Session, key: TaskKey) -> Any:
    """The live task instance while it is still on the key's try, else the archived history row.

    A key with try number 0 (unknown) takes the live row. When neither matches, the live row (on a
    later try) is returned, or ``None`` when the task instance no longer exists.
    """
    from airflow.models.taskinstance import TaskInstance
    from airflow.models.taskinstancehistory import TaskInstanceHistory

    ti = session.scalar(select(TaskInstance).where(*_same_task(TaskInstance, key)))
    if ti is not None and (not key.try_number or ti.try_number == key.try_number):
        return ti
    history = session.scalar(
        select(TaskInstanceHistory).where(
            *_same_task(TaskInstanceHistory, key), TaskInstanceHistory.try_number == key.try_number
        )
    )
    return history if history is not None else ti


def rendered_fields(session: Session, key: TaskKey) -> JSONDict:
    """The task's rendered template fields (the last rendering Airflow kept), ``{}`` when none."""
    from airflow.models.renderedtifields import RenderedTaskInstanceFields

    fields = session.scalar(
        select(RenderedTaskInstanceFields.rendered_fields).where(*_same_task(RenderedTaskInstanceFields, key))
    )
    return fields if isinstance(fields, dict) else {}
