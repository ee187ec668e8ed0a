"""The Airflow plugin: the trigger listeners, the HTTP API + UI app and its tabs in the Airflow UI.

Loaded through the ``airflow.plugins`` entry point in every Airflow component (scheduler, workers,
dag-processor, api-server). Only the api-server serves HTTP, so the plugin's attributes are built
when Airflow first reads them (:class:`_OnFirstRead`): the api-server reads ``fastapi_apps`` and
``external_views``; workers and the scheduler read only ``listeners`` and so import nothing heavier
than the listener module. Nothing looks at ``sys.argv`` to guess which component this is.

The UI pages are ``external_views``: Airflow's React UI renders them in a same-origin iframe, so the
browser sends the ``_token`` cookie and the pages call the API as the logged-in user. The tab
``href`` templates carry the task-instance key as query parameters (``{RUN_ID}`` is URI-encoded by
the UI), which keeps run ids containing ``/`` intact.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar
from urllib.parse import urlparse

from airflow.configuration import conf
from airflow.plugins_manager import AirflowPlugin

from airflow_pipeline_debugger.trigger import listeners

URL_PREFIX = "/pipeline-debugger"
PLUGIN_NAME = "pipeline_debugger"

T = TypeVar("T")


class _OnFirstRead(Generic[T]):
    """A class attribute built when it is first read, then stored on the class in its place."""

    def __init__(self, build: Callable[[], T]) -> None:
        """``build`` runs once, on the first read."""
        self._build = build
        self._name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        """Remember the attribute's name, to replace the descriptor with the built value."""
        self._name = name

    def __get__(self, instance: object, owner: type) -> T:
        """Build, store on ``owner`` (later reads are plain attribute reads, and Airflow may edit it)."""
        value = self._build()
        setattr(owner, self._name, value)
        return value


def _base_path() -> str:
    """The path part of ``[api] base_url`` (Airflow served under a sub-path), without a trailing slash."""
    base_url = conf.get("api", "base_url", fallback="") or ""
    return urlparse(base_url).path.rstrip("/")


def external_views(base_path: str = "") -> list[dict[str, Any]]:
    """The tab on the task-instance page, the tab on the DAG-run page and the nav page."""
    ui = f"{base_path}{URL_PREFIX}/ui"
    return [
        {
            "name": "Investigation",
            "href": (
                f"{ui}/task-instance?dag_id={{DAG_ID}}&run_id={{RUN_ID}}"
                "&task_id={TASK_ID}&map_index={MAP_INDEX}"
            ),
            "destination": "task_instance",
            "url_route": "pipeline-debugger-investigation",
        },
        {
            "name": "Investigations",
            "href": f"{ui}/dag-run?dag_id={{DAG_ID}}&run_id={{RUN_ID}}",
            "destination": "dag_run",
            "url_route": "pipeline-debugger-run",
        },
        {
            "name": "Pipeline Debugger",
            "href": f"{ui}/investigations",
            "destination": "nav",
            "url_route": "pipeline-debugger",
            "category": "browse",
        },
    ]


def _fastapi_apps() -> list[dict[str, Any]]:
    # Only the api-server (and `airflow plugins`) reads `fastapi_apps`: the app and what it loads
    # (FastAPI, the store, Airflow's core API) are imported there and nowhere else.
    from airflow_pipeline_debugger.api.app import create_app  # noqa: PLC0415

    return [{"app": create_app(), "url_prefix": URL_PREFIX, "name": "Pipeline Debugger"}]


class PipelineDebuggerPlugin(AirflowPlugin):  # type: ignore[misc]
    """Registers the listeners everywhere and the API/UI in the api-server."""

    name = PLUGIN_NAME
    listeners = _OnFirstRead(listeners.get_listeners)
    fastapi_apps = _OnFirstRead(_fastapi_apps)
    external_views = _OnFirstRead(lambda: external_views(_base_path()))
