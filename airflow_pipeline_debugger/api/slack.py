"""Slack's interactivity endpoint: the Helpful / Wrong / Re-run buttons of an alert.

Slack cannot log in to Airflow, so this route is not behind Airflow's auth manager; it accepts a
request only when Slack's signature over it checks out: ``X-Slack-Signature`` is
``v0=HMAC-SHA256(signing secret, "v0:<timestamp>:<body>")`` and ``X-Slack-Request-Timestamp`` is
within five minutes of now (a replayed request is refused). Anything else is a 401 and nothing is
stored. The signing secret is the ``signing_secret`` extra of the Slack connection
(``[pipeline_debugger] slack_conn_id``); without one the route answers 503.

The Slack user becomes nothing more than a name in the feedback record (``alice (Slack)``). The
work is two small writes, well inside the three seconds Slack waits for an answer.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from airflow.providers.common.compat.sdk import BaseHook
from fastapi import APIRouter, HTTPException, Request, status
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from airflow_pipeline_debugger import conf
from airflow_pipeline_debugger.notify.blocks import FEEDBACK_ACTIONS
from airflow_pipeline_debugger.store import repository
from airflow_pipeline_debugger.store.session import session_scope

router = APIRouter(prefix="/slack")

#: How far Slack's request timestamp may be from now (Slack's own recommendation).
MAX_SKEW_SECONDS = 300
#: Interaction payloads are a few KB; anything far larger is not from Slack.
MAX_BODY_BYTES = 64 * 1024
MAX_NAME_CHARS = 100


class SignatureError(ValueError):
    """The request is not provably from Slack (the message says why, for the log and the 401)."""


def verify_signature(
    secret: str, headers: Mapping[str, str], body: bytes, now: float, max_skew: float = MAX_SKEW_SECONDS
) -> None:
    """Raise :class:`SignatureError` unless ``body`` carries Slack's valid, fresh signature."""
    timestamp = headers.get("x-slack-request-timestamp", "")
    signature = headers.get("x-slack-signature", "")
    if not timestamp or not signature:
        raise SignatureError("missing Slack signature headers")
    try:
        sent = int(timestamp)
    except ValueError:
        raise SignatureError("the request timestamp is not a number") from None
    if abs(now - sent) > max_skew:
        raise SignatureError("the request timestamp is too old or in the future")
    base = b"v0:" + timestamp.encode() + b":" + body
    expected = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected.encode(), signature.encode()):
        raise SignatureError("the signature does not match")


@dataclass(frozen=True)
class Action:
    """One button press: which button, on which investigation, by whom (a name only)."""

    action_id: str
    investigation_id: str
    user: str


def parse_action(body: bytes) -> Action:
    """The first known button action of a ``block_actions`` payload; ValueError when there is none."""
    form = parse_qs(body.decode("utf-8", errors="replace"))
    payload: Any = json.loads((form.get("payload") or ["{}"])[0])
    if not isinstance(payload, dict) or payload.get("type") != "block_actions":
        raise ValueError("not a block_actions payload")
    user = payload.get("user")
    if not isinstance(user, dict):
        user = {}
    name = str(user.get("username") or user.get("name") or user.get("id") or "someone")[:MAX_NAME_CHARS]
    for action in payload.get("actions") or []:
        if isinstance(action, dict) and action.get("action_id") in FEEDBACK_ACTIONS:
            return Action(str(action["action_id"]), str(action.get("value") or ""), f"{name} (Slack)")
    raise ValueError("no Pipeline Debugger button in the payload")


def _signing_secret() -> str:
    conn_id = conf.slack_conn_id()
    if not conn_id:
        return ""
    extra = BaseHook.get_connection(conn_id).extra_dejson
    return str(extra.get("signing_secret") or "")


def _apply(action: Action) -> str:
    """Record the press; the sentence Slack shows back to the user."""
    with session_scope() as session:
        if repository.get(session, action.investigation_id) is None:
            return "That investigation no longer exists."
        if action.action_id == "pd_rerun":
            if repository.request_rerun(session, action.investigation_id):
                return "Investigation queued again."
            return "The investigation is already queued or running."
        feedback = "up" if action.action_id == "pd_feedback_up" else "down"
        finding = repository.set_feedback(session, action.investigation_id, feedback, user=action.user)
        if finding is None:
            return "The investigation has no root cause yet."
        return "Thanks — marked helpful." if feedback == "up" else "Thanks — marked wrong."


@router.post("/interactions")
async def interactions(request: Request) -> JSONResponse:
    """Verify Slack's signature, then record the button press (feedback or re-run)."""
    body = await request.body()
    if len(body) > MAX_BODY_BYTES:
        raise HTTPException(status.HTTP_413_REQUEST_ENTITY_TOO_LARGE, "request body too large")
    secret = await run_in_threadpool(_signing_secret)
    if not secret:
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE,
            "Slack interactivity is not configured: add signing_secret to the Slack connection's extra",
        )
    try:
        verify_signature(secret, request.headers, body, time.time())
    except SignatureError as exc:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, str(exc)) from None
    try:
        action = parse_action(body)
    except ValueError as exc:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, str(exc)) from None
    text = await run_in_threadpool(_apply, action)
    return JSONResponse({"response_type": "ephemeral", "replace_original": False, "text": text})
