"""Delivery through the real Slack provider hooks against the local fake Slack.

Connections come from ``AIRFLOW_CONN_*`` environment variables exactly as a deployment would set
them: the webhook URL in the password of a ``slackwebhook`` connection, the bot token in the
password of a ``slack`` connection with ``base_url`` in its extra.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from support.fake_slack import FakeSlack

from airflow_pipeline_debugger.domain import InvestigationResult, TaskKey
from airflow_pipeline_debugger.notify.blocks import AlertInput, MessageKind, TaskRef, build_message
from airflow_pipeline_debugger.notify.delivery import (
    DeliveryError,
    RetryPolicy,
    SlackMode,
    WebApiTransport,
    WebhookTransport,
    open_transport,
)

SECRET_PASSWORD = "Sup3rS3cretPassw0rd"
SECRET_TOKEN = "xoxb-111111111111-222222222222-abcdefghijklmnopqrstuvwx"


@pytest.fixture
def slack(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        monkeypatch.setenv(
            "AIRFLOW_CONN_SLACK_TEST_API",
            json.dumps(
                {"conn_type": "slack", "password": "xoxb-fake-token", "extra": {"base_url": fake.api_url}}
            ),
        )
        monkeypatch.setenv(
            "AIRFLOW_CONN_SLACK_TEST_BADTOKEN",
            json.dumps({"conn_type": "slack", "password": "xoxb-wrong", "extra": {"base_url": fake.api_url}}),
        )
        monkeypatch.setenv(
            "AIRFLOW_CONN_SLACK_TEST_HOOK",
            json.dumps({"conn_type": "slackwebhook", "password": fake.webhook_url}),
        )
        monkeypatch.setenv(
            "AIRFLOW_CONN_SLACK_TEST_HTTP",
            json.dumps({"conn_type": "http", "host": "127.0.0.1", "port": fake.port}),
        )
        yield fake


class Sleeps(list[float]):
    """Records the waits instead of sleeping (the retry schedule is what is tested)."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def alert(error: str = "ValueError: boom") -> AlertInput:
    result = InvestigationResult.from_json(
        {
            "category": "infra",
            "transience": "transient",
            "root_cause": {"title": "db refused connections", "confidence": 90},
            "remediation": {"immediate_fix": "restart the db"},
        }
    )
    return AlertInput(
        kind=MessageKind.ALERT,
        task=TaskRef(key=TaskKey("d", "r", "t", -1, 1), link="http://localhost:8080/x"),
        error=error,
        result=result,
        status="succeeded",
    )


def test_mode_follows_connection_type(slack: FakeSlack) -> None:
    assert open_transport("slack_test_api").mode is SlackMode.WEB_API
    assert open_transport("slack_test_hook").mode is SlackMode.WEBHOOK
    with pytest.raises(DeliveryError) as err:
        open_transport("slack_test_http")
    assert err.value.code == "unsupported_connection_type" and err.value.permanent
    with pytest.raises(DeliveryError) as missing:
        open_transport("no_such_connection")
    assert missing.value.permanent
    assert slack.calls() == []


def test_web_api_post_thread_update(slack: FakeSlack) -> None:
    t = open_transport("slack_test_api")
    message = build_message(alert())
    parent = t.post(message, channel="#alerts")
    assert parent.channel == "C0ALERTS" and parent.ts
    reply = t.post(build_message(alert()), channel=parent.channel, thread_ts=parent.ts)
    t.update(build_message(alert("ValueError: changed")), channel=parent.channel, ts=parent.ts)
    assert [m.ts for m in slack.top_level_messages()] == [parent.ts]
    assert [m.ts for m in slack.replies(parent.ts)] == [reply.ts]
    stored = slack.top_level_messages()[0]
    assert stored.updates == 1 and "changed" in json.dumps(stored.blocks)
    post = slack.calls("chat.postMessage")[0]
    assert post.headers["Authorization"] == "Bearer xoxb-fake-token"
    assert post.body["blocks"] == message.blocks and post.body["text"] == message.text
    assert post.body["unfurl_links"] is False


def test_webhook_post(slack: FakeSlack) -> None:
    t = open_transport("slack_test_hook")
    assert t.post(build_message(alert()), channel="#ignored").ts == ""
    (call,) = slack.calls("webhook")
    assert call.path == slack.webhook_path and call.body["blocks"][0]["type"] == "header"
    assert "channel" not in call.body
    with pytest.raises(DeliveryError) as err:
        t.update(build_message(alert()), channel="C", ts="1")
    assert err.value.code == "unsupported"


@pytest.mark.parametrize("conn", ["slack_test_api", "slack_test_hook"])
def test_429_honours_retry_after(slack: FakeSlack, conn: str) -> None:
    sleeps = Sleeps()
    t = open_transport(conn, policy=RetryPolicy(attempts=4, base_delay_s=0.5), sleep=sleeps)
    slack.fail_next(2, status=429, retry_after=7)
    t.post(build_message(alert()), channel="#alerts")
    assert sleeps == [7.0, 7.0]
    assert len(slack.calls()) == 3 and len(slack.successful()) == 1


