"""The plugin app's lifespan: it hooks the Execution API for as long as the app runs, and comes up anyway."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from airflow_pipeline_debugger.api import app as app_module
from airflow_pipeline_debugger.api.settings import AppSettings
from airflow_pipeline_debugger.trigger import execution_api


def test_the_hook_lives_as_long_as_the_app() -> None:
    app = app_module.create_app(AppSettings(start_runner=False))
    with TestClient(app):
        assert execution_api._installed is not None
    assert execution_api._installed is None


def test_the_app_comes_up_when_the_hook_cannot_be_installed(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(submit: object) -> bool:
        raise RuntimeError("no Log model")

    monkeypatch.setattr(execution_api, "install", broken)
    app = app_module.create_app(AppSettings(start_runner=False))
    with TestClient(app) as client:
        assert client.get("/static/does-not-exist").status_code == 404  # the app serves
    assert "Execution API hook could not be installed" in caplog.text
