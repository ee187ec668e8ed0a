"""The worker-side notifier builds an honest notice from a callback context (no DB, no network)."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import pytest

from airflow_pipeline_debugger.notify import notifier as notifier_module
from airflow_pipeline_debugger.notify.delivery import DeliveryError
from airflow_pipeline_debugger.notify.notifier import InvestigationSlackNotifier


def context(**over: Any) -> dict[str, Any]:
    dag = SimpleNamespace(dag_id="sales", tags=["team:sales-eng", "slack:#sales"], owner="alice")
    task = SimpleNamespace(task_id="publish", owner="alice,bob", retries=2, dag=dag)
    ti = SimpleNamespace(
        dag_id="sales",
        run_id="manual__2026-11-22T00:00:00+00:00",
        task_id="publish",
        map_index=-1,
        try_number=3,
        max_tries=2,
    )
    ctx: dict[str, Any] = {
        "ti": ti,
        "task": task,
        "dag": dag,
        "dag_run": SimpleNamespace(conf={}),
        "params": {},
        "exception": KeyError("region password=hunter2"),
    }
    ctx.update(over)
    return ctx


@pytest.fixture(autouse=True)
def settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIRFLOW__PIPELINE_DEBUGGER__UI_BASE_URL", "https://airflow.example.com")
    monkeypatch.setenv("AIRFLOW__PIPELINE_DEBUGGER__SLACK_CHANNEL", "#alerts")


def test_notice_carries_what_the_worker_knows_and_no_root_cause() -> None:
    dest, message = InvestigationSlackNotifier().build(context())
    assert dest.channel == "#sales" and dest.reason == "tag slack:#sales"
    payload = json.dumps(message.payload())
    assert "KeyError" in payload and "hunter2" not in payload
    assert "Investigation in progress" in payload
    assert "confidence" not in payload
    button = message.blocks[-1]["elements"][0]
    assert button["url"] == (
        "https://airflow.example.com/dags/sales/runs/manual__2026-11-22T00%3A00%3A00%2B00%3A00/tasks/publish/plugin/investigation"
    )
    assert "3 of 3" in payload
    assert "@sales-eng" in payload and "@alice" in payload and "@bob" in payload


def test_explicit_channel_and_mentions_win() -> None:
    n = InvestigationSlackNotifier(channel="#oncall", mentions=["U0ONCALL01"])
    dest, message = n.build(context())
    assert dest.channel == "#oncall"
    assert "<@U0ONCALL01>" in json.dumps(message.payload())


def test_opted_out_dag_posts_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(notifier_module, "open_transport", lambda conn, policy: opened.append(conn))
    n = InvestigationSlackNotifier(slack_conn_id="slack")
    assert n.post(context(params={"pipeline_debugger_slack": False})) is None
    assert opened == []


def test_delivery_failure_never_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(conn: str, policy: Any) -> Any:
        raise DeliveryError("invalid_auth", code="invalid_auth", permanent=True)

    monkeypatch.setattr(notifier_module, "open_transport", refuse)
    InvestigationSlackNotifier(slack_conn_id="slack").notify(context())


def test_unexpected_error_never_raises() -> None:
    InvestigationSlackNotifier(slack_conn_id="slack").notify({"ti": object()})


def test_no_connection_configured_posts_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIRFLOW__PIPELINE_DEBUGGER__SLACK_CONN_ID", "")
    opened: list[str] = []
    monkeypatch.setattr(notifier_module, "open_transport", lambda conn, policy: opened.append(conn))
    assert InvestigationSlackNotifier().post(context()) is None
    assert opened == []


def test_mapped_task_links_to_its_map_index() -> None:
    ctx = context()
    ctx["ti"].map_index = 4
    _, message = InvestigationSlackNotifier().build(ctx)
    assert "/tasks/publish/mapped/4/plugin/investigation" in message.blocks[-1]["elements"][0]["url"]
    assert message.blocks[0]["text"]["text"].endswith("publish[4] failed")


def test_template_fields_like_the_provider() -> None:
    assert set(InvestigationSlackNotifier.template_fields) == {"slack_conn_id", "channel", "mentions"}
