"""Slack's interactivity requests: signature and freshness checks, payload parsing, the alert's buttons."""

from __future__ import annotations

import hashlib
import hmac
import json
from urllib.parse import urlencode

import pytest

from airflow_pipeline_debugger.api.slack import SignatureError, parse_action, verify_signature
from airflow_pipeline_debugger.domain import (
    InvestigationResult,
    PipelineType,
    Remediation,
    RootCause,
    TaskKey,
)
from airflow_pipeline_debugger.notify.blocks import AlertInput, MessageKind, TaskRef, build_message

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
NOW = 1_765_000_000.0


def sign(body: bytes, timestamp: str, secret: str = SECRET) -> str:
    return "v0=" + hmac.new(secret.encode(), f"v0:{timestamp}:".encode() + body, hashlib.sha256).hexdigest()


def body_of(payload: object) -> bytes:
    return urlencode({"payload": json.dumps(payload)}).encode()


PRESS = body_of(
    {
        "type": "block_actions",
        "user": {"id": "U024BE7LH", "username": "alice", "name": "alice", "team_id": "T1"},
        "actions": [{"action_id": "pd_feedback_down", "value": "inv-1", "type": "button"}],
    }
)


def test_a_fresh_correct_signature_passes() -> None:
    ts = str(int(NOW) - 10)
    verify_signature(
        SECRET, {"x-slack-request-timestamp": ts, "x-slack-signature": sign(PRESS, ts)}, PRESS, NOW
    )


@pytest.mark.parametrize(
    ("headers", "body", "reason"),
    [
        ({}, PRESS, "missing Slack signature headers"),
        ({"x-slack-request-timestamp": str(int(NOW))}, PRESS, "missing"),
        ({"x-slack-request-timestamp": "soon", "x-slack-signature": "v0=00"}, PRESS, "not a number"),
        (
            {
                "x-slack-request-timestamp": str(int(NOW) - 301),
                "x-slack-signature": sign(PRESS, str(int(NOW) - 301)),
            },
            PRESS,
            "too old or in the future",
        ),
        (
            {
                "x-slack-request-timestamp": str(int(NOW) + 301),
                "x-slack-signature": sign(PRESS, str(int(NOW) + 301)),
            },
            PRESS,
            "too old or in the future",
        ),
        (
            {
                "x-slack-request-timestamp": str(int(NOW)),
                "x-slack-signature": sign(PRESS, str(int(NOW)), "wrong"),
            },
            PRESS,
            "does not match",
        ),
        (  # the body was changed after signing
            {"x-slack-request-timestamp": str(int(NOW)), "x-slack-signature": sign(PRESS, str(int(NOW)))},
            PRESS.replace(b"down", b"up%22"),
            "does not match",
        ),
        (  # a signature for another timestamp
            {"x-slack-request-timestamp": str(int(NOW)), "x-slack-signature": sign(PRESS, str(int(NOW) - 1))},
            PRESS,
            "does not match",
        ),
    ],
)
def test_anything_else_is_refused_with_the_reason(headers: dict[str, str], body: bytes, reason: str) -> None:
    with pytest.raises(SignatureError, match=reason):
        verify_signature(SECRET, headers, body, NOW)


def test_the_press_is_parsed_to_a_name_only() -> None:
    action = parse_action(PRESS)
    assert (action.action_id, action.investigation_id, action.user) == (
        "pd_feedback_down",
        "inv-1",
        "alice (Slack)",
    )
    anonymous = body_of(
        {"type": "block_actions", "user": {"id": "U1"}, "actions": [{"action_id": "pd_rerun", "value": "x"}]}
    )
    assert parse_action(anonymous).user == "U1 (Slack)"


@pytest.mark.parametrize(
    "body",
    [
        b"",
        body_of({"type": "view_submission"}),
        body_of({"type": "block_actions", "actions": [{"action_id": "open_investigation"}]}),
        body_of(["block_actions"]),
    ],
)
def test_payloads_without_our_buttons_are_refused(body: bytes) -> None:
    with pytest.raises(ValueError, match=r"block_actions|button"):
        parse_action(body)


def _alert(investigation_id: str, *, answered: bool) -> AlertInput:
    result = InvestigationResult(
        pipeline_type=PipelineType.AIRFLOW,
        hypotheses=[],
        root_cause=RootCause(title="boom"),
        remediation=Remediation(),
    )
    return AlertInput(
        kind=MessageKind.ALERT if answered else MessageKind.INVESTIGATING,
        task=TaskRef(
            key=TaskKey("d", "r", "t", -1, 1),
            link="https://airflow.example.com/x",
            investigation_id=investigation_id,
        ),
        result=result if answered else None,
    )


def _buttons(alert: AlertInput) -> list[tuple[str, str]]:
    blocks = build_message(alert).blocks
    actions = [b for b in blocks if b["type"] == "actions"]
    return [(e["action_id"], e.get("value", "")) for a in actions for e in a["elements"]]


def test_an_answered_alert_carries_the_three_buttons() -> None:
    assert _buttons(_alert("inv-9", answered=True)) == [
        ("open_investigation", ""),
        ("pd_feedback_up", "inv-9"),
        ("pd_feedback_down", "inv-9"),
        ("pd_rerun", "inv-9"),
    ]
    assert _buttons(_alert("inv-9", answered=False)) == [("open_investigation", "")]
    assert _buttons(_alert("", answered=True)) == [("open_investigation", "")]
