"""Authorisation of the plugin's routes through Airflow's own auth manager.

Plugin apps are not protected by Airflow: every route depends on :data:`UserDep` (Airflow's
``get_user``: a bearer token, else the UI's ``_token`` cookie). Routes addressed by investigation
id check the investigation's DAG with Airflow's ``requires_access_dag`` once the row is loaded. A
user who may not read the DAG gets 404, exactly like an id that does not exist, so ids cannot be
probed; a reader without edit access gets 403 on the write routes.

An investigation is made of the task's logs (excerpts, cited lines, the model's reading of them),
so its content needs what Airflow's own log endpoint needs: the DAG's ``TASK_LOGS`` entity. A DAG
diff is source code, shown only to who may read the DAG's ``CODE`` (Airflow's code view). Under the
FAB or Keycloak auth managers a role denied "Task Logs" or "DAG Code" is denied here as well (403);
the list of investigations (titles, categories) needs only DAG read, like Airflow's run list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from airflow.api_fastapi.app import get_auth_manager
from airflow.api_fastapi.auth.managers.models.resource_details import DagAccessEntity
from airflow.api_fastapi.core_api.security import GetUserDep, requires_access_dag
from fastapi import HTTPException, Request, status

if TYPE_CHECKING:
    from airflow.api_fastapi.auth.managers.models.base_user import BaseUser

    from airflow_pipeline_debugger.store.models import Investigation

#: The authenticated Airflow user (401 without credentials, 403 for an invalid token).
UserDep = GetUserDep

Access = Literal["GET", "PUT"]

NOT_FOUND = "Investigation not found"
TASK_LOGS_DENIED = "Reading this DAG's task logs is not allowed, and investigations are made of them"
CODE_DENIED = "Reading this DAG's code is not allowed"


def may_read_code(request: Request, user: BaseUser, dag_id: str) -> bool:
    """Whether ``user`` may see ``dag_id``'s source (a DAG diff is source)."""
    return may_access_dag(request, user, dag_id, "GET", DagAccessEntity.CODE)


def may_access_dag(
    request: Request, user: BaseUser, dag_id: str, method: Access, entity: DagAccessEntity | None = None
) -> bool:
    """Whether ``user`` may read (``GET``) or edit (``PUT``) ``dag_id`` or its ``entity``, as Airflow says."""
    try:
        requires_access_dag(method, access_entity=entity, param_dag_id=dag_id)(request, user)
    except HTTPException as exc:
        if exc.status_code == status.HTTP_403_FORBIDDEN:
            return False
        raise
    return True


def check_investigation_access(
    request: Request, user: BaseUser, investigation: Investigation | None, method: Access = "GET"
) -> Investigation:
    """The investigation when ``user`` may act on it; 404 when absent or unreadable, 403 when read-only."""
    if investigation is None or not may_access_dag(request, user, investigation.dag_id, "GET"):
        raise HTTPException(status.HTTP_404_NOT_FOUND, NOT_FOUND)
    if not may_access_dag(request, user, investigation.dag_id, "GET", DagAccessEntity.TASK_LOGS):
        raise HTTPException(status.HTTP_403_FORBIDDEN, TASK_LOGS_DENIED)
    if method != "GET" and not may_access_dag(request, user, investigation.dag_id, method):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "Editing this DAG's investigations is not allowed")
    return investigation


def readable_dag_ids(user: BaseUser) -> set[str]:
    """The DAGs ``user`` may read (lists and counts are limited to them)."""
    dag_ids: set[str] = get_auth_manager().get_authorized_dag_ids(user=user, method="GET")
    return dag_ids
