"""An Airflow auth manager for tests: SimpleAuthManager whose listed users may only see some DAGs.

SimpleAuthManager lets every role read every DAG. Permission tests need a real user who may not
see a DAG, so this subclass narrows ``is_authorized_dag`` for the users named in the JSON object
``PIPELINE_DEBUGGER_TEST_DAG_ACCESS`` (``{"outsider": ["other_dag"]}``), and denies the DAG access
entities listed for a user in ``PIPELINE_DEBUGGER_TEST_DENIED_ENTITIES`` (``{"nologs": ["TASK_LOGS"]}``)
— what a FAB or Keycloak role without "Task Logs" or "DAG Code" gets; everything else — login,
JWTs, roles, ``get_authorized_dag_ids`` — is Airflow's own code. Enable it with
``AIRFLOW__CORE__AUTH_MANAGER=support.dag_scoped_auth.DagScopedAuthManager`` and ``tests`` on
``PYTHONPATH``.
"""

from __future__ import annotations

import json
import os
from typing import Any

from airflow.api_fastapi.auth.managers.simple.simple_auth_manager import SimpleAuthManager

ENV = "PIPELINE_DEBUGGER_TEST_DAG_ACCESS"
DENIED_ENTITIES_ENV = "PIPELINE_DEBUGGER_TEST_DENIED_ENTITIES"


def _dag_access() -> dict[str, set[str]]:
    raw = json.loads(os.environ.get(ENV) or "{}")
    return {str(user): set(dags) for user, dags in raw.items()}


def _denied_entities() -> dict[str, set[str]]:
    raw = json.loads(os.environ.get(DENIED_ENTITIES_ENV) or "{}")
    return {str(user): set(entities) for user, entities in raw.items()}


class DagScopedAuthManager(SimpleAuthManager):
    """Users listed in ``PIPELINE_DEBUGGER_TEST_DAG_ACCESS`` see only their DAGs."""

    def is_authorized_dag(
        self, *, method: Any, user: Any, access_entity: Any = None, details: Any = None
    ) -> bool:
        entity = getattr(access_entity, "value", None)
        if entity is not None and entity in _denied_entities().get(user.get_name(), set()):
            return False
        allowed = _dag_access().get(user.get_name())
        dag_id = getattr(details, "id", None)
        if allowed is not None and dag_id is not None and dag_id not in allowed:
            return False
        return bool(
            super().is_authorized_dag(method=method, user=user, access_entity=access_entity, details=details)
        )
