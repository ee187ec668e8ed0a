"""The plugin's registration: listeners, the FastAPI app at its prefix, the three external views."""

from __future__ import annotations

import pytest

from airflow_pipeline_debugger import plugin


def test_external_views_follow_the_airflow_contract() -> None:
    from airflow.api_fastapi.core_api.datamodels.plugins import ExternalViewResponse

    views = plugin.external_views()
    for view in views:
        ExternalViewResponse.model_validate(view)  # the api-server's own schema for /api/v2/plugins
        assert view["url_route"]
    by_dest = {v["destination"]: v for v in views}
    assert set(by_dest) == {"task_instance", "dag_run", "nav"}
    assert by_dest["task_instance"]["name"] == "Investigation"
    href = by_dest["task_instance"]["href"]
    for placeholder in ("{DAG_ID}", "{RUN_ID}", "{TASK_ID}", "{MAP_INDEX}"):
        assert placeholder in href
    assert href.startswith("/pipeline-debugger/ui/task-instance?")
    assert by_dest["nav"]["category"] == "browse"


def test_base_path_prefixes_the_hrefs() -> None:
    views = plugin.external_views("/airflow")
    assert all(v["href"].startswith("/airflow/pipeline-debugger/ui/") for v in views)


@pytest.mark.parametrize(
    ("argv", "serves"),
    [
        (["/venv/bin/airflow", "api-server"], True),
        (["/venv/bin/airflow", "plugins"], True),
        (["/venv/bin/airflow", "scheduler"], False),
        (["/venv/bin/airflow", "celery", "worker"], False),
        (["/venv/bin/airflow", "dag-processor"], False),
        (["pytest"], True),
    ],
)
def test_app_is_built_only_where_http_is_served(
    monkeypatch: pytest.MonkeyPatch, argv: list[str], serves: bool
) -> None:
    monkeypatch.setattr("sys.argv", argv)
    assert plugin._serves_http() is serves


def test_plugin_registers_listener_and_app() -> None:
    cls = plugin.PipelineDebuggerPlugin
    assert cls.name == "pipeline_debugger"
    assert len(cls.listeners) == 1
    assert hasattr(cls.listeners[0], "on_task_instance_failed")
    [app] = cls.fastapi_apps
    assert app["url_prefix"] == "/pipeline-debugger"
    paths = {route.path for route in app["app"].routes}
    assert {"/api/health", "/api/investigations", "/api/investigations/{investigation_id}/stream"} <= paths