@pytest.mark.parametrize("conn", ["slack_test_api", "slack_test_hook"])
def test_5xx_and_dropped_connections_back_off_then_succeed(slack: FakeSlack, conn: str) -> None:
    sleeps = Sleeps()
    t = open_transport(conn, policy=RetryPolicy(attempts=4, base_delay_s=1.0), sleep=sleeps)
    slack.fail_next(1, status=503)
    slack.fail_next(1, drop=True)
    t.post(build_message(alert()), channel="#alerts")
    assert sleeps == [1.0, 2.0]
    assert len(slack.successful()) == 1


def test_retry_budget_is_bounded(slack: FakeSlack) -> None:
    sleeps = Sleeps()
    t = open_transport("slack_test_api", policy=RetryPolicy(attempts=5, max_wait_s=30), sleep=sleeps)
    slack.fail_next(1, status=429, retry_after=3600)
    with pytest.raises(DeliveryError) as err:
        t.post(build_message(alert()), channel="#alerts")
    assert sleeps == [] and "exceeds" in str(err.value) and err.value.code == "ratelimited"


@pytest.mark.parametrize(
    ("conn", "fault", "code"),
    [
        ("slack_test_badtoken", {}, "invalid_auth"),
        ("slack_test_api", {"error": "channel_not_found"}, "channel_not_found"),
        ("slack_test_hook", {"status": 403, "error": "invalid_token"}, "invalid_token"),
        ("slack_test_hook", {"status": 404, "error": "no_service"}, "no_service"),
    ],
)
def test_permanent_errors_fail_at_once(slack: FakeSlack, conn: str, fault: dict, code: str) -> None:
    sleeps = Sleeps()
    t = open_transport(conn, sleep=sleeps)
    if fault:
        slack.fail_next(1, **fault)
    with pytest.raises(DeliveryError) as err:
        t.post(build_message(alert()), channel="#alerts")
    assert err.value.code == code and err.value.permanent and err.value.attempts == 1
    assert sleeps == [] and len(slack.calls()) == 1


def test_unknown_channel_is_reported(slack: FakeSlack) -> None:
    with pytest.raises(DeliveryError) as err:
        open_transport("slack_test_api").post(build_message(alert()), channel="#nope")
    assert err.value.code == "channel_not_found"


@pytest.mark.parametrize("conn", ["slack_test_api", "slack_test_hook"])
def test_outage_gives_up_with_a_reason(slack: FakeSlack, conn: str) -> None:
    sleeps = Sleeps()
    t = open_transport(conn, policy=RetryPolicy(attempts=3), sleep=sleeps)
    slack.stop()
    with pytest.raises(DeliveryError) as err:
        t.post(build_message(alert()), channel="#alerts")
    assert err.value.code == "connection_error" and not err.value.permanent
    assert "Connection refused" in str(err.value) and err.value.attempts == 3
    assert sleeps == [1.0, 2.0]


@pytest.mark.parametrize("conn", ["slack_test_api", "slack_test_hook"])
def test_secret_in_error_never_reaches_slack(slack: FakeSlack, conn: str) -> None:
    error = (
        f"OperationalError: could not connect to postgresql://etl:{SECRET_PASSWORD}@db.internal:5432/dw "
        f"using token {SECRET_TOKEN}; password={SECRET_PASSWORD}"
    )
    open_transport(conn).post(build_message(alert(error)), channel="#alerts")
    received = slack.everything_received()
    assert "db.internal" in received
    assert SECRET_PASSWORD not in received and SECRET_TOKEN not in received


def test_final_payload_is_redacted_again(slack: FakeSlack) -> None:
    """Even a message built without redaction (a future caller's bug) is masked on the way out."""
    from airflow_pipeline_debugger.notify.blocks import SlackMessage

    raw = SlackMessage(
        text=f"token {SECRET_TOKEN}",
        blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": f"password={SECRET_PASSWORD}"}}],
    )
    WebApiTransport("slack_test_api").post(raw, channel="#alerts")
    WebhookTransport("slack_test_hook").post(raw)
    received = slack.everything_received()
    assert SECRET_PASSWORD not in received and SECRET_TOKEN not in received


def test_huge_error_is_accepted_by_slack_limits(slack: FakeSlack) -> None:
    huge = "\n".join(f"line {i} " + "<&>" * 500 for i in range(5000))
    t = open_transport("slack_test_api")
    t.post(build_message(alert(huge)), channel="#alerts")
    (call,) = slack.calls("chat.postMessage")
    assert call.response == {
        "ok": True,
        "channel": "C0ALERTS",
        "ts": call.response["ts"],
        "message": call.response["message"],
    }
    assert len(call.raw) < 20_000
