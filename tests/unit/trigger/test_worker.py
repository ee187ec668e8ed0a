"""The worker path: what is captured, what is skipped, and that nothing ever raises."""

from __future__ import annotations

import logging
from types import SimpleNamespace

import pytest

from airflow_pipeline_debugger.callbacks import InvestigateOnFailure, investigate_on_failure
from airflow_pipeline_debugger.domain import TaskKey
from airflow_pipeline_debugger.evidence.environment import loaded_packages, parse_environment
from airflow_pipeline_debugger.trigger import capture as cap
from airflow_pipeline_debugger.trigger.capture import CAPTURE_LOGGER, parse_record
from airflow_pipeline_debugger.trigger.worker import (
    capture_from_context,
    capture_from_listener,
    environment_from_listener,
)


@pytest.fixture(autouse=True)
def _fresh(monkeypatch, settings):
    monkeypatch.setattr(cap, "_captured", set())


def _dag(tags=(), params=None):
    return SimpleNamespace(tags=list(tags), params=params or {})


def _ti(state="failed", dag=None, try_number=1, run_conf=None):
    task = SimpleNamespace(dag=dag or _dag(), bash_command="dbt run --project-dir /p")
    ti = SimpleNamespace(
        dag_id="d",
        run_id="r",
        task_id="t",
        map_index=-1,
        try_number=try_number,
        max_tries=0,
        state=state,
        hostname="h",
        task=task,
    )
    ti.get_template_context = lambda: {"dag_run": SimpleNamespace(conf=run_conf or {})}
    return ti


def _records(caplog):
    return [parse_record(r.getMessage()) for r in caplog.records if r.name == CAPTURE_LOGGER]


def test_listener_captures_final_failure(caplog):
    with caplog.at_level(logging.WARNING, logger=CAPTURE_LOGGER):
        assert capture_from_listener(_ti(), ValueError("boom")) is True
    (rec,) = _records(caplog)
    assert rec.via == "listener" and rec.error_type == "ValueError"
    assert rec.artifacts["dbt"]["target_path"] == "/p/target"


def test_retry_is_captured_only_when_opted_in(caplog, settings):
    with caplog.at_level(logging.WARNING, logger=CAPTURE_LOGGER):
        assert capture_from_listener(_ti(state="up_for_retry"), ValueError("x")) is False
        settings(investigate_retries=True)
        assert capture_from_listener(_ti(state="up_for_retry", try_number=2), ValueError("x")) is True
    assert len(_records(caplog)) == 1


@pytest.mark.parametrize(
    ("dag", "run_conf"),
    [
        (_dag(tags=["pipeline_debugger:off"]), None),
        (_dag(params={"pipeline_debugger_enabled": False}), None),
        (_dag(), {"pipeline_debugger_enabled": "off"}),
    ],
)
def test_opted_out_dags_are_not_captured(caplog, dag, run_conf):
    with caplog.at_level(logging.WARNING, logger=CAPTURE_LOGGER):
        assert capture_from_listener(_ti(dag=dag, run_conf=run_conf), ValueError("x")) is False
    assert _records(caplog) == []


def test_disabled_globally(caplog, settings):
    settings(enabled=False)
    assert capture_from_listener(_ti(), ValueError("x")) is False


def test_callback_then_listener_capture_once(caplog):
    ti = _ti()
    context = {"ti": ti, "exception": ValueError("x"), "task": ti.task, "dag_run": SimpleNamespace(conf={})}
    with caplog.at_level(logging.WARNING, logger=CAPTURE_LOGGER):
        investigate_on_failure(context)
        capture_from_listener(ti, ValueError("x"))
    (rec,) = _records(caplog)
    assert rec.via == "callback"


def test_notifier_form(caplog):
    ti = _ti()
    with caplog.at_level(logging.WARNING, logger=CAPTURE_LOGGER):
        InvestigateOnFailure()({"ti": ti, "exception": RuntimeError("y"), "task": ti.task})
    (rec,) = _records(caplog)
    assert rec.via == "notifier" and rec.error_message == "y"


def test_dag_processor_callback_without_exception_writes_nothing(caplog):
    with caplog.at_level(logging.WARNING, logger=CAPTURE_LOGGER):
        assert capture_from_context({"ti": _ti(), "exception": None}, via="callback") is False
        assert capture_from_context({}, via="callback") is False
    assert _records(caplog) == []


def test_broken_config_never_raises(monkeypatch):
    from airflow_pipeline_debugger import conf

    def boom():
        raise RuntimeError("config exploded")

    monkeypatch.setattr(conf, "enabled", boom)
    assert capture_from_listener(_ti(), ValueError("x")) is False
    assert capture_from_context({"ti": _ti(), "exception": ValueError("x")}, via="callback") is False


def test_broken_template_context_still_captures(caplog):
    ti = _ti()

    def explode():
        raise RuntimeError("no context")

    ti.get_template_context = explode
    with caplog.at_level(logging.WARNING, logger=CAPTURE_LOGGER):
        assert capture_from_listener(ti, ValueError("x")) is True


def _environment_records(caplog):
    key = TaskKey(dag_id="d", run_id="r", task_id="t", map_index=-1, try_number=1)
    return [parse_environment(r.getMessage(), key) for r in caplog.records if r.name == CAPTURE_LOGGER]


def test_a_success_records_the_package_versions_it_ran_with(caplog):
    with caplog.at_level(logging.INFO, logger=CAPTURE_LOGGER):
        assert environment_from_listener(_ti(state="success")) is True
    (versions,) = _environment_records(caplog)
    assert versions == loaded_packages()
    assert versions["pytest"] == pytest.__version__  # a package this process loaded from site-packages


@pytest.mark.parametrize(
    ("ti", "enabled"),
    [
        (_ti(state="success", dag=_dag(tags=["pipeline_debugger:off"])), True),
        (_ti(state="success", run_conf={"pipeline_debugger_enabled": False}), True),
        (_ti(state="success"), False),
    ],
    ids=["opt-out tag", "opt-out in the run's conf", "provider disabled"],
)
def test_no_environment_record_when_the_dag_opted_out(caplog, settings, ti, enabled):
    settings(enabled=enabled)
    with caplog.at_level(logging.INFO, logger=CAPTURE_LOGGER):
        assert environment_from_listener(ti) is False
    assert _environment_records(caplog) == []


def test_the_failure_capture_names_the_traceback_packages():
    try:
        pytest.fail("boom")
    except pytest.fail.Exception as exc:
        capture = cap.build_capture(_ti(), exc, via="listener")
    assert capture.environment["traceback"][-1] == "_pytest"
    assert capture.environment["packages"]["_pytest"] == pytest.__version__
    assert parse_record(cap.encode_record(capture)).environment == capture.environment
