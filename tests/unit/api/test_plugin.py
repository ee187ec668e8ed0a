"""The plugin's registration: listeners, the FastAPI app at its prefix, the three external views."""

from __future__ import annotations

import subprocess
import sys
import textwrap

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


def test_the_app_is_built_only_when_airflow_reads_it() -> None:
    """Workers and the scheduler read only ``listeners``: they must not pay for the HTTP app."""
    probe = textwrap.dedent(
        """
        import sys
        from airflow_pipeline_debugger.plugin import PipelineDebuggerPlugin as P
        app = "airflow_pipeline_debugger.api.app"
        assert P.listeners and app not in sys.modules, "listeners alone built the app"
        apps = P.fastapi_apps
        assert app in sys.modules and apps[0]["url_prefix"] == "/pipeline-debugger"
        assert P.fastapi_apps is apps, "built twice"
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], check=False, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]


def test_plugin_registers_listener_and_app() -> None:
    cls = plugin.PipelineDebuggerPlugin
    assert cls.name == "pipeline_debugger"
    assert len(cls.listeners) == 1
    assert hasattr(cls.listeners[0], "on_task_instance_failed")
    [app] = cls.fastapi_apps
    assert app["url_prefix"] == "/pipeline-debugger"
    paths = {route.path for route in app["app"].routes}
    assert {"/api/health", "/api/investigations", "/api/investigations/{investigation_id}/stream"} <= paths
