"""Which investigation explains an ``upstream_failed`` task: the one of the upstream task that failed.

An ``upstream_failed`` task never ran, so it gets no investigation of its own (the trigger never
enqueues that state). Users still open its page first — it is what turned red in their view — so
the API answers with the investigations of the failed tasks it waited on. The walk follows the
DAG version the run used and goes through other ``upstream_failed`` tasks until it reaches the
failures themselves; mapped upstreams contribute each failed map index.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from airflow_pipeline_debugger.domain import FAILED, state_value
from airflow_pipeline_debugger.store import repository

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from airflow_pipeline_debugger.store.models import Investigation

UPSTREAM_FAILED = "upstream_failed"
#: Upper bound on tasks visited, so a pathological DAG cannot make one API call expensive.
MAX_VISITED = 1_000


def _serialized_dag(session: Session, dag_id: str, dag_version_id: Any) -> Any:
    from airflow.models.serialized_dag import SerializedDagModel

    sdm = None
    if dag_version_id is not None:
        sdm = session.scalar(
            select(SerializedDagModel).where(SerializedDagModel.dag_version_id == dag_version_id)
        )
    if sdm is None:
        sdm = SerializedDagModel.get(dag_id, session=session)
    return sdm.dag if sdm is not None else None


def failed_upstream_tasks(
    session: Session, dag_id: str, run_id: str, task_id: str
) -> list[tuple[str, int, int]]:
    """``(task_id, map_index, try_number)`` of the failed tasks behind ``task_id`` in this run."""
    from airflow.models.taskinstance import TaskInstance

    rows = session.execute(
        select(
            TaskInstance.task_id,
            TaskInstance.map_index,
            TaskInstance.try_number,
            TaskInstance.state,
            TaskInstance.dag_version_id,
        ).where(TaskInstance.dag_id == dag_id, TaskInstance.run_id == run_id)
    ).all()
    by_task: dict[str, list[Any]] = {}
    for row in rows:
        by_task.setdefault(row.task_id, []).append(row)
    own = by_task.get(task_id)
    if not own:
        return []
    dag = _serialized_dag(session, dag_id, own[0].dag_version_id)
    if dag is None or task_id not in dag.task_dict:
        return []
    found: list[tuple[str, int, int]] = []
    seen = {task_id}
    queue = deque(dag.task_dict[task_id].upstream_task_ids)
    while queue and len(seen) < MAX_VISITED:
        upstream = queue.popleft()
        if upstream in seen:
            continue
        seen.add(upstream)
        states = {state_value(r.state) for r in by_task.get(upstream, [])}
        for row in by_task.get(upstream, []):
            if state_value(row.state) == FAILED:
                found.append((upstream, int(row.map_index), int(row.try_number)))
        if UPSTREAM_FAILED in states and upstream in dag.task_dict:
            queue.extend(dag.task_dict[upstream].upstream_task_ids)
    return sorted(found)


def upstream_investigations(session: Session, dag_id: str, run_id: str, task_id: str) -> list[Investigation]:
    """The investigations of the failed tries behind an ``upstream_failed`` task (may be empty)."""
    out = []
    for upstream, map_index, try_number in failed_upstream_tasks(session, dag_id, run_id, task_id):
        inv = repository.get_by_try(
            session,
            dag_id=dag_id,
            run_id=run_id,
            task_id=upstream,
            map_index=map_index,
            try_number=try_number,
        )
        if inv is not None:
            out.append(inv)
    return out
