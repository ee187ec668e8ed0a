"""The Airflow plugin: the trigger listeners, the HTTP API + UI app and its tabs in the Airflow UI.

Loaded through the ``airflow.plugins`` entry point in every Airflow component (scheduler, workers,
dag-processor, api-server). Only the api-server serves HTTP, so the FastAPI app is built only where
it can be mounted; workers import nothing heavier than the listener module.

The UI pages are ``external_views``: Airflow's React UI renders them in a same-origin iframe, so the
browser sends the ``_token`` cookie and the pages call the API as the logged-in user. The tab
``href`` templates carry the task-instance key as query parameters (``{RUN_ID}`` is URI-encoded by
the UI), which keeps run ids containing ``/`` intact.
"""

from __future__ import annotations

import sys
from typing import Any
from urllib.parse import urlparse

from airflow.configuration import conf
from airflow.plugins_manager import AirflowPlugin

from airflow_pipeline_debugger.api.app import create_app
from airflow_pipeline_debugger.trigger import listeners

URL_PREFIX = "/pipeline-debugger"
PLUGIN_NAME = "pipeline_debugger"

#: Airflow CLI commands whose process mounts plugin FastAPI apps (``plugins`` lists them).
_HTTP_COMPONENTS = ("api-server", "standalone", "plugins")


def _serves_http() -> bool:
    """True in the api-server, and outside the ``airflow`` CLI (tests, ASGI servers)."""
    argv = sys.argv
    if len(argv) > 1 and argv[0].rsplit("/", 1)[-1] == "airflow":
        return argv[1] in _HTTP_COMPONENTS
    return True


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
    if not _serves_http():
        return []

    return [{"app": create_app(), "url_prefix": URL_PREFIX, "name": "Pipeline Debugger"}]


class PipelineDebuggerPlugin(AirflowPlugin):  # type: ignore[misc]
    """Registers the listeners everywhere and the API/UI in the api-server."""

    name = PLUGIN_NAME
    listeners = listeners.get_listeners()
    fastapi_apps = _fastapi_apps()
    external_views = external_views(_base_path())
